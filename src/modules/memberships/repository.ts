import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { DB, MembershipTable } from '../../platform/schema.js';
import { newId } from '../../platform/ids.js';
import { CURRENT_MEMBERSHIP_STATUSES, type MembershipEndReason, type MembershipStatus } from './rules.js';

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

    /** The register: memberships with the member's name, by status, latest first. */
    /**
     * The register in name order, a page at a time when `limit` is given (keyset: the name's sort
     * key, then the membership's id, so a page never repeats or skips a row).
     */
    async register(filter: {
      statuses: MembershipStatus[];
      after?: { sortKey: string; id: string };
      limit?: number;
    }): Promise<(RegisterEntry & { sortKey: string })[]> {
      let q = db
        .selectFrom('memberships')
        .innerJoin('people', 'people.id', 'memberships.person_id')
        .select([...columns, 'people.display_name as displayName', 'people.email as email', 'people.sort_key as sortKey'])
        .where('memberships.status', 'in', filter.statuses);
      if (filter.after) {
        const { sortKey, id } = filter.after;
        q = q.where((eb) => eb.or([eb('people.sort_key', '>', sortKey), eb.and([eb('people.sort_key', '=', sortKey), eb('memberships.id', '>', id)])]));
      }
      q = q.orderBy('people.sort_key').orderBy('memberships.id');
      if (filter.limit !== undefined) q = q.limit(filter.limit);
      return q.execute();
    },

    /** Every membership's dates, for counting members over time. */
    async spans(): Promise<{ since: string; until: string | null }[]> {
      return db.selectFrom('memberships').select(['since', 'until']).execute();
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
