import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { parseJsonColumn } from '../db.js';
import { newId } from '../ids.js';

/**
 * Side effects of a change, written in the change's own transaction (design invariant 8): a
 * welcome mail, an invitation to the members' room. A dispatcher delivers them (issue 6); until
 * then they wait here, visible to administrators.
 */
export interface OutboxEvent {
  id: string;
  topic: string;
  subjectType: string | null;
  subjectId: string | null;
  payload: unknown;
  createdAt: string;
  availableAt: string;
  attempts: number;
  deliveredAt: string | null;
  lastError: string | null;
}

export function createOutboxRepository(db: Kysely<DB>) {
  return {
    async enqueue(e: { topic: string; subjectType?: string; subjectId?: string; payload: unknown; now: string }): Promise<string> {
      const id = newId();
      await db
        .insertInto('outbox')
        .values({
          id,
          topic: e.topic,
          subject_type: e.subjectType ?? null,
          subject_id: e.subjectId ?? null,
          payload: JSON.stringify(e.payload),
          created_at: e.now,
          available_at: e.now,
          attempts: 0,
          delivered_at: null,
          last_error: null,
        })
        .execute();
      return id;
    },

    async list(filter: { subjectId?: string; topic?: string; beforeId?: string; limit: number }): Promise<OutboxEvent[]> {
      let q = db.selectFrom('outbox').selectAll();
      if (filter.subjectId) q = q.where('subject_id', '=', filter.subjectId);
      if (filter.topic) q = q.where('topic', '=', filter.topic);
      if (filter.beforeId) q = q.where('id', '<', filter.beforeId);
      const rows = await q.orderBy('id', 'desc').limit(filter.limit).execute();
      return rows.map((r) => ({
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
      }));
    },
  };
}
