import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import type { Office } from '../../platform/auth/actor.js';
import { newId } from '../../platform/ids.js';

export interface OfficeTerm {
  id: string;
  personId: string;
  displayName: string;
  office: Office;
  since: string;
  until: string | null;
}

export function createBureauRepository(db: Kysely<DB>) {
  function base() {
    return db
      .selectFrom('bureau_offices')
      .innerJoin('people', 'people.id', 'bureau_offices.person_id')
      .select([
        'bureau_offices.id as id',
        'bureau_offices.person_id as personId',
        'people.display_name as displayName',
        'bureau_offices.office as office',
        'bureau_offices.since as since',
        'bureau_offices.until as until',
      ]);
  }
  return {
    /** Offices held on `today`: started, and not yet ended (`until` is the first day no longer held). */
    async current(today: string): Promise<OfficeTerm[]> {
      return base()
        .where('bureau_offices.since', '<=', today)
        .where((eb) => eb.or([eb('bureau_offices.until', 'is', null), eb('bureau_offices.until', '>', today)]))
        .orderBy('bureau_offices.office')
        .orderBy('people.sort_key')
        .execute();
    },

    /** Offices held on `date` or starting later: what a new appointment from `date` could overlap. */
    async heldFrom(date: string): Promise<OfficeTerm[]> {
      return base()
        .where((eb) => eb.or([eb('bureau_offices.until', 'is', null), eb('bureau_offices.until', '>', date)]))
        .execute();
    },

    async history(): Promise<OfficeTerm[]> {
      return base().orderBy('bureau_offices.since', 'desc').execute();
    },

    async findById(id: string): Promise<OfficeTerm | undefined> {
      return base().where('bureau_offices.id', '=', id).executeTakeFirst();
    },

    async appoint(t: { personId: string; office: Office; since: string; now: string }): Promise<string> {
      const id = newId();
      await db.insertInto('bureau_offices').values({ id, person_id: t.personId, office: t.office, since: t.since, until: null, created_at: t.now }).execute();
      return id;
    },

    async end(id: string, until: string): Promise<void> {
      await db.updateTable('bureau_offices').set({ until }).where('id', '=', id).execute();
    },
  };
}
