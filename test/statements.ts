import pg from 'pg';
import type { TestAssociation } from './harness.js';

type SqliteConnection = NonNullable<TestAssociation['database']['sqlite']>;
type Run = (...args: unknown[]) => unknown;

/**
 * Runs each statement this SQLite connection runs, kept or newly prepared, through `around` (its
 * text, and the run to make), until the returned function is called. Every statement Kysely's
 * SQLite driver runs goes through `all`, `run` or `iterate` of a prepared statement (the connection
 * keeps them, platform/db.ts): watched on the statements' prototype, so that a kept one counts each
 * time it runs, and only for this connection, since the prototype is every connection's. The
 * bench's statement timings (bench/statement-timings.ts) use it too.
 */
export function watchSqlite(sqlite: SqliteConnection, around: (source: string, run: () => unknown) => unknown): () => void {
  const prototype = Object.getPrototypeOf(sqlite.prepare('select 1')) as Record<'all' | 'run' | 'iterate', Run>;
  const originals = (['all', 'run', 'iterate'] as const).map((method) => [method, prototype[method]] as const);
  for (const [method, original] of originals)
    prototype[method] = function (this: { database?: unknown; source: string }, ...args: unknown[]) {
      return this.database === sqlite ? around(this.source, () => original.apply(this, args)) : original.apply(this, args);
    };
  return () => {
    for (const [method, original] of originals) prototype[method] = original;
  };
}

/**
 * Statements the driver executed (transaction control included), counted below Kysely, on both
 * databases: how test/query-counts.test.ts bounds each page, and the convening test its writes.
 */
export function countStatements(a: Pick<TestAssociation, 'database'>): { reset(): void; readonly count: number } {
  let count = 0;
  const sqlite = a.database.sqlite;
  if (sqlite)
    watchSqlite(sqlite, (_source, run) => {
      count++;
      return run();
    });
  else {
    // Kysely's PostgreSQL driver runs every statement through a pooled pg.Client.
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      count++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
  }
  return {
    reset: () => (count = 0),
    get count() {
      return count;
    },
  };
}

/**
 * SQLite only: the text of each statement this association's connection runs while `fn` runs,
 * kept or newly prepared (a kept statement is prepared once, so watching `prepare` would miss it).
 */
export async function statementsRun(a: Pick<TestAssociation, 'database'>, fn: () => Promise<unknown>): Promise<string[]> {
  const sqlite = a.database.sqlite;
  if (!sqlite) throw new Error('statementsRun reads SQLite statements');
  const texts: string[] = [];
  const stop = watchSqlite(sqlite, (source, run) => {
    texts.push(source);
    return run();
  });
  try {
    await fn();
  } finally {
    stop();
  }
  return texts;
}
