import type { FieldError, Refusal } from '../../platform/errors.js';
import { isPlausibleEmail } from '../../platform/text.js';
import type { RequestNotifications } from '../people/rules.js';

/*
 * What the bylaws and docs/requests.md decide about requests, without I/O: the lifecycle,
 * who sees and handles a request, where a category goes, how long the follow link lives, the
 * spam limits, and the age and response time shown in the inbox. The clock is passed in.
 */

/*
 * The requests' vocabularies, each declared once: the types, the API's schemas and the pages'
 * words (`requests.status.<status>`) derive from these lists.
 */
export const REQUEST_STATUSES = ['new', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
/** The inbox's status filter: one status, or every open one. */
export const STATUS_FILTERS = [...REQUEST_STATUSES, 'open'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
/** A question put to another team about a request: waiting for its answer, or answered. */
export const CONSULTATION_STATUSES = ['open', 'answered'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];
/** Open: someone still has something to do (the team, or the requester for `waiting`). */
export const OPEN_STATUSES: readonly RequestStatus[] = ['new', 'in_progress', 'waiting'];

/**
 * assign: someone takes it; reply: a public reply that leaves the team working on it;
 * reply_and_wait: a public reply that asks the requester something; note: an internal note;
 * requester_reply: the requester wrote through the private link.
 */
export type RequestEvent = 'assign' | 'reply' | 'reply_and_wait' | 'note' | 'requester_reply' | 'resolve' | 'reopen' | 'close';

const closedRefusal: Refusal = { code: 'illegal_transition', message: 'This request is closed' };

/**
 * The lifecycle: new → in_progress → waiting (on the requester) → resolved → closed. A requester's
 * answer brings a waiting (or resolved) request back to the team; closing is final.
 */
export function transitionRequest(status: RequestStatus, event: RequestEvent): { status: RequestStatus } | Refusal {
  if (status === 'closed') return closedRefusal;
  switch (event) {
    case 'assign':
      return { status: status === 'new' ? 'in_progress' : status };
    case 'note':
      return { status };
    case 'reply':
      return { status: status === 'resolved' ? 'resolved' : 'in_progress' };
    case 'reply_and_wait':
      return { status: status === 'resolved' ? 'resolved' : 'waiting' };
    case 'requester_reply':
      return { status: status === 'new' ? 'new' : 'in_progress' };
    case 'resolve':
      return status === 'resolved' ? { code: 'illegal_transition', message: 'This request is already resolved' } : { status: 'resolved' };
    case 'reopen':
      return status === 'resolved' ? { status: 'in_progress' } : { code: 'illegal_transition', message: 'Only a resolved request can be reopened' };
    case 'close':
      return { status: 'closed' };
  }
}

export const isOpen = (status: RequestStatus): boolean => OPEN_STATUSES.includes(status);

/** The two categories with rules of their own; the others are plain questions to a team. */
export const JOIN_CATEGORY = 'join';
export const MODERATION_CATEGORY = 'moderation';
export const isReport = (category: string): boolean => category === MODERATION_CATEGORY;
export const isJoin = (category: string): boolean => category === JOIN_CATEGORY;

export interface CategoryRoute {
  name: string;
  /** The team that handles it; null for `join`, which goes to the team the requester chose. */
  teamSlug: string | null;
}

export const DEFAULT_REQUEST_TEAM = 'communaute';
const CATEGORY_NAME = /^[a-z][a-z0-9_-]{0,30}$/;
const TEAM_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/**
 * REQUEST_CATEGORIES: `name` or `name:team`, comma-separated (`question,account:communaute,join`).
 * A category without a team goes to Communauté; `join` names no team (the requester chooses).
 * Returns the routes, or the problem in words for the start-up error.
 */
export function parseRequestCategories(text: string): CategoryRoute[] | string {
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return 'at least one category is needed';
  const routes: CategoryRoute[] = [];
  for (const entry of entries) {
    const [name, team, ...rest] = entry.split(':').map((p) => p.trim());
    if (rest.length > 0 || !CATEGORY_NAME.test(name)) return `"${entry}" is not name or name:team (lower-case letters, digits, - and _)`;
    if (routes.some((r) => r.name === name)) return `${name} is listed twice`;
    if (team !== undefined && !TEAM_SLUG.test(team)) return `"${team}" is not a team slug`;
    if (isJoin(name) && team !== undefined) return 'join goes to the team the requester chooses: write it without a team';
    routes.push({ name, teamSlug: isJoin(name) ? null : (team ?? DEFAULT_REQUEST_TEAM) });
  }
  return routes;
}

export interface SubmissionInput {
  email: string;
  category: string;
  subject: string;
  message: string;
  teamSlug?: string | null;
  link?: string | null;
  name?: string | null;
  concerns?: string | null;
}

export const LIMITS = { subject: 200, message: 5000, link: 500, name: 120, concerns: 200, reply: 5000, reason: 2000 } as const;
const LINK = /^https?:\/\/\S+$/;

/**
 * A submission as the form and the API send it: what is missing or malformed, by field. The team
 * of a join request must be one of `teamSlugs` (the teams that exist).
 */
export function submissionErrors(input: SubmissionInput, categories: CategoryRoute[], teamSlugs: string[]): FieldError[] {
  const errors: FieldError[] = [];
  const email = input.email.trim();
  if (!email) errors.push({ path: '/email', code: 'required', message: 'an email address is required' });
  else if (!isPlausibleEmail(email) || email.length > 254) errors.push({ path: '/email', code: 'invalid_email', message: 'not a valid email address' });
  const route = categories.find((c) => c.name === input.category);
  if (!route) errors.push({ path: '/category', code: 'unknown_category', message: 'not one of the categories offered' });
  else if (route.teamSlug === null) {
    const team = (input.teamSlug ?? '').trim();
    if (!team) errors.push({ path: '/teamSlug', code: 'required', message: 'which team would you like to join?' });
    else if (!teamSlugs.includes(team)) errors.push({ path: '/teamSlug', code: 'unknown_team', message: 'no such team' });
  } else if (!teamSlugs.includes(route.teamSlug)) {
    // The configuration names a team that does not exist (yet): the category is not offered.
    errors.push({ path: '/category', code: 'unknown_category', message: 'not one of the categories offered' });
  }
  const text = (value: string | null | undefined, path: string, max: number, required: boolean) => {
    const v = (value ?? '').trim();
    if (!v && required) errors.push({ path, code: 'required', message: 'required' });
    else if (v.length > max) errors.push({ path, code: 'too_long', message: `at most ${max} characters` });
  };
  text(input.subject, '/subject', LIMITS.subject, true);
  text(input.message, '/message', LIMITS.message, true);
  text(input.name, '/name', LIMITS.name, false);
  text(input.concerns, '/concerns', LIMITS.concerns, false);
  const link = (input.link ?? '').trim();
  if (link && (!LINK.test(link) || link.length > LIMITS.link)) errors.push({ path: '/link', code: 'invalid_url', message: 'an http(s) address' });
  return errors;
}

/** Where a valid submission goes: its category's team, or the chosen team for a join request. */
export function routeRequest(categories: CategoryRoute[], category: string, chosenTeam: string | null | undefined): string {
  const route = categories.find((c) => c.name === category);
  if (!route) throw new Error(`unknown category ${category}`);
  return route.teamSlug ?? (chosenTeam ?? '').trim();
}

/** Whoever looks at a request: their person and the roles the policies read. */
export interface Viewer {
  personId: string | null;
  isAdmin: boolean;
  isBureau: boolean;
  teamIds: string[];
  leadOf: string[];
}

export interface RequestSubject {
  teamId: string;
  category: string;
  reportedPersonId: string | null;
}

/**
 * Who sees and handles a request: the owning team's roster and the bureau; administrators too,
 * except moderation reports (docs/requests.md: visible only to the team that handles moderation and
 * the bureau). The person a report is about never sees it, whatever their roles.
 */
export function canHandleRequest(viewer: Viewer, subject: RequestSubject): boolean {
  if (subject.reportedPersonId !== null && viewer.personId === subject.reportedPersonId) return false;
  if (viewer.isBureau || viewer.teamIds.includes(subject.teamId)) return true;
  return viewer.isAdmin && !isReport(subject.category);
}

/** The same rule as a query condition: the list shows exactly what canHandleRequest allows. */
export interface RequestScope {
  allTeams: boolean;
  teamIds: string[];
  /** Administrators off the moderation team: every request but the reports. */
  reportsOnlyOnOwnTeams: boolean;
  notAbout: string | null;
}

export function requestScope(viewer: Viewer): RequestScope {
  return {
    allTeams: viewer.isBureau || viewer.isAdmin,
    teamIds: viewer.teamIds,
    reportsOnlyOnOwnTeams: !viewer.isBureau,
    notAbout: viewer.personId,
  };
}

/** A join request is decided by a lead of the team asked (or the bureau and administrators, who manage every roster). */
export function canDecideJoin(viewer: Viewer, subject: RequestSubject): boolean {
  return canHandleRequest(viewer, subject) && (viewer.leadOf.includes(subject.teamId) || viewer.isBureau || viewer.isAdmin);
}

/**
 * A consultation is seen and answered by the team asked and the bureau (administrators too,
 * unless it is about a report); the person a report is about never sees it.
 */
export function canAnswerConsultation(viewer: Viewer, consultation: { teamId: string; request: RequestSubject }): boolean {
  if (consultation.request.reportedPersonId !== null && viewer.personId === consultation.request.reportedPersonId) return false;
  if (viewer.isBureau || viewer.teamIds.includes(consultation.teamId)) return true;
  return viewer.isAdmin && !isReport(consultation.request.category);
}

/** A request is assigned to someone on the owning team's roster, never to the person a report is about. */
export function assigneeRefusal(target: { onRoster: boolean; isReported: boolean }): Refusal | null {
  if (target.isReported) return { code: 'forbidden', message: 'A report is never given to the person it is about' };
  if (!target.onRoster) return { code: 'not_on_team', message: 'Only someone on the team can be given this request' };
  return null;
}

/**
 * A resolved request closes by itself once the requester has let it be for `days` (0: never), as
 * helpdesks do: until then a reply through the link reopens it; after, its link counts down its
 * 30 days and the retention period starts.
 */
export function isDueForClosing(resolvedAt: string | null, now: string, days: number): boolean {
  if (days === 0 || resolvedAt === null) return false;
  return Date.parse(now) - Date.parse(resolvedAt) >= days * 86_400_000;
}

/** The follow link lives until the request is closed, and 30 days after. */
export const FOLLOW_DAYS_AFTER_CLOSE = 30;

export function followLinkValidUntil(closedAt: string | null): string | null {
  return closedAt === null ? null : new Date(Date.parse(closedAt) + FOLLOW_DAYS_AFTER_CLOSE * 86_400_000).toISOString();
}

export function isFollowLinkValid(closedAt: string | null, now: string): boolean {
  const until = followLinkValidUntil(closedAt);
  return until === null || now < until;
}

/** The requester may write through the link until the request is closed. */
export const canRequesterReply = (status: RequestStatus): boolean => status !== 'closed';

/**
 * Spam limits: at most `limit` accepted submissions per key within `windowMinutes`. `recent` are
 * the instants of the submissions counted in the window (any order). Returns when the next one
 * will be accepted, or null when it is accepted now.
 */
export function submissionRetryAt(recent: string[], now: string, rule: { limit: number; windowMinutes: number }): string | null {
  const since = Date.parse(now) - rule.windowMinutes * 60_000;
  const counted = recent.filter((at) => Date.parse(at) > since).sort();
  if (counted.length < rule.limit) return null;
  const freeing = counted[counted.length - rule.limit];
  return new Date(Date.parse(freeing) + rule.windowMinutes * 60_000).toISOString();
}

/** Whole minutes from one instant to another (never negative). */
export function minutesBetween(from: string, to: string): number {
  return Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 60_000));
}

