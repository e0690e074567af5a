import { isBureau, isContributor, type Actor } from '../../platform/auth/actor.js';
import { everyone, type PolicyTable } from '../../platform/http/policy.js';

export const teamsPolicies = {
  'teams.list': everyone,
  'teams.read': everyone,
  'teams.create': (a) => a.isAdmin,
  'teams.update': (a) => a.isAdmin,
  'teams.roster.manage': (a) => a.isAdmin || isBureau(a) || a.leadOf.length > 0,
} satisfies PolicyTable;

/** Administrators and the bureau manage every roster; a lead manages their own team's. */
export function canManageRoster(actor: Actor, teamId: string): boolean {
  return actor.isAdmin || isBureau(actor) || actor.leadOf.includes(teamId);
}

/**
 * Who sees whom on a roster: the team itself, the bureau and administrators see everyone;
 * the public (and people outside the team) see only those who consented to appear.
 */
export function seesFullRoster(actor: Actor): boolean {
  return actor.isAdmin || isBureau(actor) || isContributor(actor);
}
