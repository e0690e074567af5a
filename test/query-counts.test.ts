import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssociation, system, type TestAssociation } from './harness.js';
import { countStatements } from './statements.js';

/**
 * Pages answer in a fixed, small number of SQL statements whatever the size of the association
 * (docs/performance.md, "Queries per page"): a page that asks once per row (an N+1) is fast on
 * ten rows and crawls at 100,000 people. Each page is counted on a small association, the
 * association grows (more people, contributions, members, agenda items and invitees), and the
 * count is asserted again: the same, and under the page's bound.
 */

/**
 * The most statements each page may run; the same at any size. On PostgreSQL the activity summary
 * runs in its own transaction with JIT off (begin, set local, commit: three more statements), hence
 * the person, team and session pages' bounds (the person page also reads the login addresses' history).
 * On SQLite a search first counts its matches in the trigram table, up to a cap, to choose between
 * that index and the scan in name order: one statement more than the directory.
 * Every page reads the association's settings once (so that instances sharing the database agree).
 * The visitor presides the bureau, so the assemblies convene them (as an office holder): the
 * assembly's page also reads their own place, proxies and choices, hence its bound.
 */
const bounds = {
  directory: 6,
  search: 7,
  person: 20,
  register: 6,
  apiMembers: 5,
  apiPeople: 5,
  team: 11,
  session: 21,
  assembly: 17,
};
type Page = keyof typeof bounds;

describe('SQL statements per page', () => {
  let a: TestAssociation;
  let counter: ReturnType<typeof countStatements>;
  let page: Record<Page, string>;
  let cookie: string;
  let sessionId: string;
  let grown = 0;

  /**
   * `n` more people, each a contributor of the community team with a confirmed contribution; one
   * in two a member named by a free item of the session's agenda, the other an applicant whose
   * application the session examines.
   */
  async function grow(n: number) {
    for (let i = 0; i < n; i++) {
      const p = await a.person({ displayName: `Élodie Membre ${grown++}` });
      await a.services.teams.addToRoster(system, 'communaute', p.id, 'member');
      const made = await a.app.inject({
        method: 'POST',
        url: '/api/v1/contributions',
        headers: a.admin.headers,
        payload: { personId: p.id, kind: 'moderation', occurredOn: a.clock.today(), summary: 'Modération du forum' },
      });
      expect(made.statusCode, made.body).toBe(201);
      if (grown % 2 === 0) {
        const applied = await a.app.inject({
          method: 'POST',
          url: '/api/v1/applications',
          headers: await a.bearer(p.id),
          payload: { motivation: 'Je modère le forum' },
        });
        expect(applied.statusCode, applied.body).toBe(201);
        continue;
      }
      const now = a.clock.now();
      await a.database.db
        .insertInto('memberships')
        .values({
          id: `m-${p.id}`,
          person_id: p.id,
          status: 'active',
          since: now.slice(0, 10),
          until: null,
          decision_id: null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
      await a.services.sessions.addItem(system, sessionId, { title: `Point ${grown}`, personId: p.id });
    }
  }

  /** A new assembly convened now: it invites every member and contributor of the day. */
  async function convenedAssembly(): Promise<string> {
    const created = await a.app.inject({
      method: 'POST',
      url: '/api/v1/assemblies',
      headers: a.admin.headers,
      payload: { kind: 'ordinary', title: `AG ${grown}`, scheduledAt: '2026-09-01T16:00:00.000Z' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    // A convocation carries its agenda: an assembly with none is not convened.
    await a.services.assemblies.addItem(system, id, { title: 'Rapport moral' });
    const convened = await a.app.inject({ method: 'POST', url: `/api/v1/assemblies/${id}/convene`, headers: a.admin.headers, payload: {} });
    expect(convened.statusCode, convened.body).toBe(200);
    return id;
  }

  async function statementsFor(name: Page): Promise<number> {
    const api = name.startsWith('api');
    counter.reset();
    const res = await a.app.inject({
      method: 'GET',
      url: page[name],
      headers: api ? { ...a.admin.headers, accept: 'application/json' } : { cookie, accept: 'text/html' },
    });
    const count = counter.count;
    expect(res.statusCode, `${page[name]}: ${res.body.slice(0, 300)}`).toBe(200);
    return count;
  }

  async function countEveryPage(): Promise<Record<Page, number>> {
    const counts = {} as Record<Page, number>;
    for (const name of Object.keys(bounds) as Page[]) counts[name] = await statementsFor(name);
    return counts;
  }

  let small: Record<Page, number>;
  let large: Record<Page, number>;

  beforeAll(async () => {
    a = await buildAssociation();
    counter = countStatements(a);
    a.clock.set('2026-06-01T10:00:00.000Z');
    const browser = a.browser();
    const login = await browser.login(a.admin.email, 'correct horse battery staple');
    expect(login.statusCode, login.body).toBeLessThan(400);
    cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    // The administrator presides the bureau too: one visitor sees every page measured.
    await a.services.bureau.appoint(system, { personId: a.admin.id, office: 'president', since: '2025-01-01' });
    const session = await a.app.inject({
      method: 'POST',
      url: '/api/v1/bureau/sessions',
      headers: a.admin.headers,
      payload: { scheduledAt: '2026-06-10T18:00:00.000Z' },
    });
    expect(session.statusCode, session.body).toBe(201);
    sessionId = (session.json() as { id: string }).id;

    await grow(3);
    const somebody = (await a.person({ displayName: 'Zoé Quelconque' })).id;
    page = {
      directory: '/people',
      search: '/people?q=elodie',
      person: `/people/${somebody}`,
      register: '/members',
      apiMembers: '/api/v1/members?limit=50',
      apiPeople: '/api/v1/people?limit=50',
      team: '/teams/communaute',
      session: `/bureau/sessions/${sessionId}`,
      assembly: `/assemblies/${await convenedAssembly()}`,
    };
    small = await countEveryPage();

    await grow(30);
    page.assembly = `/assemblies/${await convenedAssembly()}`;
    // The person page of someone with many contributions, as busy as the association allows here.
    for (let i = 0; i < 20; i++)
      await a.app.inject({
        method: 'POST',
        url: '/api/v1/contributions',
        headers: a.admin.headers,
        payload: { personId: somebody, kind: 'code', occurredOn: a.clock.today(), summary: `Correctif ${i}` },
      });
    large = await countEveryPage();
    // The agenda holds both kinds of item whose facts the page shows.
    const agenda = (await a.app.inject({ method: 'GET', url: `/api/v1/bureau/sessions/${sessionId}`, headers: a.admin.headers })).json() as {
      agenda: { kind: string }[];
    };
    expect(agenda.agenda.filter((i) => i.kind === 'application').length).toBeGreaterThanOrEqual(15);
    expect(agenda.agenda.filter((i) => i.kind === 'free').length).toBeGreaterThanOrEqual(15);
  }, 120_000);

  afterAll(async () => {
    await a?.close();
  });

  it.each(Object.keys(bounds) as Page[])('%s runs a fixed number of statements, whatever the number of rows it shows', (name) => {
    expect({ page: name, statements: large[name] }).toEqual({ page: name, statements: small[name] });
    expect(large[name], `${page[name]} ran ${large[name]} statements`).toBeLessThanOrEqual(bounds[name]);
  });
});
