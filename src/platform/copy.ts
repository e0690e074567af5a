import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CompiledQuery, PostgresAdapter, type Kysely } from 'kysely';
import type CopyStreams from 'pg-copy-streams';
import type { DB } from './schema.js';
import { withPgClient } from './db.js';

/**
 * Bulk writes through PostgreSQL's COPY FROM STDIN, the fastest way rows reach its tables: no
 * statement to parse or plan per batch, no parameters to bind, rows streamed as text. Only
 * repositories call it, with their own table and columns; this file knows none.
 */

const require = createRequire(import.meta.url);
let copyStreams: typeof CopyStreams | undefined;
/** Loaded on first use, like pg itself: a server on SQLite never needs it. */
function copyFrom(text: string) {
  copyStreams ??= require('pg-copy-streams') as typeof CopyStreams;
  return copyStreams.from(text);
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;

/**
 * One value in COPY's text format: `\N` for NULL, and the backslash, tab, line feed and carriage
 * return written as backslash sequences, since they separate or end rows there. Everything else
 * (quotes, accents, any other Unicode) goes as it is: the connection speaks UTF-8.
 */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : String(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, (c) => ESCAPES[c]) : text;
}

/** Rows per piece of text handed to the stream: large enough that a write is not per row. */
const ROWS_PER_WRITE = 1000;

function* copyText(rows: Iterable<readonly unknown[]>): Generator<string> {
  let piece = '';
  let count = 0;
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : '\t') + copyValue(row[i]);
    piece += `${line}\n`;
    if (++count === ROWS_PER_WRITE) {
      yield piece;
      piece = '';
      count = 0;
    }
  }
  if (piece) yield piece;
}

/**
 * PostgreSQL only: writes `rows` (each the values of `columns`, in order) into `table` with one
 * COPY FROM STDIN on `db`'s connection, inside its transaction when `db` is one, so that a later
 * failure rolls these rows back with the rest. Constraints and triggers apply as for INSERT; a
 * refused row fails the whole COPY (and so the transaction). Returns the count of rows written.
 */
export async function copyRows(db: Kysely<DB>, table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number> {
  const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return withPgClient(db, async (client) => {
    const stream = client.query(copyFrom(`COPY ${quoted(table)} (${columns.map(quoted).join(', ')}) FROM STDIN`));
    await pipeline(Readable.from(copyText(rows), { objectMode: false }), stream);
    return stream.rowCount;
  });
}

/** Bound parameters per SQLite statement stay under its 32,766; 500 rows keep a statement small. */
const SQLITE_PARAMETERS = 32_000;
const SQLITE_MAX_ROWS = 500;
const sqliteInserts = new Map<string, string>();

/** `insert into table (columns) values (?, …), …` for `count` rows, its text built once per table and size. */
function sqliteInsert(table: string, columns: readonly string[], count: number): string {
  const key = `${table}\u0000${columns.join(',')}\u0000${count}`;
  let text = sqliteInserts.get(key);
  if (!text) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    text = `insert into ${table} (${columns.join(', ')}) values ${Array.from({ length: count }, () => row).join(', ')}`;
    sqliteInserts.set(key, text);
  }
  return text;
}

/**
 * Writes many rows of one table the fastest way each database takes them: COPY on PostgreSQL
 * (copyRows), multi-row INSERTs of up to 500 rows on SQLite (the statement of a full batch is
 * prepared once: the connection keeps it, db.ts). Run it in a transaction: each statement commits
 * otherwise. `columns` name every column written, in the order of `valuesOf`'s values.
 */
export async function insertRows<Row>(
  db: Kysely<DB>,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  valuesOf: (row: Row) => readonly unknown[],
): Promise<void> {
  if (rows.length === 0) return;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await copyRows(
      db,
      table,
      columns,
      (function* () {
        for (const row of rows) yield valuesOf(row);
      })(),
    );
    return;
  }
  const perStatement = Math.min(SQLITE_MAX_ROWS, Math.floor(SQLITE_PARAMETERS / columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const part = rows.slice(i, i + perStatement);
    const parameters: unknown[] = [];
    for (const row of part) parameters.push(...valuesOf(row));
    await db.executeQuery(CompiledQuery.raw(sqliteInsert(table, columns, part.length), parameters));
  }
}
