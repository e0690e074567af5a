import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * An assembly's invitees in the people's order, read from an index (docs/performance.md): each
 * invitee row keeps a copy of its person's sort key, and `(assembly_id, sort_key, person_id)`
 * yields a page of 100 in order without sorting every invitee of the assembly. The copy is kept
 * in step by the database itself: a trigger copies `people.sort_key` to the person's invitations
 * whenever it changes (a rename, a new login address, an erasure), whichever module writes it, so
 * that the people module, which sits below the assemblies, need not know about them. Renaming
 * reaches a person's invitations through `(person_id)`.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('assembly_invitees')
    .addColumn('sort_key', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`update assembly_invitees set sort_key = (select people.sort_key from people where people.id = assembly_invitees.person_id)`.execute(db);
  await db.schema.createIndex('assembly_invitees_order').on('assembly_invitees').columns(['assembly_id', 'sort_key', 'person_id']).execute();
  await db.schema.createIndex('assembly_invitees_by_person').on('assembly_invitees').columns(['person_id']).execute();
  if (dialect === 'postgres') {
    await sql`create function people_sort_key_to_invitees() returns trigger language plpgsql as $$
      begin
        update assembly_invitees set sort_key = new.sort_key where person_id = new.id;
        return null;
      end
    $$`.execute(db);
    await sql`create trigger people_sort_key_to_invitees after update of sort_key on people
      for each row when (old.sort_key is distinct from new.sort_key) execute function people_sort_key_to_invitees()`.execute(db);
  } else {
    await sql`create trigger people_sort_key_to_invitees after update of sort_key on people
      for each row when old.sort_key is not new.sort_key
      begin
        update assembly_invitees set sort_key = new.sort_key where person_id = new.id;
      end`.execute(db);
  }
}
