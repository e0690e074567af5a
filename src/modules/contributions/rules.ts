import type { FieldError, Refusal } from '../../platform/errors.js';
import { addDays, addDaysRemembered, isCalendarDate } from '../../platform/time.js';

/** Where a contribution stands: declared by the person, then confirmed or rejected by a reviewer. */
export const CONTRIBUTION_STATUSES = ['declared', 'confirmed', 'rejected'] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

/** The activity policy of the bylaws, from configuration (see docs/activity.md). */
export interface ActivityPolicy {
  /** A contribution keeps someone active for this many days after the day it happened. */
  windowDays: number;
  /** How many counted contributions the window must hold. */
  minContributions: number;
  /** Whether contributions still awaiting confirmation count. */
  countDeclared: boolean;
  /** The kinds that count; empty means every kind. */
  kinds: string[];
  /** Whether holding a role on a team counts as activity for as long as it is held. */
  teamRoleCounts: boolean;
}

export const defaultActivityPolicy: ActivityPolicy = { windowDays: 365, minContributions: 1, countDeclared: false, kinds: [], teamRoleCounts: true };

export interface ContributionFact {
  occurredOn: string;
  status: ContributionStatus;
  kind: string;
}

export interface RoleFact {
  team: string;
  since: string;
  /** The first day no longer held; null while held. */
  until: string | null;
}

export type ActivityReason =
  | { code: 'enough_contributions'; count: number; min: number; windowDays: number }
  | { code: 'holds_team_role'; team: string; since: string }
  | { code: 'not_enough_contributions'; count: number; min: number; windowDays: number }
  | { code: 'no_contribution' }
  | { code: 'awaiting_confirmation'; count: number }
  | { code: 'last_contribution_too_old'; lastContributionOn: string; windowDays: number };

export interface ActivityAssessment {
  active: boolean;
  /** The most recent counted contribution on or before the assessed day. */
  lastContributionOn: string | null;
  /**
   * The last day the person stays active without anything new. Null when not active, or when
   * active through a team role held with no end (active for as long as it is held).
   */
  activeUntil: string | null;
  /** When not active: the first day they were no longer active (null if they never were). */
  inactiveSince: string | null;
  contributionsInWindow: number;
  windowDays: number;
  reasons: ActivityReason[];
}

/** The statuses of a contribution that count towards activity: confirmed ones, and declared ones when the policy says so. */
export function countedStatuses(policy: Pick<ActivityPolicy, 'countDeclared'>): ContributionStatus[] {
  return policy.countDeclared ? ['confirmed', 'declared'] : ['confirmed'];
}

function counts(policy: ActivityPolicy, c: ContributionFact, today: string): boolean {
  if (c.occurredOn > today) return false;
  if (policy.kinds.length > 0 && !policy.kinds.includes(c.kind)) return false;
  return countedStatuses(policy).includes(c.status);
}

/**
 * Is this person an active contributor on `today`? (bylaws: "one stays a member as long as one's
 * contribution stays active"; "Only active contributors may apply".) A contribution made on day D counts from D to
 * D + windowDays inclusive; the person is active while the window holds at least
 * `minContributions` counted contributions, or while they hold a team role when the policy says so.
 */
