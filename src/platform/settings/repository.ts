import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { parseJsonColumn } from '../db.js';

export interface StoredSettings {
  values: unknown;
  version: number;
}

/** The one row of association settings. Version 0 means never saved. */
export function createSettingsRepository(db: Kysely<DB>) {
  return {
    async version(): Promise<number> {
      const row = await db.selectFrom('association_settings').select('version').where('id', '=', 'main').executeTakeFirst();
      return row ? Number(row.version) : 0;
    },

    async read(): Promise<StoredSettings> {
      const row = await db.selectFrom('association_settings').select(['settings', 'version']).where('id', '=', 'main').executeTakeFirst();
      return row ? { values: parseJsonColumn(row.settings), version: Number(row.version) } : { values: null, version: 0 };
    },

    /** The footer the bureau set for every mail ('' when none): read by the mail log as it writes. */
    async mailFooter(): Promise<string> {
      const { values } = await this.read();
      const footer = values && typeof values === 'object' ? (values as { mailFooter?: unknown }).mailFooter : undefined;
      return typeof footer === 'string' ? footer.trim() : '';
    },

    /** Saves if nobody saved since `expected` was read; false otherwise (optimistic concurrency). */
    async save(values: unknown, expected: number, now: string, by: string | null): Promise<boolean> {
      const json = JSON.stringify(values);
      if (expected === 0) {
        const inserted = await db
          .insertInto('association_settings')
          .values({ id: 'main', settings: json, version: 1, updated_at: now, updated_by: by })
          .onConflict((oc) => oc.column('id').doNothing())
          .executeTakeFirst();
        return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
      }
      const updated = await db
        .updateTable('association_settings')
        .set({ settings: json, version: expected + 1, updated_at: now, updated_by: by })
        .where('id', '=', 'main')
        .where('version', '=', expected)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1;
    },
  };
}
