/**
 * The HTTP half of the bench: the application in a process of its own on the bench's database, a
 * bare Fastify route in another as the baseline, both loaded with autocannon from this process on
 * loopback. Measures cold start (spawn to the first successful GET), requests per second, latency,
 * and the server's resident memory. Every child runs in its own process group and is killed at the
 * end, on error, and when this process exits or is interrupted.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import type { Config } from '../src/platform/config.js';
import type { Database } from '../src/platform/db.js';
import { systemClock } from '../src/platform/time.js';
import { createAccountsService } from '../src/modules/accounts/service.js';
import { createBureauService } from '../src/modules/bureau/service.js';
import { anonymous } from '../src/platform/auth/actor.js';
import { personId, teamSlug } from './synthetic.js';
import { residentMb, sampleRss, startProcess } from './processes.js';

/** The slice of autocannon's API used here (it ships no types of its own). */
interface LoadRequest {
  method?: 'GET';
  path: string;
  headers?: Record<string, string>;
}
interface Percentiles {
  average: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
}
interface AutocannonResult {
  requests: Percentiles;
  latency: Percentiles;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): void;
}
type Autocannon = (
  options: { url: string; connections: number; duration: number; requests: LoadRequest[]; timeout: number },
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface Endpoint {
  /** Stable, for results.json and the targets: `directory`, `search`, `apiPeople`… */
  key: string;
  name: string;
  /** One connection asks for these in turn (several ids of one kind of page). */
  requests: LoadRequest[];
}

export interface EndpointResult {
  key: string;
  name: string;
  paths: string[];
  /** The median of autocannon's per-second counts. */
  requestsPerSecond: number;
  /** All requests answered over the measured duration. */
  requestsPerSecondMean: number;
  requests: number;
  seconds: number;
  /** From every response's own time (sub-millisecond); autocannon's histogram rounds to whole ms. */
  latencyMs: { p50: number; p99: number; max: number; mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** The size of one response body, from the check before the load. */
  responseBytes: number;
}

function run(port: number, endpoint: Endpoint, connections: number, seconds: number, onResponse?: (ms: number) => void): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: `http://127.0.0.1:${port}`, connections, duration: seconds, requests: endpoint.requests.map((r) => ({ method: 'GET', ...r })), timeout: 30 },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (onResponse) instance.on('response', (_client, _status, _bytes, ms) => onResponse(ms));
  });
}

