/**
 * "Bad input gets a clear error and changes nothing" (docs/architecture.md, Rules by name). Every write route (the
 * JSON API and the HTML forms) receives malformed input from an administrator, who may do
 * anything, so that only the input can be the reason for the refusal. The database fingerprint is
 * compared before and after each request.
 *
 * This file holds what the tables share: the fixtures the cases name and how they are built, how a
 * case is sent and checked, and the runner of a group of tables. The tables live in cases/, one per
 * domain; cases/index.ts joins them, all-routes.test.ts checks that together they cover every write
 * route, and random.test.ts sends every write route random input.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, databaseFingerprint, dialectUnderTest, system, type Browser, type TestAssociation } from '../harness.js';
import { webhookRoomRegisteredEarlier } from '../rooms-fixture.js';
import type { Actor } from '../../src/platform/auth/actor.js';
import { createApplicationsRepository } from '../../src/modules/applications/repository.js';
import { placeOnAgenda } from '../../src/modules/sessions/agenda-placement.js';
import { createRequestsRepository } from '../../src/modules/requests/repository.js';

export interface Fixtures {
  /** The first administrator: signed up at set-up, with a password. */
  admin: { id: string };
  bob: { id: string; email: string };
  carol: { id: string; email: string };
  /** A token of Bob's: an administrator may not revoke it as their own. */
  bobToken: string;
  /** A spare token of the administrator's (not the one the tests send). */
  spareToken: string;
  /** Carol is president since today. */
  presidentOffice: string;
  endedOffice: string;
  /** Bob declared it for Technique; it waits for review. */
  declared: string;
  /** Carol's Forgejo login "carol". */
  carolForgeAccount: string;
  /** An author a Forgejo push named whom nobody is linked to. */
  unknownAuthor: string;
  /** Carol acts as president: sessions are held by the bureau, not by administrators. */
  carolHeaders: Record<string, string>;
  /** A planned session with nothing on its agenda. */
  plannedSession: string;
  /** Open with Carol present (quorum 1 of 1): one application waits, one is decided. */
  openSession: string;
  openApplication: string;
  /** The agenda item of openApplication. */
  openItem: string;
  decidedApplication: string;
  /** Open with nobody present: quorum not reached; one application on its agenda. */
  noQuorumSession: string;
  noQuorumApplication: string;
  closedSession: string;
  withdrawnApplication: string;
  /** A webhook room at https://hooks.example.org/taken; no WEBHOOK_SECRET is configured. */
  webhookRoom: string;
  /** An outbox event waiting for delivery (not a dead letter). */
  pendingEvent: string;
  /** A draft assembly 5 days ahead (inside the notice period), and one 30 days ahead. */
  soonAssembly: string;
  draftAssembly: string;
  /** A draft 32 days ahead whose agenda is empty (the others have an item). */
  emptyAssembly: string;
  /** Convened and open (Carol holds it); nobody checked in; one resolution being voted, one proposed. */
  openAssembly: string;
  openResolution: string;
  proposedResolution: string;
  /** Requests to the teams: a question to Communauté (new), a join request to Technique, a closed question. */
  openRequest: string;
  joinRequest: string;
  closedRequest: string;
  /** The private links of openRequest and closedRequest. */
  followToken: string;
  closedFollowToken: string;
  /** Questions openRequest asked Technique: one waiting, one answered. */
  openConsultation: string;
  answeredConsultation: string;
}

/** One malformed request to a JSON route and the refusal it must get. */
export interface ApiCase {
  name: string;
  url: string;
  json?: unknown;
  /** Sent as it is, with `type` (default application/json). */
  raw?: string;
  type?: string;
  status: number;
  code: string;
  /** Field paths that `errors[]` must name. */
  paths?: string[];
  /** Sent as someone else than the administrator (a bureau member holds sessions). */
  headers?: Record<string, string>;
}

/** One malformed form submission and the page it must get. */
export interface FormCase {
  name: string;
  url: string;
  form?: Record<string, string>;
  /** Send without the form token. */
  noCsrf?: boolean;
  raw?: string;
  type?: string;
  status: number;
  /** The form is shown again with its errors. */
  inline?: boolean;
  /** Sent with these headers (a bureau member's token) instead of the administrator's browser. */
  headers?: Record<string, string>;
}

/** A string of n characters: one past a limit. */
export const long = (n: number) => 'x'.repeat(n);
/** A well-formed id that names nothing. */
export const unknownId = '01JZZZZZZZZZZZZZZZZZZZZZZZ';

