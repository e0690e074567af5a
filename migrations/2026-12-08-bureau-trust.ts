import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * Nobody alone changes the bureau or the record of who decided what:
 * - how each office was recorded (`source`: set up before the first session, confirmed by a
 *   second bureau member, or imported from the association's history), and the proposed changes
 *   that wait for a second bureau member (the two-person rule);
 * - the planned date of a bureau session or an assembly that was held earlier than planned
 *   (held today: its date becomes the day it was actually held);
 * - one open application per person, enforced by the database as well as by the rule, so two
 *   requests at once cannot both win.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('bureau_offices')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('setup'))
    .execute();
  await db.schema.alterTable('bureau_offices').addColumn('change_id', 'text').execute();

  await db.schema
    .createTable('bureau_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('office', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text')
    .addColumn('effective_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('proposed_by', 'text', (c) => c.notNull())
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('bureau_changes_status').on('bureau_changes').columns(['status', 'proposed_at']).execute();

  await db.schema.alterTable('bureau_sessions').addColumn('planned_at', 'text').execute();
  await db.schema.alterTable('assemblies').addColumn('planned_at', 'text').execute();

  // Partial unique index: the same statement on SQLite and PostgreSQL.
  await sql`create unique index applications_one_open on applications (person_id) where status in ('submitted', 'scheduled', 'deferred')`.execute(db);
}
