import { expect } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.js';
import { buildDispatcher, type Services } from '../src/container.js';
import type { Dispatcher } from '../src/platform/outbox/dispatcher.js';
import { parseConfig, type Config } from '../src/platform/config.js';
import { createSchema, dropSchema, openDatabase, type Database } from '../src/platform/db.js';
import { MIGRATION_LOCK, migrate } from '../src/platform/migrations.js';
import { anonymous, type Actor } from '../src/platform/auth/actor.js';
import type { App } from '../src/platform/http/types.js';
import type { RouteInfo } from '../src/platform/http/hooks.js';
import type { Clock } from '../src/platform/time.js';
import type { DB } from '../src/platform/schema.js';

const execFileAsync = promisify(execFile);

/** The database the suite runs on: PostgreSQL when DATABASE_URL says so, else in-memory SQLite. */
export const dialectUnderTest = process.env.DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'sqlite';

/** The CLI's identity in tests: the system, acting with administrator rights and no person. */
export const system: Actor = { ...anonymous, isAdmin: true };

export function testConfig(overrides: Record<string, string> = {}): Config {
  const raw = parseConfig({
    DATABASE_URL: 'sqlite::memory:',
    // Cheap hashing in tests; production keeps the argon2id defaults of the config schema.
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
  return { ...raw, EQUIPAGE_SECRET: 'test-secret-test-secret-test-secret-123', dataDir: '/tmp' };
}

/** A fresh, migrated, empty database: a new schema on PostgreSQL, a new in-memory file on SQLite. */
export async function freshDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url?.startsWith('postgres')) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    await createMigratedSchema(url, schema);
    const database = openDatabase(url, { schema });
    return {
      database,
      drop: async () => {
        await database.close();
        await underSchemaLock(url, () => dropSchema(url, schema));
      },
    };
  }
  const database = openDatabase('sqlite::memory:');
  await migrate(database);
  return { database, drop: () => database.close() };
}

/**
 * A migrated schema for one test. Migrating costs a few hundred milliseconds per test and takes a
 * lock the other workers wait for; instead the migrations run once into a template schema named
 * after their sources (so a changed migration makes a new one), and each test replays its
 * definition, taken once per worker with pg_dump, under its own name. Without pg_dump, or if the
 * replay fails, the test's schema is migrated as the application does it.
 */
async function createMigratedSchema(url: string, schema: string): Promise<void> {
  const ddl = await templateDefinition(url).catch(() => null);
  if (ddl) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(ddl.text.split(ddl.template).join(schema));
      return;
    } catch (e) {
      console.warn(`replaying the template schema into ${schema} failed (${(e as Error).message}); migrating it instead`);
    } finally {
      await client.end();
    }
  }
  // A failed replay left nothing (it ran as one transaction); the schema is dropped all the same,
  // in turn with the others, in case it was made before the failure. migrate() takes the schema
  // lock itself (src/platform/migrations.ts), as the CLI's does.
  if (ddl) await underSchemaLock(url, () => dropSchema(url, schema));
  await createSchema(url, schema);
  const database = openDatabase(url, { schema });
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
}

const TEMPLATE_LOCK = 7240099;
let template: Promise<{ template: string; text: string }> | null = null;

function templateDefinition(url: string): Promise<{ template: string; text: string }> {
  template ??= (async () => {
    const dir = new URL('../migrations/', import.meta.url).pathname;
    const hash = createHash('sha256');
    for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(join(dir, file)));
    hash.update(readFileSync(new URL('../src/platform/migrations.ts', import.meta.url)));
    const name = `tpl_${hash.digest('hex').slice(0, 16)}`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // One worker builds it (under another name, renamed when complete); the others wait, then find it.
      await client.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
      const found = await client.query('select 1 from pg_namespace where nspname = $1', [name]);
      if (found.rowCount === 0) {
        const building = `${name}_building`;
        await client.query(`DROP SCHEMA IF EXISTS "${building}" CASCADE`);
        await createSchema(url, building);
        const database = openDatabase(url, { schema: building });
        try {
          await migrate(database);
        } finally {
          await database.close();
        }
        await client.query(`ALTER SCHEMA "${building}" RENAME TO "${name}"`);
      }
    } finally {
      await client.end();
    }
    const { stdout } = await execFileAsync('pg_dump', ['--no-owner', '--no-privileges', '--no-comments', '--inserts', '-n', name, '-d', url], {
      maxBuffer: 64 * 1024 * 1024,
    });
    // pg_dump (15.14 and later) fences its output with psql's \restrict and \unrestrict, which
    // are not SQL: without them dropped every replay failed, and each test migrated its schema.
    return { template: name, text: stdout.replace(/^\\(?:un)?restrict .*$/gm, '') };
  })();
  return template;
}

