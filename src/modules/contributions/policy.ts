import { isBureau, isContributor, isLead, type Actor } from '../../platform/auth/actor.js';
import { authenticated, type PolicyTable } from '../../platform/http/policy.js';

export const contributionsPolicies = {
  'contributions.declare': authenticated,
  'contributions.read': authenticated,
  'contributions.review': (a) => a.isAdmin || isBureau(a) || isLead(a),
  'contributions.import': (a) => a.isAdmin || isBureau(a),
  'activity.read': authenticated,
} satisfies PolicyTable;

/** Reviews (and records for others): a lead of the contribution's team, the bureau, administrators. */
export function canReview(actor: Actor, teamId: string | null): boolean {
  return actor.isAdmin || isBureau(actor) || (teamId !== null && actor.leadOf.includes(teamId));
}

/** One's own contributions and activity, or anyone's for those who run the association. */
export function canSeeContributionsOf(actor: Actor, personId: string): boolean {
  return actor.personId === personId || actor.isAdmin || isBureau(actor) || isContributor(actor);
}

/** Donation amounts: the treasurer and the rest of the bureau only; others see "donation". */
export function canSeeDonationAmounts(actor: Actor): boolean {
  return isBureau(actor);
}
