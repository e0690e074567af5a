import type { FieldError, Refusal } from '../../platform/errors.js';
import { addDays, addMinutes } from '../../platform/time.js';
import type { ActivityAssessment } from '../contributions/rules.js';

/*
 * The applications' vocabularies, each declared once: the types, the API's schemas and the pages'
 * words (`applications.status.<status>`, `applications.outcome.<outcome>`) derive from these lists.
 */
export const APPLICATION_STATUSES = ['submitted', 'scheduled', 'accepted', 'rejected', 'deferred', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
/** What a session may decide on an application. */
export const APPLICATION_OUTCOMES = ['accepted', 'rejected', 'deferred'] as const;
export type ApplicationOutcome = (typeof APPLICATION_OUTCOMES)[number];

/**
 * The application lifecycle (docs/applications.md, "Lifecycles"): submitted → scheduled → accepted | rejected |
 * deferred (→ scheduled), and withdrawn from any open state. `unschedule` is the carry-over of
 * an item a session did not decide when no later session is planned yet: it waits, as submitted.
 */
export type ApplicationEvent = 'schedule' | 'unschedule' | 'accept' | 'reject' | 'defer' | 'withdraw';

export const applicationTransitions: Record<ApplicationStatus, Partial<Record<ApplicationEvent, ApplicationStatus>>> = {
  submitted: { schedule: 'scheduled', withdraw: 'withdrawn' },
  scheduled: { schedule: 'scheduled', unschedule: 'submitted', accept: 'accepted', reject: 'rejected', defer: 'deferred', withdraw: 'withdrawn' },
  deferred: { schedule: 'scheduled', withdraw: 'withdrawn' },
  accepted: {},
  rejected: {},
  withdrawn: {},
};

/** Open applications still wait for a decision: the applicant may withdraw, nobody may apply twice. */
export const openApplicationStatuses: ApplicationStatus[] = ['submitted', 'scheduled', 'deferred'];

export function isOpenApplication(status: ApplicationStatus): boolean {
  return openApplicationStatuses.includes(status);
}

const decisionEvents: Record<ApplicationOutcome, ApplicationEvent> = { accepted: 'accept', rejected: 'reject', deferred: 'defer' };

export function eventOfOutcome(outcome: ApplicationOutcome): ApplicationEvent {
  return decisionEvents[outcome];
}

/** The next status of an application, or why this event cannot happen to it now. */
export function transitionApplication(current: ApplicationStatus, event: ApplicationEvent): { status: ApplicationStatus } | Refusal {
  const next = applicationTransitions[current][event];
  if (next) return { status: next };
  if (!isOpenApplication(current)) {
    if (event === 'withdraw') return { code: 'application_closed', message: `this application is already ${current}: it can no longer be withdrawn` };
    return { code: 'already_decided', message: `this application is already ${current}` };
  }
  return { code: 'illegal_transition', message: `an application that is ${current} cannot ${event}` };
}

export interface EligibilityFacts {
  activity: ActivityAssessment;
  /** Holds an active or lapsing membership. */
  isMember: boolean;
  openApplication: { id: string; status: ApplicationStatus } | null;
  /** The day (in the association's time zone) of the last rejection, if any. */
  lastRejectedOn: string | null;
}

/** The first day a person may apply again after a rejection on `rejectedOn`. */
export function cooldownEndsOn(rejectedOn: string, cooldownDays: number): string {
  return addDays(rejectedOn, cooldownDays);
}

/**
 * May this person apply today? ("Only active contributors may apply";
 * a former member may apply again.) The refusal says what to do: the activity reasons travel with
 * `not_active_contributor`, the first allowed day with `application_cooldown`.
 */
export function checkEligibility(facts: EligibilityFacts, cooldownDays: number, today: string): { eligible: true } | Refusal {
  if (facts.isMember) return { code: 'already_member', message: 'you are already a member' };
  if (facts.openApplication) {
    return { code: 'application_already_open', message: `your application ${facts.openApplication.id} is still ${facts.openApplication.status}` };
  }
  if (!facts.activity.active) {
    const since = facts.activity.inactiveSince ? `not an active contributor since ${facts.activity.inactiveSince}` : 'not an active contributor yet';
    return {
      code: 'not_active_contributor',
      message: `${since}: ${activityHint(facts.activity)}`,
      errors: facts.activity.reasons.map((r) => ({ path: '/', code: r.code, message: reasonText(r) })),
    };
  }
  if (cooldownDays > 0 && facts.lastRejectedOn) {
    const allowedFrom = cooldownEndsOn(facts.lastRejectedOn, cooldownDays);
    if (today < allowedFrom) return { code: 'application_cooldown', message: `after a rejection, a new application is possible from ${allowedFrom}` };
  }
  return { eligible: true };
}

function activityHint(a: ActivityAssessment): string {
  const need = a.reasons.find((r) => r.code === 'not_enough_contributions');
  const min = need && 'min' in need ? need.min : 1;
  return `${min - a.contributionsInWindow > 0 ? min - a.contributionsInWindow : 1} more confirmed contribution(s) in the last ${a.windowDays} days, or a role on a team, would make you active`;
}

function reasonText(r: ActivityAssessment['reasons'][number]): string {
  switch (r.code) {
    case 'no_contribution':
      return 'no confirmed contribution yet';
    case 'last_contribution_too_old':
      return `last contribution on ${r.lastContributionOn}, more than ${r.windowDays} days ago`;
    case 'not_enough_contributions':
      return `${r.count} of the ${r.min} contributions needed in ${r.windowDays} days`;
    case 'awaiting_confirmation':
      return `${r.count} contribution(s) awaiting confirmation by a team lead`;
    case 'enough_contributions':
      return `${r.count} contributions in ${r.windowDays} days`;
    case 'holds_team_role':
      return `on team ${r.team} since ${r.since}`;
  }
}

export interface PlannedSession {
  id: string;
  scheduledAt: string;
}

/**
 * Whether a planned session still takes items: its agenda closes `cutoffHours` before it starts,
 * so that the bureau has time to read the applications.
 */
export function agendaIsOpen(session: PlannedSession, now: string, cutoffHours: number): boolean {
  return addMinutes(session.scheduledAt, -cutoffHours * 60) > now;
}

/** The session an application goes to: the first planned one whose agenda is still open (none: it waits). */
export function chooseSession(planned: PlannedSession[], now: string, cutoffHours: number): PlannedSession | null {
  return [...planned].sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt)).find((s) => agendaIsOpen(s, now, cutoffHours)) ?? null;
}

export const MOTIVATION_MAX = 5000;

/**
 * Does the motivation say why, within the length a bureau reads? `text` is the motivation as it
 * is kept (trimmed). The refusal's codes (`required`, `too_long`) are what the pages put into words.
 */
export function checkMotivation(text: string): FieldError | null {
  if (!text) return { path: '/motivation', code: 'required', message: 'say why you apply' };
  if (text.length > MOTIVATION_MAX) return { path: '/motivation', code: 'too_long', message: `at most ${MOTIVATION_MAX} characters` };
  return null;
}