const percentile = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0);
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Checks every path answers 200 once, warms up (results dropped), then measures. */
export async function loadEndpoint(port: number, endpoint: Endpoint, settings: LoadSettings): Promise<EndpointResult> {
  let responseBytes = 0;
  for (const r of endpoint.requests) {
    const response = await fetch(`http://127.0.0.1:${port}${r.path}`, { headers: r.headers, redirect: 'manual' });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET ${r.path} answered ${response.status}: ${body.slice(0, 300)}`);
    responseBytes = Buffer.byteLength(body);
  }
  if (settings.warmupSeconds > 0) await run(port, endpoint, settings.connections, settings.warmupSeconds);
  let times = new Float64Array(1 << 16);
  let count = 0;
  const result = await run(port, endpoint, settings.connections, settings.durationSeconds, (ms) => {
    if (count === times.length) {
      const bigger = new Float64Array(times.length * 2);
      bigger.set(times);
      times = bigger;
    }
    times[count++] = ms;
  });
  // A page slower than the whole measurement answered nothing in it: no figure rather than a false zero.
  if (count === 0) throw new Error(`no response within ${settings.durationSeconds} s of load`);
  const sorted = times.slice(0, count).sort();
  let sum = 0;
  for (const t of sorted) sum += t;
  return {
    key: endpoint.key,
    name: endpoint.name,
    paths: endpoint.requests.map((r) => r.path),
    // The median of per-second samples says little over a few seconds (a slow page's samples are 0 or 1): the mean then.
    requestsPerSecond: settings.durationSeconds >= 5 ? result.requests.p50 : Math.round((count / result.duration) * 10) / 10,
    requestsPerSecondMean: Math.round(result.requests.total / result.duration),
    requests: result.requests.total,
    seconds: result.duration,
    latencyMs: {
      p50: round2(percentile(sorted, 50)),
      p99: round2(percentile(sorted, 99)),
      max: round2(sorted[count - 1] ?? 0),
      mean: round2(count ? sum / count : 0),
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
    responseBytes,
  };
}

/**
 * The synthetic association has no administrator: one is made, with a browser session for the
 * pages and an API token for the JSON API, through the accounts service as setup would.
 */
async function benchCredentials(database: Database, config: Config): Promise<{ page: Record<string, string>; api: Record<string, string> }> {
  const accounts = createAccountsService({ database, clock: systemClock, config });
  const email = 'bench-admin@bench.example';
  const password = randomBytes(18).toString('base64url');
  const { personId: adminId } = await accounts.createAdministrator({ displayName: 'Bench Admin', email, password, associationName: 'Bench association' });
  const session = await accounts.login({ email, password, ip: '127.0.0.1' });
  const { token } = await accounts.createToken(adminId, 'bench');
  // The administrator also sits on the bureau: the bureau's session pages are for the bureau alone.
  await createBureauService({ database, clock: systemClock, config }).appoint(
    { ...anonymous, isAdmin: true },
    { personId: adminId, office: 'member', since: '2020-01-01' },
  );
  // A browser sends back the CSRF cookie it was given: without it, each page would mint a new one.
  const csrf = randomBytes(24).toString('base64url');
  return {
    page: { cookie: `eq_session=${session.token}; eq_csrf=${csrf}`, accept: 'text/html' },
    api: { authorization: `Bearer ${token}`, accept: 'application/json' },
  };
}

/**
 * Contributors spread from the busiest to the quietest (the synthetic data gives person
 * floor(k/7)·10 + k mod 7 the k-th most work; those ending in 0–3 never stopped).
 */
function peopleWithActivity(people: number): string[] {
  return [0.001, 0.01, 0.05, 0.2, 0.5].map((f) => personId(Math.floor((people * f) / 10) * 10 + 1));
}

/** "Person 004…": a name prefix shared by 1,000 people at either size. */
const searchTerm = 'Person 004';
/** Accent-insensitive: no synthetic name has an accent, so "pérson" must find them through the folded key. */
const apiSearchTerm = 'pérson 0004';

/** The bureau session whose agenda is nearest 50 items, and the assembly whose invitees are nearest 5,000. */
async function sizedPages(database: Database): Promise<{ session: { id: string; items: number }; assembly: { id: string; invitees: number } }> {
  const nearest = (rows: { id: string; n: number | string }[], aim: number) =>
    rows.map((r) => ({ id: r.id, n: Number(r.n) })).sort((a, b) => Math.abs(a.n - aim) - Math.abs(b.n - aim))[0];
  const sessions = await database.db
    .selectFrom('agenda_items')
    .select((eb) => ['session_id as id', eb.fn.countAll<number>().as('n')])
    .groupBy('session_id')
    .execute();
  const assemblies = await database.db
    .selectFrom('assembly_invitees')
    .select((eb) => ['assembly_id as id', eb.fn.countAll<number>().as('n')])
    .groupBy('assembly_id')
    .execute();
  const session = nearest(sessions, 50);
  const assembly = nearest(assemblies, 5000);
  if (!session || !assembly) throw new Error('the synthetic association has no session or no assembly');
  return { session: { id: session.id, items: session.n }, assembly: { id: assembly.id, invitees: assembly.n } };
}

export interface HttpTarget {
  databaseUrl: string;
  schema?: string;
}

export interface HttpBenchResult {
  settings: LoadSettings & { requestsPerSecond: string; latency: string; rssEveryMs: number; runner: string };
  server: { coldStartMs: number; listeningMs: number; idleRssMb: number | null };
  rss: { maxMb: number | null; samples: number };
  baseline: EndpointResult & { idleRssMb: number | null; coldStartMs: number };
  /** rssMaxMb: the server's largest RSS while this endpoint was loaded (warm-up included). */
  endpoints: ((EndpointResult & { ratioToBaseline: number; rssMaxMb: number | null }) | { key: string; name: string; error: string })[];
  peopleWithActivity: { id: string; contributions: number }[];
  warnings: string[];
}

const RSS_EVERY_MS = 200;

/** Starts the server on `target`, measures the baseline then each endpoint, and stops everything. */
export async function benchHttp(
  database: Database,
  target: HttpTarget,
  options: {
    people: number;
    settings: LoadSettings;
    config: Config;
    /** The compiled bench/server-process.ts and bench/baseline-server.ts (compileServers), ready once `compiled` resolves. */
    servers: { app: string; baseline: string; compiled: Promise<unknown> };
    log: (message: string) => void;
  },
): Promise<HttpBenchResult> {
  const { settings, log } = options;
  const headers = await benchCredentials(database, options.config);
  const ids = peopleWithActivity(options.people);
  const counted = await Promise.all(
    ids.map(async (id) => {
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from contributions where person_id = ${id}`.execute(database.db);
      return { id, contributions: Number(rows[0].n) };
    }),
  );
  const sized = await sizedPages(database);
  const endpoints: Endpoint[] = [
    { key: 'directory', name: 'directory page /people', requests: [{ path: '/people', headers: headers.page }] },
    {
      key: 'search',
      name: `directory search /people?q=${searchTerm}`,
      requests: [{ path: `/people?q=${encodeURIComponent(searchTerm)}`, headers: headers.page }],
    },
    { key: 'apiPeople', name: 'GET /api/v1/people?limit=50', requests: [{ path: '/api/v1/people?limit=50', headers: headers.api }] },
    {
      key: 'apiSearch',
      name: `GET /api/v1/people?limit=50&q=${apiSearchTerm}`,
      requests: [{ path: `/api/v1/people?limit=50&q=${encodeURIComponent(apiSearchTerm)}`, headers: headers.api }],
    },
    { key: 'personPage', name: `person page /people/:id (${ids.length} ids)`, requests: ids.map((id) => ({ path: `/people/${id}`, headers: headers.page })) },
    { key: 'register', name: 'members register /members', requests: [{ path: '/members', headers: headers.page }] },
    { key: 'apiMembers', name: 'GET /api/v1/members?limit=50', requests: [{ path: '/api/v1/members?limit=50', headers: headers.api }] },
    { key: 'team', name: `team page /teams/${teamSlug(1)}`, requests: [{ path: `/teams/${teamSlug(1)}`, headers: headers.page }] },
    {
      key: 'session',
      name: `bureau session page (${sized.session.items} agenda items)`,
      requests: [{ path: `/bureau/sessions/${sized.session.id}`, headers: headers.page }],
    },
    {
      key: 'assembly',
      name: `assembly page (${sized.assembly.invitees.toLocaleString('en')} invitees)`,
      requests: [{ path: `/assemblies/${sized.assembly.id}`, headers: headers.page }],
    },
    {
      key: 'apiActivity',
      name: `GET /api/v1/people/:id/activity (${ids.length} ids)`,
      requests: ids.map((id) => ({ path: `/api/v1/people/${id}/activity`, headers: headers.api })),
    },
  ];
  const warnings: string[] = [];
  const warnIfFailed = (r: EndpointResult) => {
    if (r.errors + r.timeouts + r.non2xx > 0) {
      const message = `${r.name}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx (${JSON.stringify(r.statusCodes)})`;
      warnings.push(message);
      log(`WARNING ${message}`);
    }
  };

  await options.servers.compiled;
  // The baseline first, alone on the machine, then the application.
  const bare = await startProcess(options.servers.baseline, {}, '/');
  let baseline: HttpBenchResult['baseline'];
  try {
    const idleRssMb = residentMb(bare.pid);
    baseline = {
      ...(await loadEndpoint(bare.port, { key: 'baseline', name: 'bare Fastify route GET /', requests: [{ path: '/' }] }, settings)),
      idleRssMb,
      coldStartMs: bare.coldStartMs,
    };
    warnIfFailed(baseline);
    log(`baseline: ${baseline.requestsPerSecond.toLocaleString('en')} req/s, p99 ${baseline.latencyMs.p99} ms`);
  } finally {
    await bare.stop();
  }

  const server = await startProcess(
    options.servers.app,
    { BENCH_DATABASE_URL: target.databaseUrl, ...(target.schema ? { BENCH_SCHEMA: target.schema } : {}) },
    '/healthz',
  );
  try {
    log(`server: cold start ${server.coldStartMs} ms (listening after ${server.listeningMs} ms)`);
    const idleRssMb = residentMb(server.pid);
    const sampler = sampleRss(server.pid, RSS_EVERY_MS);
    const results: HttpBenchResult['endpoints'] = [];
    for (const endpoint of endpoints) {
      sampler.lap();
      try {
        const r = await loadEndpoint(server.port, endpoint, settings);
        warnIfFailed(r);
        results.push({ ...r, ratioToBaseline: Math.round((r.requestsPerSecond / baseline.requestsPerSecond) * 1000) / 1000, rssMaxMb: sampler.lap() });
        log(`${endpoint.name}: ${r.requestsPerSecond.toLocaleString('en')} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms`);
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        results.push({ key: endpoint.key, name: endpoint.name, error });
        warnings.push(`${endpoint.name}: ${error}`);
        log(`WARNING ${endpoint.name} not measured: ${error}`);
      }
    }
    const rss = sampler.stop();
    log(`server RSS: ${rss.maxMb ?? '?'} MB at most (${idleRssMb ?? '?'} MB idle)`);
    return {
      settings: {
        ...settings,
        requestsPerSecond: "median of autocannon's per-second samples",
        latency: 'percentiles of every response time seen by autocannon (sub-millisecond)',
        rssEveryMs: RSS_EVERY_MS,
        runner: 'node on one bundle of the server and its packages (esbuild, scripts/bundle.mjs), as npm start runs dist/equipage.mjs',
      },
      server: { coldStartMs: server.coldStartMs, listeningMs: server.listeningMs, idleRssMb },
      rss,
      baseline,
      endpoints: results,
      peopleWithActivity: counted,
      warnings,
    };
  } finally {
    await server.stop();
  }
}

