import { authenticated, everyone, type PolicyTable } from '../../platform/http/policy.js';
import { isBureau, isContributor, type Actor } from '../../platform/auth/actor.js';

/**
 * Who sees the assemblies: those they convene ("Every member and every contributor is invited to every general assembly"),
 * the bureau and administrators. The service checks the invitation itself.
 */
export const canSeeAssemblies = (actor: Actor): boolean => actor.isAdmin || isBureau(actor) || actor.isMember || isContributor(actor);

/** Preparing and convening: the bureau, and administrators who help it. */
export const canPrepareAssemblies = (actor: Actor): boolean => actor.isAdmin || isBureau(actor);

/** Holding the assembly on the day (check-in, resolutions, counts, closing): the bureau. */
export const canConductAssemblies = (actor: Actor): boolean => isBureau(actor);

export const assembliesPolicies = {
  // Anyone signed in may ask: the service answers with the assemblies that convene them (an
  // active contributor need not be on a roster), or all of them for the bureau.
  'assemblies.read': authenticated,
  'assemblies.manage': canPrepareAssemblies,
  'assemblies.conduct': canConductAssemblies,
  // One's own answer, proxy and vote: the service checks the invitation and the vote.
  'assemblies.participate': authenticated,
  // Minutes are published to the members and the team (the service checks the invitation).
  'assemblies.minutes': authenticated,
  // The personal link (no login): the token in the address is the credential.
  'assemblies.rsvp': everyone,
} satisfies PolicyTable;
