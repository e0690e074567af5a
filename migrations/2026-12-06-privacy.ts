import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * Privacy under the GDPR: who erased a person and when (their record stays, pseudonymised, so that
 * decisions, minutes and counts keep pointing at it); when an application's personal text was
 * purged at the end of its retention period; and the indexes the export and the purge read by.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('people').addColumn('erased_at', 'text').execute();
  await db.schema.alterTable('people').addColumn('erased_by', 'text').execute();
  await db.schema.alterTable('applications').addColumn('purged_at', 'text').execute();
  await db.schema.createIndex('audit_actor').on('audit_log').columns(['actor_id', 'seq']).execute();
  await db.schema.createIndex('mail_log_person').on('mail_log').columns(['person_id']).execute();
  await db.schema.createIndex('mail_log_created').on('mail_log').columns(['created_at']).execute();
}