/** Left-aligned columns, two spaces apart. */
export function columns(lines: string[][]): string {
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => (l[c] ?? '').length)));
  return lines
    .map((l) =>
      l
        .map((v, c) => (v ?? '').padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** One database's HTTP figures: each endpoint against the bare route, then start-up and memory. */
export function httpTable(http: HttpBenchResult): string {
  const fmt = (n: number) => n.toLocaleString('en');
  const lines: string[][] = [['endpoint', 'median req/s', 'p50 ms', 'p99 ms', 'ratio to baseline', 'server RSS MB']];
  const b = http.baseline;
  lines.push([b.name, fmt(b.requestsPerSecond), String(b.latencyMs.p50), String(b.latencyMs.p99), '1', '']);
  for (const e of http.endpoints) {
    if ('error' in e) lines.push([e.name, 'failed', '', '', '', '']);
    else
      lines.push([
        e.name,
        fmt(e.requestsPerSecond),
        String(e.latencyMs.p50),
        String(e.latencyMs.p99),
        `${(e.ratioToBaseline * 100).toFixed(1)} %`,
        String(e.rssMaxMb ?? '?'),
      ]);
  }
  const { connections, durationSeconds, warmupSeconds } = http.settings;
  return [
    columns(lines),
    `${connections} connections, ${durationSeconds} s each after ${warmupSeconds} s of warm-up; req/s: ${http.settings.requestsPerSecond}.`,
    `Server: cold start ${fmt(http.server.coldStartMs)} ms to the first GET /healthz; RSS ${http.rss.maxMb ?? '?'} MB at most during the run (${http.server.idleRssMb ?? '?'} MB idle; the bare route's process: ${b.idleRssMb ?? '?'} MB).`,
    ...http.warnings.map((w) => `WARNING ${w}`),
  ].join('\n');
}
