import type { Refusal } from '../../platform/errors.js';

/** The roles one holds on a team's roster. */
export const TEAM_ROLES = ['member', 'lead'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export type RosterChange = { kind: 'add'; role: TeamRole } | { kind: 'change'; from: TeamRole; to: TeamRole };

/**
 * Putting someone on a team: new → added; already there with another role → the old role ends
 * and the new one starts (history kept); already there with that role → refused.
 */
export function decideRosterAddition(current: TeamRole | null, wanted: TeamRole): RosterChange | Refusal {
  if (current === null) return { kind: 'add', role: wanted };
  if (current === wanted) return { code: 'already_on_team', message: `already ${wanted} of this team` };
  return { kind: 'change', from: current, to: wanted };
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export function isTeamSlug(value: string): boolean {
  return SLUG.test(value);
}
