import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';

/** Who the association is: the name pages, mails and documents carry, and its language. */
export interface Association {
  name: string;
  description: string;
  defaultLocale: 'fr' | 'en';
}

/** What pages and mails say before setup names the association. */
export const UNNAMED_ASSOCIATION: Association = { name: 'Équipage', description: '', defaultLocale: 'fr' };

/**
 * The association's identity row. Read from the database at each use, never kept by a process: a
 * copy held by one instance would go stale when another instance saves the settings form.
 */
export function createAssociationRepository(db: Kysely<DB>) {
  return {
    /** The stored identity; undefined before setup. */
    async association(): Promise<Association | undefined> {
      const row = await db.selectFrom('association').selectAll().where('id', '=', 'main').executeTakeFirst();
      return row ? { name: row.name, description: row.description, defaultLocale: row.default_locale === 'en' ? 'en' : 'fr' } : undefined;
    },

    async save(a: Association, now: string): Promise<void> {
      const existing = await db.selectFrom('association').select('id').where('id', '=', 'main').executeTakeFirst();
      if (existing) {
        await db
          .updateTable('association')
          .set({ name: a.name, description: a.description, default_locale: a.defaultLocale, updated_at: now })
          .where('id', '=', 'main')
          .execute();
      } else {
        await db
          .insertInto('association')
          .values({ id: 'main', name: a.name, description: a.description, default_locale: a.defaultLocale, created_at: now, updated_at: now })
          .execute();
      }
    },
  };
}

/** The association's identity, or the unnamed one before setup. */
export async function associationIdentity(db: Kysely<DB>): Promise<Association> {
  return (await createAssociationRepository(db).association()) ?? UNNAMED_ASSOCIATION;
}

/** The association's name as mails and documents sign it. */
export async function associationName(db: Kysely<DB>): Promise<string> {
  const row = await db.selectFrom('association').select('name').where('id', '=', 'main').executeTakeFirst();
  return row?.name ?? UNNAMED_ASSOCIATION.name;
}
