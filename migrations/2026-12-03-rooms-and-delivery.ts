import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * Rooms and delivery: chat rooms bound to an audience, the ledger of what each room's
 * provider was told (for providers that cannot list their members, and for the last deliveries
 * page), the outbox's dead letters and lease, and the mail log's delivery status.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('rooms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .addColumn('last_reconciled_at', 'text')
    .addColumn('last_drift', 'text')
    .execute();
  await db.schema.createIndex('rooms_provider_address').on('rooms').columns(['provider', 'address']).unique().execute();

  // What Équipage last told the provider about one handle in one room (invited or removed).
  await db.schema
    .createTable('room_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('outbox_id', 'text')
    .addColumn('delivered_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('room_deliveries_room').on('room_deliveries').columns(['room_id', 'handle', 'delivered_at']).execute();

  await db.schema.alterTable('outbox').addColumn('dead_at', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('claimed_by', 'text').execute();
  await db.schema.createIndex('outbox_dead').on('outbox').columns(['dead_at']).execute();

  await db.schema
    .alterTable('mail_log')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('logged'))
    .execute();
  await db.schema
    .alterTable('mail_log')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('mail_log').addColumn('body_html', 'text').execute();
  await db.schema.alterTable('mail_log').addColumn('locale', 'text').execute();
  await db.schema.alterTable('mail_log').addColumn('last_error', 'text').execute();
}
