import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { createOutboxRepository } from '../../platform/outbox/repository.js';
import { on, type Subscription } from '../../platform/events.js';

/**
 * Queues the repair of every room for one person whose audiences may have changed (membership,
 * roster, chat handle), in the caller's transaction ("Nothing is lost"). The rooms module's
 * handler fans it out to one delivery per room.
 */
export async function queueRoomsFor(trx: Kysely<DB>, personId: string, reason: string, now: string): Promise<void> {
  await createOutboxRepository(trx).enqueue({ topic: 'rooms.person', subjectType: 'person', subjectId: personId, payload: { personId, reason }, now });
}

/** The rooms' part in what the modules below them do: a person whose audiences or handles changed gets their rooms repaired. */
export function roomsSubscriptions(): Subscription[] {
  return [
    on('person.chatHandlesChanged', 'rooms', ({ personId }, { trx, now }) => queueRoomsFor(trx, personId, 'handle_changed', now)),
    on('team.rosterChanged', 'rooms', ({ personId }, { trx, now }) => queueRoomsFor(trx, personId, 'roster_changed', now)),
  ];
}
