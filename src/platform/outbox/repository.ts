import type { Kysely, Selectable } from 'kysely';
import type { DB, OutboxTable } from '../schema.js';
import { parseJsonColumn, type Dialect } from '../db.js';
import { newId } from '../ids.js';
import type { OutboxMessage } from './topics.js';

import type { OutboxEvent } from './event.js';
import { insertRows } from '../copy.js';

/** Every column of an outbox row, in the order enqueueMany writes them. */
const OUTBOX_COLUMNS = [
  'id',
  'topic',
  'subject_type',
  'subject_id',
  'payload',
  'created_at',
  'available_at',
  'attempts',
  'delivered_at',
  'last_error',
  'dead_at',
  'claimed_by',
  'first_attempt_at',
] as const satisfies readonly (keyof OutboxTable)[];

export type { OutboxEvent } from './event.js';

/** pending: waits or is being delivered; delivered; dead: given up, waits for a retry by hand. */
export type OutboxState = 'pending' | 'delivered' | 'dead';

function toEvent(r: Selectable<OutboxTable>): OutboxEvent {
  return {
    id: r.id,
    topic: r.topic,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    payload: parseJsonColumn(r.payload),
    createdAt: r.created_at,
    availableAt: r.available_at,
    attempts: r.attempts,
    deliveredAt: r.delivered_at,
    lastError: r.last_error,
    deadAt: r.dead_at,
    firstAttemptAt: r.first_attempt_at,
  };
}

export function createOutboxRepository(db: Kysely<DB>) {
  /** enqueue() for many events at once (a mail to each invitee, an import's invitations): multi-row inserts. */
  async function enqueueMany(events: readonly OutboxMessage[]): Promise<string[]> {
    if (events.length === 0) return [];
    const rows = events.map((e) => ({
      id: newId(),
      topic: e.topic,
      subject_type: e.subjectType ?? null,
      subject_id: e.subjectId ?? null,
      payload: JSON.stringify(e.payload),
      created_at: e.now,
      available_at: e.now,
      attempts: 0,
      delivered_at: null,
      last_error: null,
      dead_at: null,
      claimed_by: null,
      first_attempt_at: null,
    }));
    // Many at once (a convocation's mails): COPY on PostgreSQL, 500-row INSERTs on SQLite.
    await insertRows(db, 'outbox', OUTBOX_COLUMNS, rows, (r) => OUTBOX_COLUMNS.map((c) => r[c]));
    return rows.map((r) => r.id);
  }

  return {
    async enqueue(e: OutboxMessage): Promise<string> {
      const [id] = await enqueueMany([e]);
      return id!;
    },

    enqueueMany,

    async list(filter: { subjectId?: string; topic?: string; state?: OutboxState; beforeId?: string; limit: number }): Promise<OutboxEvent[]> {
      let q = db.selectFrom('outbox').selectAll();
      if (filter.subjectId) q = q.where('subject_id', '=', filter.subjectId);
      if (filter.topic) q = q.where('topic', '=', filter.topic);
      if (filter.state === 'pending') q = q.where('delivered_at', 'is', null).where('dead_at', 'is', null);
      if (filter.state === 'delivered') q = q.where('delivered_at', 'is not', null);
      if (filter.state === 'dead') q = q.where('dead_at', 'is not', null);
      if (filter.beforeId) q = q.where('id', '<', filter.beforeId);
      const rows = await q.orderBy('id', 'desc').limit(filter.limit).execute();
      return rows.map(toEvent);
    },

    async get(id: string): Promise<OutboxEvent | undefined> {
      const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toEvent(row) : undefined;
    },

    /** How many events wait, and how many are dead: the admin pages' and /metrics' figures. */
    async counts(): Promise<{ pending: number; dead: number }> {
      const row = await db
        .selectFrom('outbox')
        .select((eb) => [
          eb.fn
            .sum<number>(
              eb
                .case()
                .when(eb.and([eb('delivered_at', 'is', null), eb('dead_at', 'is', null)]))
                .then(1)
                .else(0)
                .end(),
            )
            .as('pending'),
          eb.fn.sum<number>(eb.case().when('dead_at', 'is not', null).then(1).else(0).end()).as('dead'),
        ])
        .executeTakeFirstOrThrow();
      return { pending: Number(row.pending ?? 0), dead: Number(row.dead ?? 0) };
    },

    /**
     * Takes up to `limit` due events for one instance and leases them until `leaseUntil`: the
     * attempt is counted now, so an instance that dies mid-delivery still uses up an attempt, and
     * another instance takes the event again once the lease ends. The first claim of a round of
     * attempts starts its retry window (first_attempt_at). On PostgreSQL, rows another
     * instance is claiming are skipped (FOR UPDATE SKIP LOCKED), so each event goes to one of them;
     * SQLite serialises writers by itself.
     */
    async claim(c: { instance: string; now: string; leaseUntil: string; limit: number; dialect: Dialect }): Promise<OutboxEvent[]> {
      let due = db
        .selectFrom('outbox')
        .select('id')
        .where('delivered_at', 'is', null)
        .where('dead_at', 'is', null)
        .where('available_at', '<=', c.now)
        .orderBy('available_at')
        .orderBy('id')
        .limit(c.limit);
      if (c.dialect === 'postgres') due = due.forUpdate().skipLocked();
      const rows = await db
        .updateTable('outbox')
        .set((eb) => ({
          claimed_by: c.instance,
          available_at: c.leaseUntil,
          attempts: eb('attempts', '+', 1),
          first_attempt_at: eb.fn.coalesce('first_attempt_at', eb.val(c.now)),
        }))
        .where('id', 'in', due)
        .returningAll()
        .execute();
      return rows.map(toEvent).sort((a, b) => (a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt)));
    },

    /** Marks a claimed event delivered; false when the lease was lost to another instance meanwhile. */
    async markDelivered(id: string, instance: string, at: string): Promise<boolean> {
      const r = await db
        .updateTable('outbox')
        .set({ delivered_at: at, claimed_by: null, last_error: null })
        .where('id', '=', id)
        .where('claimed_by', '=', instance)
        .where('delivered_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async scheduleRetry(id: string, instance: string, availableAt: string, error: string): Promise<void> {
      await db
        .updateTable('outbox')
        .set({ available_at: availableAt, claimed_by: null, last_error: error.slice(0, 2000) })
        .where('id', '=', id)
        .where('claimed_by', '=', instance)
        .execute();
    },

    async markDead(id: string, instance: string, at: string, error: string): Promise<void> {
      await db
        .updateTable('outbox')
        .set({ dead_at: at, claimed_by: null, last_error: error.slice(0, 2000) })
        .where('id', '=', id)
        .where('claimed_by', '=', instance)
        .execute();
    },

    /** Gives a dead event a new round of attempts, now, with a fresh retry window; false when it is not dead. */
    async revive(id: string, now: string): Promise<boolean> {
      const r = await db
        .updateTable('outbox')
        .set({ dead_at: null, attempts: 0, available_at: now, claimed_by: null, first_attempt_at: null })
        .where('id', '=', id)
        .where('dead_at', 'is not', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}