export function assessActivity(policy: ActivityPolicy, contributions: ContributionFact[], roles: RoleFact[], today: string): ActivityAssessment {
  const windowStart = addDays(today, -policy.windowDays);
  const counted = contributions
    .filter((c) => counts(policy, c, today))
    .map((c) => c.occurredOn)
    .sort()
    .reverse();
  const inWindow = counted.filter((d) => d >= windowStart).length;
  const lastContributionOn = counted[0] ?? null;
  // With N required, the window stays full until the N-th most recent contribution leaves it.
  const nth = counted[policy.minContributions - 1];
  const byContributions = nth !== undefined && nth >= windowStart;
  // Sorted so that the reasons do not depend on the order the roles were read in.
  const heldRoles = policy.teamRoleCounts
    ? roles
        .filter((r) => r.since <= today && (r.until === null || r.until > today))
        .sort((a, b) => a.since.localeCompare(b.since) || a.team.localeCompare(b.team))
    : [];

  const reasons: ActivityReason[] = [];
  if (byContributions) reasons.push({ code: 'enough_contributions', count: inWindow, min: policy.minContributions, windowDays: policy.windowDays });
  for (const r of heldRoles) reasons.push({ code: 'holds_team_role', team: r.team, since: r.since });
  const active = byContributions || heldRoles.length > 0;

  if (!byContributions) {
    if (counted.length === 0) reasons.push({ code: 'no_contribution' });
    else if (inWindow === 0) reasons.push({ code: 'last_contribution_too_old', lastContributionOn: lastContributionOn!, windowDays: policy.windowDays });
    else reasons.push({ code: 'not_enough_contributions', count: inWindow, min: policy.minContributions, windowDays: policy.windowDays });
    if (!policy.countDeclared) {
      const waiting = contributions.filter(
        (c) => c.status === 'declared' && c.occurredOn <= today && c.occurredOn >= windowStart && (policy.kinds.length === 0 || policy.kinds.includes(c.kind)),
      ).length;
      if (waiting > 0) reasons.push({ code: 'awaiting_confirmation', count: waiting });
    }
  }

  const contributionsUntil = nth !== undefined ? addDays(nth, policy.windowDays) : null;
  const openEndedRole = heldRoles.some((r) => r.until === null);
  let activeUntil: string | null = null;
  if (active && !openEndedRole) {
    const roleUntil =
      heldRoles
        .map((r) => addDays(r.until!, -1))
        .sort()
        .at(-1) ?? null;
    activeUntil =
      [byContributions ? contributionsUntil : null, roleUntil]
        .filter((d): d is string => d !== null)
        .sort()
        .at(-1) ?? null;
  }
  let inactiveSince: string | null = null;
  if (!active) {
    const endedRoles = policy.teamRoleCounts ? roles.filter((r) => r.until !== null && r.since < r.until && r.until <= today).map((r) => r.until!) : [];
    // With N required, the last active day is the end of the window of some contribution that
    // then held N: not necessarily the N-th most recent one's (it may never have made N alone).
    const ascending = [...counted].reverse();
    let lastFullWindowEnd: string | null = null;
    for (let i = 0; i + policy.minContributions - 1 < ascending.length; i++) {
      const end = addDays(ascending[i], policy.windowDays);
      if (ascending[i + policy.minContributions - 1] <= end) lastFullWindowEnd = end;
    }
    const candidates = [lastFullWindowEnd ? addDays(lastFullWindowEnd, 1) : null, ...endedRoles].filter((d): d is string => d !== null && d <= today);
    inactiveSince = candidates.sort().at(-1) ?? null;
  }
  return { active, lastContributionOn, activeUntil, inactiveSince, contributionsInWindow: inWindow, windowDays: policy.windowDays, reasons };
}

/** What the full assessment needs of assessActivity's answer: whether active, and between which days. */
export type ActivityStanding = Pick<ActivityAssessment, 'active' | 'lastContributionOn' | 'activeUntil' | 'inactiveSince'>;

/**
 * A person's counted contributions reduced to what their standing needs on any day after the
 * latest of them: three dates, none depending on the day asked (stored in activity_standings and
 * kept by every write of a contribution). Null when nothing counts.
 */
export interface StandingFacts {
  /** The most recent counted contribution. */
  lastOn: string;
  /** The N-th most recent (N = minContributions); null with fewer than N. */
  nthOn: string | null;
  /** The latest counted contribution whose own window held N counted ones, itself included. */
  fullWindowStart: string | null;
}

/** The policy's parts the stored facts depend on, as one text: stored facts under another policy are rebuilt. */
export function activityPolicyKey(policy: ActivityPolicy): string {
  const { windowDays, minContributions, countDeclared } = policy;
  return JSON.stringify({ windowDays, minContributions, countDeclared, kinds: [...policy.kinds].sort() });
}

/** StandingFacts from a person's every contribution, whatever their dates (the definition the stored rows follow). */
export function standingFacts(policy: ActivityPolicy, contributions: ContributionFact[]): StandingFacts | null {
  const ascending = contributions
    .filter((c) => counts(policy, c, '9999-12-31'))
    .map((c) => c.occurredOn)
    .sort();
  if (ascending.length === 0) return null;
  const n = policy.minContributions;
  let fullWindowStart: string | null = null;
  for (let i = 0; i + n - 1 < ascending.length; i++) if (ascending[i + n - 1] <= addDays(ascending[i], policy.windowDays)) fullWindowStart = ascending[i];
  return { lastOn: ascending.at(-1)!, nthOn: ascending.at(-n) ?? null, fullWindowStart };
}

