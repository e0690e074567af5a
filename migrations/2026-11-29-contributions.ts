import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * Contributions: what keeps someone an active contributor. Forge accounts link a forge
 * login or commit email to a person; forge deliveries make webhooks idempotent; unknown authors
 * wait for an administrator to link them.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';

  await db.schema
    .createTable('contributions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('evidence_url', 'text')
    .addColumn('amount_cents', 'integer')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('rejection_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('contributions_source_external_id', ['source', 'external_id'])
    .execute();
  await db.schema.createIndex('contributions_person_date').on('contributions').columns(['person_id', 'occurred_on']).execute();
  await db.schema.createIndex('contributions_review_queue').on('contributions').columns(['status', 'team_id', 'occurred_on']).execute();

  await db.schema
    .createTable('forge_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('forge', 'text', (c) => c.notNull())
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('forge_accounts_forge_identity', ['forge', 'identity'])
    .execute();

  await db.schema
    .createTable('forge_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('forge', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('result', json)
    .addUniqueConstraint('forge_deliveries_forge_delivery', ['forge', 'delivery_id'])
    .execute();

  await db.schema
    .createTable('forge_unknown_authors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('forge', 'text', (c) => c.notNull())
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('forge_unknown_authors_forge_identity', ['forge', 'identity'])
    .execute();
}