/** A duration as the inbox shows it: minutes under an hour, hours under two days, then days. */
export function durationParts(minutes: number): { value: number; unit: 'minutes' | 'hours' | 'days' } {
  if (minutes < 60) return { value: minutes, unit: 'minutes' };
  if (minutes < 48 * 60) return { value: Math.floor(minutes / 60), unit: 'hours' };
  return { value: Math.floor(minutes / (24 * 60)), unit: 'days' };
}

/** Who handled a request, for its contribution: the person it was assigned to, else whoever resolved it. */
export function handlerOf(request: { assigneeId: string | null }, resolverId: string | null): string | null {
  return request.assigneeId ?? resolverId;
}

/** One contribution per request, however often it is reopened and resolved again. */
export const contributionExternalId = (requestId: string): string => `request:${requestId}`;
export const CONTRIBUTION_SOURCE = 'requests';
export const CONTRIBUTION_KIND = 'requests';

/*
 * Who is told of a new request (docs/requests.md, "Who is told of a new request"). Everyone on the
 * team's roster today is, each as they chose (people/rules.ts, REQUEST_NOTIFICATIONS): a mail at
 * once, one digest a day, or nothing.
 */

/** Someone on a team's roster today, with how they chose to be told. */
export interface Listener {
  personId: string;
  choice: RequestNotifications;
}

