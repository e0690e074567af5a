import type { OutboxEvent } from './event.js';

/**
 * Every outbox topic and its payload. The platform declares its own; each module declares the
 * topics it queues next to the code that queues them, by declaration merging:
 *
 *     declare module '../../platform/outbox/topics.js' {
 *       interface OutboxTopics {
 *         'membership.ended': { personId: string; membershipId: string; status: string; until: string | null };
 *       }
 *     }
 *
 * so that queuing a topic nobody declared, or a payload of the wrong shape, does not compile, and
 * neither does a handler that expects another payload, nor a dispatcher missing a handler.
 */
export interface OutboxTopics {
  /** A mail of the mail log to send (src/platform/mail): the mail's id, its recipient's, its kind. */
  'mail.send': { mailId: string; personId: string | null; kind: string };
}

export type OutboxTopic = keyof OutboxTopics & string;

/** One event to queue: the topic says what its payload must be. */
export type OutboxMessage<T extends OutboxTopic = OutboxTopic> = {
  [K in T]: { topic: K; subjectType?: string; subjectId?: string; payload: OutboxTopics[K]; now: string };
}[T];

/** An event of one topic as the dispatcher hands it over: its payload as it was queued. */
export type TopicEvent<T extends OutboxTopic> = { [K in T]: Omit<OutboxEvent, 'topic' | 'payload'> & { topic: K; payload: OutboxTopics[K] } }[T];

/** Delivers one event; throws to have it retried (DeliveryError says how). Must be idempotent. */
export type TopicHandler<T extends OutboxTopic> = (event: TopicEvent<T>) => Promise<void>;

/** A handler for each of the topics `T` (all of them by default: a missing one does not compile). */
export type TopicHandlers<T extends OutboxTopic = OutboxTopic> = { [K in T]: TopicHandler<K> };
