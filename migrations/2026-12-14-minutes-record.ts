import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * Minutes record who chaired the meeting and who took the minutes, and what was said on each item
 * (docs/assemblies.md, "Minutes"): the secretary writes it until the minutes are approved, and
 * from then on the record is the association's and nobody changes it. Bureau sessions and general
 * assemblies keep the same four facts on their own rows, and the deliberations on their items, so
 * that their pages read them with what they already read.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  for (const table of ['bureau_sessions', 'assemblies']) {
    await db.schema.alterTable(table).addColumn('chair_id', 'text').execute();
    await db.schema.alterTable(table).addColumn('secretary_id', 'text').execute();
    await db.schema.alterTable(table).addColumn('minutes_approved_at', 'text').execute();
    await db.schema.alterTable(table).addColumn('minutes_approved_by', 'text').execute();
  }
  for (const table of ['agenda_items', 'assembly_items']) await db.schema.alterTable(table).addColumn('deliberations', 'text').execute();
}
