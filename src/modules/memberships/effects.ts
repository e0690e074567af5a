import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import type { Dialect } from '../../platform/db.js';
import { AppError, isRefusal } from '../../platform/errors.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { associationName, createMailRepository } from '../../platform/mail/repository.js';
import { createOutboxRepository } from '../../platform/outbox/repository.js';
import { translate, type Params } from '../../platform/i18n/index.js';
import { formatDay } from '../../platform/i18n/meeting-dates.js';
import { createPeopleRepository, type Person } from '../people/repository.js';
import { createMembershipsRepository, type Membership, type MembershipPatch } from './repository.js';
import { transitionMembership, type MembershipEvent } from './rules.js';

export type MembershipMail = 'warning' | 'lapsing' | 'resumed' | 'lapsed' | 'lapse_confirmed' | 'kept' | 'excluded' | 'resigned';

/** The member, and the association's name for the mails. */
export async function memberAndAssociation(trx: Kysely<DB>, personId: string): Promise<{ person: Person; association: string }> {
  const person = await createPeopleRepository(trx).findById(personId);
  if (!person) throw new AppError('not_found', `No person ${personId}`);
  return { person, association: await associationName(trx) };
}

/** Tells the member, in their language, in the transaction of the change ("Nothing is lost"). */
export async function mailMember(trx: Kysely<DB>, kind: MembershipMail, personId: string, params: Params, now: string): Promise<void> {
  const { person, association } = await memberAndAssociation(trx, personId);
  // Dates arrive as YYYY-MM-DD and are put into words in the member's language.
  const words = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDay(v, person.locale) : v]),
  );
  const all = { name: person.displayName, association, ...words };
  await createMailRepository(trx).record({
    to: person.email,
    personId: person.id,
    kind: `membership_${kind}`,
    subject: translate(person.locale, `memberships.mail.${kind}.subject`, all),
    body: translate(person.locale, `memberships.mail.${kind}.body`, all),
    now,
  });
}

/**
 * Applies a lifecycle event with optimistic concurrency and records it. Every end of membership
 * queues the removal from the members' room ("The members' room holds exactly the active members").
 */
export async function moveMembership(
  trx: Kysely<DB>,
  dialect: Dialect,
  m: Membership,
  event: MembershipEvent,
  patch: Omit<MembershipPatch, 'status' | 'updated_at'>,
  who: { actorId: string | null; now: string; reason?: Record<string, unknown> },
): Promise<void> {
  const next = transitionMembership(m.status, event);
  if (isRefusal(next)) throw AppError.from(next);
  if (!(await createMembershipsRepository(trx).update(m.id, m.version, { ...patch, status: next.status, updated_at: who.now }))) {
    throw new AppError('version_conflict', 'The membership changed meanwhile');
  }
  await createAuditRepository(trx, dialect).append({
    actorId: who.actorId,
    action: `membership.${event}`,
    subjectType: 'person',
    subjectId: m.personId,
    before: { membershipId: m.id, status: m.status },
    after: { membershipId: m.id, status: next.status, ...patch, ...who.reason },
    at: who.now,
  });
  if (next.status === 'lapsed' || next.status === 'resigned' || next.status === 'excluded') {
    const { person } = await memberAndAssociation(trx, m.personId);
    await createOutboxRepository(trx).enqueue({
      topic: 'room.remove',
      subjectType: 'person',
      subjectId: m.personId,
      payload: { personId: m.personId, audience: 'members', matrixId: person.matrixId, xmppJid: person.xmppJid, reason: `membership_${next.status}` },
      now: who.now,
    });
    await createOutboxRepository(trx).enqueue({
      topic: 'membership.ended',
      subjectType: 'person',
      subjectId: m.personId,
      payload: { personId: m.personId, membershipId: m.id, status: next.status, until: patch.until ?? null },
      now: who.now,
    });
  }
}