/** One domain's tables: malformed input for its API routes and for its forms. */
export interface CaseTables {
  api: Record<string, (f: Fixtures) => ApiCase[]>;
  form: Record<string, (f: Fixtures) => FormCase[]>;
}

export function expectProblem(res: LightMyRequestResponse, expected: { status: number; code: string; paths?: string[] }, where: string): void {
  expect(res.statusCode, where).toBe(expected.status);
  expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.status, where).toBe(expected.status);
  expect(body.title, where).toEqual(expect.any(String));
  expect(body.title.length, where).toBeGreaterThan(0);
  expect(body.detail, where).toEqual(expect.any(String));
  expect(body.code, where).toBe(expected.code);
  expect(body.code, where).toMatch(/^[a-z]+(_[a-z]+)*$/);
  expect(Array.isArray(body.errors), where).toBe(true);
  if (expected.code === 'validation_failed') expect(body.errors.length, where).toBeGreaterThan(0);
  const paths = (body.errors as { path: string }[]).map((e) => e.path);
  for (const p of expected.paths ?? []) expect(paths, where).toContain(p);
}

/** Any refusal of the API: a 4xx problem+json with the documented fields. */
export function expectSomeProblem(res: LightMyRequestResponse, where: string): void {
  expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, where).toBeLessThan(500);
  expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body, where).toMatchObject({ status: res.statusCode, title: expect.any(String), detail: expect.any(String), errors: expect.any(Array) });
  expect(body.code, where).toMatch(/^[a-z]+(_[a-z]+)*$/);
}

/**
 * Sessions in every state the refusals need: planned; open with quorum (Carol, the whole bureau,
 * present) holding one waiting and one decided application; open without quorum; closed.
 */
async function sessionFixtures(a: TestAssociation, f: Pick<Fixtures, 'carol'>) {
  const carol: Actor = { ...system, isAdmin: false, personId: f.carol.id, office: 'president' };
  let minute = 0;
  const session = async () =>
    (await a.services.sessions.create(system, { scheduledAt: new Date(Date.parse(a.clock.now()) + 10 * 86_400_000 + ++minute * 60_000).toISOString() })).id;
  const applicationOn = async (sessionId: string | null) => {
    const applicant = await a.person();
    const now = a.clock.now();
    const applications = createApplicationsRepository(a.database.db);
    const id = await applications.submit({ personId: applicant.id, motivation: 'Pour voter', now });
    if (sessionId) await placeOnAgenda(a.database.db, a.database.dialect, (await applications.findById(id))!, sessionId, now, null);
    return id;
  };
  const plannedSession = await session();
  const openSession = await session();
  const openApplication = await applicationOn(openSession);
  const decidedApplication = await applicationOn(openSession);
  await a.services.sessions.open(carol, openSession, [f.carol.id]);
  await a.services.sessions.decide(carol, openSession, { applicationId: decidedApplication, outcome: 'rejected', rationale: 'Pas encore' });
  const noQuorumSession = await session();
  const noQuorumApplication = await applicationOn(noQuorumSession);
  await a.services.sessions.open(carol, noQuorumSession, []);
  const closedSession = await session();
  await a.services.sessions.open(carol, closedSession, [f.carol.id]);
  await a.services.sessions.close(carol, closedSession);
  const withdrawnApplication = await applicationOn(null);
  await a.services.applications.withdraw(system, withdrawnApplication);
  const openItem = (await a.services.sessions.get(openSession)).agenda.find((i) => i.applicationId === openApplication)!.id;
  // Rooms: a webhook room whose provider has no secret here, and an event still pending.
  const webhookRoom = await webhookRoomRegisteredEarlier(a, { address: 'https://hooks.example.org/taken', audience: 'members' });
  const pendingEvent = (await a.services.outbox.list({ topic: 'room.reconcile', limit: 1 })).items[0].id;
  // Assemblies: a draft too close to convene, a draft in time, an open one with a resolution being voted.
  const prepare = async (days: number) =>
    (
      await a.services.assemblies.create(system, {
        kind: 'ordinary',
        title: `AG ${days}`,
        scheduledAt: new Date(Date.parse(a.clock.now()) + days * 86_400_000).toISOString(),
      })
    ).id;
  const soonAssembly = await prepare(5);
  const draftAssembly = await prepare(30);
  const openAssembly = await prepare(31);
  const emptyAssembly = await prepare(32);
  // A convocation carries its agenda: all but the empty one have an item.
  for (const id of [soonAssembly, draftAssembly, openAssembly]) await a.services.assemblies.addItem(system, id, { title: 'Rapport moral' });
  await a.services.assemblies.convene(system, openAssembly);
  await a.services.assemblies.open(carol, openAssembly);
  const openResolution = (await a.services.assemblies.addResolution(carol, openAssembly, { title: 'Comptes', majority: 'simple' })).id;
  await a.services.assemblies.openResolution(carol, openAssembly, openResolution);
  const proposedResolution = (await a.services.assemblies.addResolution(carol, openAssembly, { title: 'Budget', majority: 'simple' })).id;
  return {
    soonAssembly,
    draftAssembly,
    emptyAssembly,
    openAssembly,
    openResolution,
    proposedResolution,
    webhookRoom,
    pendingEvent,
    openItem,
    carolHeaders: await a.bearer(f.carol.id),
    plannedSession,
    openSession,
    openApplication,
    decidedApplication,
    noQuorumSession,
    noQuorumApplication,
    closedSession,
    withdrawnApplication,
  };
}