/**
 * assessActivity's standing from the stored facts, exactly, on any `today` on or after the latest
 * counted contribution (the caller reads the others live: a contribution dated after `today` does
 * not count yet, and the facts cannot tell it apart). Roles are read live: they end on their own
 * dates, and they are few.
 */
export function standingFromFacts(policy: ActivityPolicy, facts: StandingFacts | null, roles: RoleFact[], today: string): ActivityStanding {
  // The window [d, d + windowDays] still holds N counted contributions while its N-th most recent is in it.
  const byContributions = facts?.nthOn != null && addDaysRemembered(facts.nthOn, policy.windowDays) >= today;
  const heldRoles = policy.teamRoleCounts ? roles.filter((r) => r.since <= today && (r.until === null || r.until > today)) : [];
  const active = byContributions || heldRoles.length > 0;
  let activeUntil: string | null = null;
  if (active && !heldRoles.some((r) => r.until === null)) {
    const ends = heldRoles.map((r) => addDaysRemembered(r.until!, -1));
    if (byContributions) ends.push(addDaysRemembered(facts!.nthOn!, policy.windowDays));
    activeUntil = ends.sort().at(-1)!;
  }
  let inactiveSince: string | null = null;
  if (!active) {
    // Not active through contributions: every full window ended before today, the last one's end
    // was the last active day through them.
    const candidates = policy.teamRoleCounts ? roles.filter((r) => r.until !== null && r.since < r.until && r.until <= today).map((r) => r.until!) : [];
    if (facts?.fullWindowStart != null) candidates.push(addDaysRemembered(facts.fullWindowStart, policy.windowDays + 1));
    inactiveSince = candidates.sort().at(-1) ?? null;
  }
  return { active, lastContributionOn: facts?.lastOn ?? null, activeUntil, inactiveSince };
}

export interface ContributionInput {
  kind: string;
  occurredOn: string;
  summary: string;
  evidenceUrl?: string | null;
  amountCents?: number | null;
}

/** What every contribution must satisfy, whoever records it (form, API, import, forge). */
export function contributionInputErrors(input: ContributionInput, kinds: readonly string[], today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!kinds.includes(input.kind)) errors.push({ path: '/kind', code: 'unknown_kind', message: `kind must be one of ${kinds.join(', ')}` });
  if (!isCalendarDate(input.occurredOn)) errors.push({ path: '/occurredOn', code: 'invalid_date', message: 'a date written YYYY-MM-DD' });
  else if (input.occurredOn > today) errors.push({ path: '/occurredOn', code: 'in_future', message: 'a contribution cannot be in the future' });
  const summary = input.summary.trim();
  if (!summary) errors.push({ path: '/summary', code: 'required', message: 'say in a few words what was done' });
  else if (summary.length > 500) errors.push({ path: '/summary', code: 'too_long', message: 'at most 500 characters' });
  if (input.evidenceUrl && !/^https?:\/\/\S+$/.test(input.evidenceUrl.trim()))
    errors.push({ path: '/evidenceUrl', code: 'invalid_url', message: 'a link starting with http:// or https://' });
  if (input.amountCents != null && (!Number.isInteger(input.amountCents) || input.amountCents < 0)) {
    errors.push({ path: '/amountCents', code: 'invalid_amount', message: 'a whole number of cents, not negative' });
  }
  if (input.amountCents != null && input.kind !== 'donation')
    errors.push({ path: '/amountCents', code: 'amount_not_donation', message: 'only donations have an amount' });
  return errors;
}

/**
 * Confirming or rejecting a declared contribution. Nobody decides on their own; a rejection
 * needs a reason; a contribution already decided stays as it is.
 */
export function decideReview(
  contribution: { personId: string; status: ContributionStatus },
  reviewerId: string,
  outcome: 'confirmed' | 'rejected',
  reason: string | undefined,
): { status: ContributionStatus } | Refusal {
  if (contribution.personId === reviewerId) return { code: 'own_contribution', message: 'nobody confirms or rejects their own contribution' };
  if (contribution.status !== 'declared') return { code: 'already_reviewed', message: `this contribution is already ${contribution.status}` };
  if (outcome === 'rejected' && !reason?.trim()) {
    return { code: 'validation_failed', message: 'a rejection needs a reason', errors: [{ path: '/reason', code: 'required', message: 'say why' }] };
  }
  return { status: outcome };
}
