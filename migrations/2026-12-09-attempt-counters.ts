import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * Attempt counters: one row per throttled key (an HMAC of an account's email or of a client's
 * address, per purpose: login, password reset), holding how many attempts were made since its
 * window started. An attempt is counted and checked against the limit in one upsert that returns
 * the new count, so concurrent attempts cannot all read "below the limit" before any of them is
 * recorded (the race the per-failure rows of login_failures allowed). login_failures goes.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('attempt_counters')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('window_started_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attempt_counters_window').on('attempt_counters').columns(['window_started_at']).execute();
  await db.schema.dropTable('login_failures').execute();
}
