import { authenticated, type PolicyTable } from '../../platform/http/policy.js';
import { isBureau, isSystem, type Actor } from '../../platform/auth/actor.js';

/**
 * The bureau examines applications ("An application is decided only by the bureau, in a session that reached quorum").
 * An application is private to the applicant and the bureau: an administrator who holds no office does not see it, however much they
 * may otherwise do.
 */
export function canManageApplications(actor: Actor): boolean {
  return isBureau(actor) || isSystem(actor);
}

/** An application is private to the applicant and the bureau. */
export function canSeeApplication(actor: Actor, applicantId: string): boolean {
  return actor.personId === applicantId || canManageApplications(actor);
}

export const applicationsPolicies = {
  // Anyone signed in may try: the rules say why someone may not (not active, already a member…).
  'applications.apply': authenticated,
  // Scoped in the service: the applicant's own, or all for the bureau.
  'applications.read': authenticated,
  'applications.withdraw': authenticated,
  'applications.manage': canManageApplications,
} satisfies PolicyTable;
