import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, expectProblem, stateFingerprint, type TestAssociation } from '../../../test/harness.js';
import { acceptMembers, seatBureau, type Someone } from '../../../test/members.js';
import { mailedResetToken } from '../../../test/mailbox.js';
import { PASSWORD } from '../../../test/session-browsers.js';

/** An assembly's minutes: the secretary names the chair and the secretary, writes the deliberations, the bureau approves. */
const NOW = '2026-12-01T10:00:00.000Z';
const DAY = '2026-12-31T18:00:00.000Z';

describe(`an assembly's minutes record (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let bureau: Someone[];
  let members: Someone[];
  let id: string;
  let itemId: string;

  beforeEach(async () => {
    a = await buildAssociation();
    bureau = await seatBureau(a);
    members = await acceptMembers(a, bureau, [{ displayName: 'Alix Membre' }, { displayName: 'Bérénice Membre' }]);
    a.clock.set(NOW);
    const created = await post('/api/v1/assemblies', { kind: 'ordinary', title: 'AG 2026', scheduledAt: DAY, location: 'Lyon' });
    id = created.json().id;
    itemId = (await post(`/api/v1/assemblies/${id}/items`, { title: 'Rapport moral' })).json().id;
    expect((await post(`/api/v1/assemblies/${id}/convene`)).statusCode).toBe(200);
  });
  afterEach(async () => a?.close());

  const post = (url: string, payload?: object, headers = bureau[0].headers) => a.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const patch = (payload: object, headers = bureau[0].headers) => a.app.inject({ method: 'PATCH', url: `/api/v1/assemblies/${id}/minutes`, headers, payload });
  const minutes = async (headers = members[1].headers) => (await a.app.inject({ method: 'GET', url: `/api/v1/assemblies/${id}/minutes`, headers })).body;

  async function holdTheDay() {
    a.clock.set(DAY);
    expect((await post(`/api/v1/assemblies/${id}/open`)).statusCode).toBe(200);
    for (const m of members) expect((await post(`/api/v1/assemblies/${id}/check-in`, { personId: m.id })).statusCode).toBe(200);
  }

  it('takes the minutes from the opening: chair and secretary among those present, deliberations under their item; the stored minutes follow until approved', async () => {
    // Before the day, nothing is taken down.
    expectProblem(await patch({ chairId: members[0].id }), 409, 'meeting_not_held');
    await holdTheDay();
    const [alix, berenice] = members;
    const before = await stateFingerprint(a);
    const refused = expectProblem(await patch({ chairId: bureau[2].id }), 400, 'validation_failed');
    expect(refused.errors.map((e) => [e.path, e.code])).toEqual([['/chairId', 'not_present']]);
    expect(await stateFingerprint(a)).toBe(before);

    const recorded = await patch({ chairId: alix.id, secretaryId: berenice.id, deliberations: [{ itemId, text: 'La présidente lit le rapport.' }] });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json()).toMatchObject({ chairId: alix.id, secretaryId: berenice.id, minutesApprovedAt: null });

    a.clock.set('2026-12-31T20:00:00.000Z');
    expect((await post(`/api/v1/assemblies/${id}/close`)).statusCode).toBe(200);
    let md = await minutes();
    expect(md).toContain('- Présidence de séance : Alix Membre');
    expect(md).toContain('- Secrétariat de séance : Bérénice Membre');
    expect(md).toContain('1. Rapport moral\n   **Délibérations :** La présidente lit le rapport.');
    expect(md).toContain('> Procès-verbal non encore approuvé.');
    // Closing now states when the meeting rose.
    expect(md).toContain('la séance est levée le jeudi 31 décembre 2026 à 21:00.');

    // A correction after the close is written into the stored minutes.
    expect((await patch({ deliberations: [{ itemId, text: 'Rapport adopté à l’unanimité.' }] })).statusCode).toBe(200);
    md = await minutes();
    expect(md).toContain('**Délibérations :** Rapport adopté à l’unanimité.');
    expect(md).not.toContain('lit le rapport');

    a.clock.set('2027-01-10T10:00:00.000Z');
    const approved = await post(`/api/v1/assemblies/${id}/minutes/approval`);
    expect(approved.statusCode, approved.body).toBe(200);
    md = await minutes();
    expect(md).toContain('Procès-verbal approuvé le dimanche 10 janvier 2027.');
    expect(md).not.toContain('non encore approuvé');

    const frozen = await stateFingerprint(a);
    expectProblem(await patch({ chairId: berenice.id }), 409, 'minutes_approved');
    expectProblem(await post(`/api/v1/assemblies/${id}/minutes/approval`), 409, 'minutes_approved');
    expect(await stateFingerprint(a)).toBe(frozen);
  });

  it('approves only closed minutes that name their chair and secretary; members may not write them', async () => {
    await holdTheDay();
    expectProblem(await post(`/api/v1/assemblies/${id}/minutes/approval`), 409, 'illegal_transition');
    expectProblem(await patch({ chairId: members[0].id }, members[0].headers), 403, 'forbidden');
    await patch({ chairId: members[0].id });
    await post(`/api/v1/assemblies/${id}/close`);
    const incomplete = expectProblem(await post(`/api/v1/assemblies/${id}/minutes/approval`), 422, 'minutes_incomplete');
    expect(incomplete.errors.map((e) => e.path)).toEqual(['/secretaryId']);
  });

  it('takes the minutes on the assembly page and approves them after a confirmation page', async () => {
    await holdTheDay();
    const secretary = bureau[1];
    await a.services.accounts.requestPasswordReset(secretary.email, 'http://equipage.test');
    await a.services.accounts.resetPassword(await mailedResetToken(a, secretary.email), PASSWORD);
    const browser = a.browser();
    expect((await browser.login(secretary.email, PASSWORD)).statusCode).toBe(303);
    const url = `/assemblies/${id}`;
    const page = (await browser.get(url)).body;
    expect(page).toContain('Procès-verbal : présidence, secrétariat et délibérations');
    expect(page).toContain(`<option value="${members[0].id}">Alix Membre</option>`);

    const saved = await browser.post(`${url}/minutes`, { chairId: members[0].id, secretaryId: members[1].id, [`deliberations-${itemId}`]: 'Adopté.' });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe(`${url}?notice=notice.minutesRecorded#minutes-record`);
    await post(`/api/v1/assemblies/${id}/close`);

    const closed = await stateFingerprint(a);
    const asked = await browser.post(`${url}/minutes/approve`, {});
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Présidence : Alix Membre ; secrétariat : Bérénice Membre.');
    expect(asked.body).toContain('Un point porte des délibérations écrites.');
    expect(await stateFingerprint(a)).toBe(closed);
    expect((await browser.post(`${url}/minutes/approve`, { confirmed: 'yes' })).statusCode).toBe(303);
    expect((await browser.get(url)).body).toMatch(/Procès-verbal approuvé le \S+ \d+ \S+ 2026 : il ne se modifie plus\./);
  });
});
