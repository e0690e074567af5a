import type { Kysely } from 'kysely';
import type { MembershipOutcome } from '../sessions/rules.js';
import type { DB } from '../../platform/schema.js';
import type { Dialect } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { addDays, dateInZone } from '../../platform/time.js';
import { createSessionsRepository } from '../sessions/repository.js';
import { createMembershipsRepository, type Membership } from './repository.js';
import { eventOfMembershipOutcome } from './rules.js';
import { mailMember, moveMembership } from './effects.js';

/** The membership a decision is about: the one under review, or the current one of the member named. */
export async function membershipOfItem(trx: Kysely<DB>, item: { membershipId: string | null; personId: string | null }): Promise<Membership | undefined> {
  const memberships = createMembershipsRepository(trx);
  if (item.membershipId) return memberships.findById(item.membershipId);
  if (item.personId) return memberships.currentOf(item.personId);
  return undefined;
}

/**
 * What a bureau decision on a lapse review or an exclusion does, in the decision's transaction:
 * the membership ends (`lapse_confirmed`, `excluded`: until the session's day, the room removal
 * queued) or continues (`kept`); `deferred` waits for the next session. The member is told.
 */
export async function applyMembershipDecision(
  trx: Kysely<DB>,
  settings: { dialect: Dialect; timeZone: string; graceDays: number },
  d: {
    membership: Membership;
    sessionScheduledAt: string;
    outcome: MembershipOutcome;
    rationale: string | null;
    decisionId: string;
    actorId: string | null;
    now: string;
  },
): Promise<void> {
  const event = eventOfMembershipOutcome(d.outcome);
  if (event === null) return;
  const day = dateInZone(d.sessionScheduledAt, settings.timeZone);
  const who = { actorId: d.actorId, now: d.now, reason: { decisionId: d.decisionId, rationale: d.rationale } };
  if (d.outcome === 'kept') {
    await moveMembership(
      trx,
      settings.dialect,
      d.membership,
      event,
      {
        lapsing_since: null,
        grace_until: null,
        review_since: null,
        warned_until: null,
        // Kept by the bureau: the decision holds one grace period before a new notice.
        kept_until: addDays(day, settings.graceDays),
      },
      who,
    );
  } else {
    await moveMembership(
      trx,
      settings.dialect,
      d.membership,
      event,
      { until: day, ended_reason: d.outcome === 'excluded' ? 'excluded' : 'lapsed', ended_decision_id: d.decisionId },
      who,
    );
    // The membership has ended: a lapse review still open elsewhere has nothing left to decide.
    const sessions = createSessionsRepository(trx);
    for (const item of await sessions.openItemsOfMembership(d.membership.id))
      await sessions.setItemState(item.id, 'open', { state: 'withdrawn', updated_at: d.now });
  }
  const mail = d.outcome === 'lapse_confirmed' ? 'lapse_confirmed' : d.outcome === 'kept' ? 'kept' : 'excluded';
  await mailMember(trx, mail, d.membership.personId, { date: day, rationale: d.rationale ?? '' }, d.now);
}

export function requireMembership(m: Membership | undefined): Membership {
  if (!m || (m.status !== 'active' && m.status !== 'lapsing')) throw new AppError('illegal_transition', 'This person is not a member (any more)');
  return m;
}
