import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, expectProblem, stateFingerprint, type TestAssociation } from '../../../test/harness.js';
import { acceptMembers, seatBureau, type Someone } from '../../../test/members.js';
import { mailbox, mailedResetToken } from '../../../test/mailbox.js';

/**
 * Changing an assembly's agenda: freely while it is prepared; once convened, an amendment mailed
 * to everyone convened, within the notice the bylaws set; nothing convened on changes once open.
 */
const NOW = '2026-12-01T10:00:00.000Z';
const DAY = 86_400_000;

describe(`amending an assembly's agenda (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let bureau: Someone[];
  let members: Someone[];

  beforeEach(async () => {
    a = await buildAssociation();
    bureau = await seatBureau(a);
    members = await acceptMembers(a, bureau, [{ displayName: 'Alix Membre' }, { displayName: 'Basile Member' }]);
    // Basile reads English: his mails come in it.
    await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${members[1].id}`, headers: members[1].headers, payload: { locale: 'en' } });
    a.clock.set(NOW);
  });
  afterEach(async () => a?.close());

  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = bureau[0].headers) =>
    a.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  const get = (url: string) => a.app.inject({ method: 'GET', url, headers: bureau[0].headers });
  const amendments = async (email: string) => (await mailbox(a, email)).filter((m) => m.kind === 'assembly_amendment');

  async function prepare(daysAhead: number) {
    const created = await send('POST', '/api/v1/assemblies', {
      kind: 'ordinary',
      title: 'AG 2027',
      scheduledAt: new Date(Date.parse(NOW) + daysAhead * DAY).toISOString(),
    });
    const id = created.json().id as string;
    const item = (await send('POST', `/api/v1/assemblies/${id}/items`, { title: 'Rapport moral' })).json();
    const second = (await send('POST', `/api/v1/assemblies/${id}/items`, { title: 'Rapport financier' })).json();
    const doc = (await send('POST', `/api/v1/assemblies/${id}/documents`, { title: 'Comptes', url: 'https://example.org/comptes.pdf' })).json();
    const resolution = (await send('POST', `/api/v1/assemblies/${id}/resolutions`, { title: 'Approbation des comptes', majority: 'simple' })).json();
    return { id, item: item.id as string, second: second.id as string, doc: doc.id as string, resolution: resolution.id as string };
  }

  it('a draft is edited and pruned freely: items, documents and resolutions, nothing mailed', async () => {
    const { id, item, second, doc, resolution } = await prepare(30);
    const edited = await send('PATCH', `/api/v1/assemblies/${id}/items/${item}`, { title: 'Rapport moral 2026', body: 'Présenté par la présidente' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ id: item, title: 'Rapport moral 2026', body: 'Présenté par la présidente' });
    expect((await send('DELETE', `/api/v1/assemblies/${id}/items/${second}`)).statusCode).toBe(204);
    expect((await send('PATCH', `/api/v1/assemblies/${id}/documents/${doc}`, { url: 'https://example.org/comptes-v2.pdf' })).json().url).toBe(
      'https://example.org/comptes-v2.pdf',
    );
    const majority = await send('PATCH', `/api/v1/assemblies/${id}/resolutions/${resolution}`, { majority: 'two_thirds', text: 'L’assemblée approuve.' });
    expect(majority.json()).toMatchObject({ title: 'Approbation des comptes', majority: 'two_thirds', text: 'L’assemblée approuve.' });

    const view = (await get(`/api/v1/assemblies/${id}`)).json();
    expect(view.agenda.map((i: { title: string }) => i.title)).toEqual(['Rapport moral 2026']);
    expect(view.documents).toEqual([expect.objectContaining({ url: 'https://example.org/comptes-v2.pdf' })]);
    expect((await send('DELETE', `/api/v1/assemblies/${id}/documents/${doc}`)).statusCode).toBe(204);
    expect((await send('DELETE', `/api/v1/assemblies/${id}/resolutions/${resolution}`)).statusCode).toBe(204);
    const after = (await get(`/api/v1/assemblies/${id}`)).json();
    expect(after.documents).toEqual([]);
    expect(after.resolutions).toEqual([]);
    expect(await amendments(members[0].email)).toEqual([]);
  });

  it('once convened, a change is mailed to everyone convened as an amendment carrying the agenda as it now stands, in their language', async () => {
    const { id, item, resolution } = await prepare(30);
    expect((await send('POST', `/api/v1/assemblies/${id}/convene`)).statusCode).toBe(200);
    const convened = (await get(`/api/v1/assemblies/${id}/invitees`)).json().items.length;

    expect((await send('PATCH', `/api/v1/assemblies/${id}/items/${item}`, { title: 'Rapport moral et d’activité' })).statusCode).toBe(200);
    const [fr] = await amendments(members[0].email);
    expect(fr.subject).toContain('Ordre du jour modifié : AG 2027');
    expect(fr.body).toContain('Point modifié : « Rapport moral et d’activité »');
    expect(fr.body).toMatch(/1\. Rapport moral et d’activité\n2\. Rapport financier/);
    expect(fr.body).toContain('Approbation des comptes');
    expect(fr.body).toMatch(/\/assemblies\/rsvp\/\S+/);
    const [en] = await amendments(members[1].email);
    expect(en.subject).toContain('Agenda amended: AG 2027');
    expect(en.body).toContain('Item changed: “Rapport moral et d’activité”');

    // Adding is an amendment too; every person convened gets each one.
    expect((await send('POST', `/api/v1/assemblies/${id}/resolutions`, { title: 'Cotisation 2027', majority: 'simple' })).statusCode).toBe(201);
    expect((await send('DELETE', `/api/v1/assemblies/${id}/resolutions/${resolution}`)).statusCode).toBe(204);
    const mine = await amendments(members[0].email);
    expect(mine.map((m) => m.body.split('\n')[3])).toEqual([
      'Résolution retirée : « Approbation des comptes »',
      'Résolution ajoutée : « Cotisation 2027 »',
      'Point modifié : « Rapport moral et d’activité »',
    ]);
    const log = (await a.app.inject({ method: 'GET', url: '/api/v1/mail?limit=200', headers: a.admin.headers })).json().items;
    expect(log.filter((m: { kind: string }) => m.kind === 'assembly_amendment')).toHaveLength(3 * convened);
    const audit = (await a.app.inject({ method: 'GET', url: `/api/v1/audit?subjectType=assembly&subjectId=${id}`, headers: a.admin.headers })).json().items;
    expect(audit.filter((e: { action: string }) => e.action === 'assembly.amended')).toHaveLength(3);
  });

  it('inside the notice period, the agenda of a convened assembly no longer changes (amendment_too_late), and nothing is written or mailed', async () => {
    const { id, item } = await prepare(20);
    await send('POST', `/api/v1/assemblies/${id}/convene`);
    // 10 days before, with 15 days' notice: too late.
    a.clock.set(new Date(Date.parse(NOW) + 10 * DAY).toISOString());
    const before = await stateFingerprint(a);
    expectProblem(await send('PATCH', `/api/v1/assemblies/${id}/items/${item}`, { title: 'Autre chose' }), 422, 'amendment_too_late');
    expectProblem(await send('DELETE', `/api/v1/assemblies/${id}/items/${item}`), 422, 'amendment_too_late');
    expectProblem(await send('POST', `/api/v1/assemblies/${id}/items`, { title: 'Point de dernière minute' }), 422, 'amendment_too_late');
    expect(await stateFingerprint(a)).toBe(before);
    expect(await amendments(members[0].email)).toEqual([]);
  });

  it('once open, what was convened on is neither changed nor removed (agenda_locked); a resolution the debate calls for may still be added', async () => {
    const { id, item, resolution } = await prepare(20);
    await send('POST', `/api/v1/assemblies/${id}/convene`);
    a.clock.set(new Date(Date.parse(NOW) + 20 * DAY).toISOString());
    expect((await send('POST', `/api/v1/assemblies/${id}/open`)).statusCode).toBe(200);
    expectProblem(await send('DELETE', `/api/v1/assemblies/${id}/items/${item}`), 409, 'agenda_locked');
    expectProblem(await send('PATCH', `/api/v1/assemblies/${id}/resolutions/${resolution}`, { title: 'Autre' }), 409, 'agenda_locked');
    expect((await send('POST', `/api/v1/assemblies/${id}/resolutions`, { title: 'Motion de remerciements', majority: 'simple' })).statusCode).toBe(201);
    expect(await amendments(members[0].email)).toEqual([]);
  });

  it('refuses, changing nothing: an unknown item or document, an empty title, an unknown field, someone off the bureau', async () => {
    const { id, item } = await prepare(30);
    const before = await stateFingerprint(a);
    expectProblem(await send('PATCH', `/api/v1/assemblies/${id}/items/nope`, { title: 'x' }), 404, 'not_found');
    expectProblem(await send('PATCH', `/api/v1/assemblies/${id}/items/${item}`, { title: '   ' }), 400, 'validation_failed');
    expectProblem(await send('PATCH', `/api/v1/assemblies/${id}/items/${item}`, { position: 3 }), 400, 'validation_failed');
    expectProblem(await send('PATCH', `/api/v1/assemblies/${id}/documents/nope`, { title: 'x' }), 404, 'not_found');
    expectProblem(await send('DELETE', `/api/v1/assemblies/${id}/items/${item}`, undefined, members[0].headers), 403, 'forbidden');
    expect(await stateFingerprint(a)).toBe(before);
    // An empty body changes nothing and answers the item as it is.
    expect((await send('PATCH', `/api/v1/assemblies/${id}/items/${item}`)).json()).toMatchObject({ title: 'Rapport moral' });
  });
  it('on the page: a convened assembly warns that changes go out as amendments; an item is edited in place, and removed after a confirmation that counts who will be told', async () => {
    const { id, item } = await prepare(30);
    await send('POST', `/api/v1/assemblies/${id}/convene`);
    const convened = (await get(`/api/v1/assemblies/${id}/invitees`)).json().items.length;
    const password = 'un long chemin de halage sous la pluie';
    await a.services.accounts.requestPasswordReset(bureau[0].email, 'http://equipage.test');
    await a.services.accounts.resetPassword(await mailedResetToken(a, bureau[0].email), password);
    const browser = a.browser();
    expect((await browser.login(bureau[0].email, password)).statusCode).toBe(303);

    const page = await browser.get(`/assemblies/${id}`);
    expect(page.body).toContain('chaque modification leur est envoyée par e-mail comme un amendement');
    expect(page.body).toContain(`action="/assemblies/${id}/items/${item}"`);

    const edited = await browser.post(`/assemblies/${id}/items/${item}`, { title: 'Rapport moral 2026', body: '' });
    expect(edited.statusCode).toBe(303);
    expect(edited.headers.location).toBe(`/assemblies/${id}?notice=notice.agendaAmended#agenda-title`);
    const emptyTitle = await browser.post(`/assemblies/${id}/items/${item}`, { title: ' ' });
    expect(emptyTitle.statusCode).toBe(400);
    expect(emptyTitle.body).toContain(`field-item-${item}-title`);

    const asked = await browser.post(`/assemblies/${id}/items/${item}/remove`, {});
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Retirer « Rapport moral 2026 » ?');
    expect(asked.body).toContain(`Un amendement sera envoyé par e-mail aux ${convened} personnes convoquées.`);
    expect((await get(`/api/v1/assemblies/${id}`)).json().agenda).toHaveLength(2);
    const removed = await browser.post(`/assemblies/${id}/items/${item}/remove`, { confirmed: 'yes' });
    expect(removed.statusCode).toBe(303);
    expect((await get(`/api/v1/assemblies/${id}`)).json().agenda.map((i: { title: string }) => i.title)).toEqual(['Rapport financier']);
    expect((await amendments(members[0].email)).map((m) => m.body.split('\n')[3])).toEqual([
      'Point retiré : « Rapport moral 2026 »',
      'Point modifié : « Rapport moral 2026 »',
    ]);
  });

  it('on the page, the controls of each item are named in the reader’s language, typeset as it is: "Modifier : …" in French, "Edit: …" in English', async () => {
    const { id } = await prepare(30);
    const password = 'un long chemin de halage sous la pluie';
    await a.services.accounts.requestPasswordReset(bureau[0].email, 'http://equipage.test');
    await a.services.accounts.resetPassword(await mailedResetToken(a, bureau[0].email), password);
    const browser = a.browser();
    expect((await browser.login(bureau[0].email, password)).statusCode).toBe(303);

    const french = (await browser.get(`/assemblies/${id}`)).body;
    expect(french).toContain('<summary>Modifier : Rapport moral</summary>');
    expect(french).toContain('aria-label="Retirer : Rapport moral"');
    expect(french).toContain('<summary>Modifier : Approbation des comptes</summary>');

    await send('PATCH', `/api/v1/people/${bureau[0].id}`, { locale: 'en' });
    const english = (await browser.get(`/assemblies/${id}`)).body;
    expect(english).toContain('<summary>Edit: Rapport moral</summary>');
    expect(english).toContain('aria-label="Remove: Rapport moral"');
    expect(english).toContain('<summary>Edit: Approbation des comptes</summary>');
    expect(english).not.toMatch(/(Edit|Remove) : /);
  });
});