/**
 * Who hears of a new request, or of a question asked to their team: the team's people, never the
 * person a report is about ("the reported person never sees the report"), nor whoever wrote or
 * asked it (they know), and only those who chose `choice`.
 */
export function toldOf(roster: Listener[], about: { reportedPersonId: string | null; authorId: string | null }, choice: RequestNotifications): string[] {
  const told = roster.filter((p) => p.choice === choice && p.personId !== about.reportedPersonId && p.personId !== about.authorId).map((p) => p.personId);
  return [...new Set(told)];
}

/** Nobody on the team's roster: a request or question sent there waits until someone joins (the act is not refused, the page warns). */
export const nobodyToTell = (roster: readonly unknown[]): boolean => roster.length === 0;

/** A day between two digests of one person: sent by an hourly job, so at most once a day whatever the hour it runs. */
export const DIGEST_EVERY_MS = 24 * 3_600_000;
/**
 * The hourly job runs a few seconds later or earlier each time: a digest sent at 08:00:05 must still
 * be due at 07:59:58 the next day, or every digest would slip an hour later each day.
 */
const DIGEST_SLACK_MS = 10 * 60_000;
/** However long since the last digest (the person chose `daily` again after a while), a digest looks back two days at most. */
const DIGEST_LOOKBACK_MS = 2 * DIGEST_EVERY_MS;