/**
 * Requests to the teams: a question to Communauté, a join request to Technique, a closed question,
 * their private links, and two questions asked to Technique (one answered by Bob, who is on it).
 */
async function requestFixtures(a: TestAssociation) {
  const requests = a.services.requests;
  let k = 0;
  const submit = async (category: string, teamSlug: string | null = null) =>
    (await requests.submit({ email: `asks.${++k}@example.org`, category, teamSlug, subject: `Demande ${k}`, message: 'Bonjour' }, { ip: 'bad-input' })).id;
  const tokenOf = async (id: string) => requests.followToken((await createRequestsRepository(a.database.db).findById(id))!);
  const openRequest = await submit('question');
  const joinRequest = await submit('join', 'technique');
  const closedRequest = await submit('question');
  await requests.close(system, closedRequest);
  const openConsultation = (await requests.consult(system, openRequest, { teamSlug: 'technique', question: 'Une idée ?' })).id;
  const answeredConsultation = (await requests.consult(system, openRequest, { teamSlug: 'technique', question: 'Et ça ?' })).id;
  await requests.answerConsultation(system, answeredConsultation, { answer: 'Oui' });
  return {
    openRequest,
    joinRequest,
    closedRequest,
    followToken: await tokenOf(openRequest),
    closedFollowToken: await tokenOf(closedRequest),
    openConsultation,
    answeredConsultation,
  };
}

/**
 * Sessions and applications are the bureau's alone (an application is private to the applicant
 * and the bureau): their malformed input is sent by Carol, the president, so that only
 * the input can be wrong.
 */
export const bureauAlone = (key: string): boolean =>
  /^(POST|PUT|PATCH) (\/api\/v1)?\/(bureau\/(sessions|recurrence|changes\/:id\/confirm)|applications\/:id\/(withdraw|rapporteur))/.test(key);

/** The association the cases run against, its fixtures, and the administrator's signed-in browser. */
export interface Context {
  a: TestAssociation;
  f: Fixtures;
  browser: Browser;
}

/** Builds the association and its fixtures before the file's tests, and closes it after them. */
export function badInputAssociation(): () => Context {
  let context: Context | undefined;
  beforeAll(async () => {
    const a = await buildAssociation();
    // A pinned clock: authentication then touches a token or session once and never again, so
    // the only writes left to see are those the requests themselves make.
    a.clock.set(new Date().toISOString());
    const bob = await a.person({ displayName: 'Bob Martin', email: 'bob.martin@example.org' });
    const carol = await a.person({ displayName: 'Carol Durand', email: 'carol.durand@example.org' });
    await a.services.teams.addToRoster(system, 'technique', bob.id, 'member');
    const presidentOffice = (await a.services.bureau.appoint(system, { personId: carol.id, office: 'president' })).id;
    const dan = await a.person({ displayName: 'Dan' });
    const endedOffice = (await a.services.bureau.appoint(system, { personId: dan.id, office: 'member', since: '2020-01-01' })).id;
    await a.services.bureau.end(system, endedOffice, '2021-01-01');
    const base = {
      admin: a.admin,
      bob,
      carol,
      bobToken: (await a.services.accounts.createToken(bob.id, 'bob')).id,
      spareToken: (await a.services.accounts.createToken(a.admin.id, 'spare')).id,
      presidentOffice,
      endedOffice,
      declared: (
        await a.services.contributions.record(
          { ...system, isAdmin: false, personId: bob.id },
          { kind: 'development', occurredOn: '2026-01-15', summary: 'Correctif', teamSlug: 'technique' },
        )
      ).contribution.id,
      carolForgeAccount: (await a.services.forges.link(system, carol.id, { forge: 'forgejo', identity: 'carol' })).account.id,
      unknownAuthor: await (async () => {
        const push = { commits: [{ id: 'abcdef0123456789', message: 'Fix', timestamp: '2026-01-15T10:00:00Z', author: { username: 'ghost' } }] };
        await a.services.forges.receive('forgejo', { event: 'push', deliveryId: 'bad-input' }, push);
        return (await a.services.forges.unknownAuthors({})).items[0].id;
      })(),
    };
    const f: Fixtures = { ...base, ...(await sessionFixtures(a, base)), ...(await requestFixtures(a)) };
    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    // Login renews the form token; read the new one from a page.
    await browser.get('/profile');
    await a.app.inject({ method: 'GET', url: '/api/v1/me', headers: a.admin.headers });
    await a.app.inject({ method: 'GET', url: '/api/v1/me', headers: f.carolHeaders });
    context = { a, f, browser };
  });
  afterAll(async () => {
    await context?.a.close();
  });
  return () => context!;
}

