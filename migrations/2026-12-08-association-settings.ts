import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * The association's settings a bureau changes without a sysadmin (request categories, the mail
 * footer, the public page's texts, the members' room): one row, its values as JSON, and a version
 * every save increments, so that each instance notices a change made through another one.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  await db.schema
    .createTable('association_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('settings', json, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
}
