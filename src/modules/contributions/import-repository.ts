import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';

/** Emails per query: bounds the IN list well under both databases' parameter limits. */
const LOOKUP_CHUNK = 1000;

/** What the contributions import reads besides contributions: who each email belongs to. */
export function createImportLookups(db: Kysely<DB>) {
  return {
    /** Every person's id by normalised email: one read instead of many for a file naming thousands. */
    async everyPersonIdByEmail(): Promise<Map<string, string>> {
      const rows = await db.selectFrom('people').select(['id', 'email_normalized']).execute();
      return new Map(rows.map((r) => [r.email_normalized, r.id]));
    },

    /** The person id of each of these normalised emails that belongs to someone. */
    async personIdsByEmail(emails: string[]): Promise<Map<string, string>> {
      const found = new Map<string, string>();
      for (let i = 0; i < emails.length; i += LOOKUP_CHUNK) {
        const rows = await db
          .selectFrom('people')
          .select(['id', 'email_normalized'])
          .where('email_normalized', 'in', emails.slice(i, i + LOOKUP_CHUNK))
          .execute();
        for (const r of rows) found.set(r.email_normalized, r.id);
      }
      return found;
    },
  };
}
