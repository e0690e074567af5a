import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { createPeopleRepository } from '../people/repository.js';

/** What the contributions import reads besides contributions: who each email belongs to. */
export function createImportLookups(db: Kysely<DB>) {
  return {
    /** Every person's id by normalised email: one read instead of many for a file naming thousands. */
    async everyPersonIdByEmail(): Promise<Map<string, string>> {
      const rows = await db.selectFrom('people').select(['id', 'email_normalized']).execute();
      return new Map(rows.map((r) => [r.email_normalized, r.id]));
    },

    /** The person id of each of these normalised emails that belongs to someone. */
    personIdsByEmail: createPeopleRepository(db).personIdsByEmail,
  };
}