/**
 * Kysely's migrator reads the catalogue of every schema in the database; a schema that another
 * test worker drops meanwhile makes that read fail ("schema t_… does not exist"). Migrating and
 * dropping test schemas therefore take turns, across processes, on one advisory lock.
 */
export function dropTestSchema(url: string, schema: string): Promise<void> {
  return underSchemaLock(url, () => dropSchema(url, schema));
}

/**
 * For a test that takes its schema back to how it stood before a migration (drops a column, an
 * index, a trigger) to run that migration again: PostgreSQL only, the change waits its turn on the
 * schema lock. Without it another worker's migrator, reading every schema's columns at that very
 * moment, fails on the column dropped under it ("column sort_key of relation … does not exist").
 */
export function alteringTestSchema<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_URL;
  return database.dialect === 'postgres' && url ? underSchemaLock(url, fn) : fn();
}

async function underSchemaLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await fn();
  } finally {
    // Ending the session releases the lock, whatever happened in fn.
    await client.end();
  }
}

export interface TestClock extends Clock {
  set(instant: string): void;
}

/** A clock that follows real time until a test pins it. */
export function testClock(): TestClock {
  let pinned: string | null = null;
  return {
    now: () => pinned ?? new Date().toISOString(),
    today: () => (pinned ?? new Date().toISOString()).slice(0, 10),
    set: (instant) => {
      pinned = instant;
    },
  };
}

export const ADMIN_PASSWORD = 'correct horse battery staple';

export type Role = 'anonymous' | 'person' | 'contributor' | 'member' | 'lead' | 'bureau' | 'admin';
export const roles: Role[] = ['anonymous', 'person', 'contributor', 'member', 'lead', 'bureau', 'admin'];

export interface TestAssociation {
  app: App;
  services: Services;
  /** Every route of the app with the policy it names. */
  routes: RouteInfo[];
  database: Database;
  clock: TestClock;
  admin: { id: string; email: string; headers: Record<string, string> };
  close(): Promise<void>;
  /** Creates a person (through the service, audited like any write). */
  person(
    overrides?: Partial<{ displayName: string; email: string; publicConsent: boolean; locale: 'fr' | 'en' }>,
  ): Promise<{ id: string; email: string; displayName: string }>;
  /** A fresh person holding `role`, and the Bearer header that acts as them. */
  actingAs(role: Role): Promise<{ id: string | null; headers: Record<string, string> }>;
  bearer(personId: string): Promise<Record<string, string>>;
  /** A browser-like visitor: keeps cookies, reads the CSRF token from pages; from `ip` when given (throttling is per address). */
  browser(ip?: string): Browser;
  config: Config;
  /** The outbox dispatcher `serve` runs, on this association's clock: tests drain it. */
  dispatcher(): Dispatcher;
}

let counter = 0;
function uniqueEmail(label: string): string {
  counter++;
  return `${label}.${counter}.${randomBytes(3).toString('hex')}@example.org`;
}

/** A fresh association per test: migrated database, app, first administrator, both teams. */
export async function buildAssociation(options: { setup?: boolean; config?: Record<string, string> } = {}): Promise<TestAssociation> {
  const { database, drop } = await freshDatabase();
  const clock = testClock();
  const config = testConfig(options.config);
  const { app, services, routes } = await buildApp({ database, config, clock });
  let admin = { id: '', email: 'admin@example.org', headers: {} as Record<string, string> };
  const bearer = async (personId: string) => ({ authorization: `Bearer ${(await services.accounts.createToken(personId, 'test')).token}` });
  if (options.setup !== false) {
    const id = await services.accounts.setup({
      associationName: 'TeDomum',
      displayName: 'Ada Admin',
      email: admin.email,
      password: ADMIN_PASSWORD,
      locale: 'fr',
    });
    admin = { id, email: admin.email, headers: await bearer(id) };
  }
  const person: TestAssociation['person'] = async (overrides = {}) => {
    const email = overrides.email ?? uniqueEmail('person');
    const created = await services.people.create(system, {
      displayName: overrides.displayName ?? `Person ${counter}`,
      email,
      publicConsent: overrides.publicConsent,
      locale: overrides.locale,
    });
    return { id: created.id, email: created.email, displayName: created.displayName };
  };
  return {
    app,
    services,
    routes,
    database,
    clock,
    admin,
    bearer,
    person,
    async close() {
      await app.close();
      await drop();
    },
    async actingAs(role) {
      if (role === 'anonymous') return { id: null, headers: {} };
      if (role === 'admin') return { id: admin.id, headers: admin.headers };
      const p = await person({ displayName: `A ${role}` });
      if (role === 'contributor') await services.teams.addToRoster(system, 'communaute', p.id, 'member');
      if (role === 'lead') await services.teams.addToRoster(system, 'technique', p.id, 'lead');
      if (role === 'bureau') await services.bureau.appoint(system, { personId: p.id, office: 'member' });
      if (role === 'member') {
        // The row is written directly: accepting an application in a session would slow every test down.
        const now = clock.now();
        await database.db
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
      }
      return { id: p.id, headers: await bearer(p.id) };
    },
    browser: (ip?: string) => new Browser(app, ip),
    config,
    dispatcher: () => buildDispatcher({ database, clock, config }, services),
  };
}

