import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './db.js';
import * as foundation from '../../migrations/2026-11-28-foundation.js';

/**
 * Migrations are listed here statically (no directory scan), so the build and the bundle know
 * every one of them. Names sort by date; each receives the dialect for the rare DDL branch.
 */
const migrations = [['2026-11-28-foundation', foundation]] as const;

export async function migrate(database: Database): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const record: Record<string, Migration> = {};
      for (const [name, m] of migrations) record[name] = { up: (db) => m.up(db, database.dialect) };
      return record;
    },
  };
  const migrator = new Migrator({ db: database.db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
