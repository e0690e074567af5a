import type { Kysely, Selectable } from 'kysely';
import type { ContributionTable, DB } from '../../platform/schema.js';
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

/** Rows per INSERT: 18 columns stay well under SQLite's 32,766 bound parameters. */
const INSERT_CHUNK = 1000;

export function createContributionsRepository(db: Kysely<DB>) {
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
    async insert(row: ContributionRow): Promise<void> {
      await db.insertInto('contributions').values(row).execute();
    },

    async insertMany(rows: ContributionRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK)
        await db
          .insertInto('contributions')
          .values(rows.slice(i, i + INSERT_CHUNK))
          .execute();
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
      for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
        const rows = await db
          .selectFrom('contributions')
          .select('external_id')
          .where('source', '=', source)
          .where('external_id', 'in', ids.slice(i, i + INSERT_CHUNK))
          .execute();
        for (const r of rows) if (r.external_id) found.add(r.external_id);
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
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
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
      let q = base().where('contributions.status', '=', 'declared');
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
