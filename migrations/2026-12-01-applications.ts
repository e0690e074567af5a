import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * Membership applications decided in bureau sessions: the bureau's recurrence, its
 * sessions with attendance and agenda, the applications, the decisions, and the outbox that
 * carries the side effects of a decision (welcome mail, members' room invitation) in the
 * decision's own transaction ("Nothing is lost").
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';

  // One row: the association has one bureau, so one recurrence.
  await db.schema
    .createTable('bureau_recurrence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rrule', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('anchor', 'text')
    .addColumn('location', 'text')
    .addColumn('video_url', 'text')
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('sessions_ahead', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bureau_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('video_url', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    // Set for sessions the recurrence created: two instances creating the same occurrence make one.
    .addColumn('recurrence_slot', 'text', (c) => c.unique())
    .addColumn('bureau_size', 'integer')
    .addColumn('quorum_required', 'integer')
    .addColumn('opened_by', 'text')
    .addColumn('opened_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('bureau_sessions_status_date').on('bureau_sessions').columns(['status', 'scheduled_at']).execute();

  await db.schema
    .createTable('bureau_attendance')
    .addColumn('session_id', 'text', (c) => c.notNull().references('bureau_sessions.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('office', 'text', (c) => c.notNull())
    .addColumn('present', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('bureau_attendance_pk', ['session_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('motivation', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.references('bureau_sessions.id'))
    .addColumn('rapporteur_id', 'text', (c) => c.references('people.id'))
    .addColumn('decision_id', 'text')
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('applications_person').on('applications').columns(['person_id', 'status']).execute();
  await db.schema.createIndex('applications_status_session').on('applications').columns(['status', 'session_id']).execute();

  await db.schema
    .createTable('agenda_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('bureau_sessions.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('application_id', 'text', (c) => c.references('applications.id'))
    .addColumn('title', 'text')
    .addColumn('body', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('carried_to', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agenda_items_session').on('agenda_items').columns(['session_id', 'position']).execute();
  await db.schema.createIndex('agenda_items_application').on('agenda_items').columns(['application_id']).execute();

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('bureau_sessions.id'))
    // One decision per agenda item, enforced by the database too: the last guard against a race.
    .addColumn('agenda_item_id', 'text', (c) => c.notNull().unique().references('agenda_items.id'))
    .addColumn('application_id', 'text', (c) => c.references('applications.id'))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('votes_for', 'integer')
    .addColumn('votes_against', 'integer')
    .addColumn('votes_abstain', 'integer')
    .addColumn('rationale', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_session').on('decisions').columns(['session_id']).execute();

  await db.schema.alterTable('memberships').addColumn('decision_id', 'text').execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('payload', json, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('available_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('delivered_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('outbox_pending').on('outbox').columns(['delivered_at', 'available_at']).execute();
}
