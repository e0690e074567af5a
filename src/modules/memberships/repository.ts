import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { DB, MembershipTable } from '../../platform/schema.js';
import { newId } from '../../platform/ids.js';
import { CURRENT_MEMBERSHIP_STATUSES, type MembershipChangesOfDay, type MembershipEndReason, type MembershipStatus } from './rules.js';

export interface Membership {
  id: string;
  personId: string;
  status: MembershipStatus;
  since: string;
  until: string | null;
  decisionId: string | null;
  warnedUntil: string | null;
  lapsingSince: string | null;
  graceUntil: string | null;
  reviewSince: string | null;
  keptUntil: string | null;
  endedReason: MembershipEndReason | null;
  endedDecisionId: string | null;
  version: number;
}

export interface RegisterEntry extends Membership {
  displayName: string;
  email: string;
}

/**
 * Whether the person of a query on `people` is a member today (active or lapsing): the condition
 * people's directory adds for the pickers that name a member (an index seek on memberships_person).
 */
export function isCurrentMemberCondition(eb: ExpressionBuilder<DB, 'people'>): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('memberships')
      .select('memberships.id')
      .whereRef('memberships.person_id', '=', 'people.id')
      .where('memberships.status', 'in', CURRENT_MEMBERSHIP_STATUSES),
  );
}

const columns = [
  'memberships.id as id',
  'memberships.person_id as personId',
  'memberships.status as status',
  'memberships.since as since',
  'memberships.until as until',
  'memberships.decision_id as decisionId',
  'memberships.warned_until as warnedUntil',
  'memberships.lapsing_since as lapsingSince',
  'memberships.grace_until as graceUntil',
  'memberships.review_since as reviewSince',
  'memberships.kept_until as keptUntil',
  'memberships.ended_reason as endedReason',
  'memberships.ended_decision_id as endedDecisionId',
  'memberships.version as version',
] as const;

export type MembershipPatch = Partial<
  Pick<
    MembershipTable,
    'status' | 'until' | 'warned_until' | 'lapsing_since' | 'grace_until' | 'review_since' | 'kept_until' | 'ended_reason' | 'ended_decision_id'
  >
> & { updated_at: string };

