import type { Transaction } from 'kysely';
import type { DB } from './schema.js';

/**
 * Domain events: how a module lets the modules above it react to what it did, without knowing
 * them. A membership ends in `memberships`; `rooms` takes the member out of the members' room.
 * The publisher names the event and its payload; the composition root (`src/container.ts`) says
 * who listens. Handlers run in the publisher's transaction, before it commits: if one fails,
 * the whole change is undone, so the record and its consequences never disagree.
 *
 * Work that talks to the outside world (mail, chat servers, webhooks) does not belong in a
 * handler: a handler queues it in the outbox, which delivers after the commit and retries.
 *
 * Each module declares its events by merging into this interface, next to the code that
 * publishes them:
 *
 *     declare module '../../platform/events.js' {
 *       interface DomainEvents {
 *         'membership.ended': { personId: string; on: string; reason: EndReason };
 *       }
 *     }
 *
 * so that publishing or handling a wrong payload does not compile.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the modules' declarations
export interface DomainEvents {}

export type EventName = keyof DomainEvents & string;

export interface EventContext {
  /** The publisher's transaction: the handler's writes commit or roll back with it. */
  trx: Transaction<DB>;
  /** The instant the publisher acts at, from its clock. */
  now: string;
}

export type EventHandler<N extends EventName> = (payload: DomainEvents[N], context: EventContext) => Promise<void>;

/** One subscription to one event, as a module hands it to the composition root. */
export interface SubscriptionTo<N extends EventName> {
  event: N;
  /** Who listens, for the docs' map and for error messages: `rooms`, `memberships`… */
  listener: string;
  handle: EventHandler<N>;
}

/**
 * A subscription to one of the events (`Subscription`: to any of them). Spelt out event by event,
 * so that a list holds subscriptions to different events: a handler of one payload is not a
 * handler of every payload.
 */
export type Subscription<N extends EventName = EventName> = N extends EventName ? SubscriptionTo<N> : never;

/** A typed subscription: `on('membership.ended', 'rooms', async (p, c) => …)`. */
export function on<N extends EventName>(event: N, listener: string, handle: EventHandler<N>): Subscription<N> {
  const subscription: SubscriptionTo<N> = { event, listener, handle };
  // One event named: the distributed type is this very subscription.
  return subscription as Subscription<N>;
}

export interface EventBus {
  publish<N extends EventName>(event: N, payload: DomainEvents[N], context: EventContext): Promise<void>;
  /** Who listens to what, in subscription order (docs and tests). */
  readonly subscriptions: readonly Subscription[];
}

/**
 * The bus of one application: subscriptions are fixed when it is built, so two instances of the
 * server built from the same code react alike and nothing is registered at run time.
 */
export function createEventBus(subscriptions: readonly Subscription[] = []): EventBus {
  const byEvent = new Map<string, Subscription[]>();
  for (const s of subscriptions) byEvent.set(s.event, [...(byEvent.get(s.event) ?? []), s]);
  return {
    subscriptions,
    async publish(event, payload, context) {
      // In order, one after the other: they share the transaction, which runs one statement at a time.
      for (const s of byEvent.get(event) ?? []) await (s.handle as EventHandler<typeof event>)(payload, context);
    },
  };
}

/** The bus of a service built on its own (a unit test): nothing listens. */
export const silentBus: EventBus = createEventBus();