/** Just enough of a browser for app.inject: a cookie jar and the form token of the last page. */
export class Browser {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(
    private app: App,
    private ip?: string,
  ) {}

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1];
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'GET',
      url,
      remoteAddress: this.ip,
      headers: { accept: 'text/html', cookie: this.cookieHeader(), ...headers },
    });
    this.remember(res);
    return res;
  }

  /** Submits a form as a browser would, with the token of the last page unless one is given. */
  async post(url: string, fields: Record<string, string>, options: { csrf?: string } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams({ _csrf: options.csrf ?? this.csrf, ...fields }).toString();
    const res = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.ip,
      payload: body,
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() },
    });
    this.remember(res);
    return res;
  }

  async login(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/login');
    return this.post('/login', { email, password });
  }
}

/** A fingerprint of every table's rows: equal before and after means the database did not change. */
export async function databaseFingerprint(database: Database): Promise<string> {
  // Every table, by construction: a new table that is not named here does not compile. Login
  // sessions are left out (a browser's session is touched by the requests that read it).
  const included: Record<keyof DB, boolean> = {
    association: true,
    association_settings: true,
    people: true,
    // SQLite's search index: copies of people's columns, and no table at all on PostgreSQL.
    people_search: false,
    identities: true,
    // Each person's stored activity standing, derived from the contributions (which are in): a
    // fresh database records them at its first full assessment, which any read of everyone's
    // activity may be, refused request or not.
    activity_standings: false,
    activity_standing_policy: false,
    sessions: false,
    api_tokens: true,
    password_resets: true,
    person_emails: true,
    email_changes: true,
    // A refused login counts against the account and the address (throttling): that row is the
    // refusal working, not a change the request made.
    attempt_counters: false,
    totp_factors: true,
    totp_recovery_codes: true,
    login_challenges: true,
    bureau_changes: true,
    administrators: true,
    teams: true,
    team_roles: true,
    bureau_offices: true,
    memberships: true,
    audit_log: true,
    mail_log: true,
    mail_letters: true,
    contributions: true,
    forge_accounts: true,
    forge_deliveries: true,
    forge_unknown_authors: true,
    bureau_recurrence: true,
    bureau_sessions: true,
    bureau_attendance: true,
    applications: true,
    agenda_items: true,
    decisions: true,
    outbox: true,
    rooms: true,
    room_deliveries: true,
    assemblies: true,
    assembly_items: true,
    assembly_documents: true,
    assembly_invitees: true,
    assembly_proxies: true,
    assembly_resolutions: true,
    assembly_votes: true,
    requests: true,
    request_messages: true,
    request_consultations: true,
    // Only accepted submissions are counted (a refused one writes nothing), so it stays in.
    request_throttle: true,
    request_digests: true,
  };
  const tables = (Object.keys(included) as (keyof DB)[]).filter((t) => included[t]);
  const parts: string[] = [];
  for (const t of tables) {
    const rows = await database.db.selectFrom(t).selectAll().execute();
    parts.push(`${t}:${JSON.stringify(rows.map((r) => JSON.stringify(r)).sort())}`);
  }
  return parts.join('\n');
}

/**
 * What a refused request must leave unchanged: every table, except that a token's first use is
 * recorded (last_used_at), which is no change the refusal made.
 */
export async function stateFingerprint(a: Pick<TestAssociation, 'database'>): Promise<string> {
  return (await databaseFingerprint(a.database)).replace(/\\"last_used_at\\":(null|\\"[^\\]*\\")/g, '');
}

/** A CSV file posted to an import route of the API, as an administrator unless told whose headers to send. */
export function postCsv(a: Pick<TestAssociation, 'app' | 'admin'>, url: string, csv: string, headers: Record<string, string> = a.admin.headers) {
  return a.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'text/csv' }, payload: csv });
}

/** A refusal as the API gives it: problem+json with this status and stable code. */
export function expectProblem(res: LightMyRequestResponse, status: number, code: string): { detail: string; errors: { path: string; code: string }[] } {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = res.json();
  expect(problem).toMatchObject({ status, code, title: expect.any(String), detail: expect.any(String) });
  return problem;
}
