import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { createRequire } from 'node:module';
import type PG from 'pg';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  sql,
  type PostgresPool,
  type PostgresPoolClient,
  type SqliteDatabase,
  type Transaction,
} from 'kysely';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** Runs `fn` in one transaction; everything written through `trx` commits or none of it does. */
  transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** SQLite only: the connection itself, for its online backup API (`equipage backup`). */
  sqlite?: SQLite.Database;
}

/**
 * The PostgreSQL driver, loaded on first use: a server on the embedded SQLite never needs it, and
 * loading it was a tenth of a cold start (docs/performance.md).
 */
const require = createRequire(import.meta.url);
let driver: typeof PG | undefined;
function pgDriver(): typeof PG {
  if (!driver) {
    driver = require('pg') as typeof PG;
    // pg returns int8 (count(*)) as text by default; our counts stay far below 2^53.
    driver.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
  }
  return driver;
}

export interface OpenOptions {
  /** PostgreSQL only: use this schema (created if missing); lets each test own a fresh one. */
  schema?: string;
}

/**
 * The database holds personal data: its folder is made 0700 and its file 0600, so that only the
 * server's user reads them (SQLite gives its -wal and -shm files the database file's mode). An
 * older file or the default data/ folder with wider modes is narrowed; another existing folder
 * (the working directory, a shared one) is left as it is (docs/operations.md).
 */
function keepPrivate(file: string): void {
  const folder = dirname(file);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (folder === resolve('data') && (statSync(folder).mode & 0o077) !== 0) chmodSync(folder, 0o700);
  if (!existsSync(file)) closeSync(openSync(file, 'wx', 0o600));
  for (const suffix of ['', '-wal', '-shm']) {
    const path = `${file}${suffix}`;
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  }
}

/** How many prepared statements a SQLite connection keeps; the least recently used go first. */
export const KEPT_STATEMENTS = 500;

/**
 * The SQLite connection as Kysely sees it, keeping the statements it prepares. Kysely's driver
 * prepares every statement it runs, and preparing (parsing and planning) took about 6 % of a
 * page's CPU (docs/performance.md). A statement is kept by its text, which holds no value (values
 * are bound), for the process's life, up to KEPT_STATEMENTS so that a process building many
 * distinct texts (multi-row inserts of every size) does not grow without end. Kysely runs one
 * statement at a time on its connection, and a streamed read holds the connection until it is
 * consumed; a kept statement still busy all the same is not reused (better-sqlite3 would refuse
 * it): that call gets a new one. SQLite prepares a kept statement again by itself when a migration
 * changed the schema it was planned on.
 */
function keepingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(source: string) {
      const known = kept.get(source);
      if (known && !known.busy) {
        // Most recently used last: the Map's order is the eviction order.
        kept.delete(source);
        kept.set(source, known);
        return known;
      }
      const statement = sqlite.prepare(source);
      if (!known) {
        kept.set(source, statement);
        if (kept.size > KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
      }
      return statement;
    },
  };
}

export function openDatabase(url: string, options: OpenOptions = {}): Database {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path !== ':memory:') keepPrivate(resolve(path));
    const sqlite = new SQLite(path);
    // WAL lets readers proceed during a write; FULL makes every acknowledged commit durable.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: keepingStatements(sqlite) }) });
    return {
      db,
      dialect: 'sqlite',
      transaction: (fn) => db.transaction().execute(fn),
      close: () => db.destroy(),
      sqlite,
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new (pgDriver().Pool)({
      connectionString: url,
      max: 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: lendingClients(pool) }) });
    return {
      db,
      dialect: 'postgres',
      transaction: (fn) => db.transaction().execute(fn),
      close: () => db.destroy(),
    };
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got ${url})`);
}

/**
 * A statement text no SQL can be: the connection that receives it hands its pg client to the
 * function given as its one parameter, instead of sending anything to the server (`withPgClient`).
 */
const LEND_CLIENT = '\u0000equipage: lend the pg client';

type ClientUse = (client: PG.PoolClient) => Promise<void>;

/**
 * The pool as Kysely sees it, each client wrapped so that it can be lent out (`withPgClient`).
 * Kysely keeps a transaction on one pooled connection but gives no way to reach its pg client,
 * which COPY FROM STDIN needs; its `PostgresPoolClient` interface is what it calls, so answering
 * LEND_CLIENT there reaches the very connection of the transaction. One wrapper per client: Kysely
 * keys its connections by the object `connect()` returns.
 */
function lendingClients(pool: PG.Pool): PostgresPool {
  const wrappers = new WeakMap<PG.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        const query = (text: unknown, parameters?: readonly unknown[]) =>
          text === LEND_CLIENT
            ? (parameters![0] as ClientUse)(client).then(() => ({ command: 'SELECT', rowCount: 0, rows: [] }))
            : client.query(text as string, parameters as unknown[]);
        wrapper = { query, release: (destroy?: boolean) => client.release(destroy) } as unknown as PostgresPoolClient;
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

/**
 * PostgreSQL only: runs `use` with the pg client of `db`'s connection, the transaction's own when
 * `db` is a transaction, so that what it does commits or rolls back with the rest. For what
 * Kysely cannot say, such as COPY FROM STDIN (platform/copy.ts); nothing else should need it.
 */
export async function withPgClient<T>(db: Kysely<DB>, use: (client: PG.PoolClient) => Promise<T>): Promise<T> {
  let result: T | undefined;
  const lent: ClientUse = async (client) => {
    result = await use(client);
  };
  await db.executeQuery(CompiledQuery.raw(LEND_CLIENT, [lent]));
  return result as T;
}

export async function createSchema(url: string, schema: string): Promise<void> {
  const client = new (pgDriver().Client)({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new (pgDriver().Client)({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '')}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** JSON columns come back parsed from PostgreSQL (jsonb) and as text from SQLite. */
export function parseJsonColumn(value: unknown): unknown {
  if (typeof value === 'string') return JSON.parse(value);
  return value ?? null;
}

/**
 * A unique index or primary key refused the write: another request wrote the same row first.
 * With `constraint`, only that index's refusal counts: PostgreSQL names the index; SQLite names
 * its columns instead (`table.column`), so there `columns` tells it, and without them any unique
 * refusal counts. The one place that reads drivers' error codes.
 */
export function isUniqueViolation(error: unknown, constraint?: string, columns?: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  if (e?.code === '23505') return constraint === undefined || e.constraint === constraint;
  const sqlite = e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  return sqlite && (columns === undefined || String(e.message).includes(columns));
}

export { sql };
