import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from './db.js';
import { createEventBus, on, type EventContext } from './events.js';

// A test-only event: the declaration merges into the registry like a module's would.
declare module './events.js' {
  interface DomainEvents {
    'test.happened': { what: string };
  }
}

describe('domain events', () => {
  it('runs every subscriber in order, in the publisher transaction', async () => {
    const database = openDatabase('sqlite::memory:');
    await sql`create table heard (id text primary key, at text not null)`.execute(database.db);
    const heard: string[] = [];
    const bus = createEventBus([
      on('test.happened', 'first', async (p) => void heard.push(`first:${p.what}`)),
      on('test.happened', 'second', async (p, c) => {
        heard.push(`second:${p.what}`);
        await sql`insert into heard (id, at) values ('events-test', ${c.now})`.execute(c.trx);
      }),
    ]);
    await database.transaction((trx) => bus.publish('test.happened', { what: 'x' }, { trx, now: '2026-12-05T10:00:00.000Z' }));
    expect(heard).toEqual(['first:x', 'second:x']);
    const { rows } = await sql<{ id: string }>`select id from heard`.execute(database.db);
    expect(rows).toHaveLength(1);
    await database.close();
  });

  it('undoes the publisher and the handlers together when a handler fails', async () => {
    const database = openDatabase('sqlite::memory:');
    await sql`create table heard (id text primary key, at text not null)`.execute(database.db);
    const bus = createEventBus([
      on('test.happened', 'writer', async (_p, c: EventContext) => {
        await sql`insert into heard (id, at) values ('events-test', ${c.now})`.execute(c.trx);
      }),
      on('test.happened', 'refuser', async () => {
        throw new Error('refused');
      }),
    ]);
    await expect(database.transaction((trx) => bus.publish('test.happened', { what: 'y' }, { trx, now: '2026-12-05T10:00:00.000Z' }))).rejects.toThrow(
      'refused',
    );
    const { rows } = await sql<{ id: string }>`select id from heard`.execute(database.db);
    expect(rows).toHaveLength(0);
    await database.close();
  });
});
