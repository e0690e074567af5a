import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * The directory's search reads `people.search_key` (name, email and pseudonym, accents and case
 * folded by the application) with `LIKE '%term%'`, which no B-tree index serves: every search read
 * the whole table. On PostgreSQL a trigram index (pg_trgm, a trusted extension since PostgreSQL 13:
 * the database's owner may install it) serves that same LIKE, so the query is unchanged. The
 * extension goes into `public`, once per database, and the operator class is named with its schema,
 * so that every schema of the database (instances, tests) finds it.
 *
 * SQLite is left as it was: an FTS5 trigram table needs a stable integer key to point at its rows,
 * and people's rowid is not one (their key is a text id, and VACUUM may renumber such rowids).
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`create extension if not exists pg_trgm with schema public`.execute(db);
  await sql`create index people_search_trigrams on people using gin (search_key public.gin_trgm_ops)`.execute(db);
}
