import { everyone, type PolicyTable } from '../../platform/http/policy.js';
import { isBureau, isContributor, type Actor } from '../../platform/auth/actor.js';
import type { Viewer } from './rules.js';

/** The roles the request rules (rules.ts) read, from the actor of an HTTP request. */
export function viewerOf(actor: Actor): Viewer {
  return { personId: actor.personId, isAdmin: actor.isAdmin, isBureau: isBureau(actor), teamIds: actor.teamIds, leadOf: actor.leadOf };
}

/** Someone who may have an inbox: on a team roster, in the bureau, or an administrator. */
export const canSeeInbox = (actor: Actor): boolean => actor.isAdmin || isBureau(actor) || isContributor(actor);

export const requestsPolicies = {
  // Anyone may write to the association: an email is all it takes.
  'requests.submit': everyone,
  // The private link in the requester's mail: the token in the address is the credential.
  'requests.follow': everyone,
  // The inbox and everything done in it; the service scopes each request to its team, the bureau
  // and administrators (never a moderation report to an administrator off the moderation team).
  'requests.handle': canSeeInbox,
  // Accepting or refusing a join request: a lead of the team asked; the service checks which team.
  'requests.join.decide': (actor: Actor) => actor.isAdmin || isBureau(actor) || actor.leadOf.length > 0,
} satisfies PolicyTable;
