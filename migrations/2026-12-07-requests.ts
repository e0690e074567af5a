import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * Requests to the teams: the public inbox of the teams. A request from anyone with an email, its
 * thread (public replies and internal notes), the questions one team asks another about it
 * (consultations), and the submissions counted per address and per email against spam, kept in
 * the database so that a restart forgets nothing.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requester_email', 'text', (c) => c.notNull())
    .addColumn('requester_email_normalized', 'text', (c) => c.notNull())
    .addColumn('requester_name', 'text')
    .addColumn('requester_person_id', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('concerns', 'text')
    .addColumn('reported_person_id', 'text')
    .addColumn('assignee_id', 'text')
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('token_salt', 'text', (c) => c.notNull())
    .addColumn('first_response_at', 'text')
    .addColumn('last_activity_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('join_outcome', 'text')
    .addColumn('join_reason', 'text')
    .addColumn('join_person_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('requests_team_status').on('requests').columns(['team_id', 'status', 'id']).execute();
  await db.schema.createIndex('requests_token').on('requests').columns(['token_hash']).unique().execute();
  await db.schema.createIndex('requests_requester').on('requests').columns(['requester_email_normalized']).execute();

  await db.schema
    .createTable('request_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('author_kind', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('internal', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('consultation_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_messages_request').on('request_messages').columns(['request_id', 'id']).execute();

  await db.schema
    .createTable('request_consultations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('asked_by', 'text')
    .addColumn('asked_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('request_consultations_team').on('request_consultations').columns(['team_id', 'status', 'id']).execute();
  await db.schema.createIndex('request_consultations_request').on('request_consultations').columns(['request_id']).execute();

  await db.schema
    .createTable('request_throttle')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_throttle_key').on('request_throttle').columns(['key_hash', 'at']).execute();
}
