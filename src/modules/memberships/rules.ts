import type { Refusal } from '../../platform/errors.js';

export type MembershipStatus = 'active' | 'lapsing' | 'lapsed' | 'resigned' | 'excluded';

/**
 * The membership lifecycle (design §3): active → lapsing → lapsed, lapsing → active
 * (contribution resumed), active | lapsing → resigned | excluded. A membership starts only from
 * an accepted decision (invariant 4); a former member starts a new one by applying again.
 */
export type MembershipEvent = 'notice' | 'lapse' | 'resume' | 'resign' | 'exclude';

export const membershipTransitions: Record<MembershipStatus, Partial<Record<MembershipEvent, MembershipStatus>>> = {
  active: { notice: 'lapsing', resign: 'resigned', exclude: 'excluded' },
  lapsing: { lapse: 'lapsed', resume: 'active', resign: 'resigned', exclude: 'excluded' },
  lapsed: {},
  resigned: {},
  excluded: {},
};

/** Active and lapsing members are members: they vote and sit in the members' room. */
export function isCurrentMembership(status: MembershipStatus): boolean {
  return status === 'active' || status === 'lapsing';
}

export function transitionMembership(current: MembershipStatus, event: MembershipEvent): { status: MembershipStatus } | Refusal {
  const next = membershipTransitions[current][event];
  if (next) return { status: next };
  return { code: 'illegal_transition', message: `a membership that is ${current} cannot ${event}` };
}

/** A new membership from an accepted decision: active since the day of the session that decided. */
export function startMembership(hasCurrent: boolean, sessionDate: string): { status: MembershipStatus; since: string } | Refusal {
  if (hasCurrent) return { code: 'already_member', message: 'this person is already a member' };
  return { status: 'active', since: sessionDate };
}
