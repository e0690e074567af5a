import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import type { Dialect } from '../../platform/db.js';
import { AppError, isRefusal } from '../../platform/errors.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { createApplicationsRepository, type Application } from '../applications/repository.js';
import { chooseSession, transitionApplication, type PlannedSession } from '../applications/rules.js';
import { createSessionsRepository } from './repository.js';

/**
 * Puts an application on a session's agenda, at the end, and moves it to `scheduled` (its lifecycle:
 * the applicant always sees which session will examine it). Runs inside the caller's transaction.
 */
export async function placeOnAgenda(
  trx: Kysely<DB>,
  dialect: Dialect,
  application: Application,
  sessionId: string,
  now: string,
  actorId: string | null,
): Promise<void> {
  const next = transitionApplication(application.status, 'schedule');
  if (isRefusal(next)) throw AppError.from(next);
  await createSessionsRepository(trx).appendItem({ sessionId, kind: 'application', applicationId: application.id, createdBy: actorId, now });
  if (!(await createApplicationsRepository(trx).update(application.id, application.version, { status: next.status, session_id: sessionId, updated_at: now }))) {
    throw new AppError('version_conflict', 'The application changed meanwhile: try again');
  }
  await createAuditRepository(trx, dialect).append({
    actorId,
    action: 'application.scheduled',
    subjectType: 'application',
    subjectId: application.id,
    before: { status: application.status, sessionId: application.sessionId },
    after: { status: next.status, sessionId },
    at: now,
  });
}

/**
 * The next planned session whose agenda still takes items (the cutoff before it has not passed),
 * or null: where applications and lapse reviews that wait for a session go.
 */
export async function nextOpenSession(trx: Kysely<DB>, now: string, cutoffHours: number): Promise<PlannedSession | null> {
  return chooseSession(await createSessionsRepository(trx).plannedFrom(now), now, cutoffHours);
}

/**
 * Places every application that waits for a session on the next planned session whose agenda is
 * still open, if there is one ("with none planned it waits and is placed as soon as one is").
 */
export async function placeWaitingApplications(trx: Kysely<DB>, dialect: Dialect, now: string, cutoffHours: number): Promise<number> {
  const waiting = await createApplicationsRepository(trx).waitingForSession();
  if (waiting.length === 0) return 0;
  const session = await nextOpenSession(trx, now, cutoffHours);
  if (!session) return 0;
  for (const application of waiting) await placeOnAgenda(trx, dialect, application, session.id, now, null);
  return waiting.length;
}
