import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, expectProblem, stateFingerprint, type TestAssociation } from '../../../test/harness.js';
import { acceptMembers, seatBureau, type Someone } from '../../../test/members.js';
import { mailedResetToken } from '../../../test/mailbox.js';
import { PASSWORD } from '../../../test/session-browsers.js';
import { checkMinutesApproval, checkMinutesChange } from './rules.js';

describe('the minutes’ record rules', () => {
  const held = { held: true, closed: false, approvedAt: null, chairId: null, secretaryId: null };
  it('takes the minutes from the opening until their approval, naming only people present', () => {
    expect(checkMinutesChange({ ...held, held: false }, {}, [], [])).toMatchObject({ code: 'meeting_not_held' });
    expect(checkMinutesChange({ ...held, approvedAt: '2026-01-21T10:00:00Z' }, {}, [], [])).toMatchObject({ code: 'minutes_approved' });
    expect(checkMinutesChange(held, { chairId: 'p1', secretaryId: 'p2' }, ['p1', 'p2'], [])).toBeNull();
    const refused = checkMinutesChange(held, { chairId: 'absent', deliberations: [{ itemId: 'elsewhere', text: 'x' }] }, ['p1'], ['i1']);
    expect(refused?.errors?.map((e) => [e.path, e.code])).toEqual([
      ['/chairId', 'not_present'],
      ['/deliberations/0/itemId', 'unknown_item'],
    ]);
  });
  it('approves closed minutes naming their chair and secretary, once', () => {
    expect(checkMinutesApproval(held)).toMatchObject({ code: 'illegal_transition' });
    expect(checkMinutesApproval({ ...held, closed: true, chairId: 'p1' })).toMatchObject({ code: 'minutes_incomplete' });
    expect(checkMinutesApproval({ ...held, closed: true, chairId: 'p1', secretaryId: 'p2' })).toBeNull();
    expect(checkMinutesApproval({ ...held, closed: true, chairId: 'p1', secretaryId: 'p2', approvedAt: '2026-01-21T10:00:00Z' })).toMatchObject({
      code: 'minutes_approved',
    });
  });
});

