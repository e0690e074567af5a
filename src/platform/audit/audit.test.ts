import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { ChainedFields } from './chain.js';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, roles, type TestAssociation } from '../../../test/harness.js';

/** An entry as the API returns it: the chained fields of the audit log. */
type Entry = ChainedFields;

describe(`audit log (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
  });
  afterEach(async () => {
    await a?.close();
  });

  async function entries(query = ''): Promise<Entry[]> {
    const res = await a.app.inject({ method: 'GET', url: `/api/v1/audit?limit=200${query}`, headers: a.admin.headers });
    expect(res.statusCode).toBe(200);
    return res.json().items as Entry[];
  }

  /** Runs one write and returns the audit entries it added, oldest first. */
  async function audited(write: () => Promise<unknown>): Promise<Entry[]> {
    const last = (await entries())[0]?.seq ?? 0;
    await write();
    return (await entries()).filter((e) => e.seq > last).reverse();
  }

  const api = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => async () => {
    const res = await a.app.inject({ method, url, headers: a.admin.headers, ...(payload ? { payload } : {}) });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.statusCode === 204 ? null : res.json();
  };

  it('records each write with its actor, action, subject and before/after', async () => {
    const admin = a.admin.id;
    let personId = '';
    const [created] = await audited(async () => {
      personId = (await api('POST', '/api/v1/people', { displayName: 'Inès Inventaire', email: 'ines@example.org' })()).id;
    });
    expect(created).toMatchObject({ actorId: admin, action: 'person.created', subjectType: 'person', subjectId: personId });
    expect(created.after).toMatchObject({ displayName: 'Inès Inventaire' });

    const person = (action: string, before: unknown, after: unknown) => [{ actorId: admin, action, subjectType: 'person', subjectId: personId, before, after }];
    expect(await audited(api('PATCH', `/api/v1/people/${personId}`, { pronouns: 'elle' }))).toMatchObject(
      person('person.updated', expect.objectContaining({ pronouns: null }), expect.objectContaining({ pronouns: 'elle' })),
    );
    const roster = `/api/v1/teams/technique/members`;
    expect(await audited(api('POST', roster, { personId, role: 'member' }))).toMatchObject(
      person('team.role_started', null, { team: 'technique', role: 'member' }),
    );
    expect(await audited(api('POST', roster, { personId, role: 'lead' }))).toMatchObject(
      person('team.role_changed', { team: 'technique', role: 'member' }, { team: 'technique', role: 'lead' }),
    );
    expect(await audited(api('DELETE', `${roster}/${personId}`))).toMatchObject(person('team.role_ended', { team: 'technique', role: 'lead' }, null));

    let officeId = '';
    const appointed = await audited(async () => {
      officeId = (await api('POST', '/api/v1/bureau/members', { personId, office: 'secretary' })()).id;
    });
    expect(appointed).toMatchObject(person('bureau.office_started', null, { office: 'secretary', since: a.clock.today() }));
    expect(await audited(api('POST', `/api/v1/bureau/members/${officeId}/end`, {}))).toMatchObject(
      person('bureau.office_ended', { office: 'secretary' }, { until: a.clock.today() }),
    );

    const [teamCreated] = await audited(api('POST', '/api/v1/teams', { slug: 'dons', name: { fr: 'Dons' } }));
    expect(teamCreated).toMatchObject({ actorId: admin, action: 'team.created', subjectType: 'team', after: expect.objectContaining({ slug: 'dons' }) });
    expect(await audited(api('PATCH', '/api/v1/teams/dons', { mission: { fr: 'Collecter les dons.' }, version: 1 }))).toMatchObject([
      {
        action: 'team.updated',
        subjectId: teamCreated.subjectId,
        before: expect.objectContaining({ version: 1, mission: { fr: '', en: '' } }),
        after: expect.objectContaining({ version: 2, mission: { fr: 'Collecter les dons.', en: '' } }),
      },
    ]);

    let tokenId = '';
    const tokenCreated = await audited(async () => {
      tokenId = (await api('POST', '/api/v1/tokens', { label: 'cron' })()).id;
    });
    const self = (action: string) => [{ actorId: admin, action, subjectType: 'person', subjectId: admin }];
    expect(tokenCreated).toMatchObject(self('token.created'));
    expect(JSON.stringify(tokenCreated)).not.toMatch(/eqp_/);
    expect(await audited(api('DELETE', `/api/v1/tokens/${tokenId}`))).toMatchObject(self('token.revoked'));

    const browser = a.browser();
    expect(await audited(() => browser.login(a.admin.email, ADMIN_PASSWORD))).toMatchObject(self('session.started'));
    await browser.get('/profile');
    expect(await audited(() => browser.post('/logout', {}))).toMatchObject(self('session.ended'));

    // Only this person's entries, newest first.
    const about = await entries(`&subjectType=person&subjectId=${personId}`);
    expect(about.map((e) => e.action)).toEqual([
      'bureau.office_ended',
      'bureau.office_started',
      'team.role_ended',
      'team.role_changed',
      'team.role_started',
      'person.updated',
      'person.created',
    ]);
    expect(about.every((e) => e.subjectId === personId && e.subjectType === 'person')).toBe(true);
    expect((await entries(`&subjectType=team&subjectId=${personId}`)).length).toBe(0);
  });

  it('records a password reset, requested anonymously and done by the person', async () => {
    const visitor = a.browser();
    await visitor.get('/password/forgot');
    const requested = await audited(() => visitor.post('/password/forgot', { email: a.admin.email }));
    expect(requested).toMatchObject([{ actorId: null, action: 'password.reset_requested', subjectType: 'person', subjectId: a.admin.id }]);
    // An unknown address leaves no trace.
    expect(await audited(() => visitor.post('/password/forgot', { email: 'nobody@example.org' }))).toEqual([]);
  });

  it('is for administrators only', async () => {
    for (const role of roles.filter((r) => r !== 'admin')) {
      const { headers } = await a.actingAs(role);
      const res = await a.app.inject({ method: 'GET', url: '/api/v1/audit', headers });
      expect(res.statusCode, role).toBe(role === 'anonymous' ? 401 : 403);
      expect(res.json().code, role).toBe(role === 'anonymous' ? 'unauthenticated' : 'forbidden');
      const page = await a.app.inject({ method: 'GET', url: '/audit', headers: { ...headers, accept: 'text/html' } });
      expect(page.statusCode, role).toBe(role === 'anonymous' ? 303 : 403);
    }
    const page = await a.app.inject({ method: 'GET', url: '/audit', headers: { ...a.admin.headers, accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Équipe créée');
  });

  it('verifies the chain, and names the entry that was changed behind its back', async () => {
    const p = await a.person({ displayName: 'Témoin' });
    await api('POST', '/api/v1/teams/communaute/members', { personId: p.id, role: 'member' })();
    await api('PATCH', `/api/v1/people/${p.id}`, { pronouns: 'iel' })();

    const verdict = await a.services.audit.verify();
    expect(verdict.ok).toBe(true);
    const total = (await entries()).length;
    expect(verdict.entries).toBe(total);

    const target = (await entries(`&subjectType=person&subjectId=${p.id}`)).find((e) => e.action === 'team.role_started')!;
    await sql`update audit_log set after = ${JSON.stringify({ team: 'technique', role: 'lead' })} where seq = ${target.seq}`.execute(a.database.db);

    const broken = await a.services.audit.verify();
    expect(broken.ok).toBe(false);
    expect(broken).toMatchObject({ firstBadSeq: target.seq });
    expect(target.seq).toBeLessThan(total);
  });

  it("shows a person's history on their page to them and to administrators", async () => {
    const p = await a.person({ displayName: 'Hugo Historique', email: 'hugo@example.org' });
    await api('POST', '/api/v1/teams/technique/members', { personId: p.id, role: 'member' })();
    await api('POST', '/api/v1/bureau/members', { personId: p.id, office: 'member' })();

    const view = async (headers: Record<string, string>) =>
      (await a.app.inject({ method: 'GET', url: `/people/${p.id}`, headers: { ...headers, accept: 'text/html' } })).body;
    for (const body of [await view(a.admin.headers), await view(await a.bearer(p.id))]) {
      expect(body).toContain('Historique');
      expect(body).toContain('Fiche créée');
      expect(body).toContain("Arrivée dans l'équipe");
      expect(body).toContain('Prise de fonction au bureau');
    }
    const teammate = await a.actingAs('contributor');
    const seen = await view(teammate.headers);
    expect(seen).toContain('Hugo Historique');
    expect(seen).not.toContain('Prise de fonction au bureau');
  });
});
