import { PostgresAdapter, sql, type Kysely, type Selectable } from 'kysely';
import type { ContributionTable, DB } from '../../platform/schema.js';
import { insertRows } from '../../platform/copy.js';
import { refreshStandings } from './activity-standings.js';
import type { ContributionFact, ContributionStatus, RoleFact } from './rules.js';

export interface Contribution {
  id: string;
  personId: string;
  personName: string;
  teamSlug: string | null;
  kind: string;
  occurredOn: string;
  summary: string;
  evidenceUrl: string | null;
  amountCents: number | null;
  source: string;
  externalId: string | null;
  status: ContributionStatus;
  recordedBy: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  rejectionReason: string | null;
  createdAt: string;
  version: number;
}

export type ContributionRow = Selectable<ContributionTable>;

export type { ActivitySummary } from './activity-summaries.js';

/** Every column, in table order: the bulk insert paths list them explicitly. */
const COLUMNS = [
  'id',
  'person_id',
  'team_id',
  'kind',
  'occurred_on',
  'summary',
  'evidence_url',
  'amount_cents',
  'source',
  'external_id',
  'status',
  'recorded_by',
  'reviewed_by',
  'reviewed_at',
  'rejection_reason',
  'created_at',
  'updated_at',
  'version',
] as const;
// Fails to compile if a column is added to the table and not to COLUMNS.
const _everyColumn: Record<Exclude<keyof ContributionRow, (typeof COLUMNS)[number]>, never> = {};

/** External ids per lookup: one parameter (a JSON or array value) whatever the count. */
const LOOKUP_CHUNK = 20_000;

/** By person, then date: neighbouring rows land in neighbouring pages of the person index. */
function byPersonAndDate(a: ContributionRow, b: ContributionRow): number {
  if (a.person_id !== b.person_id) return a.person_id < b.person_id ? -1 : 1;
  return a.occurred_on < b.occurred_on ? -1 : a.occurred_on > b.occurred_on ? 1 : 0;
}

