import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * Each person's activity standing, kept by the writes (docs/activity.md, "The stored standing"):
 * what the decision needs that does not depend on the day it is asked, under the policy named in
 * activity_standing_policy. The full assessment reads these rows instead of seeking through every
 * person's contributions.
 *
 * Filled here, when there are contributions, under the default policy (a year's window, one confirmed contribution, every kind),
 * written out as it stands today: a migration must not change with the code. An instance whose
 * configuration says otherwise rebuilds every row on its first full assessment, because the
 * policy recorded differs from its own.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('activity_standings')
    .addColumn('person_id', 'text', (c) => c.primaryKey().references('people.id'))
    .addColumn('last_on', 'text', (c) => c.notNull())
    .addColumn('nth_on', 'text')
    .addColumn('full_window_start', 'text')
    .execute();
  await db.schema
    .createTable('activity_standing_policy')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('policy', 'text', (c) => c.notNull())
    .execute();
  // A database with no contribution yet is left empty, like any fresh one, so that a backup can be
  // restored into it: with no policy recorded, the first full assessment builds the rows.
  const any = await db.selectFrom('contributions').select('id').limit(1).executeTakeFirst();
  if (!any) return;
  // With one contribution required, the most recent counted one is all three dates.
  await sql`insert into activity_standings (person_id, last_on, nth_on, full_window_start)
    select person_id, max(occurred_on), max(occurred_on), max(occurred_on) from contributions where status = 'confirmed' group by person_id`.execute(db);
  await db
    .insertInto('activity_standing_policy')
    .values({ id: 1, policy: JSON.stringify({ windowDays: 365, minContributions: 1, countDeclared: false, kinds: [] }) })
    .execute();
}