export function createMembershipsRepository(db: Kysely<DB>) {
  return {
    /** The person's active or lapsing membership, if any. */
    async currentOf(personId: string): Promise<Membership | undefined> {
      return db
        .selectFrom('memberships')
        .select(columns)
        .where('person_id', '=', personId)
        .where('status', 'in', CURRENT_MEMBERSHIP_STATUSES)
        .executeTakeFirst();
    },

    async findById(id: string): Promise<Membership | undefined> {
      return db.selectFrom('memberships').select(columns).where('id', '=', id).executeTakeFirst();
    },

    /** Every membership the person ever held, the latest first. */
    async historyOf(personId: string): Promise<Membership[]> {
      return db.selectFrom('memberships').select(columns).where('person_id', '=', personId).orderBy('since', 'desc').orderBy('id', 'desc').execute();
    },

    /** historyOf for several people in one query (the agenda of a session), each one's latest first. */
    async historiesOf(personIds: readonly string[]): Promise<Membership[]> {
      if (personIds.length === 0) return [];
      return db
        .selectFrom('memberships')
        .select(columns)
        .where('person_id', 'in', [...new Set(personIds)])
        .orderBy('since', 'desc')
        .orderBy('id', 'desc')
        .execute();
    },

    async findByIds(ids: readonly string[]): Promise<Membership[]> {
      if (ids.length === 0) return [];
      return db
        .selectFrom('memberships')
        .select(columns)
        .where('id', 'in', [...new Set(ids)])
        .execute();
    },

    /** Every active or lapsing membership: what the daily run looks at. */
    async current(): Promise<Membership[]> {
      return db.selectFrom('memberships').select(columns).where('status', 'in', CURRENT_MEMBERSHIP_STATUSES).orderBy('id').execute();
    },

    /** Lapse reviews waiting for a session (grace over, no open agenda item). */
    async awaitingReview(): Promise<Membership[]> {
      return db
        .selectFrom('memberships')
        .select(columns)
        .where('status', '=', 'lapsing')
        .where('review_since', 'is not', null)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('agenda_items')
                .select('agenda_items.id')
                .whereRef('agenda_items.membership_id', '=', 'memberships.id')
                .where('agenda_items.state', '=', 'open'),
            ),
          ),
        )
        .orderBy('review_since')
        .execute();
    },

    /**
     * The register in name order, a page at a time when `limit` is given (keyset: the name's sort
     * key, then the membership's id, so a page never repeats or skips a row). The order comes from
     * the membership's own copy of the sort key. A page is read per status from
     * `memberships_register_status_order`, each status giving at most `limit` rows from its index,
     * and the few rows merged and joined to their people: neither database can walk one index in
     * name order for two statuses at once, and without that they join and sort every current
     * membership for each page (the register's cost at a federation's size). The row-value
     * comparison starts each walk at the cursor.
     */
    async register(filter: {
      statuses: MembershipStatus[];
      after?: { sortKey: string; id: string };
      limit?: number;
    }): Promise<(RegisterEntry & { sortKey: string })[]> {
      const { after, limit } = filter;
      const ofStatus = (status: MembershipStatus | MembershipStatus[]) => {
        let q = db
          .selectFrom('memberships')
          .select([...columns, 'memberships.sort_key as sortKey'])
          .where('memberships.status', Array.isArray(status) ? 'in' : '=', status);
        if (after) q = q.where((eb) => eb(eb.refTuple('memberships.sort_key', 'memberships.id'), '>', eb.tuple(after.sortKey, after.id)));
        q = q.orderBy('memberships.sort_key').orderBy('memberships.id');
        return limit === undefined ? q : q.limit(limit);
      };
      const [first, ...others] = filter.statuses;
      if (first === undefined) return [];
      // The whole register (the CSV) is read at once and sorted once; a page merges one walk a status.
      const merged =
        limit === undefined
          ? ofStatus(filter.statuses)
          : others.reduce(
              (union, status, i) => union.unionAll(db.selectFrom(ofStatus(status).as(`s${i + 1}`)).selectAll()),
              db.selectFrom(ofStatus(first).as('s0')).selectAll(),
            );
      let q = db
        .selectFrom(merged.as('m'))
        .innerJoin('people', 'people.id', 'm.personId')
        .selectAll('m')
        .select(['people.display_name as displayName', 'people.email as email'])
        .orderBy('m.sortKey')
        .orderBy('m.id');
      if (limit !== undefined) q = q.limit(limit);
      return q.execute();
    },

    /**
     * For each day a membership began or ended, how many did: what the counts over time are made
     * of, a few thousand rows at most however many memberships, grouped by the database.
     */
    async changesByDay(): Promise<MembershipChangesOfDay[]> {
      const started = db
        .selectFrom('memberships')
        .select((eb) => [sql<string | null>`since`.as('day'), eb.fn.countAll<number | string>().as('started'), sql<number | string>`0`.as('ended')])
        .groupBy('since');
      const ended = db
        .selectFrom('memberships')
        .select((eb) => ['until as day', sql<number | string>`0`.as('started'), eb.fn.countAll<number | string>().as('ended')])
        .where('until', 'is not', null)
        .groupBy('until');
      const rows = await started.unionAll(ended).execute();
      // PostgreSQL's count is a bigint, which its driver gives as a string.
      return rows.map((r) => ({ day: r.day as string, started: Number(r.started), ended: Number(r.ended) }));
    },

    async start(m: { personId: string; since: string; decisionId: string; now: string }): Promise<string> {
      const id = newId();
      await db
        .insertInto('memberships')
        .values({
          id,
          person_id: m.personId,
          status: 'active',
          since: m.since,
          until: null,
          decision_id: m.decisionId,
          warned_until: null,
          lapsing_since: null,
          grace_until: null,
          review_since: null,
          kept_until: null,
          ended_reason: null,
          ended_decision_id: null,
          created_at: m.now,
          updated_at: m.now,
          version: 1,
        })
        .execute();
      return id;
    },

    /** Moves a membership on if nobody else did meanwhile; false on a version conflict. */
    async update(id: string, version: number, patch: MembershipPatch): Promise<boolean> {
      const result = await db
        .updateTable('memberships')
        .set({ ...patch, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
