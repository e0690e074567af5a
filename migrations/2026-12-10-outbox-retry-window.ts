import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * The outbox gives up after a duration of failures rather than a count of attempts, so each event
 * keeps when its current round of attempts began: set by the first claim, cleared by a retry by
 * hand (which starts a new round). Events already waiting start their window at their next attempt.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('first_attempt_at', 'text').execute();
}
