import pg from 'pg';
import type { TestAssociation } from './harness.js';

/**
 * Statements the driver executed (transaction control included), counted below Kysely, on both
 * databases: how test/query-counts.test.ts bounds each page, and the convening test its writes.
 */
export function countStatements(a: Pick<TestAssociation, 'database'>): { reset(): void; readonly count: number } {
  let count = 0;
  const sqlite = a.database.sqlite;
  if (sqlite) {
    // Every statement Kysely's SQLite driver runs goes through `all`, `run` or `iterate` of a
    // prepared statement, kept or new (the connection keeps them, platform/db.ts): counted on the
    // statements' prototype, so that a kept one counts each time it runs.
    const prototype = Object.getPrototypeOf(sqlite.prepare('select 1')) as Record<'all' | 'run' | 'iterate', (...args: unknown[]) => unknown>;
    for (const method of ['all', 'run', 'iterate'] as const) {
      const original = prototype[method];
      prototype[method] = function (this: { database?: unknown }, ...args: unknown[]) {
        // Only this association's connection: the prototype is every connection's.
        if (this.database === sqlite) count++;
        return original.apply(this, args);
      };
    }
  } else {
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
  const prototype = Object.getPrototypeOf(sqlite.prepare('select 1')) as Record<'all' | 'run' | 'iterate', (...args: unknown[]) => unknown>;
  const texts: string[] = [];
  const originals = (['all', 'run', 'iterate'] as const).map((method) => [method, prototype[method]] as const);
  for (const [method, original] of originals)
    prototype[method] = function (this: { database?: unknown; source: string }, ...args: unknown[]) {
      if (this.database === sqlite) texts.push(this.source);
      return original.apply(this, args);
    };
  try {
    await fn();
  } finally {
    for (const [method, original] of originals) prototype[method] = original;
  }
  return texts;
}
