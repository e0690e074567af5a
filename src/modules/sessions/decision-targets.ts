import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/schema.js';
import type { Dialect } from '../../platform/db.js';
import type { EventBus } from '../../platform/events.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError, isRefusal } from '../../platform/errors.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { createApplicationsRepository } from '../applications/repository.js';
import { eventOfOutcome, transitionApplication, type ApplicationOutcome } from '../applications/rules.js';
import { createSessionsRepository, type AgendaItem, type Session } from './repository.js';
import { acceptOrNotify } from './applicant-notice.js';
import type { DecisionInput } from './rules.js';

/**
 * The agenda item a decision is about, on this session: named by its application, or by its id
 * (a lapse review, a free item about a member, or an application's item).
 */
export async function itemToDecide(
  trx: Kysely<DB>,
  sessionId: string,
  input: { applicationId?: string; agendaItemId?: string },
): Promise<{ item: AgendaItem } | null> {
  const repo = createSessionsRepository(trx);
  const agenda = await repo.agenda(sessionId);
  const item = input.applicationId
    ? // The latest item of that application here (a carried-over one leaves its old item behind).
      agenda.filter((i) => i.applicationId === input.applicationId).at(-1)
    : agenda.find((i) => i.id === input.agendaItemId);
  return item ? { item } : null;
}

/** The application side of a decision: its new state, the record, and acceptance or notice. */
export async function decideOnApplication(
  trx: Transaction<DB>,
  settings: { dialect: Dialect; timeZone: string },
  d: {
    actor: Actor;
    session: Session;
    applicationId: string;
    outcome: ApplicationOutcome;
    decisionId: string;
    input: DecisionInput;
    now: string;
    events: EventBus;
  },
): Promise<void> {
  const applications = createApplicationsRepository(trx);
  const application = await applications.findById(d.applicationId);
  if (!application) throw new AppError('not_found', `No application ${d.applicationId}`);
  if (application.personId === d.actor.personId) throw new AppError('forbidden', 'Nobody decides on their own application');
  const next = transitionApplication(application.status, eventOfOutcome(d.outcome));
  if (isRefusal(next)) throw AppError.from(next);
  const decidedAt = next.status === 'accepted' || next.status === 'rejected' ? d.now : null;
  if (
    !(await applications.update(application.id, application.version, {
      status: next.status,
      decision_id: d.decisionId,
      decided_at: decidedAt,
      updated_at: d.now,
    }))
  ) {
    throw new AppError('already_decided', 'Decided meanwhile');
  }
  await createAuditRepository(trx, settings.dialect).append({
    actorId: d.actor.personId,
    action: `application.${d.outcome}`,
    subjectType: 'application',
    subjectId: application.id,
    before: { status: application.status },
    after: { status: next.status, sessionId: d.session.id, decisionId: d.decisionId, votes: d.input.votes ?? null },
    at: d.now,
  });
  await acceptOrNotify(trx, settings, d.events, {
    application,
    session: d.session,
    decisionId: d.decisionId,
    outcome: d.outcome,
    rationale: d.input.rationale?.trim() ?? null,
    actorId: d.actor.personId,
    now: d.now,
  });
}
