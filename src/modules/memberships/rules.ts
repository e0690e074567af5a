import type { Refusal } from '../../platform/errors.js';
import { addDays } from '../../platform/time.js';
import type { MembershipOutcome } from '../sessions/rules.js';

/*
 * The memberships' vocabularies, each declared once: the types, the API's schemas and the pages'
 * words (`memberships.status.<status>`, `memberships.filter.<status>`) derive from these lists.
 */
export const MEMBERSHIP_STATUSES = ['active', 'lapsing', 'lapsed', 'resigned', 'excluded'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];
/** How a membership ended: the status it ended in. */
export const MEMBERSHIP_END_REASONS = ['lapsed', 'resigned', 'excluded'] as const satisfies readonly MembershipStatus[];
export type MembershipEndReason = (typeof MEMBERSHIP_END_REASONS)[number];

/**
 * The membership lifecycle (docs/applications.md, "Lifecycles"): active → lapsing → lapsed, lapsing → active
 * (contribution resumed), active | lapsing → resigned | excluded. A membership starts only from
 * an accepted decision ("Integration follows acceptance"); a former member starts a new one by applying again.
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
export const CURRENT_MEMBERSHIP_STATUSES = ['active', 'lapsing'] as const satisfies readonly MembershipStatus[];

export function isCurrentMembership(status: MembershipStatus): boolean {
  return (CURRENT_MEMBERSHIP_STATUSES as readonly MembershipStatus[]).includes(status);
}

/** How many memberships began (`since`) and how many ended (`until`) on one day. */
export interface MembershipChangesOfDay {
  day: string;
  started: number;
  ended: number;
}

/**
 * The number of members on each date (ascending), from the days memberships began and ended: a
 * membership counts from its `since` and no longer on its `until`, so on a date one is a member
 * when one's membership began on or before it and had not ended on or before it.
 */
export function membersOnDates(dates: readonly string[], changes: readonly MembershipChangesOfDay[]): { date: string; members: number }[] {
  const ordered = [...changes].sort((x, y) => (x.day < y.day ? -1 : x.day > y.day ? 1 : 0));
  let members = 0;
  let next = 0;
  return dates.map((date) => {
    for (; next < ordered.length && ordered[next]!.day <= date; next++) members += ordered[next]!.started - ordered[next]!.ended;
    return { date, members };
  });
}

/** Has this membership ended (lapsed, resigned, excluded)? */
export function isEndedMembership(status: MembershipStatus): status is MembershipEndReason {
  return (MEMBERSHIP_END_REASONS as readonly MembershipStatus[]).includes(status);
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

/** The lifecycle settings of the bylaws (see docs/membership.md). */
export interface LifecycleSettings {
  /** Warn this many days before the last active day. */
  warningDays: number;
  /** Days of grace after the notice, during which resuming keeps the membership. */
  graceDays: number;
  /** End the membership at the end of grace without a bureau session (default: the bureau confirms). */
  autoLapse: boolean;
}

export interface MembershipFacts {
  status: MembershipStatus;
  warnedUntil: string | null;
  lapsingSince: string | null;
  graceUntil: string | null;
  reviewSince: string | null;
  /** Kept by the bureau after a review: no new notice up to this day. */
  keptUntil?: string | null;
}

/** What the daily run does for one member on one day; `none` when nothing is due. */
export type LifecycleStep =
  | { kind: 'none' }
  | { kind: 'warn'; activeUntil: string }
  | { kind: 'notice'; lapsingSince: string; graceUntil: string }
  /** `warnActiveUntil`: the warning due with it, when the resumed activity already ends within `warningDays`. */
  | { kind: 'resume'; warnActiveUntil: string | null }
  | { kind: 'review' }
  | { kind: 'lapse' };

/**
 * The daily decision for one member (bylaws: "one stays a member as long as one's contribution is
 * active"; "Membership ends when contribution stops"). Only the day and the stored facts matter, so running it twice on
 * the same day finds nothing left to do the second time.
 *
 * - active, still active, `activeUntil` within `warningDays` and not yet warned for that date → warn;
 * - active, no longer active → notice: lapsing from today, grace until today + graceDays;
 * - lapsing, active again (a contribution, a team role) → resume, with the warning if it is due;
 * - lapsing, past the last day of grace → lapse (autoLapse) or review by the bureau (once).
 */
export function planLifecycle(
  m: MembershipFacts,
  activity: { active: boolean; activeUntil: string | null },
  today: string,
  settings: LifecycleSettings,
): LifecycleStep {
  if (m.status === 'active') {
    // The bureau's decision to keep a member holds for one grace period before a new notice.
    if (!activity.active) {
      if (m.keptUntil && today <= m.keptUntil) return { kind: 'none' };
      return { kind: 'notice', lapsingSince: today, graceUntil: addDays(today, settings.graceDays) };
    }
    const until = warningDue(m.warnedUntil, activity.activeUntil, today, settings);
    return until === null ? { kind: 'none' } : { kind: 'warn', activeUntil: until };
  }
  if (m.status === 'lapsing') {
    // The warning goes with the resumption: left to the next run, a second run the same day would
    // find it due and change something (the run is idempotent).
    if (activity.active) return { kind: 'resume', warnActiveUntil: warningDue(m.warnedUntil, activity.activeUntil, today, settings) };
    if (m.graceUntil !== null && today > m.graceUntil) {
      if (settings.autoLapse) return { kind: 'lapse' };
      if (m.reviewSince === null) return { kind: 'review' };
    }
  }
  return { kind: 'none' };
}

/** The last active day to warn about today: within `warningDays`, and not yet warned for it. */
function warningDue(warnedUntil: string | null, activeUntil: string | null, today: string, settings: LifecycleSettings): string | null {
  if (activeUntil === null || activeUntil < today || addDays(today, settings.warningDays) < activeUntil || warnedUntil === activeUntil) return null;
  return activeUntil;
}

/** The membership event a bureau decision on a lapse review or an exclusion item makes. */
export function eventOfMembershipOutcome(outcome: MembershipOutcome): MembershipEvent | null {
  return { lapse_confirmed: 'lapse', kept: 'resume', excluded: 'exclude', deferred: null }[outcome] as MembershipEvent | null;
}
