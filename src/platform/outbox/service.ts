import type { ServiceContext } from '../services.js';
import type { Actor } from '../auth/actor.js';
import { AppError } from '../errors.js';
import { createAuditRepository } from '../audit/repository.js';
import { createOutboxRepository, type OutboxEvent, type OutboxState } from './repository.js';

/** The outbox as administrators read it: what waits, what was delivered, and the dead letters. */
export function createOutboxService(ctx: ServiceContext) {
  const { database, clock } = ctx;
  const outbox = createOutboxRepository(database.db);
  return {
    async list(filter: {
      subjectId?: string;
      topic?: string;
      state?: OutboxState;
      cursor?: string;
      limit?: number;
    }): Promise<{ items: OutboxEvent[]; nextCursor: string | null }> {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
      const rows = await outbox.list({ subjectId: filter.subjectId, topic: filter.topic, state: filter.state, beforeId: filter.cursor, limit: limit + 1 });
      const items = rows.slice(0, limit);
      return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
    },

    counts: () => outbox.counts(),

    /** A dead letter gets a new round of attempts (after the provider was repaired or configured). */
    async retry(actor: Actor, id: string): Promise<{ id: string; state: 'pending' }> {
      if (!actor.isAdmin) throw new AppError('forbidden', 'Administrators only');
      const event = await outbox.get(id);
      if (!event) throw new AppError('not_found', `No outbox event ${id}`);
      const now = clock.now();
      await database.transaction(async (trx) => {
        if (!(await createOutboxRepository(trx).revive(id, now))) throw new AppError('not_dead_letter', 'This event is not in the dead letters');
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'outbox.retried',
          subjectType: 'outbox',
          subjectId: id,
          before: { topic: event.topic, attempts: event.attempts, lastError: event.lastError },
          at: now,
        });
      });
      return { id, state: 'pending' };
    },
  };
}
