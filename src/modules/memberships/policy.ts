import { authenticated, type PolicyTable } from '../../platform/http/policy.js';
import { isBureau, type Actor } from '../../platform/auth/actor.js';

/** The register holds personal data: the bureau keeps it, administrators help. */
export const canReadRegister = (actor: Actor): boolean => isBureau(actor) || actor.isAdmin;

/** One's own membership, or anyone's for the bureau and administrators. */
export function canReadMembershipOf(actor: Actor, personId: string): boolean {
  return actor.personId === personId || canReadRegister(actor);
}

export const membershipsPolicies = {
  'members.register': canReadRegister,
  // Subject checks in the service: one's own, or the bureau's view.
  'membership.read': authenticated,
  // Only the member themself (the service refuses anyone else with 403).
  'membership.resign': authenticated,
  'lifecycle.run': (actor) => actor.isAdmin,
} satisfies PolicyTable;
