import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, databaseFingerprint, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';

interface Term {
  id: string;
  personId: string;
  displayName: string;
  office: string;
  since: string;
  until: string | null;
}

describe(`bureau composition (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
  });
  afterEach(async () => {
    await a?.close();
  });

  const appoint = (payload: object, headers = a.admin.headers) => a.app.inject({ method: 'POST', url: '/api/v1/bureau/members', headers, payload });
  const terms = async (history = false) =>
    (await a.app.inject({ method: 'GET', url: `/api/v1/bureau/members${history ? '?history=true' : ''}`, headers: a.admin.headers })).json().items as Term[];
  const me = async (headers: Record<string, string>) => (await a.app.inject({ method: 'GET', url: '/api/v1/me', headers })).json();

  it('appoints a president, refuses a second one, and keeps an ended office in the history', async () => {
    const first = await a.person({ displayName: 'Paule Présidente' });
    const second = await a.person({ displayName: 'Pierre Prétendant' });

    const appointed = await appoint({ personId: first.id, office: 'president' });
    expect(appointed.statusCode).toBe(201);
    const term = appointed.json() as Term;
    expect(term).toMatchObject({ personId: first.id, displayName: 'Paule Présidente', office: 'president', since: a.clock.today(), until: null });
    expect((await terms()).map((t) => [t.office, t.personId])).toEqual([['president', first.id]]);

    const before = await databaseFingerprint(a.database);
    const refused = await appoint({ personId: second.id, office: 'president' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('office_already_held');
    expect(await databaseFingerprint(a.database)).toBe(before);

    const ended = await a.app.inject({ method: 'POST', url: `/api/v1/bureau/members/${term.id}/end`, headers: a.admin.headers, payload: {} });
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ id: term.id, until: a.clock.today() });
    expect(await terms()).toEqual([]);
    const history = await terms(true);
    expect(history).toEqual([expect.objectContaining({ id: term.id, office: 'president', personId: first.id, until: a.clock.today() })]);

    // With the office free, someone else may take it.
    expect((await appoint({ personId: second.id, office: 'president' })).statusCode).toBe(201);
    expect((await terms(true)).map((t) => t.personId).sort()).toEqual([first.id, second.id].sort());
  });

  it('refuses a second president whose term would overlap one that starts later', async () => {
    const future = await a.person({ displayName: 'Future President' });
    const now = await a.person({ displayName: 'Hasty President' });
    const first = await a.app.inject({
      method: 'POST',
      url: '/api/v1/bureau/members',
      headers: a.admin.headers,
      payload: { personId: future.id, office: 'president', since: '2099-01-01' },
    });
    expect(first.statusCode).toBe(201);
    const second = await a.app.inject({
      method: 'POST',
      url: '/api/v1/bureau/members',
      headers: a.admin.headers,
      payload: { personId: now.id, office: 'president' },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('office_already_held');
  });

  it('gives the holder bureau rights at once, and takes them back when the office ends', async () => {
    const p = await a.person();
    const headers = await a.bearer(p.id);
    const before = await me(headers);
    expect(before.roles).toEqual(['person']);
    expect(before.allowedActions).not.toContain('bureau.members.manage');
    expect((await appoint({ personId: (await a.person()).id, office: 'member' }, headers)).statusCode).toBe(403);

    const term = (await appoint({ personId: p.id, office: 'treasurer' })).json() as Term;
    const during = await me(headers);
    expect(during.roles).toContain('bureau');
    expect(during.office).toBe('treasurer');
    expect(during.allowedActions).toContain('bureau.members.manage');
    // Bureau rights are not administration rights.
    expect(during.roles).not.toContain('admin');
    expect((await a.app.inject({ method: 'GET', url: '/api/v1/audit', headers })).statusCode).toBe(403);
    // The new treasurer can now set the bureau's composition.
    const colleague = await a.person();
    expect((await appoint({ personId: colleague.id, office: 'secretary' }, headers)).statusCode).toBe(201);

    await a.app.inject({ method: 'POST', url: `/api/v1/bureau/members/${term.id}/end`, headers: a.admin.headers, payload: {} });
    const after = await me(headers);
    expect(after.roles).not.toContain('bureau');
    expect(after.office).toBeNull();
  });

  it('moves a person from one office to another, ending the first', async () => {
    const p = await a.person();
    await appoint({ personId: p.id, office: 'secretary' });
    const again = await appoint({ personId: p.id, office: 'secretary' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('office_already_held');
    expect((await appoint({ personId: p.id, office: 'president' })).statusCode).toBe(201);
    expect((await terms()).map((t) => t.office)).toEqual(['president']);
    expect((await terms(true)).map((t) => [t.office, t.until]).sort()).toEqual(
      [
        ['president', null],
        ['secretary', a.clock.today()],
      ].sort(),
    );
  });

  it('sets an office from the bureau page by email, with errors beside the field', async () => {
    await a.person({ email: 'tresor@example.org', displayName: 'Tristan Trésor' });
    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    await browser.get('/bureau');

    const unknown = await browser.post('/bureau/offices', { email: 'nobody@example.org', office: 'treasurer', since: '' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('id="field-person-error"');
    expect(unknown.body).toContain('value="nobody@example.org"');

    // Naming oneself is refused beside the field, in the reader's words, the form kept.
    const self = await browser.post('/bureau/offices', { email: a.admin.email, office: 'president', since: '' });
    expect(self.statusCode).toBe(403);
    expect(self.body).toContain('id="field-person-error"');
    expect(self.body).toContain('Personne ne se nomme soi-même');
    expect(self.body).not.toContain('nobody gives themself an office');
    expect(self.body).toContain('<form method="post" action="/bureau/offices"');

    const done = await browser.post('/bureau/offices', { email: 'tresor@example.org', office: 'treasurer', since: '' });
    expect(done.statusCode).toBe(303);
    const page = await browser.get('/bureau');
    expect(page.body).toContain('<td>Trésorerie</td>');
    expect(page.body).toContain('Tristan Trésor');
    expect((await terms()).map((t) => t.office)).toEqual(['treasurer']);
  });

  it('gives an office to someone who is not a member, and says so: a warning in the API answer and on the page, in French and in English', async () => {
    const outsider = await a.person({ email: 'externe@example.org', displayName: 'Xavier Externe' });
    const member = await a.actingAs('member');
    const given = await appoint({ personId: outsider.id, office: 'treasurer' });
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json()).toMatchObject({ personId: outsider.id, office: 'treasurer', warnings: [{ code: 'not_a_member' }] });
    expect(given.json().warnings[0].message).toMatch(/not a member/);
    // Allowed all the same: the office is held.
    expect((await terms()).map((t) => t.personId)).toContain(outsider.id);
    // A member is given an office without a warning.
    const memberGiven = await appoint({ personId: member.id!, office: 'secretary' });
    expect(memberGiven.statusCode, memberGiven.body).toBe(201);
    expect(memberGiven.json().warnings).toEqual([]);

    // On the page: the notice after giving the office, and the mark beside the office held.
    const other = await a.person({ email: 'autre@example.org', displayName: 'Olga Autre' });
    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    await browser.get('/bureau');
    const done = await browser.post('/bureau/offices', { email: 'autre@example.org', office: 'president', since: '' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toContain('notice=notice.officeChangedNotAMember');
    const page = await browser.get(String(done.headers.location));
    expect(page.body).toContain('Attention : la personne choisie n’est pas membre de l’association aujourd’hui');
    const rowOf = (body: string, name: string) => body.slice(body.indexOf(`${name}`), body.indexOf('</tr>', body.indexOf(`${name}`)));
    expect(rowOf(page.body, 'Olga Autre')).toContain('n’est pas membre aujourd’hui : vérifiez les statuts');
    expect(rowOf(page.body, 'Xavier Externe')).toContain('n’est pas membre aujourd’hui');
    expect(rowOf(page.body, 'A member')).not.toContain('n’est pas membre');
    expect((await terms()).map((t) => t.personId)).toContain(other.id);

    await a.services.people.update(system, a.admin.id, { locale: 'en' });
    const english = await browser.get('/bureau?notice=notice.officeChangedNotAMember');
    expect(english.body).toContain('Beware: the person chosen is not a member of the association today');
    expect(rowOf(english.body, 'Olga Autre')).toContain('(not a member today: check the bylaws)');
  });
});
