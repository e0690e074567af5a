/**
 * "Bad input gets a clear error and changes nothing" (docs/architecture.md, Rules by name). Every write route (the
 * JSON API and the HTML forms) receives malformed input from an administrator, who may do
 * anything, so that only the input can be the reason for the refusal. The database fingerprint is
 * compared before and after each request.
 */
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, databaseFingerprint, dialectUnderTest, system, type Browser, type TestAssociation } from './harness.js';
import { webhookRoomRegisteredEarlier } from './rooms-fixture.js';
import { apiCases, formCases, queryCases, type FormCase, type Fixtures } from './bad-input-cases.js';
import type { Actor } from '../src/platform/auth/actor.js';
import { createApplicationsRepository } from '../src/modules/applications/repository.js';
import { placeOnAgenda } from '../src/modules/sessions/agenda-placement.js';
import { createRequestsRepository } from '../src/modules/requests/repository.js';

function expectProblem(res: LightMyRequestResponse, expected: { status: number; code: string; paths?: string[] }, where: string): void {
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
function expectSomeProblem(res: LightMyRequestResponse, where: string): void {
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
const bureauAlone = (key: string): boolean =>
  /^(POST|PUT) (\/api\/v1)?\/(bureau\/(sessions|recurrence|changes\/:id\/confirm)|applications\/:id\/(withdraw|rapporteur))/.test(key);

describe(`bad input (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let f: Fixtures;
  let browser: Browser;

  beforeAll(async () => {
    a = await buildAssociation();
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
    f = { ...base, ...(await sessionFixtures(a, base)), ...(await requestFixtures(a)) };
    browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    // Login renews the form token; read the new one from a page.
    await browser.get('/profile');
    await a.app.inject({ method: 'GET', url: '/api/v1/me', headers: a.admin.headers });
    await a.app.inject({ method: 'GET', url: '/api/v1/me', headers: f.carolHeaders });
  });
  afterAll(async () => {
    await a?.close();
  });

  async function sendApi(
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

  async function sendForm(c: FormCase): Promise<LightMyRequestResponse> {
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

  it('has malformed-input cases for every write route, and for no route that is gone', () => {
    const writes = a.routes.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`);
    const covered = [...Object.keys(apiCases), ...Object.keys(formCases)];
    expect(
      writes.filter((w) => !covered.includes(w)),
      'write routes without bad-input cases',
    ).toEqual([]);
    expect(
      covered.filter((c) => !writes.includes(c)),
      'cases for routes that no longer exist',
    ).toEqual([]);
    const pages = new Set(a.routes.filter((r) => r.page).map((r) => `${r.method} ${r.url}`));
    for (const key of Object.keys(apiCases)) expect(pages.has(key), key).toBe(false);
    for (const key of Object.keys(formCases)) expect(pages.has(key), key).toBe(true);
  });

  it.each(Object.keys(apiCases))('%s refuses bad input with problem+json and changes nothing', async (key) => {
    const method = key.split(' ')[0];
    const cases = apiCases[key](f).map((c) => (bureauAlone(key) && !c.headers ? { ...c, headers: f.carolHeaders } : c));
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const before = await databaseFingerprint(a.database);
      const res = await sendApi(method, c);
      const where = `${key} — ${c.name}: ${res.statusCode} ${res.body.slice(0, 400)}`;
      expectProblem(res, c, where);
      expect(await databaseFingerprint(a.database), where).toBe(before);
    }
  });

  it.each(Object.keys(formCases))('%s answers bad input with a 4xx page and changes nothing', async (key) => {
    // A missing form token is the administrator's browser's case; the rest, on the bureau's routes, Carol's.
    const cases = formCases[key](f).map((c) => (bureauAlone(key) && !c.headers && !c.noCsrf ? { ...c, headers: f.carolHeaders } : c));
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const before = await databaseFingerprint(a.database);
      const res = await sendForm(c);
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

  it('refuses wrong query values with problem+json', async () => {
    for (const c of queryCases) {
      const res = await sendApi('GET', c);
      expectProblem(res, c, `${c.name}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    }
  });

  it('answers an unknown route with 404 problem+json, or a 404 page for a browser', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nothing-here'],
      ['POST', '/api/v1/people/abc/def'],
      ['DELETE', '/api/v1/teams'],
      ['PUT', '/api/v1/people'],
    ] as const) {
      const before = await databaseFingerprint(a.database);
      const res = await a.app.inject({ method, url, headers: a.admin.headers, payload: method === 'GET' ? undefined : {} });
      expectProblem(res, { status: 404, code: 'not_found' }, `${method} ${url}`);
      expect(await databaseFingerprint(a.database)).toBe(before);
    }
    const page = await browser.get('/nulle-part');
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
  });

  it('keeps the values and shows the error beside the field when a form is refused', async () => {
    const before = await databaseFingerprint(a.database);
    await browser.get('/people/new');
    const res = await browser.post('/people/new', { displayName: 'Camille Exemple', email: 'camille@@exemple', pronouns: 'iel' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('role="alert"');
    expect(res.body).toMatch(/<input id="field-displayName" name="displayName" type="text" value="Camille Exemple"/);
    expect(res.body).toMatch(/<input id="field-pronouns" name="pronouns" type="text" value="iel"/);
    expect(res.body).toMatch(/name="email" type="email" value="camille@@exemple"[^>]*aria-invalid="true"[^>]*aria-describedby="field-email-error"/);
    expect(res.body).toMatch(/<small id="field-email-error" class="field-error">Adresse e-mail invalide\.<\/small>/);
    expect(res.body).not.toMatch(/id="field-displayName"[^>]*aria-invalid/);
    expect(await databaseFingerprint(a.database)).toBe(before);
  });

  it('imports nothing from a CSV whose every line is wrong, and names each line', async () => {
    const before = await databaseFingerprint(a.database);
    const csv = 'displayName,email\nAlice,alice-at-example\n,bob2@example.org\nCarla,carla@\n';
    const res = await sendApi('POST', { url: '/api/v1/people/import', raw: csv, type: 'text/csv' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      imported: 0,
      errors: [
        { line: 2, path: '/email' },
        { line: 3, path: '/displayName' },
        { line: 4, path: '/email' },
      ],
    });
    expect(await databaseFingerprint(a.database)).toBe(before);
  });

  // Random input: whatever arrives, never a 5xx, and a refusal never leaves a trace.
  let serial = 0;
  interface FuzzedRoute {
    key: string;
    /** Where to send: the route's own targets, and the same URL with a random id in place. */
    urls: (f: Fixtures) => string[];
    withId?: (f: Fixtures, id: string) => string;
    /** A valid body (fresh each time) and the fields to replace in it with something hostile. */
    valid?: () => Record<string, unknown>;
    fields?: string[];
    /** An HTML form: also sent urlencoded, as a browser that asks for pages; refusals are pages. */
    form?: boolean;
  }
  const fuzzed: FuzzedRoute[] = [
    { key: 'POST /api/v1/tokens', urls: () => ['/api/v1/tokens'], valid: () => ({ label: 'laptop' }), fields: ['label'] },
    {
      key: 'DELETE /api/v1/tokens/:id',
      urls: (x) => [`/api/v1/tokens/${x.spareToken}`, `/api/v1/tokens/${x.bobToken}`],
      withId: (_x, id) => `/api/v1/tokens/${id}`,
    },
    {
      key: 'POST /api/v1/people',
      urls: () => ['/api/v1/people'],
      valid: () => ({ displayName: 'Fuzz', email: `fuzz.${++serial}@example.org` }),
      fields: ['displayName', 'email', 'locale', 'pseudonym', 'pronouns', 'matrixId', 'xmppJid', 'publicConsent'],
    },
    {
      key: 'PATCH /api/v1/people/:id',
      urls: (x) => [`/api/v1/people/${x.bob.id}`, `/api/v1/people/${x.carol.id}`],
      withId: (_x, id) => `/api/v1/people/${id}`,
      valid: () => ({ pronouns: 'iel' }),
      fields: ['displayName', 'email', 'locale', 'pseudonym', 'pronouns', 'matrixId', 'xmppJid', 'publicConsent', 'version'],
    },
    { key: 'POST /api/v1/people/import', urls: () => ['/api/v1/people/import', '/api/v1/people/import?dryRun=true'] },
    {
      key: 'POST /api/v1/contributions/import',
      urls: () => ['/api/v1/contributions/import', '/api/v1/contributions/import?dryRun=true', '/api/v1/contributions/import?skipInvalid=true'],
    },
    {
      key: 'POST /api/v1/teams',
      urls: () => ['/api/v1/teams'],
      valid: () => ({ slug: `fuzz-${++serial}`, name: { fr: 'Fuzz' } }),
      fields: ['slug', 'name', 'name.fr', 'name.en', 'mission.fr', 'responsibilities.en', 'position'],
    },
    {
      key: 'PATCH /api/v1/teams/:slug',
      urls: () => ['/api/v1/teams/technique'],
      withId: (_x, id) => `/api/v1/teams/${id}`,
      valid: () => ({ position: 2 }),
      fields: ['name', 'name.fr', 'name.en', 'mission.fr', 'responsibilities.en', 'position', 'version'],
    },
    {
      key: 'POST /api/v1/teams/:slug/members',
      urls: () => ['/api/v1/teams/technique/members', '/api/v1/teams/communaute/members'],
      withId: (_x, id) => `/api/v1/teams/${id}/members`,
      valid: () => ({ personId: f.carol.id, role: 'member' }),
      fields: ['personId', 'role'],
    },
    {
      key: 'DELETE /api/v1/teams/:slug/members/:personId',
      urls: (x) => [`/api/v1/teams/technique/members/${x.bob.id}`],
      withId: (_x, id) => `/api/v1/teams/technique/members/${id}`,
    },
    {
      key: 'POST /api/v1/bureau/members',
      urls: () => ['/api/v1/bureau/members'],
      valid: () => ({ personId: f.bob.id, office: 'member' }),
      fields: ['personId', 'office', 'since'],
    },
    {
      key: 'POST /api/v1/contributions',
      urls: () => ['/api/v1/contributions'],
      valid: () => ({ personId: f.bob.id, kind: 'moderation', occurredOn: '2026-01-10', summary: `Fuzz ${++serial}` }),
      fields: ['personId', 'kind', 'occurredOn', 'summary', 'teamSlug', 'evidenceUrl', 'externalId', 'amountCents'],
    },
    {
      key: 'POST /api/v1/contributions/:id/confirm',
      urls: (x) => [`/api/v1/contributions/${x.declared}/confirm`],
      withId: (_x, id) => `/api/v1/contributions/${id}/confirm`,
    },
    {
      key: 'POST /api/v1/contributions/:id/reject',
      urls: (x) => [`/api/v1/contributions/${x.declared}/reject`],
      withId: (_x, id) => `/api/v1/contributions/${id}/reject`,
      valid: () => ({ reason: 'Non' }),
      fields: ['reason'],
    },
    {
      key: 'POST /contributions/new',
      urls: () => ['/contributions/new'],
      valid: () => ({ kind: 'moderation', occurredOn: '2026-01-10', summary: `Fuzz ${++serial}` }),
      fields: ['kind', 'occurredOn', 'summary', 'teamSlug', 'evidenceUrl', 'amount', 'email'],
      form: true,
    },
    {
      key: 'POST /contributions/:id/confirm',
      urls: (x) => [`/contributions/${x.declared}/confirm`],
      withId: (_x, id) => `/contributions/${id}/confirm`,
      form: true,
    },
    {
      key: 'POST /contributions/:id/reject',
      urls: (x) => [`/contributions/${x.declared}/reject`],
      withId: (_x, id) => `/contributions/${id}/reject`,
      valid: () => ({ reason: 'Non' }),
      fields: ['reason'],
      form: true,
    },
    { key: 'POST /api/v1/hooks/forgejo', urls: () => ['/api/v1/hooks/forgejo'] },
    { key: 'POST /api/v1/hooks/gitlab', urls: () => ['/api/v1/hooks/gitlab'] },
    {
      key: 'POST /api/v1/people/:id/forge-accounts',
      urls: (x) => [`/api/v1/people/${x.bob.id}/forge-accounts`],
      withId: (_x, id) => `/api/v1/people/${id}/forge-accounts`,
      valid: () => ({ forge: 'gitlab', identity: `fuzz-${++serial}` }),
      fields: ['forge', 'identity'],
    },
    {
      key: 'DELETE /api/v1/people/:id/forge-accounts/:accountId',
      urls: (x) => [`/api/v1/people/${x.bob.id}/forge-accounts/${x.carolForgeAccount}`],
      withId: (x, id) => `/api/v1/people/${x.bob.id}/forge-accounts/${id}`,
    },
    { key: 'POST /api/v1/applications', urls: () => ['/api/v1/applications'], valid: () => ({ motivation: 'Pour voter' }), fields: ['motivation'] },
    {
      key: 'POST /api/v1/bureau/sessions',
      urls: () => ['/api/v1/bureau/sessions'],
      valid: () => ({ scheduledAt: `2027-0${1 + (++serial % 9)}-10T19:00:00Z`, location: 'Local' }),
      fields: ['scheduledAt', 'location', 'videoUrl', 'durationMinutes'],
    },
    {
      key: 'PUT /api/v1/bureau/recurrence',
      urls: () => ['/api/v1/bureau/recurrence'],
      valid: () => ({ rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20;BYMINUTE=0' }),
      fields: ['rrule', 'timezone', 'location', 'videoUrl', 'durationMinutes', 'sessionsAhead'],
    },
    {
      key: 'POST /api/v1/bureau/members/:id/end',
      urls: (x) => [`/api/v1/bureau/members/${x.presidentOffice}/end`],
      withId: (_x, id) => `/api/v1/bureau/members/${id}/end`,
      valid: () => ({}),
      fields: ['until'],
    },
  ];

  /** A copy of `body` with the field at a dotted path set to `value`. */
  function withField(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
    const copy = structuredClone(body);
    const keys = path.split('.');
    let node = copy;
    for (const k of keys.slice(0, -1)) {
      if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
      node = node[k] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]] = value;
    return copy;
  }

  /** A query string as a careless or hostile client writes it: stray `%`, brackets, repeats. */
  const rawQuery = fc
    .string({ maxLength: 40 })
    .map((s) => s.replace(/[^A-Za-z0-9%&=._~\-[\]]/g, (ch) => encodeURIComponent(ch)))
    .map((s) => (s ? `?${s}` : ''));
  /** Text with control characters too (NUL among them: PostgreSQL refuses it in text). */
  const nasty = fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\u202e', ' ', '\t\n', '%00', '../', "'; --", 'x'.repeat(5000));
  const text = (maxLength: number) => fc.oneof(fc.string({ maxLength }), fc.string({ unit: 'binary-ascii', maxLength }), nasty);
  const json = (maxDepth: number) => fc.oneof(fc.jsonValue({ maxDepth }), fc.jsonValue({ maxDepth, stringUnit: 'binary-ascii' }));
  const knownQuery = fc
    .dictionary(fc.constantFrom('dryRun', 'lang', 'limit', 'cursor', 'q', 'x'), text(20), { maxKeys: 3 })
    .map((d) => (Object.keys(d).length ? `?${new URLSearchParams(d).toString()}` : ''));

  it.each(fuzzed.map((r) => r.key))('%s survives random bodies and query strings', async (key) => {
    const route = fuzzed.find((r) => r.key === key)!;
    const method = key.split(' ')[0];
    const urls = route.urls(f);
    type Body = { type: string; payload: () => string };
    const anyBody: fc.Arbitrary<Body>[] = [
      json(3).map((v) => ({ type: 'application/json', payload: () => JSON.stringify(v) })),
      fc.string({ unit: 'binary', maxLength: 60 }).map((s) => ({ type: 'application/json', payload: () => s })),
      text(200).map((s) => ({ type: 'text/csv', payload: () => s })),
    ];
    const hostile: fc.Arbitrary<Body>[] = [];
    if (route.valid && route.fields) {
      const { valid, fields } = route;
      hostile.push(
        fc
          .tuple(fc.constantFrom(...fields), fc.oneof(text(40), json(2)))
          .map(([field, value]) => ({ type: 'application/json', payload: () => JSON.stringify(withField(valid(), field, value)) })),
      );
      if (route.form) {
        hostile.push(
          fc.tuple(fc.constantFrom(...fields), text(40)).map(([field, value]) => ({
            type: 'application/x-www-form-urlencoded',
            payload: () => new URLSearchParams({ ...(valid() as Record<string, string>), [field]: value }).toString(),
          })),
        );
      }
    }
    if (key === 'POST /api/v1/people/import') {
      // A CSV line whose name cell is hostile.
      hostile.push(
        text(60).map((cell) => ({ type: 'text/csv', payload: () => `displayName,email\n"${cell.replace(/"/g, '""')}",csv.${++serial}@example.org\n` })),
      );
    }
    if (key === 'POST /api/v1/contributions/import') {
      // A CSV line of Bob's whose summary, date or kind is hostile.
      hostile.push(
        fc.tuple(fc.constantFrom(0, 1, 2), text(60)).map(([column, cell]) => {
          const cells = ['moderation', '2020-01-02', `Fuzz ${++serial}`];
          cells[column] = `"${cell.replace(/"/g, '""')}"`;
          return { type: 'text/csv', payload: () => `email,kind,occurredOn,summary\n${f.bob.email},${cells.join(',')}\n` };
        }),
      );
    }
    const body = fc.oneof(...anyBody.map((arbitrary) => ({ arbitrary, weight: 1 })), ...hostile.map((arbitrary) => ({ arbitrary, weight: 4 })));
    const withId = route.withId;
    const url = withId
      ? fc.oneof(
          fc.constantFrom(...urls),
          fc.string({ minLength: 1, maxLength: 70 }).map((id) => withId(f, encodeURIComponent(id))),
        )
      : fc.constantFrom(...urls);
    let baseline = await databaseFingerprint(a.database);
    await fc.assert(
      fc.asyncProperty(url, fc.oneof(fc.constant(''), rawQuery, knownQuery), body, async (path, query, b) => {
        const payload = b.payload();
        const res = await a.app.inject({
          method: method as 'POST',
          url: `${path}${path.includes('?') ? query.replace('?', '&') : query}`,
          headers: { ...(bureauAlone(key) ? f.carolHeaders : a.admin.headers), 'content-type': b.type, ...(route.form ? { accept: 'text/html' } : {}) },
          payload,
        });
        const where = `${method} ${path}${query} ${b.type} ${JSON.stringify(payload).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, where).toBeLessThan(500);
        if (res.statusCode >= 400) {
          if (route.form) expect(res.headers['content-type'], where).toMatch(/^text\/html/);
          else expectSomeProblem(res, where);
          expect(await databaseFingerprint(a.database), where).toBe(baseline);
        } else {
          baseline = await databaseFingerprint(a.database);
        }
      }),
      { numRuns: 40 },
    );
  });

  /**
   * Headers as a careless client, a proxy or an attacker sends them: odd media types and
   * parameters, languages, cookies and form tokens that mean nothing, a bearer that is not one.
   * Printable ASCII only: Node itself refuses other bytes in a header before we see them.
   */
  const headerText = fc.string({ unit: 'grapheme-ascii', maxLength: 60 });
  const randomHeaders = fc.record(
    {
      'content-type': fc.oneof(
        fc.constantFrom(
          'application/json; charset=latin1',
          'application/json; charset=utf-16',
          'application/merge-patch+json',
          'application/x-www-form-urlencoded; charset=utf-8',
          'multipart/form-data; boundary=x',
          'multipart/form-data',
          'text/csv; charset=unknown',
          'application/octet-stream',
          '*/*',
          '',
        ),
        headerText,
      ),
      accept: fc.oneof(fc.constantFrom('text/html', 'application/json', 'application/problem+json', '*/*', 'text/html;q=0'), headerText),
      'accept-language': fc.oneof(fc.constantFrom('en', 'fr-FR,fr;q=0.9', 'zz', '*', ';q=x'), headerText),
      cookie: fc.oneof(fc.constantFrom('eq_lang=xx', 'eq_session=nope', 'eq_csrf=', 'eq_lang=en; eq_lang=fr'), headerText),
      'x-csrf-token': headerText,
      'x-forwarded-for': fc.oneof(fc.constantFrom('::1', '203.0.113.9, 10.0.0.1', 'unknown'), headerText),
      authorization: fc.oneof(fc.constantFrom('Bearer ', 'Bearer eqp_nope', 'Basic YTpi'), headerText),
      'if-match': headerText,
    },
    { requiredKeys: [] },
  );

  /** Every write route's own targets, taken from its malformed-input cases (refused ones included). */
  function targetsOf(key: string): { url: string; headers?: Record<string, string> }[] {
    const cases: { url: string; headers?: Record<string, string> }[] = key in apiCases ? apiCases[key](f) : formCases[key](f);
    const seen = new Map<string, { url: string; headers?: Record<string, string> }>();
    for (const c of cases) if (!seen.has(c.url)) seen.set(c.url, { url: c.url, headers: c.headers });
    return [...seen.values()];
  }

  // Every write route, including those without a tailored generator above: random bodies of
  // every kind, random query strings and random headers. Runs last: a random request that happens
  // to be valid is allowed to change the fixtures.
  it('every write route survives random bodies, query strings and headers', async () => {
    const writes = [...new Set(a.routes.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`))];
    const html = new Set(a.routes.filter((r) => r.page).map((r) => `${r.method} ${r.url}`));
    const bodies = fc.oneof(
      json(3).map((v) => ({ type: 'application/json', payload: JSON.stringify(v) })),
      fc.string({ unit: 'binary', maxLength: 80 }).map((s) => ({ type: 'application/json', payload: s })),
      fc.dictionary(text(12), text(40), { maxKeys: 4 }).map((d) => ({ type: 'application/x-www-form-urlencoded', payload: new URLSearchParams(d).toString() })),
      text(120).map((s) => ({ type: 'text/csv', payload: s })),
      fc.constant({ type: 'application/json', payload: '' }),
    );
    for (const key of writes) {
      const method = key.split(' ')[0] as 'POST';
      const targets = targetsOf(key);
      let baseline = await databaseFingerprint(a.database);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...targets),
          fc.oneof(fc.constant(''), rawQuery, knownQuery),
          bodies,
          randomHeaders,
          async (target, query, b, extra) => {
            const headers = {
              ...(target.headers ?? (bureauAlone(key) ? f.carolHeaders : a.admin.headers)),
              ...(html.has(key) ? { accept: 'text/html' } : {}),
              'content-type': b.type,
              ...extra,
            };
            const url = `${target.url}${target.url.includes('?') ? query.replace('?', '&') : query}`;
            const res = await a.app.inject({ method, url, headers, payload: b.payload });
            const where = `${key}: ${url} ${JSON.stringify(extra)} ${b.type} ${JSON.stringify(b.payload).slice(0, 160)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
            expect(res.statusCode, where).toBeLessThan(500);
            if (res.statusCode >= 400) {
              expect(res.headers['content-type'], where).toMatch(/^(application\/problem\+json|text\/html)/);
              expect(await databaseFingerprint(a.database), where).toBe(baseline);
            } else {
              baseline = await databaseFingerprint(a.database);
            }
          },
        ),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 20) },
      );
    }
  }, 300_000);

  it.each(['/api/v1/people', '/api/v1/audit', '/api/v1/mail', '/api/v1/teams/technique', '/api/v1/bureau/members'])(
    'GET %s survives random query strings',
    async (path) => {
      const query = fc.oneof(
        rawQuery,
        fc
          .dictionary(fc.constantFrom('q', 'team', 'limit', 'cursor', 'history', 'subjectType', 'subjectId', 'actorId', 'to', 'lang'), text(30), { maxKeys: 3 })
          .map((d) => `?${new URLSearchParams(d).toString()}`),
        fc.tuple(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.integer({ min: 1, max: 200 })).map(([n, limit]) => `?cursor=${n}&limit=${limit}`),
      );
      await fc.assert(
        fc.asyncProperty(query, async (q) => {
          const res = await a.app.inject({ method: 'GET', url: `${path}${q}`, headers: a.admin.headers });
          const where = `GET ${path}${q} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, where).toBeLessThan(500);
          if (res.statusCode >= 400) expectSomeProblem(res, where);
        }),
        { numRuns: 40 },
      );
    },
  );
});

describe(`bad input before setup (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeAll(async () => {
    a = await buildAssociation({ setup: false });
  });
  afterAll(async () => {
    await a?.close();
  });

  it('shows the setup form again, values kept, and creates nothing', async () => {
    const browser = a.browser();
    await browser.get('/setup');
    const before = await databaseFingerprint(a.database);
    const cases: [Record<string, string>, number][] = [
      [{ associationName: 'TeDomum', displayName: 'Ada', email: 'ada@', password: 'a long enough passphrase' }, 400],
      [{ associationName: '', displayName: 'Ada', email: 'ada@example.org', password: 'a long enough passphrase' }, 400],
      [{ associationName: 'TeDomum', displayName: 'Ada', email: 'ada@example.org', password: 'short' }, 422],
      [{ associationName: 'TeDomum', displayName: '', email: 'ada@example.org', password: 'a long enough passphrase' }, 400],
    ];
    for (const [form, status] of cases) {
      const res = await browser.post('/setup', form);
      expect(res.statusCode, JSON.stringify(form)).toBe(status);
      expect(res.body).toContain('role="alert"');
      if (form.associationName) expect(res.body).toContain(`value="${form.associationName}"`);
      expect(await databaseFingerprint(a.database)).toBe(before);
    }
  });
});
