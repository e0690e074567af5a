/**
 * Random input (fast-check): whatever arrives at a write route, never a 5xx, and a refusal never
 * leaves a trace. On an association of its own: a random request that happens to be valid is
 * allowed to change the fixtures.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { databaseFingerprint, dialectUnderTest } from '../harness.js';
import { badInputAssociation, bureauAlone, expectSomeProblem, type Fixtures } from './harness.js';
import { apiCases, formCases } from './cases/index.js';

describe(`bad input: random (${dialectUnderTest})`, () => {
  const context = badInputAssociation();

  // Random input: whatever arrives, never a 5xx, and a refusal never leaves a trace.
  let serial = 0;
  interface FuzzedRoute {
    key: string;
    /** Where to send: the route's own targets, and the same URL with a random id in place. */
    urls: (f: Fixtures) => string[];
    withId?: (f: Fixtures, id: string) => string;
    /** A valid body (fresh each time) and the fields to replace in it with something hostile. */
    valid?: (f: Fixtures) => Record<string, unknown>;
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
      valid: (x) => ({ personId: x.carol.id, role: 'member' }),
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
      valid: (x) => ({ personId: x.bob.id, office: 'member' }),
      fields: ['personId', 'office', 'since'],
    },
    {
      key: 'POST /api/v1/contributions',
      urls: () => ['/api/v1/contributions'],
      valid: (x) => ({ personId: x.bob.id, kind: 'moderation', occurredOn: '2026-01-10', summary: `Fuzz ${++serial}` }),
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
    const { a, f } = context();
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
          .map(([field, value]) => ({ type: 'application/json', payload: () => JSON.stringify(withField(valid(f), field, value)) })),
      );
      if (route.form) {
        hostile.push(
          fc.tuple(fc.constantFrom(...fields), text(40)).map(([field, value]) => ({
            type: 'application/x-www-form-urlencoded',
            payload: () => new URLSearchParams({ ...(valid(f) as Record<string, string>), [field]: value }).toString(),
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
  function targetsOf(f: Fixtures, key: string): { url: string; headers?: Record<string, string> }[] {
    const cases: { url: string; headers?: Record<string, string> }[] = key in apiCases ? apiCases[key](f) : formCases[key](f);
    const seen = new Map<string, { url: string; headers?: Record<string, string> }>();
    for (const c of cases) if (!seen.has(c.url)) seen.set(c.url, { url: c.url, headers: c.headers });
    return [...seen.values()];
  }

  // Every write route, including those without a tailored generator above: random bodies of
  // every kind, random query strings and random headers. Runs last: a random request that happens
  // to be valid is allowed to change the fixtures.
  it('every write route survives random bodies, query strings and headers', async () => {
    const { a, f } = context();
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
      const targets = targetsOf(f, key);
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
      const { a } = context();
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
