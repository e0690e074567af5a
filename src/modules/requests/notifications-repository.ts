import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { requestNotificationsOf } from '../people/rules.js';
import type { Listener } from './rules.js';

/**
 * What the notifications of new requests read and write (notifications.ts): who is on which
 * roster with which choice, and when each person's last daily digest went out.
 */
export function createNotificationsRepository(db: Kysely<DB>) {
  return {
    /**
     * The people on these teams' rosters today (leads and members), with how each chose to be told
     * of a new request; people erased are on no roster that listens.
     */
    async listeners(teamIds: string[]): Promise<(Listener & { teamId: string })[]> {
      if (teamIds.length === 0) return [];
      const rows = await db
        .selectFrom('team_roles')
        .innerJoin('people', 'people.id', 'team_roles.person_id')
        .select(['team_roles.team_id as teamId', 'team_roles.person_id as personId', 'people.request_notifications as choice'])
        .where('team_roles.team_id', 'in', teamIds)
        .where('team_roles.until', 'is', null)
        .where('people.erased_at', 'is', null)
        .orderBy('people.sort_key')
        .execute();
      return rows.map((r) => ({ teamId: r.teamId, personId: r.personId, choice: requestNotificationsOf(r.choice) }));
    },

    /**
     * The teams of every person who chose a daily digest, is on a roster today and whose last digest
     * went out by `sentBy` (or never): those whose digest is due, so the hourly job opens no
     * transaction for the others.
     */
    async dailyReaders(sentBy: string): Promise<Map<string, string[]>> {
      const rows = await db
        .selectFrom('team_roles')
        .innerJoin('people', 'people.id', 'team_roles.person_id')
        .leftJoin('request_digests', 'request_digests.person_id', 'team_roles.person_id')
        .select(['team_roles.person_id as personId', 'team_roles.team_id as teamId'])
        .where('people.request_notifications', '=', 'daily')
        .where((eb) => eb.or([eb('request_digests.sent_at', 'is', null), eb('request_digests.sent_at', '<=', sentBy)]))
        .where('team_roles.until', 'is', null)
        .where('people.erased_at', 'is', null)
        .orderBy('team_roles.person_id')
        .execute();
      const teams = new Map<string, string[]>();
      for (const r of rows) teams.set(r.personId, [...new Set([...(teams.get(r.personId) ?? []), r.teamId])]);
      return teams;
    },

    /** When this person's last daily digest went out, if one ever did. */
    async lastDigestAt(personId: string): Promise<string | null> {
      const row = await db.selectFrom('request_digests').select('sent_at').where('person_id', '=', personId).executeTakeFirst();
      return row?.sent_at ?? null;
    },

    /**
     * Records that this person's digest goes out now, only if the last one is still `previous`:
     * false when another instance (or an earlier run) sent it meanwhile, and then nothing is sent.
     */
    async claimDigest(personId: string, previous: string | null, now: string): Promise<boolean> {
      const insert = db.insertInto('request_digests').values({ person_id: personId, sent_at: now });
      const r =
        previous === null
          ? await insert.onConflict((oc) => oc.column('person_id').doNothing()).executeTakeFirst()
          : await insert
              .onConflict((oc) => oc.column('person_id').doUpdateSet({ sent_at: now }).where('request_digests.sent_at', '=', previous))
              .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
  };
}
