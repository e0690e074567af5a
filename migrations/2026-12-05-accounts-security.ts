import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * Account security (the first part of the privacy and security work):
 * - login_failures: failed login attempts, one row per failure and per key (the account's
 *   normalised email, the client's address), both as an HMAC under EQUIPAGE_SECRET, so the table
 *   names nobody. Kept in the database, a lock survives a restart and holds across instances.
 * - totp_factors: a person's TOTP secret (sealed, see src/platform/auth/seal.ts), pending until
 *   confirmed with a first code; last_step refuses a code played twice.
 * - totp_recovery_codes: single-use codes for a lost phone, stored as SHA-256 digests.
 * - login_challenges: the short-lived step between a right password and the code, by digest.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('login_failures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('failed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_key').on('login_failures').columns(['key_hash', 'failed_at']).execute();
  await db.schema.createIndex('login_failures_time').on('login_failures').columns(['failed_at']).execute();

  await db.schema
    .createTable('totp_factors')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('last_step', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('totp_recovery_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('totp_recovery_codes_person').on('totp_recovery_codes').columns(['person_id', 'code_hash']).execute();

  await db.schema
    .createTable('login_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('login_challenges_expiry').on('login_challenges').columns(['expires_at']).execute();
}