/** Sends one API case as the administrator, or with the case's own headers. */
export async function sendApi(
  { a }: Context,
  method: string,
  c: { url: string; json?: unknown; raw?: string; type?: string; headers?: Record<string, string> },
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...(c.headers ?? a.admin.headers) };
  let payload: string | undefined;
  if (c.raw !== undefined) {
    headers['content-type'] = c.type ?? 'application/json';
    payload = c.raw;
  } else if (c.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(c.json);
  }
  return a.app.inject({ method: method as 'POST', url: c.url, headers, payload });
}

/** Sends one form case from the administrator's browser, or with the case's own headers (a bureau member's token). */
export async function sendForm({ a, browser }: Context, c: FormCase): Promise<LightMyRequestResponse> {
  if (c.headers) {
    // A bureau member's token: no form token needed (bearer requests are exempt, see hooks.ts).
    const payload = new URLSearchParams(c.form ?? {}).toString();
    return a.app.inject({
      method: 'POST',
      url: c.url,
      headers: { ...c.headers, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload,
    });
  }
  if (c.raw !== undefined) {
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return a.app.inject({ method: 'POST', url: c.url, headers: { cookie, accept: 'text/html', 'content-type': c.type! }, payload: c.raw });
  }
  return browser.post(c.url, c.form ?? {}, c.noCsrf ? { csrf: '' } : {});
}

/**
 * Walks the given tables on one association of its own: every API route's cases, then every
 * form's, in the order of the tables; then `more`, the file's own tests on the same association.
 */
export function checkCases(name: string, tables: CaseTables[], more?: (context: () => Context) => void): void {
  describe(`bad input: ${name} (${dialectUnderTest})`, () => {
    const context = badInputAssociation();
    const apiCases: CaseTables['api'] = Object.assign({}, ...tables.map((t) => t.api));
    const formCases: CaseTables['form'] = Object.assign({}, ...tables.map((t) => t.form));

    it.each(Object.keys(apiCases))('%s refuses bad input with problem+json and changes nothing', async (key) => {
      const { a, f } = context();
      const method = key.split(' ')[0];
      const cases = apiCases[key](f).map((c) => (bureauAlone(key) && !c.headers ? { ...c, headers: f.carolHeaders } : c));
      expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) {
        const before = await databaseFingerprint(a.database);
        const res = await sendApi(context(), method, c);
        const where = `${key} — ${c.name}: ${res.statusCode} ${res.body.slice(0, 400)}`;
        expectProblem(res, c, where);
        expect(await databaseFingerprint(a.database), where).toBe(before);
      }
    });

    it.each(Object.keys(formCases))('%s answers bad input with a 4xx page and changes nothing', async (key) => {
      // A missing form token is the administrator's browser's case; the rest, on the bureau's routes, Carol's.
      const { a, f, browser } = context();
      const cases = formCases[key](f).map((c) => (bureauAlone(key) && !c.headers && !c.noCsrf ? { ...c, headers: f.carolHeaders } : c));
      expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) {
        const before = await databaseFingerprint(a.database);
        const res = await sendForm(context(), c);
        const where = `${key} — ${c.name}: ${res.statusCode} ${res.headers.location ?? ''}`;
        expect(res.statusCode, where).toBe(c.status);
        expect(res.headers['content-type'], where).toMatch(/^text\/html/);
        if (c.inline) {
          expect(res.body, where).toContain('role="alert"');
          expect(res.body, where).toContain('<form method="post"');
        }
        expect(await databaseFingerprint(a.database), where).toBe(before);
      }
      // The session survived every refusal.
      expect((await browser.get('/api/v1/me')).statusCode).toBe(200);
    });

    more?.(context);
  });
}
