import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxMessage, TopicHandlers } from './topics.js';
import { freshDatabase } from '../../../test/harness.js';
import type { Database } from '../db.js';
import { DeliveryError } from '../../integrations/rooms.js';
import { createOutboxRepository, type OutboxEvent } from './repository.js';
import { createDispatcher, type OutboxHandler } from './dispatcher.js';
import { defaultRetryPolicy, HOUR_MS } from './rules.js';

/** A clock the test moves by hand, so backoff is observed without waiting. */
function manualClock(start = '2026-12-01T10:00:00.000Z') {
  let t = Date.parse(start);
  return {
    now: () => new Date(t).toISOString(),
    today: () => new Date(t).toISOString().slice(0, 10),
    advance(ms: number) {
      t += ms;
    },
  };
}

describe('outbox dispatcher', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let clock: ReturnType<typeof manualClock>;

  beforeEach(async () => {
    ({ database, drop } = await freshDatabase());
    clock = manualClock();
  });
  afterEach(async () => drop());

  // The dispatcher's own tests use topics of their own, which no module declares: they pass
  // untyped events and handlers on purpose.
  async function enqueue(topic: string, payload: unknown = {}): Promise<string> {
    return createOutboxRepository(database.db).enqueue({ topic, payload, now: clock.now() } as unknown as OutboxMessage);
  }
  const get = async (id: string) => (await createOutboxRepository(database.db).get(id))!;
  const dispatcher = (handlers: Record<string, OutboxHandler>, onDead?: (e: OutboxEvent, error: string) => Promise<void>) =>
    createDispatcher({ database, clock, handlers: handlers as unknown as TopicHandlers, onDead, random: () => 0.5 });

  it('delivers each due event once, oldest first, and marks it delivered', async () => {
    const seen: string[] = [];
    const a = await enqueue('test.note', { n: 1 });
    clock.advance(1);
    const b = await enqueue('test.note', { n: 2 });
    const d = dispatcher({ 'test.note': async (e) => void seen.push(e.id) });
    expect(await d.drain()).toEqual({ delivered: 2, retried: 0, dead: 0 });
    expect(seen).toEqual([a, b]);
    expect((await get(a)).deliveredAt).toBe(clock.now());
    expect(await d.drain()).toEqual({ delivered: 0, retried: 0, dead: 0 });
    expect(seen).toHaveLength(2);
  });

  it('retries a failure after about a second, then later each time, and keeps the error', async () => {
    let failures = 2;
    const id = await enqueue('test.flaky');
    const d = dispatcher({
      'test.flaky': async () => {
        if (failures-- > 0) throw new Error('connection refused');
      },
    });
    expect(await d.drain()).toEqual({ delivered: 0, retried: 1, dead: 0 });
    const first = await get(id);
    expect(first).toMatchObject({ attempts: 1, lastError: 'connection refused', deliveredAt: null });
    expect(Date.parse(first.availableAt) - Date.parse(clock.now())).toBe(750);
    // Not due yet: nothing happens until the clock reaches it.
    expect(await d.drain()).toEqual({ delivered: 0, retried: 0, dead: 0 });
    clock.advance(750);
    expect(await d.drain()).toEqual({ delivered: 0, retried: 1, dead: 0 });
    expect(Date.parse((await get(id)).availableAt) - Date.parse(clock.now())).toBe(1_500);
    clock.advance(1_500);
    expect(await d.drain()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(await get(id)).toMatchObject({ attempts: 3, lastError: null });
  });

  it('waits as long as a rate-limited provider asks (retry_after_ms)', async () => {
    const id = await enqueue('test.limited');
    let limited = true;
    const d = dispatcher({
      'test.limited': async () => {
        if (limited) {
          limited = false;
          throw new DeliveryError('M_LIMIT_EXCEEDED', { retryAfterMs: 4_000 });
        }
      },
    });
    await d.drain();
    expect(Date.parse((await get(id)).availableAt) - Date.parse(clock.now())).toBe(4_000);
    clock.advance(3_999);
    expect((await d.drain()).delivered).toBe(0);
    clock.advance(1);
    expect((await d.drain()).delivered).toBe(1);
  });

  /** Runs the dispatcher as a server would over time: deliver what is due, sleep until the next retry. */
  async function liveUntil(d: ReturnType<typeof dispatcher>, id: string, stop: (e: OutboxEvent) => boolean): Promise<OutboxEvent> {
    for (let round = 0; round < 1_000; round++) {
      await d.drain();
      const e = await get(id);
      if (stop(e) || e.deliveredAt || e.deadAt) return e;
      clock.advance(Math.max(Date.parse(e.availableAt) - Date.parse(clock.now()), 1));
    }
    throw new Error('the dispatcher never settled');
  }

  it('keeps retrying an event whose receiver is down for 23 hours, and delivers it once the receiver is back', async () => {
    const start = clock.now();
    const id = await enqueue('test.down');
    let delivered = 0;
    const backAt = Date.parse(start) + 23 * HOUR_MS;
    const d = dispatcher({
      'test.down': async () => {
        if (Date.parse(clock.now()) < backAt) throw new Error('503 Service Unavailable');
        delivered++;
      },
    });
    const late = await liveUntil(d, id, (e) => Date.parse(e.availableAt) >= backAt);
    // Still pending after 23 hours of failures, far past the old dozen attempts, and waiting at most the cap.
    expect(late).toMatchObject({ deadAt: null, deliveredAt: null, lastError: '503 Service Unavailable' });
    expect(late.attempts).toBeGreaterThan(100);
    expect(Date.parse(late.availableAt) - Date.parse(clock.now())).toBeLessThanOrEqual(defaultRetryPolicy.capMs);
    const done = await liveUntil(d, id, () => false);
    expect(done).toMatchObject({ deadAt: null, lastError: null });
    expect(Date.parse(done.deliveredAt!) - backAt).toBeLessThanOrEqual(defaultRetryPolicy.capMs);
    expect(delivered).toBe(1);
  });

  it('sends a permanent failure at once, and one failing for 24 hours, to the dead letters, where they stay visible and a retry by hand revives them', async () => {
    const dead: string[] = [];
    const start = clock.now();
    const bad = await enqueue('test.refused');
    const tired = await enqueue('test.down');
    let up = false;
    const d = dispatcher(
      {
        'test.refused': async () => {
          if (!up) throw new DeliveryError('403 M_FORBIDDEN', { permanent: true });
        },
        'test.down': async () => {
          if (!up) throw new Error('503');
        },
      },
      async (e) => void dead.push(e.id),
    );
    await d.drain();
    expect((await get(bad)).deadAt).toBe(start);
    const given = await liveUntil(d, tired, () => false);
    expect(given).toMatchObject({ lastError: '503', deliveredAt: null, firstAttemptAt: start });
    const failedFor = Date.parse(given.deadAt!) - Date.parse(start);
    expect(failedFor).toBeGreaterThanOrEqual(24 * HOUR_MS);
    expect(failedFor).toBeLessThanOrEqual(24 * HOUR_MS + defaultRetryPolicy.capMs);
    expect(dead.sort()).toEqual([bad, tired].sort());

    // Still there a week later: the dead letters are kept until someone acts.
    clock.advance(7 * 24 * HOUR_MS);
    await d.drain();
    const outbox = createOutboxRepository(database.db);
    expect(await outbox.counts()).toEqual({ pending: 0, dead: 2 });
    expect((await outbox.list({ state: 'dead', limit: 10 })).map((e) => e.id).sort()).toEqual([bad, tired].sort());

    // A retry by hand starts a new round with a fresh window: a failure right after it is retried, not dead again.
    expect(await outbox.revive(tired, clock.now())).toBe(true);
    expect(await outbox.revive(tired, clock.now())).toBe(false);
    expect(await d.drain()).toEqual({ delivered: 0, retried: 1, dead: 0 });
    expect(await get(tired)).toMatchObject({ deadAt: null, attempts: 1, firstAttemptAt: clock.now() });
    up = true;
    expect(await outbox.revive(bad, clock.now())).toBe(true);
    clock.advance(defaultRetryPolicy.capMs);
    expect((await d.drain()).delivered).toBe(2);
    expect(await get(bad)).toMatchObject({ deadAt: null, attempts: 1 });
    expect(await outbox.counts()).toEqual({ pending: 0, dead: 0 });
  });

  it('lets another instance take an event whose lease ran out (an instance died mid-delivery)', async () => {
    const id = await enqueue('test.note');
    const outbox = createOutboxRepository(database.db);
    const [held] = await outbox.claim({
      instance: 'gone',
      now: clock.now(),
      leaseUntil: new Date(Date.parse(clock.now()) + 60_000).toISOString(),
      limit: 5,
      dialect: database.dialect,
    });
    expect(held.id).toBe(id);
    const seen: string[] = [];
    const d = dispatcher({ 'test.note': async (e) => void seen.push(e.id) });
    expect((await d.drain()).delivered).toBe(0);
    clock.advance(60_000);
    expect((await d.drain()).delivered).toBe(1);
    // The dead instance's late answer cannot undo it.
    expect(await outbox.markDelivered(id, 'gone', clock.now())).toBe(false);
    expect(seen).toEqual([id]);
  });

  it('refuses an event nobody handles instead of losing it: dead letters, with the reason', async () => {
    const id = await enqueue('test.unknown');
    await dispatcher({}).drain();
    expect(await get(id)).toMatchObject({ lastError: 'DeliveryError: No handler for topic test.unknown' });
    expect((await get(id)).deadAt).not.toBeNull();
  });
});
