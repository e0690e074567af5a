import { AppError } from '../../platform/errors.js';
import { on, type Subscription } from '../../platform/events.js';
import type { ServiceContext } from '../../platform/services.js';
import { createSessionsRepository } from '../sessions/repository.js';
import '../sessions/events.js';
import { createMembershipsRepository } from './repository.js';
import { applyMembershipDecision, membershipOfItem, requireMembership } from './decisions.js';
import { placeReview, placeWaitingReviews } from './placement.js';
import { startAcceptedMembership } from './start.js';

/**
 * How memberships follow the bureau's sessions, in the session's transaction: an accepted
 * application starts a membership; a decision on a lapse review or about a member ends or keeps
 * one; a lapse review waits for, or moves to, the next session's agenda.
 */
export function membershipsSubscriptions(ctx: ServiceContext): Subscription[] {
  const { database, config } = ctx;
  return [
    on('sessions.application_accepted', 'memberships', (p, { trx, now }) =>
      startAcceptedMembership(trx, database.dialect, { personId: p.personId, heldOn: p.heldOn, decisionId: p.decisionId, actorId: p.actorId, now }),
    ),
    on('sessions.membership_decision_recorded', 'memberships', async (p, { trx, now }) => {
      const membership = requireMembership(await membershipOfItem(trx, p.item));
      if (membership.personId === p.actorId) throw new AppError('forbidden', 'Nobody decides on their own membership');
      await createSessionsRepository(trx).attachMembershipToDecision(p.decisionId, membership.id);
      await applyMembershipDecision(
        trx,
        { dialect: database.dialect, timeZone: config.TIMEZONE, graceDays: config.LIFECYCLE_GRACE_DAYS },
        {
          membership,
          sessionScheduledAt: p.sessionScheduledAt,
          outcome: p.outcome,
          rationale: p.rationale,
          decisionId: p.decisionId,
          actorId: p.actorId,
          now,
        },
      );
    }),
    on('sessions.lapse_review_left_open', 'memberships', async (p, { trx, now }) => {
      const membership = await createMembershipsRepository(trx).findById(p.membershipId);
      // Unless the daily run already put it on an agenda: a deferral leaves no open item behind it.
      const placed = membership ? (await createSessionsRepository(trx).openItemsOfMembership(membership.id)).length > 0 : false;
      if (p.nextSessionId && membership?.status === 'lapsing' && !placed) await placeReview(trx, database.dialect, membership, p.nextSessionId, now);
    }),
    on('sessions.waiting_applications_placed', 'memberships', async (_p, { trx, now }) => {
      await placeWaitingReviews(trx, database.dialect, now, config.APPLICATION_AGENDA_CUTOFF_HOURS);
    }),
  ];
}
