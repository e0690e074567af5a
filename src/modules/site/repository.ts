import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';

export interface Association {
  name: string;
  description: string;
  defaultLocale: 'fr' | 'en';
}

export function createSiteRepository(db: Kysely<DB>) {
  return {
    async association(): Promise<Association | undefined> {
      const row = await db.selectFrom('association').selectAll().where('id', '=', 'main').executeTakeFirst();
      return row ? { name: row.name, description: row.description, defaultLocale: row.default_locale === 'en' ? 'en' : 'fr' } : undefined;
    },

    async saveAssociation(a: Association, now: string): Promise<void> {
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
