import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * The staff's search in the directory (those who see addresses: the bureau, administrators) reads
 * `search_key like '%term%' or email_normalized like '%term%'`. On PostgreSQL only `search_key` had a
 * trigram index, and one arm of an OR without an index makes the whole condition a scan of every
 * person: 18 ms at 100,000 people, the slowest line of the bench on PostgreSQL. With this index both
 * arms are read from trigram indexes and merged (a BitmapOr). SQLite's full-text table already holds
 * both columns (2026-12-15-people-search-fts).
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`create index people_email_trigrams on people using gin (email_normalized public.gin_trgm_ops)`.execute(db);
}
