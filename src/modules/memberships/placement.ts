import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import type { Dialect } from '../../platform/db.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { createSessionsRepository } from '../sessions/repository.js';
import { nextOpenSession } from '../sessions/agenda-placement.js';
import { createMembershipsRepository, type Membership } from './repository.js';

/** Puts a lapse review on a session's agenda ("on the agenda of the next bureau session"). */
export async function placeReview(trx: Kysely<DB>, dialect: Dialect, m: Membership, sessionId: string, now: string): Promise<void> {
  await createSessionsRepository(trx).appendItem({ sessionId, kind: 'membership', membershipId: m.id, createdBy: null, now });
  await createAuditRepository(trx, dialect).append({
    actorId: null,
    action: 'membership.review_scheduled',
    subjectType: 'person',
    subjectId: m.personId,
    after: { membershipId: m.id, sessionId },
    at: now,
  });
}

/** Places every lapse review that waits for a session on the next one whose agenda is open. */
export async function placeWaitingReviews(trx: Kysely<DB>, dialect: Dialect, now: string, cutoffHours: number): Promise<number> {
  const waiting = await createMembershipsRepository(trx).awaitingReview();
  if (waiting.length === 0) return 0;
  const session = await nextOpenSession(trx, now, cutoffHours);
  if (!session) return 0;
  for (const m of waiting) await placeReview(trx, dialect, m, session.id, now);
  return waiting.length;
}
