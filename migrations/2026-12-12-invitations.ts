import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * Invitations are one-time password links like resets, sent by someone else and valid longer:
 * the table says which a link is, and who sent an invitation. Existing rows are resets.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('password_resets')
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo('reset'))
    .execute();
  await db.schema.alterTable('password_resets').addColumn('created_by', 'text').execute();
  await db.schema.createIndex('password_resets_person_purpose').on('password_resets').columns(['person_id', 'purpose', 'created_at']).execute();
}
