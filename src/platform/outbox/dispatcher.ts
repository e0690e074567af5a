import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Database } from '../db.js';
import type { Clock } from '../time.js';
import { DeliveryError } from '../../integrations/rooms.js';
import { createOutboxRepository, type OutboxEvent } from './repository.js';
import { afterFailure, defaultRetryPolicy, type RetryPolicy } from './rules.js';
import type { TopicHandlers } from './topics.js';

/** Delivers one event of any topic (the dispatcher's view of a handler). */
export type OutboxHandler = (event: OutboxEvent) => Promise<void>;

export interface DispatcherOptions {
  database: Database;
  clock: Clock;
  /** One handler per declared topic: the type refuses a missing one. */
  handlers: TopicHandlers;
  /** Called once when an event goes to the dead letters (e.g. to mark its mail failed). */
  onDead?: (event: OutboxEvent, error: string) => Promise<void>;
  onError?: (event: OutboxEvent, error: unknown) => void;
  policy?: RetryPolicy;
  /** How many events one claim takes. */
  batchSize?: number;
  /** How long a claimed event stays with this instance before another may take it. */
  leaseMs?: number;
  random?: () => number;
  /** Names this instance in the outbox rows it holds; unique per process by default. */
  instance?: string;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
}

function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

/**
 * The outbox dispatcher ("Nothing is lost"): at-least-once delivery of the side effects that
 * changes committed, with backoff and jitter for a retry window (24 hours by default), then dead letters. Handlers are idempotent (they
 * check before acting, or pass the event id as an idempotency key), so at-least-once is once in
 * effect. Several instances on PostgreSQL share the work through `claim`.
 */
export function createDispatcher(options: DispatcherOptions) {
  const outbox = createOutboxRepository(options.database.db);
  const policy = options.policy ?? defaultRetryPolicy;
  const batchSize = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 60_000;
  const random = options.random ?? Math.random;
  const instance = options.instance ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;

  async function deliver(event: OutboxEvent): Promise<'delivered' | 'retry' | 'dead'> {
    // The row's payload is what `enqueue` wrote for its topic, so each handler gets the payload it
    // declares; a topic that no handler declares (retired, or from a newer version) is refused.
    const handler = (options.handlers as unknown as Record<string, OutboxHandler | undefined>)[event.topic];
    try {
      if (!handler) throw new DeliveryError(`No handler for topic ${event.topic}`, { permanent: true });
      await handler(event);
      await outbox.markDelivered(event.id, instance, options.clock.now());
      return 'delivered';
    } catch (error) {
      options.onError?.(event, error);
      const message = describe(error);
      const failure = error instanceof DeliveryError ? error.options : {};
      const now = options.clock.now();
      const next = afterFailure(
        {
          attempts: event.attempts,
          permanent: failure.permanent ?? false,
          retryAfterMs: failure.retryAfterMs,
          firstAttemptAt: event.firstAttemptAt ?? now,
        },
        now,
        policy,
        random(),
      );
      if (next.kind === 'dead') {
        await outbox.markDead(event.id, instance, now, message);
        await options.onDead?.(event, message);
        return 'dead';
      }
      await outbox.scheduleRetry(event.id, instance, addMs(now, next.delayMs), message);
      return 'retry';
    }
  }

  /** Claims one batch and delivers it, one event after the other; returns what happened. */
  async function runOnce(): Promise<{ claimed: number; delivered: number; retried: number; dead: number }> {
    const now = options.clock.now();
    const events = await outbox.claim({ instance, now, leaseUntil: addMs(now, leaseMs), limit: batchSize, dialect: options.database.dialect });
    const tally = { claimed: events.length, delivered: 0, retried: 0, dead: 0 };
    for (const event of events) {
      const outcome = await deliver(event);
      if (outcome === 'delivered') tally.delivered++;
      else if (outcome === 'retry') tally.retried++;
      else tally.dead++;
    }
    return tally;
  }

  /** Delivers until nothing is due (bounded): for the CLI and tests. */
  async function drain(maxRounds = 1000): Promise<{ delivered: number; retried: number; dead: number }> {
    const total = { delivered: 0, retried: 0, dead: 0 };
    for (let round = 0; round < maxRounds; round++) {
      const r = await runOnce();
      total.delivered += r.delivered;
      total.retried += r.retried;
      total.dead += r.dead;
      if (r.claimed === 0) break;
    }
    return total;
  }

  return {
    instance,
    runOnce,
    drain,
    /** Polls every `intervalMs`; a full batch is followed at once by the next one. */
    start(intervalMs = 1_000): void {
      stopped = false;
      const loop = async () => {
        timer = null;
        let again = false;
        try {
          running = runOnce();
          const r = (await running) as { claimed: number };
          again = r.claimed === batchSize;
        } catch (error) {
          options.onError?.({ id: '', topic: '(claim)' } as OutboxEvent, error);
        } finally {
          running = null;
        }
        if (!stopped) timer = setTimeout(() => void loop(), again ? 0 : intervalMs);
      };
      timer = setTimeout(() => void loop(), 0);
    },
    /** Stops polling and waits for the batch in hand. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
