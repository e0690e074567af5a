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
    // Kysely's SQLite driver prepares every statement it runs.
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      count++;
      return prepare(source);
    }) as typeof sqlite.prepare;
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