/** A digest sent at this instant or before leaves the next one due now: none went out in the last day. */
export function digestDueIfSentBy(now: string): string {
  return new Date(Date.parse(now) - (DIGEST_EVERY_MS - DIGEST_SLACK_MS)).toISOString();
}

/** A person's daily digest is due when none went out in the last day. */
export function isDigestDue(lastSentAt: string | null, now: string): boolean {
  return lastSentAt === null || lastSentAt <= digestDueIfSentBy(now);
}

/**
 * What a digest lists: what arrived since the previous one (nothing is lost when the job ran late),
 * the last day for a first digest, and never more than two days back.
 */
export function digestSince(lastSentAt: string | null, now: string): string {
  const at = Date.parse(now);
  const from = lastSentAt === null ? at - DIGEST_EVERY_MS : Math.max(Date.parse(lastSentAt), at - DIGEST_LOOKBACK_MS);
  return new Date(from).toISOString();
}

/** The first lines of a message, as a mail quotes them: enough to judge its urgency, the rest is in the inbox. */
export function firstLines(text: string, lines = 5, chars = 400): string {
  const kept = text.trim().split(/\r?\n/).slice(0, lines).join('\n');
  const cut = kept.length > chars ? `${kept.slice(0, chars).trimEnd()}…` : kept;
  return cut.length < text.trim().length && !cut.endsWith('…') ? `${cut}\n…` : cut;
}
