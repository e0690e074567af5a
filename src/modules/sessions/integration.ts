import type { Kysely } from 'kysely';
import type { ApplicationOutcome, DB } from '../../platform/schema.js';
import type { Dialect } from '../../platform/db.js';
import { AppError, isRefusal } from '../../platform/errors.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { associationName, createMailRepository } from '../../platform/mail/repository.js';
import { createOutboxRepository } from '../../platform/outbox/repository.js';
import { translate } from '../../platform/i18n/index.js';
import { dateInZone } from '../../platform/time.js';
import { createPeopleRepository } from '../people/repository.js';
import { createMembershipsRepository } from '../memberships/repository.js';
import { startMembership } from '../memberships/rules.js';
import type { Application } from '../applications/repository.js';
import type { Session } from './repository.js';
import { formatSessionDate } from './minutes.js';

/**
 * What follows a decision, in the decision's own transaction ("Integration follows acceptance", "Nothing is lost"): on
 * acceptance the membership starts on the day of the session, and the outbox receives the welcome
 * mail and the invitation to the members' room; whatever the outcome, the applicant is told.
 */
export async function integrateOrNotify(
  trx: Kysely<DB>,
  settings: { dialect: Dialect; timeZone: string },
  d: {
    application: Application;
    session: Session;
    decisionId: string;
    outcome: ApplicationOutcome;
    rationale: string | null;
    actorId: string | null;
    now: string;
  },
): Promise<void> {
  const person = await createPeopleRepository(trx).findById(d.application.personId);
  if (!person) throw new AppError('not_found', `No person ${d.application.personId}`);
  const association = await associationName(trx);
  const date = dateInZone(d.session.scheduledAt, settings.timeZone);
  const outbox = createOutboxRepository(trx);

  if (d.outcome === 'accepted') {
    const memberships = createMembershipsRepository(trx);
    const start = startMembership((await memberships.currentOf(person.id)) !== undefined, date);
    if (isRefusal(start)) throw AppError.from(start);
    const membershipId = await memberships.start({ personId: person.id, since: start.since, decisionId: d.decisionId, now: d.now });
    await createAuditRepository(trx, settings.dialect).append({
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

  const key = `applications.mail.${d.outcome}` as const;
  const rationale = d.outcome === 'deferred' ? (d.rationale ? `\n\n${d.rationale}` : '') : (d.rationale ?? '');
  await createMailRepository(trx).record({
    to: person.email,
    personId: person.id,
    kind: `application_${d.outcome}`,
    subject: translate(person.locale, `${key}.subject`, { association }),
    // The date as the reader writes it ("mardi 1 décembre 2026"), not the stored form.
    body: translate(person.locale, `${key}.body`, {
      name: person.displayName,
      date: formatSessionDate(d.session.scheduledAt, person.locale, settings.timeZone, false),
      association,
      rationale,
    }),
    now: d.now,
  });
}