describe(`a bureau session's minutes record (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let bureau: Someone[];
  let member: Someone;
  let sessionId: string;
  beforeEach(async () => {
    a = await buildAssociation();
    bureau = await seatBureau(a);
    // The session that accepts Mona is open, her application decided.
    [member] = await acceptMembers(a, bureau, [{ displayName: 'Mona Membre' }]);
    sessionId = (await a.app.inject({ method: 'GET', url: '/api/v1/bureau/sessions', headers: bureau[0].headers })).json().items[0].id;
  });
  afterEach(async () => {
    await a?.close();
  });

  const api = (method: 'PATCH' | 'POST' | 'GET', url: string, headers: Record<string, string>, payload?: object) =>
    a.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const session = async () => (await api('GET', `/api/v1/bureau/sessions/${sessionId}`, bureau[0].headers)).json();
  const minutes = async (headers: Record<string, string>) => (await api('GET', `/api/v1/bureau/sessions/${sessionId}/minutes`, headers)).body;

  it('records the chair, the secretary and the deliberations, prints them, and approves the minutes once closed; then nothing changes', async () => {
    const [president, secretary] = bureau;
    // A free item, which members read in full, beside the application, which they read by name and outcome.
    await api('POST', `/api/v1/bureau/sessions/${sessionId}/agenda`, president.headers, { title: 'Budget des serveurs' });
    const agenda = (await session()).agenda as { id: string; kind: string }[];
    const application = agenda.find((i) => i.kind === 'application')!;
    const free = agenda.find((i) => i.kind === 'free')!;

    const recorded = await api('PATCH', `/api/v1/bureau/sessions/${sessionId}/minutes`, secretary.headers, {
      chairId: president.id,
      secretaryId: secretary.id,
      deliberations: [
        { itemId: application.id, text: 'Mona anime la modération depuis un an.' },
        { itemId: free.id, text: 'Le bureau reconduit le budget.\n\nUne nouvelle machine en 2027.' },
      ],
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json()).toMatchObject({ chairId: president.id, secretaryId: secretary.id, minutesApprovedAt: null });

    const forBureau = await minutes(president.headers);
    expect(forBureau).toContain('- Présidence de séance : Bureau president');
    expect(forBureau).toContain('- Secrétariat de séance : Bureau secretary');
    expect(forBureau).toContain('Mona anime la modération depuis un an.');
    expect(forBureau).toContain('Le bureau reconduit le budget.\n\nUne nouvelle machine en 2027.');
    expect(forBureau).toContain('La présidence de séance : Bureau president — Le secrétariat de séance : Bureau secretary');

    // Approving before the session closes is refused, and changes nothing.
    const before = await stateFingerprint(a);
    expectProblem(await api('POST', `/api/v1/bureau/sessions/${sessionId}/minutes/approval`, president.headers), 409, 'illegal_transition');
    expect(await stateFingerprint(a)).toBe(before);

    expect((await api('POST', `/api/v1/bureau/sessions/${sessionId}/close`, president.headers)).statusCode).toBe(200);
    expect(await minutes(president.headers)).toContain('> Procès-verbal non encore approuvé.');
    // Members read the closed minutes: the free item's deliberations, not what was said of Mona's application.
    const forMembers = await minutes(member.headers);
    expect(forMembers).toContain('Le bureau reconduit le budget.');
    expect(forMembers).not.toContain('Mona anime');

    // After the close the secretary still corrects; an empty text removes what was written.
    const corrected = await api('PATCH', `/api/v1/bureau/sessions/${sessionId}/minutes`, secretary.headers, {
      deliberations: [{ itemId: application.id, text: '  ' }],
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(await minutes(president.headers)).not.toContain('Mona anime');

    a.clock.set('2026-02-03T19:30:00.000Z');
    const approved = await api('POST', `/api/v1/bureau/sessions/${sessionId}/minutes/approval`, president.headers);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().minutesApprovedAt).toBe('2026-02-03T19:30:00.000Z');
    expect(await minutes(member.headers)).toContain('Procès-verbal approuvé le mardi 3 février 2026.');
    expect(await minutes(member.headers)).not.toContain('non encore approuvé');

    const frozen = await stateFingerprint(a);
    expectProblem(
      await api('PATCH', `/api/v1/bureau/sessions/${sessionId}/minutes`, secretary.headers, { deliberations: [{ itemId: free.id, text: 'Réécrit' }] }),
      409,
      'minutes_approved',
    );
    expectProblem(await api('POST', `/api/v1/bureau/sessions/${sessionId}/minutes/approval`, president.headers), 409, 'minutes_approved');
    expect(await stateFingerprint(a)).toBe(frozen);
  });

  it('refuses a chair who was not present, an item of another agenda, an approval without a secretary, and a reader outside the bureau', async () => {
    const [president] = bureau;
    const before = await stateFingerprint(a);
    const absent = expectProblem(
      await api('PATCH', `/api/v1/bureau/sessions/${sessionId}/minutes`, president.headers, {
        chairId: member.id,
        deliberations: [{ itemId: 'nope', text: 'x' }],
      }),
      400,
      'validation_failed',
    );
    expect(absent.errors.map((e) => [e.path, e.code])).toEqual([
      ['/chairId', 'not_present'],
      ['/deliberations/0/itemId', 'unknown_item'],
    ]);
    expectProblem(await api('PATCH', `/api/v1/bureau/sessions/${sessionId}/minutes`, member.headers, { chairId: president.id }), 403, 'forbidden');
    expect(await stateFingerprint(a)).toBe(before);

    await api('PATCH', `/api/v1/bureau/sessions/${sessionId}/minutes`, president.headers, { chairId: president.id });
    await api('POST', `/api/v1/bureau/sessions/${sessionId}/close`, president.headers);
    const incomplete = expectProblem(await api('POST', `/api/v1/bureau/sessions/${sessionId}/minutes/approval`, president.headers), 422, 'minutes_incomplete');
    expect(incomplete.errors.map((e) => e.path)).toEqual(['/secretaryId']);
  });

  it('takes the minutes through the session page, and approves them only after a confirmation page', async () => {
    const [president, secretary] = bureau;
    await a.services.accounts.requestPasswordReset(secretary.email, 'http://equipage.test');
    await a.services.accounts.resetPassword(await mailedResetToken(a, secretary.email), PASSWORD);
    const browser = a.browser();
    expect((await browser.login(secretary.email, PASSWORD)).statusCode).toBe(303);
    const url = `/bureau/sessions/${sessionId}`;
    const item = ((await session()).agenda as { id: string }[])[0]!.id;

    expect((await browser.get(url)).body).toContain('Procès-verbal : présidence, secrétariat et délibérations');
    // Someone who was not there is refused beside the field, and nothing is written.
    const before = await stateFingerprint(a);
    const refused = await browser.post(`${url}/minutes`, { chairId: member.id, secretaryId: secretary.id, [`deliberations-${item}`]: 'Accord unanime.' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="field-minutes-chairId"');
    expect(refused.body).toMatch(/aria-invalid="true"[^>]*aria-describedby="field-minutes-chairId-error/);
    expect(await stateFingerprint(a)).toBe(before);

    const saved = await browser.post(`${url}/minutes`, { chairId: president.id, secretaryId: secretary.id, [`deliberations-${item}`]: 'Accord unanime.' });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe(`${url}?notice=notice.minutesRecorded#minutes-record`);
    await api('POST', `/api/v1/bureau/sessions/${sessionId}/close`, president.headers);
    const page = (await browser.get(url)).body;
    expect(page).toContain('Accord unanime.');
    expect(page).toMatch(/<button type="submit" class="irreversible">Approuver le procès-verbal<\/button>/);

    // The first click asks, says who answers for the minutes, and changes nothing.
    const closed = await stateFingerprint(a);
    const asked = await browser.post(`${url}/minutes/approve`, {});
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Approuver le procès-verbal ?');
    expect(asked.body).toContain('Présidence : Bureau president ; secrétariat : Bureau secretary.');
    expect(await stateFingerprint(a)).toBe(closed);
    const confirmed = await browser.post(`${url}/minutes/approve`, { confirmed: 'yes' });
    expect(confirmed.statusCode, confirmed.body).toBe(303);
    expect((await browser.get(url)).body).toMatch(/Procès-verbal approuvé le \S+ \d+ \S+ 2026 : il ne se modifie plus\./);
    expect((await session()).minutesApprovedAt).not.toBeNull();
  });
});
