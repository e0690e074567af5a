import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { KEPT_STATEMENTS, openDatabase, type Database } from './db.js';

/** Counts what the connection prepares, below the statements it keeps. */
function countingPrepares(database: Database): { readonly count: number } {
  const sqlite = database.sqlite!;
  let count = 0;
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    count++;
    return prepare(source);
  }) as typeof sqlite.prepare;
  return {
    get count() {
      return count;
    },
  };
}

describe('SQLite: the statements Kysely runs are kept', () => {
  it('prepares a statement once however often it runs, with each run its own values', async () => {
    const database = openDatabase('sqlite::memory:');
    try {
      await sql`create table t (id integer primary key, name text)`.execute(database.db);
      const prepares = countingPrepares(database);
      for (let i = 0; i < 20; i++) await sql`insert into t (id, name) values (${i}, ${`n${i}`})`.execute(database.db);
      const names: string[] = [];
      for (const id of [3, 7, 11]) names.push((await sql<{ name: string }>`select name from t where id = ${id}`.execute(database.db)).rows[0].name);
      expect(names).toEqual(['n3', 'n7', 'n11']);
      expect(prepares.count).toBe(2);
    } finally {
      await database.close();
    }
  });

  it('sees a column a migration added after the statement was kept', async () => {
    const database = openDatabase('sqlite::memory:');
    try {
      await sql`create table t (id integer primary key)`.execute(database.db);
      await sql`insert into t (id) values (1)`.execute(database.db);
      const read = () =>
        database.db
          .selectFrom('t' as never)
          .selectAll()
          .execute();
      expect(await read()).toEqual([{ id: 1 }]);
      await sql`alter table t add column note text default 'x'`.execute(database.db);
      expect(await read()).toEqual([{ id: 1, note: 'x' }]);
    } finally {
      await database.close();
    }
  });

  it(`keeps at most ${KEPT_STATEMENTS} statements, the least recently used leaving first`, async () => {
    const database = openDatabase('sqlite::memory:');
    try {
      const prepares = countingPrepares(database);
      const run = (n: number) => sql.raw(`select ${n} as n`).execute(database.db);
      await run(0);
      for (let n = 1; n <= KEPT_STATEMENTS; n++) await run(n);
      const before = prepares.count;
      // `select 0` was the least recently used: it left when the last one came, and is prepared again.
      await run(0);
      expect(prepares.count).toBe(before + 1);
      // `select KEPT_STATEMENTS` is still kept.
      await run(KEPT_STATEMENTS);
      expect(prepares.count).toBe(before + 1);
    } finally {
      await database.close();
    }
  });
});
