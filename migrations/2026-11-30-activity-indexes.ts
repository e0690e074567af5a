import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * Indexes for assessing everyone at once (the bench's activity assessment) and for fast imports. Dated the 30th,
 * not the 29th: Kysely runs migrations in name order, and this one must follow 2026-11-29-contributions.
 *
 * - contributions_person_activity replaces contributions_person_date: the same leading columns
 *   (a person's timeline, a person's window), plus status and kind, so that activity is read
 *   from the index alone, one seek per person, without touching the table.
 * - contributions_awaiting_review replaces contributions_review_queue with a partial index: only
 *   declared contributions wait for review, so confirmed ones (nearly all imports and forge
 *   events) no longer pay for maintaining it. Queries must name the status as a literal for
 *   SQLite to use it.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.dropIndex('contributions_person_date').execute();
  await db.schema.createIndex('contributions_person_activity').on('contributions').columns(['person_id', 'occurred_on', 'status', 'kind']).execute();
  await db.schema.dropIndex('contributions_review_queue').execute();
  await db.schema
    .createIndex('contributions_awaiting_review')
    .on('contributions')
    .columns(['team_id', 'occurred_on'])
    .where(sql<boolean>`status = 'declared'`)
    .execute();
}
