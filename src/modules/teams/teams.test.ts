import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, databaseFingerprint, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';

interface RosterEntry {
  personId: string;
  displayName: string;
  role: 'member' | 'lead';
  since: string;
  until: string | null;
}

describe(`teams (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
  });
  afterEach(async () => {
    await a?.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => a.app.inject({ method: 'GET', url, headers });
  const roster = async (slug: string, headers: Record<string, string> = {}, history = false) =>
    (await get(`/api/v1/teams/${slug}${history ? '?history=true' : ''}`, headers)).json().roster as RosterEntry[];

  it('lists the two teams of the bylaws to anyone', async () => {
    const res = await get('/api/v1/teams');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((t: { slug: string; name: string }) => [t.slug, t.name])).toEqual([
      ['communaute', 'Communauté'],
      ['technique', 'Technique'],
    ]);
    const english = await get('/api/v1/teams/communaute', { 'accept-language': 'en' });
    expect(english.json().name).toBe('Community');
  });

  it('lets an administrator add a team, and nobody else', async () => {
    const body = {
      slug: 'traduction',
      name: { fr: 'Traduction', en: 'Translation' },
      mission: { fr: 'Traduire les services et la documentation.', en: 'Translate the services and the documentation.' },
    };
    const lead = await a.actingAs('lead');
    // A token's first use records when it was used; do that before taking the fingerprint.
    await get('/api/v1/me', lead.headers);
    const before = await databaseFingerprint(a.database);
    expect((await a.app.inject({ method: 'POST', url: '/api/v1/teams', headers: lead.headers, payload: body })).statusCode).toBe(403);
    expect((await a.app.inject({ method: 'POST', url: '/api/v1/teams', payload: body })).statusCode).toBe(401);
    expect(await databaseFingerprint(a.database)).toBe(before);

    const created = await a.app.inject({ method: 'POST', url: '/api/v1/teams', headers: a.admin.headers, payload: body });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ slug: 'traduction', names: body.name, mission: body.mission, version: 1, roster: [] });
    const all = await get('/api/v1/teams');
    expect(all.json().items.map((t: { slug: string }) => t.slug)).toEqual(['communaute', 'technique', 'traduction']);

    const twice = await a.app.inject({ method: 'POST', url: '/api/v1/teams', headers: a.admin.headers, payload: body });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'slug_taken', errors: [{ path: '/slug' }] });
  });

  it("edits a team's texts and refuses a stale edit with 409 version_conflict", async () => {
    const patch = (payload: object) => a.app.inject({ method: 'PATCH', url: '/api/v1/teams/technique', headers: a.admin.headers, payload });
    const first = await patch({ mission: { fr: 'Faire tourner les serveurs.', en: 'Keep the servers running.' }, version: 1 });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ version: 2, mission: { fr: 'Faire tourner les serveurs.', en: 'Keep the servers running.' } });

    const stale = await patch({ mission: { fr: 'Une autre mission.' }, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    const now = await get('/api/v1/teams/technique');
    expect(now.json()).toMatchObject({ version: 2, mission: { fr: 'Faire tourner les serveurs.' } });

    const member = await a.actingAs('member');
    const forbidden = await a.app.inject({ method: 'PATCH', url: '/api/v1/teams/technique', headers: member.headers, payload: { name: { fr: 'X' } } });
    expect(forbidden.statusCode).toBe(403);
  });

  it('keeps the history when a member becomes lead, and when they leave', async () => {
    const p = await a.person({ displayName: 'Lou Lambda' });
    const add = (role: string) =>
      a.app.inject({ method: 'POST', url: '/api/v1/teams/technique/members', headers: a.admin.headers, payload: { personId: p.id, role } });

    const asMember = await add('member');
    expect(asMember.statusCode).toBe(201);
    expect(asMember.json()).toMatchObject({ personId: p.id, displayName: 'Lou Lambda', role: 'member', until: null });
    expect((await add('member')).json().code).toBe('already_on_team');

    expect((await add('lead')).json()).toMatchObject({ role: 'lead', until: null });
    const current = await roster('technique', a.admin.headers);
    expect(current.filter((r) => r.personId === p.id).map((r) => r.role)).toEqual(['lead']);
    const history = await roster('technique', a.admin.headers, true);
    const mine = history.filter((r) => r.personId === p.id);
    expect(mine).toHaveLength(2);
    expect(mine.find((r) => r.role === 'member')?.until).toBe(a.clock.today());
    expect(mine.find((r) => r.role === 'lead')?.until).toBeNull();

    const removed = await a.app.inject({ method: 'DELETE', url: `/api/v1/teams/technique/members/${p.id}`, headers: a.admin.headers });
    expect(removed.statusCode).toBe(204);
    expect((await roster('technique', a.admin.headers)).some((r) => r.personId === p.id)).toBe(false);
    const ended = (await roster('technique', a.admin.headers, true)).filter((r) => r.personId === p.id);
    expect(ended.map((r) => r.role).sort()).toEqual(['lead', 'member']);
    expect(ended.every((r) => r.until !== null)).toBe(true);

    const again = await a.app.inject({ method: 'DELETE', url: `/api/v1/teams/technique/members/${p.id}`, headers: a.admin.headers });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('not_on_team');
  });

  it('lets a lead manage their own roster only', async () => {
    const lead = await a.actingAs('lead');
    const p = await a.person();
    const payload = { personId: p.id, role: 'member' };
    const own = await a.app.inject({ method: 'POST', url: '/api/v1/teams/technique/members', headers: lead.headers, payload });
    expect(own.statusCode).toBe(201);
    const other = await a.app.inject({ method: 'POST', url: '/api/v1/teams/communaute/members', headers: lead.headers, payload });
    expect(other.statusCode).toBe(403);
    expect((await roster('communaute', a.admin.headers)).some((r) => r.personId === p.id)).toBe(false);
  });

  it('shows the public only the people who consented to appear', async () => {
    const shown = await a.person({ displayName: 'Visible Vera', publicConsent: true });
    const hidden = await a.person({ displayName: 'Discret Denis', publicConsent: false });
    for (const p of [shown, hidden]) await a.services.teams.addToRoster(system, 'communaute', p.id, 'member');

    const names = (entries: RosterEntry[]) => entries.map((r) => r.displayName).sort();
    expect(names(await roster('communaute'))).toEqual(['Visible Vera']);
    expect(names(await roster('communaute', {}, true))).toEqual(['Visible Vera']);
    const list = await get('/api/v1/teams');
    const communaute = list.json().items.find((t: { slug: string }) => t.slug === 'communaute');
    expect(names(communaute.roster)).toEqual(['Visible Vera']);
    const outsider = await a.actingAs('person');
    expect(names(await roster('communaute', outsider.headers))).toEqual(['Visible Vera']);

    // The team itself and those who run the association see everyone.
    expect(names(await roster('communaute', a.admin.headers))).toEqual(['Discret Denis', 'Visible Vera']);
    const teammate = await a.actingAs('contributor');
    expect(names(await roster('communaute', teammate.headers))).toEqual(expect.arrayContaining(['Discret Denis', 'Visible Vera']));

    const page = await get('/teams/communaute', { accept: 'text/html' });
    expect(page.body).toContain('Visible Vera');
    expect(page.body).not.toContain('Discret Denis');
  });

  it('adds someone by email from the team page, with an unknown email shown beside the field', async () => {
    const p = await a.person({ email: 'zoe@example.org', displayName: 'Zoé Zeta' });
    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    await browser.get('/teams/technique');

    const unknown = await browser.post('/teams/technique/members', { email: 'nobody@example.org', role: 'lead' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('id="field-person-error"');
    expect(unknown.body).toContain('value="nobody@example.org"');
    expect(unknown.body).toMatch(/<option value="lead" selected/);

    const added = await browser.post('/teams/technique/members', { email: 'zoe@example.org', role: 'lead' });
    expect(added.statusCode).toBe(303);
    expect((await roster('technique', a.admin.headers)).find((r) => r.personId === p.id)?.role).toBe('lead');
    const page = await browser.get('/teams/technique');
    expect(page.body).toContain('Zoé Zeta');
  });
});
