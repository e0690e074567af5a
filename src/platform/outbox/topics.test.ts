import { describe, expect, it } from 'vitest';
import type { OutboxMessage, TopicHandlers } from './topics.js';
import type { EventName, DomainEvents } from '../events.js';

/**
 * The typed edges hold at compile time: `npm run check` type-checks this file, and each
 * `@ts-expect-error` below fails the check if the line it covers ever compiles.
 */
describe('typed outbox topics and domain events', () => {
  it('refuse an undeclared topic, a wrong payload, a wrong handler and a missing one', () => {
    const queue = (m: OutboxMessage) => m.topic;
    expect(queue({ topic: 'mail.send', payload: { mailId: 'm1', personId: null, kind: 'welcome' }, now: '2026-12-05T10:00:00.000Z' })).toBe('mail.send');
    // @ts-expect-error -- a topic no module declares
    queue({ topic: 'nobody.declared', payload: {}, now: '2026-12-05T10:00:00.000Z' });
    // @ts-expect-error -- another topic's payload
    queue({ topic: 'mail.send', payload: { roomId: 'r1' }, now: '2026-12-05T10:00:00.000Z' });

    type MailOnly = TopicHandlers<'mail.send'>;
    const right: MailOnly = { 'mail.send': async (event) => void event.payload.mailId };
    // @ts-expect-error -- a handler reading a payload its topic does not have
    const wrong: MailOnly = { 'mail.send': async (event) => void event.payload.roomId };
    // @ts-expect-error -- a topic without its handler
    const missing: TopicHandlers = { 'mail.send': right['mail.send'] };
    expect([wrong, missing]).toHaveLength(2);
  });

  it('refuse a domain event nobody declared, or with another payload', () => {
    const publish = <N extends EventName>(name: N, _payload: DomainEvents[N]) => name;
    expect(publish('applications.submitted', { applicationId: 'a1', personId: 'p1' })).toBe('applications.submitted');
    // @ts-expect-error -- an event no module declares
    publish('nobody.declared', {});
    // @ts-expect-error -- another event's payload
    publish('applications.submitted', { applicationId: 'a1', sessionId: null });
  });
});
