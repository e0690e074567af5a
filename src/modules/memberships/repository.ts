import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { newId } from '../../platform/ids.js';
import type { MembershipStatus } from './rules.js';

export interface Membership {
  id: string;
  personId: string;
  status: MembershipStatus;
  since: string;
  until: string | null;
  decisionId: string | null;
  version: number;
}

export function createMembershipsRepository(db: Kysely<DB>) {
  const columns = ['id', 'person_id as personId', 'status', 'since', 'until', 'decision_id as decisionId', 'version'] as const;
  return {
    /** The person's active or lapsing membership, if any. */
    async currentOf(personId: string): Promise<Membership | undefined> {
      return db.selectFrom('memberships').select(columns).where('person_id', '=', personId).where('status', 'in', ['active', 'lapsing']).executeTakeFirst();
    },

    /** Every membership the person ever held, the latest first. */
    async historyOf(personId: string): Promise<Membership[]> {
      return db.selectFrom('memberships').select(columns).where('person_id', '=', personId).orderBy('since', 'desc').orderBy('id', 'desc').execute();
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
          created_at: m.now,
          updated_at: m.now,
          version: 1,
        })
        .execute();
      return id;
    },
  };
}
