import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * Login email verification: a new login email takes effect only once a link mailed to it is
 * confirmed, and what belongs to a person is matched by address only for an address they had
 * verified when the record was made.
 *
 * - `person_emails` keeps each person's verified addresses with the interval they held them
 *   (`verified_until` null: held now). Existing people count as having verified their current
 *   address from their record's creation: the application had no other evidence to offer, and
 *   the export and erasure matched that address before this change.
 * - `email_changes` keeps each proposed change: who proposed it, the digests of the two mailed
 *   links (confirm, sent to the new address; cancel, sent to the old one), when it expires and how
 *   it ended (confirmed, cancelled, replaced by a newer proposal).
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('person_emails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('email_normalized', 'text', (c) => c.notNull())
    .addColumn('verified_from', 'text', (c) => c.notNull())
    .addColumn('verified_until', 'text')
    .addColumn('verified_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_emails_person').on('person_emails').columns(['person_id', 'verified_from']).execute();
  await db.schema.createIndex('person_emails_address').on('person_emails').columns(['email_normalized']).execute();

  await db.schema
    .createTable('email_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('old_email', 'text', (c) => c.notNull())
    .addColumn('new_email', 'text', (c) => c.notNull())
    .addColumn('new_email_normalized', 'text', (c) => c.notNull())
    .addColumn('proposed_by', 'text')
    .addColumn('confirm_hash', 'text', (c) => c.notNull())
    .addColumn('cancel_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('email_changes_person').on('email_changes').columns(['person_id', 'status']).execute();
  await db.schema.createIndex('email_changes_confirm').on('email_changes').columns(['confirm_hash']).unique().execute();
  await db.schema.createIndex('email_changes_cancel').on('email_changes').columns(['cancel_hash']).unique().execute();

  // One statement on both databases, whatever the number of people; the id is derived from the
  // person's (these rows are made once, here, and never by the application).
  await sql`
    insert into person_emails (id, person_id, email_normalized, verified_from, verified_until, verified_by)
    select 'existing-' || id, id, email_normalized, created_at, null, 'existing' from people where erased_at is null
  `.execute(db);
}
