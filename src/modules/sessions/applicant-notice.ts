import type { Transaction } from 'kysely';
import type { ApplicationOutcome } from '../applications/rules.js';
import type { DB } from '../../platform/schema.js';
import type { EventBus } from '../../platform/events.js';
import { AppError } from '../../platform/errors.js';
import { associationName, createMailRepository } from '../../platform/mail/repository.js';
import { translate } from '../../platform/i18n/index.js';
import { formatMeetingDate } from '../../platform/i18n/meeting-dates.js';
import { dateInZone } from '../../platform/time.js';
import { createPeopleRepository } from '../people/repository.js';
import type { Application } from '../applications/repository.js';
import type { Session } from './repository.js';
import './events.js';

/**
 * What follows a decision on an application, in the decision's own transaction: on acceptance,
 * the membership starts on the day of the session (the memberships module does it, on
 * `sessions.application_accepted`: membership, welcome mail, invitation to the members' room);
 * whatever the outcome, the applicant is told.
 */
export async function acceptOrNotify(
  trx: Transaction<DB>,
  settings: { timeZone: string },
  events: EventBus,
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

  if (d.outcome === 'accepted') {
    await events.publish(
      'sessions.application_accepted',
      {
        applicationId: d.application.id,
        personId: person.id,
        sessionId: d.session.id,
        heldOn: dateInZone(d.session.scheduledAt, settings.timeZone),
        decisionId: d.decisionId,
        actorId: d.actorId,
      },
      { trx, now: d.now },
    );
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
      date: formatMeetingDate(d.session.scheduledAt, person.locale, settings.timeZone, false),
      association,
      rationale,
    }),
    now: d.now,
  });
}
