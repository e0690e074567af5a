/*
 * The outbox topics the rooms module queues and delivers (its handlers in ./service.ts). The
 * payloads say what a delivery needs when it runs, after the change that queued it committed.
 */
declare module '../../platform/outbox/topics.js' {
  interface OutboxTopics {
    /** Repair every room of one person whose audiences or chat handles may have changed. */
    'rooms.person': { personId: string; reason: string };
    /** Bring one person's presence in one room in line with its audience. */
    'room.sync': { roomId: string; personId: string | null; reason: string; handle?: string | null };
    /** Compare a room with its audience and repair the difference (a new room, the hourly check). */
    'room.reconcile': { roomId: string };
    /** Post a signed event to a webhook room (membership started or ended). */
    'webhook.notify': { roomId: string; type: string; data: unknown; occurredAt: string };
  }
}

export {};