export function createContributionsRepository(db: Kysely<DB>) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  function base() {
    return db
      .selectFrom('contributions')
      .innerJoin('people', 'people.id', 'contributions.person_id')
      .leftJoin('teams', 'teams.id', 'contributions.team_id')
      .selectAll('contributions')
      .select(['people.display_name as person_name', 'teams.slug as team_slug']);
  }
  type Joined = ContributionRow & { person_name: string; team_slug: string | null };
  const present = (r: Joined): Contribution => ({
    id: r.id,
    personId: r.person_id,
    personName: r.person_name,
    teamSlug: r.team_slug,
    kind: r.kind,
    occurredOn: r.occurred_on,
    summary: r.summary,
    evidenceUrl: r.evidence_url,
    amountCents: r.amount_cents === null ? null : Number(r.amount_cents),
    source: r.source,
    externalId: r.external_id,
    status: r.status,
    recordedBy: r.recorded_by,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
    rejectionReason: r.rejection_reason,
    createdAt: r.created_at,
    version: Number(r.version),
  });

  return {
    /** Every write of a contribution also brings its person's stored standing in line, in the same transaction. */
    async insert(row: ContributionRow): Promise<void> {
      await db.insertInto('contributions').values(row).execute();
      await refreshStandings(db, [row.person_id]);
    },

    /**
     * Writes many contributions, fast (the import, forges, the benchmark): on PostgreSQL one
     * COPY FROM STDIN for them all (platform/copy.ts), on SQLite multi-row INSERTs of 500 rows
     * with a statement text built once. Run it in a transaction: each statement commits
     * otherwise. Rows go in sorted by person and date, for the locality of the person index. The
     * standings of the people concerned are refreshed after the rows, a statement per 5,000 people.
     */
    async insertMany(rows: ContributionRow[]): Promise<void> {
      if (rows.length === 0) return;
      const sorted = rows.slice().sort(byPersonAndDate);
      await insertRows(db, 'contributions', COLUMNS, sorted, (r) => COLUMNS.map((c) => r[c]));
      await refreshStandings(
        db,
        sorted.map((r) => r.person_id),
      );
    },

    async findById(id: string): Promise<Contribution | undefined> {
      const row = await base().where('contributions.id', '=', id).executeTakeFirst();
      return row ? present(row as Joined) : undefined;
    },

    async findByExternalId(source: string, externalId: string): Promise<Contribution | undefined> {
      const row = await base().where('contributions.source', '=', source).where('contributions.external_id', '=', externalId).executeTakeFirst();
      return row ? present(row as Joined) : undefined;
    },

    /** Which of these external ids of `source` are already recorded. */
    async existingExternalIds(source: string, ids: string[]): Promise<Set<string>> {
      const found = new Set<string>();
      for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
        const part = ids.slice(i, i + LOOKUP_CHUNK);
        // One parameter holds the whole list: no statement with thousands of placeholders to parse.
        const list = postgres ? sql`= any(${part}::text[])` : sql`in (select value from json_each(${JSON.stringify(part)}))`;
        const { rows } = await sql<{ external_id: string }>`select external_id from contributions where source = ${source} and external_id ${list}`.execute(db);
        for (const r of rows) found.add(r.external_id);
      }
      return found;
    },

    async review(
      id: string,
      version: number,
      changes: Pick<ContributionRow, 'status' | 'reviewed_by' | 'reviewed_at' | 'rejection_reason' | 'updated_at'>,
    ): Promise<boolean> {
      const r = await db
        .updateTable('contributions')
        .set({ ...changes, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .returning('person_id')
        .executeTakeFirst();
      if (r) await refreshStandings(db, [r.person_id]);
      return r !== undefined;
    },

    /**
     * The `perPerson` latest contributions of each of `personIds` (ofPerson's order within each), in
     * one statement of constant text whatever their number: the people as one parameter, and for
     * each a small indexed read of their latest (a correlated `IN` on SQLite, `LATERAL` on
     * PostgreSQL). A window over all their contributions (row_number() partitioned by person) read
     * every contribution of these people first, and some people have thousands (71 ms instead of 4
     * for a session's 50 applicants at 10,000 people); a UNION ALL of one query per person cost
     * Kysely 1.5–2 ms to build and SQLite as much to run (docs/performance.md).
     */
    async latestOfEach(personIds: readonly string[], perPerson: number): Promise<Contribution[]> {
      const people = [...new Set(personIds)];
      if (people.length === 0) return [];
      const { rows } = postgres
        ? await sql<Joined>`select c.*, p.display_name as person_name, t.slug as team_slug
            from unnest(${people}::text[]) as given(person_id)
            cross join lateral (select * from contributions c2 where c2.person_id = given.person_id
              order by c2.occurred_on desc, c2.id desc limit ${perPerson}) c
            join people p on p.id = c.person_id left join teams t on t.id = c.team_id`.execute(db)
        : await sql<Joined>`select c.*, p.display_name as person_name, t.slug as team_slug
            from json_each(${JSON.stringify(people)}) as given
            join contributions c on c.id in (select c2.id from contributions c2 where c2.person_id = given.value
              order by c2.occurred_on desc, c2.id desc limit ${perPerson})
            join people p on p.id = c.person_id left join teams t on t.id = c.team_id`.execute(db);
      const found = rows.map(present);
      // Newest first, as the SQL orders them (by code unit, not by the locale's collation).
      const desc = (x: string, y: string) => (x < y ? 1 : x > y ? -1 : 0);
      return found.sort((a, b) => desc(a.occurredOn, b.occurredOn) || desc(a.id, b.id));
    },

    /** A person's contributions, newest first: their timeline. */
    async ofPerson(personId: string, limit = 200): Promise<Contribution[]> {
      const rows = await base()
        .where('contributions.person_id', '=', personId)
        .orderBy('contributions.occurred_on', 'desc')
        .orderBy('contributions.id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => present(r as Joined));
    },

    /** What assessActivity needs about one person: their contributions and team roles. */
    async activityFacts(personId: string): Promise<{ contributions: ContributionFact[]; roles: RoleFact[] }> {
      const [contributions, roles] = await Promise.all([
        db.selectFrom('contributions').select(['occurred_on', 'status', 'kind']).where('person_id', '=', personId).execute(),
        db
          .selectFrom('team_roles')
          .innerJoin('teams', 'teams.id', 'team_roles.team_id')
          .select(['teams.slug', 'team_roles.since', 'team_roles.until'])
          .where('team_roles.person_id', '=', personId)
          .execute(),
      ]);
      return {
        contributions: contributions.map((c) => ({ occurredOn: c.occurred_on, status: c.status, kind: c.kind })),
        roles: roles.map((r) => ({ team: r.slug, since: r.since, until: r.until })),
      };
    },

    /** Declared contributions waiting for review: of some teams, or (null) of every team and none. */
    async awaitingReview(teamIds: string[] | null, limit = 200): Promise<Contribution[]> {
      // A literal, not a parameter: SQLite uses the partial index contributions_awaiting_review only then.
      let q = base().where('contributions.status', '=', sql.lit('declared'));
      if (teamIds !== null) {
        if (teamIds.length === 0) return [];
        q = q.where('contributions.team_id', 'in', teamIds);
      }
      const rows = await q.orderBy('contributions.occurred_on').orderBy('contributions.id').limit(limit).execute();
      return rows.map((r) => present(r as Joined));
    },

    async list(filter: { personId?: string; status?: ContributionStatus; teamId?: string; beforeId?: string; limit: number }): Promise<Contribution[]> {
      let q = base();
      if (filter.personId) q = q.where('contributions.person_id', '=', filter.personId);
      if (filter.status) q = q.where('contributions.status', '=', filter.status);
      if (filter.teamId) q = q.where('contributions.team_id', '=', filter.teamId);
      if (filter.beforeId) q = q.where('contributions.id', '<', filter.beforeId);
      const rows = await q.orderBy('contributions.id', 'desc').limit(filter.limit).execute();
      return rows.map((r) => present(r as Joined));
    },
  };
}

export type ContributionsRepository = ReturnType<typeof createContributionsRepository>;
