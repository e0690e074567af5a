import type { MembershipOutcome } from './rules.js';

/*
 * What the bureau's sessions tell the modules above them, in the session's transaction. The
 * sessions module records decisions and keeps agendas; what a decision does to a membership is
 * the memberships module's, which listens (its module definition's subscriptions).
 */
declare module '../../platform/events.js' {
  interface DomainEvents {
    /**
     * The bureau accepted an application in session: the applicant becomes a member from the day
     * the session was held (`heldOn`, in the association's time zone). Published after the
     * application's own record and before the applicant's notice.
     */
    'sessions.application_accepted': {
      applicationId: string;
      personId: string;
      sessionId: string;
      heldOn: string;
      decisionId: string;
      actorId: string | null;
    };
    /**
     * The bureau recorded a decision on an item about a member: a lapse review (`membershipId`)
     * or a free item naming a member (`personId`). The decision's row is written, without its
     * membership: whoever owns memberships finds it, refuses a decision on one's own membership
     * or on someone who is no member, attaches it to the decision, and applies the outcome.
     */
    'sessions.membership_decision_recorded': {
      sessionId: string;
      sessionScheduledAt: string;
      item: { membershipId: string | null; personId: string | null };
      decisionId: string;
      outcome: MembershipOutcome;
      rationale: string | null;
      actorId: string | null;
    };
    /**
     * A session closed without settling a lapse review (undecided or deferred): its item is
     * carried over to `nextSessionId`, or waits for a session when there is none yet.
     */
    'sessions.lapse_review_left_open': { membershipId: string; nextSessionId: string | null };
    /**
     * The applications waiting for a session were just placed on the next agenda that still takes
     * items (a session planned, or a planning pass): the other waiting items follow them there.
     */
    'sessions.waiting_applications_placed': Record<string, never>;
  }
}

export {};
