import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase, dialectUnderTest } from '../../test/harness.js';
import type { Database } from './db.js';
import { createScheduler } from './scheduler.js';

describe(`scheduler (${dialectUnderTest})`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  async function database(): Promise<Database> {
    const { database, drop } = await freshDatabase();
    cleanups.push(drop);
    return database;
  }

  it('runs each task when it is due, and not before', async () => {
    let clock = 0;
    const runs: string[] = [];
    const scheduler = createScheduler({
      database: await database(),
      now: () => clock,
      onError: () => {},
      tasks: [
        { name: 'hourly', everyMinutes: 60, run: async () => runs.push('hourly') },
        { name: 'daily', everyMinutes: 24 * 60, run: async () => runs.push('daily') },
      ],
    });
    expect(await scheduler.tick()).toEqual(['hourly', 'daily']);
    clock = 59 * 60_000;
    expect(await scheduler.tick()).toEqual([]);
    clock = 60 * 60_000;
    expect(await scheduler.tick()).toEqual(['hourly']);
    clock = 24 * 60 * 60_000;
    expect(await scheduler.tick()).toEqual(['hourly', 'daily']);
    expect(runs).toEqual(['hourly', 'daily', 'hourly', 'hourly', 'daily']);
  });

  it('reports a failing task and still runs the others', async () => {
    const errors: string[] = [];
    const scheduler = createScheduler({
      database: await database(),
      onError: (task, error) => errors.push(`${task}: ${(error as Error).message}`),
      tasks: [
        { name: 'broken', everyMinutes: 1, run: async () => Promise.reject(new Error('boom')) },
        { name: 'fine', everyMinutes: 1, run: async () => undefined },
      ],
    });
    expect(await scheduler.tick()).toEqual(['fine']);
    expect(errors).toEqual(['broken: boom']);
  });

  it.runIf(dialectUnderTest === 'postgres')('lets one instance lead at a time on PostgreSQL', async () => {
    const db = await database();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const leaderStarted = new Promise<void>((resolve) => (started = resolve));
    const leader = createScheduler({ database: db, onError: () => {}, tasks: [{ name: 'slow', everyMinutes: 1, run: () => (started(), held) }] });
    const other = createScheduler({ database: db, onError: () => {}, tasks: [{ name: 'slow', everyMinutes: 1, run: async () => undefined }] });
    const first = leader.tick();
    await leaderStarted;
    expect(await other.tick()).toEqual([]);
    release();
    expect(await first).toEqual(['slow']);
    expect(await other.tick()).toEqual(['slow']);
  });
});
