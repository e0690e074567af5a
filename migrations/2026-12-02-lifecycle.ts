import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * The membership lifecycle ("Membership ends when contribution stops"): what the daily run remembers about each membership (the
 * warning already sent, the grace period, the review by the bureau), how a membership ended, and
 * agenda items and decisions about a membership or a member (lapse review, exclusion).
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('memberships').addColumn('warned_until', 'text').execute();
  await db.schema.alterTable('memberships').addColumn('lapsing_since', 'text').execute();
  await db.schema.alterTable('memberships').addColumn('grace_until', 'text').execute();
  await db.schema.alterTable('memberships').addColumn('review_since', 'text').execute();
  await db.schema.alterTable('memberships').addColumn('kept_until', 'text').execute();
  await db.schema.alterTable('memberships').addColumn('ended_reason', 'text').execute();
  await db.schema.alterTable('memberships').addColumn('ended_decision_id', 'text').execute();
  await db.schema.createIndex('memberships_status').on('memberships').columns(['status', 'since']).execute();

  await db.schema.alterTable('agenda_items').addColumn('membership_id', 'text').execute();
  await db.schema.alterTable('agenda_items').addColumn('person_id', 'text').execute();
  await db.schema.alterTable('decisions').addColumn('membership_id', 'text').execute();
}
