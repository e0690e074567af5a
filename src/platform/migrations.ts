import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './db.js';
import * as foundation from '../../migrations/2026-11-28-foundation.js';
import * as contributions from '../../migrations/2026-11-29-contributions.js';
import * as activityIndexes from '../../migrations/2026-11-30-activity-indexes.js';
import * as applications from '../../migrations/2026-12-01-applications.js';
import * as lifecycle from '../../migrations/2026-12-02-lifecycle.js';
import * as roomsAndDelivery from '../../migrations/2026-12-03-rooms-and-delivery.js';
import * as assemblies from '../../migrations/2026-12-04-assemblies.js';
import * as accountsSecurity from '../../migrations/2026-12-05-accounts-security.js';
import * as privacy from '../../migrations/2026-12-06-privacy.js';
import * as requests from '../../migrations/2026-12-07-requests.js';
import * as peopleSearchTrigrams from '../../migrations/2026-12-08-people-search-trigrams.js';
import * as attemptCounters from '../../migrations/2026-12-09-attempt-counters.js';
import * as peopleSearchNames from '../../migrations/2026-12-09-people-search-names.js';
import * as associationSettings from '../../migrations/2026-12-08-association-settings.js';
import * as bureauTrust from '../../migrations/2026-12-08-bureau-trust.js';
import * as loginEmailVerification from '../../migrations/2026-12-08-login-email-verification.js';
import * as mailSecretLinks from '../../migrations/2026-12-08-mail-secret-links.js';
import * as outboxRetryWindow from '../../migrations/2026-12-10-outbox-retry-window.js';
import * as retiredWelcomeTopic from '../../migrations/2026-12-11-retired-welcome-topic.js';
import * as invitations from '../../migrations/2026-12-12-invitations.js';
import * as requestNotifications from '../../migrations/2026-12-13-request-notifications.js';
import * as minutesRecord from '../../migrations/2026-12-14-minutes-record.js';
import * as inviteeSortKey from '../../migrations/2026-12-15-invitee-sort-key.js';
import * as peopleSearchFts from '../../migrations/2026-12-15-people-search-fts.js';
import * as activityStandings from '../../migrations/2026-12-15-activity-standings.js';
import * as registerOrder from '../../migrations/2026-12-16-register-order.js';
import * as mailLetters from '../../migrations/2026-12-16-mail-letters.js';
import * as peopleEmailTrigrams from '../../migrations/2026-12-16-people-email-trigrams.js';

/**
 * Migrations are listed here statically (no directory scan), so the build and the bundle know
 * every one of them. Names sort by date; each receives the dialect for the rare DDL branch.
 */
const migrations = [
  ['2026-11-28-foundation', foundation],
  ['2026-11-29-contributions', contributions],
  ['2026-11-30-activity-indexes', activityIndexes],
  ['2026-12-01-applications', applications],
  ['2026-12-02-lifecycle', lifecycle],
  ['2026-12-03-rooms-and-delivery', roomsAndDelivery],
  ['2026-12-04-assemblies', assemblies],
  ['2026-12-05-accounts-security', accountsSecurity],
  ['2026-12-06-privacy', privacy],
  ['2026-12-07-requests', requests],
  ['2026-12-08-association-settings', associationSettings],
  ['2026-12-08-bureau-trust', bureauTrust],
  ['2026-12-08-login-email-verification', loginEmailVerification],
  ['2026-12-08-mail-secret-links', mailSecretLinks],
  ['2026-12-08-people-search-trigrams', peopleSearchTrigrams],
  ['2026-12-09-attempt-counters', attemptCounters],
  ['2026-12-09-people-search-names', peopleSearchNames],
  ['2026-12-10-outbox-retry-window', outboxRetryWindow],
  ['2026-12-11-retired-welcome-topic', retiredWelcomeTopic],
  ['2026-12-12-invitations', invitations],
  ['2026-12-13-request-notifications', requestNotifications],
  ['2026-12-14-minutes-record', minutesRecord],
  ['2026-12-15-invitee-sort-key', inviteeSortKey],
  ['2026-12-15-people-search-fts', peopleSearchFts],
  ['2026-12-15-activity-standings', activityStandings],
  ['2026-12-16-register-order', registerOrder],
  ['2026-12-16-mail-letters', mailLetters],
  ['2026-12-16-people-email-trigrams', peopleEmailTrigrams],
] as const;

export async function migrate(database: Database): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const record: Record<string, Migration> = {};
      for (const [name, m] of migrations) record[name] = { up: (db) => m.up(db, database.dialect) };
      return record;
    },
  };
  // Kysely looks for its own tables in every schema unless told which one: on PostgreSQL, name
  // ours, or another schema of the same database (another instance, a test) hides them.
  const migrationTableSchema =
    database.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({ db: database.db, provider, migrationTableSchema });
  const { error, results } =
    database.dialect === 'postgres' ? await underMigrationLock(database, () => migrator.migrateToLatest()) : await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Migrating reads the catalogue of every schema of the database; a schema dropped meanwhile (by
 * another instance, another test worker) makes that read fail. Migrations and schema drops take
 * turns on one session-level advisory lock, held on a connection of its own while the migrator
 * works on the others; several instances starting at once also migrate one after the other.
 */
export const MIGRATION_LOCK = 7240002;

async function underMigrationLock<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  return database.db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
}
