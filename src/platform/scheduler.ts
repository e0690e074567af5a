import { sql } from 'kysely';
import type { Database } from './db.js';

export interface ScheduledTask {
  name: string;
  /** How often the task runs; the first run is at the first tick. */
  everyMinutes: number;
  run: () => Promise<unknown>;
}

/** Any number below 2^63 that no other advisory lock of the application uses (see audit: 7240001). */
const LEADER_LOCK = 7240003;

/**
 * The in-process scheduler (docs/operations.md, "Scheduled work"): recurring work such as planning the next
 * bureau sessions. With several instances on PostgreSQL, each tick is run by whichever instance
 * holds an advisory lock, the others skip it; SQLite has one instance by nature. Tasks are
 * idempotent anyway, so a missed or doubled run does no harm.
 */
export function createScheduler(options: { database: Database; tasks: ScheduledTask[]; onError: (task: string, error: unknown) => void; now?: () => number }) {
  const now = options.now ?? Date.now;
  const lastRun = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<string[]> | null = null;

  async function runDue(): Promise<string[]> {
    const ran: string[] = [];
    for (const task of options.tasks) {
      const last = lastRun.get(task.name);
      if (last !== undefined && now() - last < task.everyMinutes * 60_000) continue;
      lastRun.set(task.name, now());
      try {
        await task.run();
        ran.push(task.name);
      } catch (error) {
        options.onError(task.name, error);
      }
    }
    return ran;
  }

  /** Runs the tasks that are due, as leader; returns the names of those that ran. */
  async function tick(): Promise<string[]> {
    if (options.database.dialect !== 'postgres') return runDue();
    // A session-level lock on one connection, held while the tasks run, released after.
    return options.database.db.connection().execute(async (conn) => {
      const { rows } = await sql<{ leader: boolean }>`select pg_try_advisory_lock(${LEADER_LOCK}) as leader`.execute(conn);
      if (!rows[0]?.leader) return [];
      try {
        return await runDue();
      } finally {
        await sql`select pg_advisory_unlock(${LEADER_LOCK})`.execute(conn);
      }
    });
  }

  return {
    tick,
    /** Ticks now, then every `intervalMs`; a tick still running is never overlapped. */
    start(intervalMs = 60_000): void {
      const once = () => {
        if (running) return;
        running = tick().finally(() => (running = null));
      };
      once();
      timer = setInterval(once, intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
