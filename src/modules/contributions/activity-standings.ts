import { PostgresAdapter, sql, type ExpressionBuilder, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { latestFullWindowStart } from './activity-summaries.js';
import { activityPolicyKey, countedStatuses, type ActivityPolicy, type StandingFacts } from './rules.js';

/*
 * The stored activity standings (activity_standings), apart from the rest of the contributions
 * repository by purpose: each person's StandingFacts under the one policy recorded in
 * activity_standing_policy, kept by every write of a contribution in its own transaction
 * (refreshStandings, called by the repository's insert, insertMany and review), read by the full
 * assessment (readStandings). See docs/activity.md, "The stored standing".
 */

const POLICY_ROW = 1;
/** People per refreshing statement: one parameter holds the list, whatever its length. */
const REFRESH_CHUNK = 5_000;

const isPostgres = (db: Kysely<DB>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** `p.id` among these ids, with one parameter: no statement with thousands of placeholders. */
function personIn(db: Kysely<DB>, ids: readonly string[]): RawBuilder<boolean> {
  return isPostgres(db) ? sql<boolean>`p.id = any(${ids}::text[])` : sql<boolean>`p.id in (select value from json_each(${JSON.stringify(ids)}))`;
}

/**
 * Writes the standing of these people (null: of everyone) as their contributions say under
 * `policy`: the three dates of StandingFacts, each an index seek on contributions_person_activity;
 * people with nothing counted get no row.
 */
async function writeStandings(db: Kysely<DB>, policy: ActivityPolicy, only: readonly string[] | null): Promise<void> {
  const statuses = countedStatuses(policy);
  const n = policy.minContributions;
  type People = ExpressionBuilder<DB & { p: DB['people'] }, 'p'>;
  const counted = (eb: People) =>
    eb
      .selectFrom('contributions as c')
      .whereRef('c.person_id', '=', 'p.id')
      .where('c.status', 'in', statuses)
      .$if(policy.kinds.length > 0, (q) => q.where('c.kind', 'in', policy.kinds));
  const latest = (eb: People, offset: number) =>
    counted(eb)
      .select('c.occurred_on')
      .orderBy('c.occurred_on', 'desc')
      .limit(1)
      .$if(offset > 0, (q) => q.offset(offset));
  // The latest counted contribution with N-1 more within its own window, whatever the day.
  const fullWindowStart = (eb: People) => latestFullWindowStart(eb, policy, isPostgres(db));
  const facts = db
    .selectFrom('people as p')
    .select((eb) => [
      'p.id as person_id',
      latest(eb, 0).as('last_on'),
      // With one contribution required the three dates are one: a single seek.
      (n === 1 ? sql<string | null>`null` : latest(eb, n - 1)).as('nth_on'),
      (n === 1 ? sql<string | null>`null` : fullWindowStart(eb)).as('full_window_start'),
    ])
    .$if(only !== null, (q) => q.where(personIn(db, only!)));
  const rows = db
    .selectFrom(facts.as('f'))
    .select(['f.person_id', 'f.last_on'])
    .select([
      sql<string | null>`${sql.ref(n === 1 ? 'f.last_on' : 'f.nth_on')}`.as('nth_on'),
      sql<string | null>`${sql.ref(n === 1 ? 'f.last_on' : 'f.full_window_start')}`.as('full_window_start'),
    ])
    .where('f.last_on', 'is not', null);
  await db.insertInto('activity_standings').columns(['person_id', 'last_on', 'nth_on', 'full_window_start']).expression(rows).execute();
}

/**
 * Brings these people's standings in line with their contributions, in the caller's transaction:
 * the repository calls it after every write of a contribution. Under the policy the rows follow
 * (none recorded yet: nothing is kept, the first full assessment builds everything).
 */
export async function refreshStandings(db: Kysely<DB>, personIds: readonly string[]): Promise<void> {
  if (personIds.length === 0) return;
  const postgres = isPostgres(db);
  // On PostgreSQL, a rebuild under another policy (which updates this row) waits for this
  // transaction, or this one for it; either way no row is written under the wrong policy.
  const recorded = await db
    .selectFrom('activity_standing_policy')
    .select('policy')
    .where('id', '=', POLICY_ROW)
    .$if(postgres, (q) => q.forShare())
    .executeTakeFirst();
  if (!recorded) return;
  const policy = JSON.parse(recorded.policy) as Omit<ActivityPolicy, 'teamRoleCounts'>;
  const people = [...new Set(personIds)].sort();
  for (let i = 0; i < people.length; i += REFRESH_CHUNK) {
    const part = people.slice(i, i + REFRESH_CHUNK);
    // Two transactions writing for the same person take turns here: the second reads the
    // contributions again once the first has committed, so neither's row misses the other's.
    // (SQLite runs one writing transaction at a time.)
    if (postgres) await db.selectFrom('people as p').select('p.id').where(personIn(db, part)).orderBy('p.id').forNoKeyUpdate().execute();
    await db
      .deleteFrom('activity_standings')
      .where('person_id', 'in', (eb) => eb.selectFrom('people as p').select('p.id').where(personIn(db, part)))
      .execute();
    await writeStandings(db, { ...policy, teamRoleCounts: false }, part);
  }
}

/** Every standing rebuilt under `policy`, recorded as the one they follow: after the policy changed. */
async function rebuildStandings(trx: Kysely<DB>, policy: ActivityPolicy): Promise<void> {
  const key = activityPolicyKey(policy);
  const updated = await trx.updateTable('activity_standing_policy').set({ policy: key }).where('id', '=', POLICY_ROW).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await trx.insertInto('activity_standing_policy').values({ id: POLICY_ROW, policy: key }).execute();
  await trx.deleteFrom('activity_standings').execute();
  await writeStandings(trx, policy, null);
}

/**
 * Everyone's StandingFacts (null: nothing counted), by person id, under `policy`. When the rows
 * follow another policy (the configuration changed, or none was ever recorded), every row is
 * rebuilt first, in one transaction: seconds at 100,000 people, once.
 */
export async function readStandings(db: Kysely<DB>, policy: ActivityPolicy): Promise<Map<string, StandingFacts | null>> {
  const key = activityPolicyKey(policy);
  const inTransaction = <T>(f: (trx: Kysely<DB>) => Promise<T>) => (db.isTransaction ? f(db) : db.transaction().execute(f));
  const recorded = await db.selectFrom('activity_standing_policy').select('policy').where('id', '=', POLICY_ROW).executeTakeFirst();
  if (recorded?.policy !== key) await inTransaction((trx) => rebuildStandings(trx, policy));
  // Two scans in step rather than a join: everyone's id from the people index, then every stored
  // row; a look-up into the standings per person cost more than reading them all in a row.
  const [people, rows] = await Promise.all([
    db.selectFrom('people').select('id').execute(),
    db.selectFrom('activity_standings').select(['person_id', 'last_on', 'nth_on', 'full_window_start']).execute(),
  ]);
  // Everyone first, in the people's order, then each stored row in its person's place: one map, not
  // a second one of the rows looked up for each person.
  const standings = new Map<string, StandingFacts | null>();
  for (const { id } of people) standings.set(id, null);
  for (const r of rows) standings.set(r.person_id, { lastOn: r.last_on, nthOn: r.nth_on, fullWindowStart: r.full_window_start });
  return standings;
}
