import { authenticated, type PolicyTable } from '../../platform/http/policy.js';
import { isBureau, type Actor } from '../../platform/auth/actor.js';

/** The bureau examines applications; administrators see them to help, never to decide (invariant 3). */
export function canManageApplications(actor: Actor): boolean {
  return isBureau(actor) || actor.isAdmin;
}

/** An application is private to the applicant and the bureau (issue 4). */
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
