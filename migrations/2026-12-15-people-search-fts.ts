import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * The directory's search on SQLite, served by an index as PostgreSQL's is by pg_trgm
 * (`2026-12-08-people-search-trigrams`): an FTS5 table with the trigram tokenizer,
 * `people_search`, holds each person's id (not indexed), `search_key` and `email_normalized`, and
 * SQLite answers `LIKE '%term%'` on those columns from the trigram index, then checks the LIKE
 * itself on each row found: the rows are exactly those the same LIKE on `people` keeps.
 *
 * An FTS5 table names its rows by an integer rowid, and people's rowid is no stable name for them
 * (their key is a text id, and VACUUM may renumber such rowids). So the table holds copies, not
 * pointers (a regular FTS5 table, not external content), and `people_search_rows` gives each
 * person's row in it by the person's id: without it, every edit would find the row by scanning the
 * whole index (`person_id` is not indexed), 25 ms at 100,000 people. Triggers on people keep both in
 * step on every write path (creation, imports, edits, e-mail changes, erasure, restore).
 *
 * Both tables are derived from people: backups leave them out (`platform/backup.ts`) and a restore
 * fills them again through the triggers. PostgreSQL has its trigram index already; nothing changes
 * there.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`create virtual table people_search using fts5(person_id unindexed, search_key, email_normalized, tokenize = 'trigram')`.execute(db);
  // A row deleted or changed leaves its former trigrams in the index's older segments until they
  // are merged; an erased person's name and address must not stay readable there (docs/privacy.md).
  await sql`insert into people_search (people_search, rank) values ('secure-delete', 1)`.execute(db);
  await sql`create table people_search_rows (search_row integer primary key, person_id text not null unique)`.execute(db);
  await sql`insert into people_search_rows (person_id) select id from people`.execute(db);
  await sql`
    insert into people_search (rowid, person_id, search_key, email_normalized)
    select r.search_row, p.id, p.search_key, p.email_normalized from people p join people_search_rows r on r.person_id = p.id`.execute(db);
  await sql`
    create trigger people_search_insert after insert on people begin
      insert into people_search_rows (person_id) values (new.id);
      insert into people_search (rowid, person_id, search_key, email_normalized)
      values ((select search_row from people_search_rows where person_id = new.id), new.id, new.search_key, new.email_normalized);
    end`.execute(db);
  await sql`
    create trigger people_search_update after update of id, search_key, email_normalized on people
    when old.id is not new.id or old.search_key is not new.search_key or old.email_normalized is not new.email_normalized begin
      update people_search set person_id = new.id, search_key = new.search_key, email_normalized = new.email_normalized
      where rowid = (select search_row from people_search_rows where person_id = old.id);
      update people_search_rows set person_id = new.id where person_id = old.id;
    end`.execute(db);
  await sql`
    create trigger people_search_delete after delete on people begin
      delete from people_search where rowid = (select search_row from people_search_rows where person_id = old.id);
      delete from people_search_rows where person_id = old.id;
    end`.execute(db);
}
