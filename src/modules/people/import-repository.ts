import { sql, SqliteAdapter, type Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';

/** The import's own table, in the transaction's session only: no migration makes it, no other session sees it. */
const LEDGER = sql.raw('people_import_first_lines');

/** Emails per statement: bounds the IN list and the VALUES well under both databases' parameter limits. */
const BATCH = 1000;

/**
 * The line on which a people import first met each email, kept in the database for the length of
 * the import's transaction (a temporary table, dropped at its end whatever happens): the import
 * reports a line repeating an earlier one with that line's number, and a file of a million lines
 * would otherwise keep a million emails in memory (docs/import.md).
 */
export function createImportLedger(db: Kysely<DB>) {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  return {
    /** In the import's transaction: on PostgreSQL the table goes at commit, on SQLite with `close`, and with a rollback on both. */
    async open(): Promise<void> {
      await sql`create temporary table ${LEDGER} (email text primary key, line integer not null) ${sql.raw(sqlite ? '' : 'on commit drop')}`.execute(db);
    },

    /** The first line of each of these normalised emails met before. */
    async firstLines(emails: string[]): Promise<Map<string, number>> {
      const found = new Map<string, number>();
      for (let i = 0; i < emails.length; i += BATCH) {
        // Joined to a list of values rather than IN (parameters): PostgreSQL compares each row of the
        // table with every parameter of an IN list, and the table grows with the file.
        const given = sql.join(emails.slice(i, i + BATCH).map((email) => sql`(${email})`));
        const { rows } = await sql<{ email: string; line: number }>`
          with given(email) as (values ${given})
          select ledger.email, ledger.line from given join ${LEDGER} as ledger on ledger.email = given.email`.execute(db);
        for (const r of rows) found.set(r.email, Number(r.line));
      }
      return found;
    },

    /** Emails met for the first time, with their line. */
    async record(firsts: [email: string, line: number][]): Promise<void> {
      for (let i = 0; i < firsts.length; i += BATCH) {
        const values = firsts.slice(i, i + BATCH).map(([email, line]) => sql`(${email}, ${line})`);
        await sql`insert into ${LEDGER} (email, line) values ${sql.join(values)}`.execute(db);
      }
    },

    async close(): Promise<void> {
      await sql`drop table if exists ${LEDGER}`.execute(db);
    },
  };
}
