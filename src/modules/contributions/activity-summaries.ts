import { PostgresAdapter, sql, type ExpressionBuilder, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { addDays } from '../../platform/time.js';
import { countedStatuses, type ActivityPolicy, type ContributionStatus, type RoleFact } from './rules.js';

/*
 * The activity summaries of the full assessment (assessment.ts), apart from the rest of the
 * contributions repository by purpose: the only query here, read-only, one statement for any
 * number of people.
 */

/** A person's row (`p`) in the activity queries, their contributions read from it. */
type People = ExpressionBuilder<DB & { p: DB['people'] }, 'p'>;

/**
 * The last day of the window that a counted contribution `c` opens (its day + windowDays), as text:
 * the activity queries' only date arithmetic, and a place where the dialects differ.
 */
function windowEndOfContribution(postgres: boolean, windowDays: number): RawBuilder<string> {
  return postgres
    ? sql<string>`to_char(${sql.ref('c.occurred_on')}::date + ${windowDays}::integer, 'YYYY-MM-DD')`
    : sql<string>`date(${sql.ref('c.occurred_on')}, ${`+${windowDays} days`})`;
}

/**
 * The start of the person's latest full window: their latest counted contribution (before
 * `before`, when given) with N-1 more within its own window, ties counting (the N-th from it,
 * itself included, falls on or before its window's last day). Shared by the summary query and the
 * stored standings, which must agree to the day.
 */
export function latestFullWindowStart(eb: People, policy: ActivityPolicy, postgres: boolean, before?: string) {
  const statuses = countedStatuses(policy);
  return eb
    .selectFrom('contributions as c')
    .select('c.occurred_on')
    .whereRef('c.person_id', '=', 'p.id')
    .where('c.status', 'in', statuses)
    .$if(policy.kinds.length > 0, (q) => q.where('c.kind', 'in', policy.kinds))
    .$if(before !== undefined, (q) => q.where('c.occurred_on', '<', before!))
    .where((c) =>
      c(
        c
          .selectFrom('contributions as c2')
          .select('c2.occurred_on')
          .whereRef('c2.person_id', '=', 'p.id')
          .where('c2.status', 'in', statuses)
          .$if(policy.kinds.length > 0, (q) => q.where('c2.kind', 'in', policy.kinds))
          .whereRef('c2.occurred_on', '>=', 'c.occurred_on')
          .orderBy('c2.occurred_on')
          .limit(1)
          .offset(policy.minContributions - 1),
        '<=',
        windowEndOfContribution(postgres, policy.windowDays),
      ),
    )
    .orderBy('c.occurred_on', 'desc')
    .limit(1);
}

/**
 * What assessActivity needs about one person, read for everyone at once (see assessment.ts):
 * computed over the counted contributions (status and kind per the policy, on or before today).
 */
export interface ActivitySummary {
  personId: string;
  /** The most recent counted contribution. */
  lastContributionOn: string | null;
  contributionsInWindow: number;
  /** The N-th most recent counted contribution (N = minContributions), when it is in the window. */
  nthInWindow: string | null;
  /** Declared contributions in the window that would count once confirmed; 0 when declared ones count. */
  awaiting: number;
  /**
   * The latest counted contribution before the window whose own window held N counted ones: its
   * window's last day is the last day the person was active through contributions. With N = 1
   * this is the last contribution itself, when older than the window.
   */
  lastFullWindowStart: string | null;
}

/**
 * assessActivity's inputs for every person at once, in one query: per person, index seeks on
 * contributions_person_activity (person, date, status, kind), never a scan of every row nor a
 * window function over them (measured slower: see docs/performance.md).
 */
export async function everyoneActivity(
  db: Kysely<DB>,
  policy: ActivityPolicy,
  today: string,
  /** Only these people (a page's rows): the same seeks, for them alone, in the same one query. */
  personIds?: readonly string[],
): Promise<{ summaries: ActivitySummary[]; roles: Map<string, RoleFact[]> }> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (personIds && personIds.length === 0) return { summaries: [], roles: new Map() };
  const only = personIds ? [...new Set(personIds)] : undefined;
  const windowStart = addDays(today, -policy.windowDays);
  const statuses = countedStatuses(policy);
  const n = policy.minContributions;
  const ofPerson = (eb: People, statusList: ContributionStatus[]) =>
    eb
      .selectFrom('contributions as c')
      .whereRef('c.person_id', '=', 'p.id')
      .where('c.status', 'in', statusList)
      .$if(policy.kinds.length > 0, (q) => q.where('c.kind', 'in', policy.kinds));
  const lastBefore = (eb: People, op: '<' | '<=', date: string) =>
    ofPerson(eb, statuses).select('c.occurred_on').where('c.occurred_on', op, date).orderBy('c.occurred_on', 'desc').limit(1);
  const countInWindow = (eb: People, statusList: ContributionStatus[]) =>
    ofPerson(eb, statusList)
      .select((c) => c.fn.countAll<number>().as('n'))
      .where('c.occurred_on', '>=', windowStart)
      .where('c.occurred_on', '<=', today);
  // Only with N > 1 (with N = 1 the N-th most recent is the most recent, and so on).
  const nth = (eb: People) =>
    ofPerson(eb, statuses)
      .select('c.occurred_on')
      .where('c.occurred_on', '>=', windowStart)
      .where('c.occurred_on', '<=', today)
      .orderBy('c.occurred_on', 'desc')
      .limit(1)
      .offset(n - 1);
  // The latest contribution before the window whose own window held N counted ones.
  const fullWindowStart = (eb: People) => latestFullWindowStart(eb, policy, postgres, windowStart);

  type Row = {
    person_id: string;
    last_on: string | null;
    in_window: number | null;
    awaiting: number | null;
    nth: string | null;
    full_window_start: string | null;
  };
  let rows: Row[];
  if (postgres) {
    // One range scan of the window per person gives its three figures (LATERAL); only those with
    // none in the window need a second seek, for their last contribution. JIT compiling this
    // query costs more than it saves (about 0.3 s of 1.5 s measured), hence off for it.
    const counting = [...new Set<ContributionStatus>([...statuses, 'declared'])];
    const inTransaction = <T>(f: (trx: Kysely<DB>) => Promise<T>) => (db.isTransaction ? f(db) : db.transaction().execute(f));
    rows = await inTransaction(async (trx): Promise<Row[]> => {
      await sql`set local jit = off`.execute(trx);
      return trx
        .selectFrom('people as p')
        .leftJoinLateral(
          (eb) =>
            eb
              .selectFrom('contributions as c')
              .whereRef('c.person_id', '=', 'p.id')
              .where('c.status', 'in', counting)
              .$if(policy.kinds.length > 0, (q) => q.where('c.kind', 'in', policy.kinds))
              .where('c.occurred_on', '>=', windowStart)
              .where('c.occurred_on', '<=', today)
              .select((c) => [
                c.fn.countAll<number>().filterWhere('c.status', 'in', statuses).as('counted'),
                c.fn.max('c.occurred_on').filterWhere('c.status', 'in', statuses).as('last_in_window'),
                c.fn.countAll<number>().filterWhere('c.status', '=', 'declared').as('declared'),
              ])
              .as('w'),
          (join) => join.onTrue(),
        )
        .select((eb) => [
          'p.id as person_id',
          eb
            .case()
            .when('w.counted', '>', 0)
            .then(eb.ref('w.last_in_window'))
            .else(lastBefore(eb, '<', windowStart))
            .end()
            .as('last_on'),
          'w.counted as in_window',
          policy.countDeclared ? sql<number>`0`.as('awaiting') : eb.ref('w.declared').as('awaiting'),
          (n === 1 ? sql<string | null>`null` : nth(eb)).as('nth'),
          (n === 1 ? sql<string | null>`null` : fullWindowStart(eb)).as('full_window_start'),
        ])
        .$if(only !== undefined, (q) => q.where('p.id', 'in', only!))
        .orderBy('p.id')
        .execute();
    });
  } else {
    // SQLite has no LATERAL: a correlated subquery per figure, each an index seek.
    rows = await db
      .selectFrom('people as p')
      .select((eb) => [
        'p.id as person_id',
        lastBefore(eb, '<=', today).as('last_on'),
        countInWindow(eb, statuses).as('in_window'),
        (policy.countDeclared ? sql<number>`0` : countInWindow(eb, ['declared'])).as('awaiting'),
        (n === 1 ? sql<string | null>`null` : nth(eb)).as('nth'),
        (n === 1 ? sql<string | null>`null` : fullWindowStart(eb)).as('full_window_start'),
      ])
      .$if(only !== undefined, (q) => q.where('p.id', 'in', only!))
      .orderBy('p.id')
      .execute();
  }

  const roles = policy.teamRoleCounts ? await rolesBy(db, today, only) : new Map<string, RoleFact[]>();
  const summaries = rows.map((r): ActivitySummary => ({
    personId: r.person_id,
    lastContributionOn: r.last_on ?? null,
    contributionsInWindow: Number(r.in_window ?? 0),
    nthInWindow: n === 1 ? (r.last_on && r.last_on >= windowStart ? r.last_on : null) : (r.nth ?? null),
    awaiting: Number(r.awaiting ?? 0),
    lastFullWindowStart: n === 1 ? (r.last_on && r.last_on < windowStart ? r.last_on : null) : (r.full_window_start ?? null),
  }));
  return { summaries, roles };
}

/** The team roles taken on or before `today`, by person (only `only`'s when given): one query. */
export async function rolesBy(db: Kysely<DB>, today: string, only?: readonly string[]): Promise<Map<string, RoleFact[]>> {
  const roles = new Map<string, RoleFact[]>();
  const held = await db
    .selectFrom('team_roles')
    .innerJoin('teams', 'teams.id', 'team_roles.team_id')
    .select(['team_roles.person_id', 'teams.slug', 'team_roles.since', 'team_roles.until'])
    .where('team_roles.since', '<=', today)
    .$if(only !== undefined, (q) => q.where('team_roles.person_id', 'in', only!))
    .execute();
  for (const r of held) {
    const list = roles.get(r.person_id) ?? [];
    list.push({ team: r.slug, since: r.since, until: r.until });
    roles.set(r.person_id, list);
  }
  return roles;
}
