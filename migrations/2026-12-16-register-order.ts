import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * The register in the members' name order, read from an index (docs/performance.md): each
 * membership keeps a copy of its person's sort key, and `(status, sort_key, id)` yields a page of
 * the register without joining and sorting every membership first. The copy is the database's own business, as for the
 * invitations: a trigger fills it when a membership is written, whoever writes it (the decision
 * that admits a member, a restore, an import), and another follows `people.sort_key` when it
 * changes (a rename, an erasure), so the people module, below the memberships, need not know them.
 * A page of the current register is read as one walk of the index per status, merged.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('memberships')
    .addColumn('sort_key', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`update memberships set sort_key = (select people.sort_key from people where people.id = memberships.person_id)`.execute(db);
  // The counts over time group the memberships by the days they began and ended: from these
  // indexes, without sorting them all for each page.
  await db.schema.createIndex('memberships_since').on('memberships').column('since').execute();
  await db.schema.createIndex('memberships_until').on('memberships').column('until').execute();
  await db.schema.createIndex('memberships_register_status_order').on('memberships').columns(['status', 'sort_key', 'id']).execute();
  if (dialect === 'postgres') {
    await sql`create function memberships_take_sort_key() returns trigger language plpgsql as $$
      begin
        new.sort_key := coalesce((select people.sort_key from people where people.id = new.person_id), '');
        return new;
      end
    $$`.execute(db);
    await sql`create trigger memberships_take_sort_key before insert or update of person_id on memberships
      for each row execute function memberships_take_sort_key()`.execute(db);
    await sql`create function people_sort_key_to_memberships() returns trigger language plpgsql as $$
      begin
        update memberships set sort_key = new.sort_key where person_id = new.id;
        return null;
      end
    $$`.execute(db);
    await sql`create trigger people_sort_key_to_memberships after update of sort_key on people
      for each row when (old.sort_key is distinct from new.sort_key) execute function people_sort_key_to_memberships()`.execute(db);
  } else {
    // SQLite's triggers cannot change the row being written: the copy is made just after it.
    await sql`create trigger memberships_take_sort_key after insert on memberships
      for each row
      begin
        update memberships set sort_key = coalesce((select people.sort_key from people where people.id = new.person_id), '') where id = new.id;
      end`.execute(db);
    await sql`create trigger memberships_follow_person after update of person_id on memberships
      for each row when old.person_id is not new.person_id
      begin
        update memberships set sort_key = coalesce((select people.sort_key from people where people.id = new.person_id), '') where id = new.id;
      end`.execute(db);
    await sql`create trigger people_sort_key_to_memberships after update of sort_key on people
      for each row when old.sort_key is not new.sort_key
      begin
        update memberships set sort_key = new.sort_key where person_id = new.id;
      end`.execute(db);
  }
}
