import type { ServiceContext } from '../services.js';
import { createOutboxRepository, type OutboxEvent } from './repository.js';

/** The outbox as administrators read it: what waits for delivery and what was delivered. */
export function createOutboxService(ctx: ServiceContext) {
  const outbox = createOutboxRepository(ctx.database.db);
  return {
    async list(filter: { subjectId?: string; topic?: string; cursor?: string; limit?: number }): Promise<{ items: OutboxEvent[]; nextCursor: string | null }> {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
      const rows = await outbox.list({ subjectId: filter.subjectId, topic: filter.topic, beforeId: filter.cursor, limit: limit + 1 });
      const items = rows.slice(0, limit);
      return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
    },
  };
}
