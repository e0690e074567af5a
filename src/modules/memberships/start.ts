import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import type { Dialect } from '../../platform/db.js';
import { AppError, isRefusal } from '../../platform/errors.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { associationName, createMailRepository } from '../../platform/mail/repository.js';
import { createOutboxRepository } from '../../platform/outbox/repository.js';
import { translate } from '../../platform/i18n/index.js';
import { createPeopleRepository } from '../people/repository.js';
import { createMembershipsRepository } from './repository.js';
import { startMembership } from './rules.js';

/**
 * A membership starts when the bureau accepts an application, on the day of the session that
 * accepted it, in that decision's transaction (design: the decision and its consequences commit
 * together): the membership row and its audit entry, the welcome mail, and in the outbox the
 * `membership.started` notice and the invitation to the members' room. It ends in this module too
 * (lifecycle.ts, decisions.ts).
 */
export async function startAcceptedMembership(
  trx: Kysely<DB>,
  dialect: Dialect,
  d: { personId: string; heldOn: string; decisionId: string; actorId: string | null; now: string },
): Promise<void> {
  const person = await createPeopleRepository(trx).findById(d.personId);
  if (!person) throw new AppError('not_found', `No person ${d.personId}`);
  const association = await associationName(trx);
  const outbox = createOutboxRepository(trx);
  const memberships = createMembershipsRepository(trx);
  const start = startMembership((await memberships.currentOf(person.id)) !== undefined, d.heldOn);
  if (isRefusal(start)) throw AppError.from(start);
  const membershipId = await memberships.start({ personId: person.id, since: start.since, decisionId: d.decisionId, now: d.now });
  await createAuditRepository(trx, dialect).append({
    actorId: d.actorId,
    action: 'membership.started',
    subjectType: 'person',
    subjectId: person.id,
    before: null,
    after: { membershipId, status: start.status, since: start.since, decisionId: d.decisionId },
    at: d.now,
  });
  await createMailRepository(trx).record({
    to: person.email,
    personId: person.id,
    kind: 'welcome',
    subject: translate(person.locale, 'applications.mail.welcome.subject', { name: person.displayName }),
    body: translate(person.locale, 'applications.mail.welcome.body', { name: person.displayName, association }),
    now: d.now,
  });
  await outbox.enqueue({
    topic: 'membership.started',
    subjectType: 'person',
    subjectId: person.id,
    payload: { personId: person.id, membershipId, since: start.since, decisionId: d.decisionId },
    now: d.now,
  });
  await outbox.enqueue({
    topic: 'room.invite',
    subjectType: 'person',
    subjectId: person.id,
    payload: { personId: person.id, audience: 'members', matrixId: person.matrixId, xmppJid: person.xmppJid, reason: 'membership_started' },
    now: d.now,
  });
}
