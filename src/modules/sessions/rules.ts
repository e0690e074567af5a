import type { FieldError, Refusal } from '../../platform/errors.js';
import { dateInZone } from '../../platform/time.js';
import { APPLICATION_OUTCOMES, type ApplicationOutcome } from '../applications/rules.js';

/*
 * The sessions' vocabularies, each declared once: the types, the API's schemas and the pages'
 * words (`sessions.status.<status>`, `sessions.item.state.<state>`, `minutes.outcome.<outcome>`)
 * derive from these lists.
 */
export const SESSION_STATUSES = ['planned', 'open', 'closed'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
/** Planned by the recurrence, or called ad hoc. */
export const SESSION_ORIGINS = ['recurrence', 'adhoc'] as const;
export type SessionOrigin = (typeof SESSION_ORIGINS)[number];
export const ITEM_KINDS = ['application', 'free', 'membership'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const AGENDA_ITEM_STATES = ['open', 'decided', 'carried_over', 'withdrawn'] as const;
export type AgendaItemState = (typeof AGENDA_ITEM_STATES)[number];
/** What the bureau may decide on a lapse review ("Membership ends when contribution stops"). */
export const MEMBERSHIP_OUTCOMES = ['lapse_confirmed', 'kept', 'excluded', 'deferred'] as const;
export type MembershipOutcome = (typeof MEMBERSHIP_OUTCOMES)[number];
/** What the bureau may decide on a free item about a member. */
export const FREE_ITEM_OUTCOMES = ['excluded', 'deferred'] as const satisfies readonly MembershipOutcome[];
export type DecisionOutcome = ApplicationOutcome | MembershipOutcome;
/** Every outcome a decision records: an application's, then a membership's. */
export const DECISION_OUTCOMES: readonly DecisionOutcome[] = [...new Set<DecisionOutcome>([...APPLICATION_OUTCOMES, ...MEMBERSHIP_OUTCOMES])];

/** The bureau session lifecycle (docs/applications.md, "Lifecycles"): planned → open → closed. */
export type SessionEvent = 'open' | 'close';

export const sessionTransitions: Record<SessionStatus, Partial<Record<SessionEvent, SessionStatus>>> = {
  planned: { open: 'open' },
  open: { close: 'closed' },
  closed: {},
};

export function transitionSession(current: SessionStatus, event: SessionEvent): { status: SessionStatus } | Refusal {
  const next = sessionTransitions[current][event];
  if (next) return { status: next };
  if (event === 'open') return { code: 'session_not_planned', message: `this session is ${current}: only a planned session can be opened` };
  return { code: 'session_not_open', message: `this session is ${current}: only an open session can be closed` };
}

export interface Votes {
  for: number;
  against: number;
  abstain: number;
}

export interface DecisionInput {
  outcome: DecisionOutcome;
  votes?: Votes;
  rationale?: string;
}

export interface DecisionContext {
  session: { status: SessionStatus; quorumReached: boolean; present: number };
  /** `aboutMember`: a free item about a member, on which the bureau may pronounce an exclusion. */
  item: { state: AgendaItemState; kind: ItemKind; aboutMember?: boolean };
}

/** The outcomes each kind of item takes, and those that must say why. */
const outcomesOf: Record<ItemKind, { allowed: readonly DecisionOutcome[]; needRationale: DecisionOutcome[] }> = {
  application: { allowed: APPLICATION_OUTCOMES, needRationale: ['rejected'] },
  // Lapse review ("Membership ends when contribution stops"): the bureau confirms the end, keeps the member (saying why), or excludes.
  membership: { allowed: MEMBERSHIP_OUTCOMES, needRationale: ['kept', 'excluded'] },
  free: { allowed: FREE_ITEM_OUTCOMES, needRationale: ['excluded'] },
};

/**
 * May the bureau record this decision now? ("An application is decided only by the bureau, in a session that reached quorum",
 * once per item.) A rejection, an exclusion or keeping a lapsed member says why;
 * votes, when given, add up to no more than the members present and, on an application, agree
 * with the outcome.
 */
export function checkDecision(ctx: DecisionContext, input: DecisionInput): { ok: true } | Refusal {
  if (ctx.session.status !== 'open')
    return { code: 'session_not_open', message: `the session is ${ctx.session.status}: decisions are taken in an open session` };
  if (!ctx.session.quorumReached) return { code: 'quorum_not_reached', message: 'the session did not reach quorum: no decision can be taken' };
  if (ctx.item.kind === 'free' && !ctx.item.aboutMember) return { code: 'not_decidable', message: 'this agenda item takes no decision' };
  if (ctx.item.state !== 'open') return { code: 'already_decided', message: 'this item has already been decided' };
  const kind = outcomesOf[ctx.item.kind];
  const errors: FieldError[] = [];
  if (!kind.allowed.includes(input.outcome)) {
    errors.push({ path: '/outcome', code: 'outcome_not_for_item', message: `this item takes one of: ${kind.allowed.join(', ')}` });
  } else if (kind.needRationale.includes(input.outcome) && !input.rationale?.trim()) {
    errors.push({ path: '/rationale', code: 'required', message: `${input.outcome}: say why` });
  }
  if (input.votes) {
    const { for: yes, against, abstain } = input.votes;
    if (yes + against + abstain > ctx.session.present) {
      errors.push({ path: '/votes', code: 'more_votes_than_present', message: `${yes + against + abstain} votes for ${ctx.session.present} members present` });
    } else if (input.outcome === 'accepted' && yes <= against) {
      errors.push({ path: '/votes', code: 'votes_contradict_outcome', message: 'an acceptance needs more votes for than against' });
    } else if (input.outcome === 'rejected' && yes > against) {
      errors.push({ path: '/votes', code: 'votes_contradict_outcome', message: 'more votes for than against: that is not a rejection' });
    }
  }
  if (errors.length) return { code: 'validation_failed', message: errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors };
  return { ok: true };
}

/**
 * Is a meeting planned at `plannedAt` being held before its planned day, when opened at `now`?
 * Then it is held today: its decisions, and the memberships that follow, carry the day it was
 * actually held, never a day to come.
 */
export function heldBeforePlanned(plannedAt: string, now: string, timeZone: string): boolean {
  return dateInZone(plannedAt, timeZone) > dateInZone(now, timeZone);
}

/*
 * The minutes' record, the same for a bureau session and a general assembly: who chaired the
 * meeting, who took the minutes, what was said on each item, and the approval that closes the
 * record. Pure: the caller reads the meeting and who was present, and writes what is allowed.
 */

/** A change of the record: only the fields given change; null names nobody. */
export interface MinutesChange {
  chairId?: string | null;
  secretaryId?: string | null;
  /** What was said on an item, by item id; an empty text removes it. */
  deliberations?: { itemId: string; text: string }[];
}

/** The meeting as the rules need it. */
export interface MeetingForMinutes {
  /** Has the meeting begun (opened)? The minutes are taken from then on. */
  held: boolean;
  closed: boolean;
  approvedAt: string | null;
  chairId: string | null;
  secretaryId: string | null;
}

/**
 * May this change be written ("Minutes are approved, then never rewritten")? The minutes are
 * taken once the meeting has begun, until they are approved. The chair and the secretary are
 * people present at the meeting (`present`), and deliberations go on the meeting's own items.
 */
export function checkMinutesChange(meeting: MeetingForMinutes, change: MinutesChange, present: readonly string[], itemIds: readonly string[]): Refusal | null {
  if (meeting.approvedAt) return { code: 'minutes_approved', message: 'the minutes were approved: they are the association’s record and change no more' };
  if (!meeting.held) return { code: 'meeting_not_held', message: 'the minutes are taken once the meeting has begun' };
  const errors: FieldError[] = [];
  for (const field of ['chairId', 'secretaryId'] as const) {
    const id = change[field];
    if (id && !present.includes(id)) errors.push({ path: `/${field}`, code: 'not_present', message: 'someone present at the meeting' });
  }
  (change.deliberations ?? []).forEach((d, i) => {
    if (!itemIds.includes(d.itemId)) errors.push({ path: `/deliberations/${i}/itemId`, code: 'unknown_item', message: 'an item of this meeting’s agenda' });
  });
  const seen = new Set<string>();
  (change.deliberations ?? []).forEach((d, i) => {
    if (seen.has(d.itemId)) errors.push({ path: `/deliberations/${i}/itemId`, code: 'duplicate', message: 'each item once' });
    seen.add(d.itemId);
  });
  return errors.length > 0 ? { code: 'validation_failed', message: errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors } : null;
}

/**
 * May the minutes be approved now? Once the meeting is closed, once, and only when they name
 * who chaired and who took them: the two who answer for the minutes.
 */
export function checkMinutesApproval(meeting: MeetingForMinutes): Refusal | null {
  if (meeting.approvedAt) return { code: 'minutes_approved', message: 'the minutes were approved already' };
  if (!meeting.closed) return { code: 'illegal_transition', message: 'the minutes are approved once the meeting is closed' };
  const errors: FieldError[] = [];
  if (!meeting.chairId) errors.push({ path: '/chairId', code: 'required', message: 'who chaired the meeting' });
  if (!meeting.secretaryId) errors.push({ path: '/secretaryId', code: 'required', message: 'who took the minutes' });
  return errors.length > 0 ? { code: 'minutes_incomplete', message: 'name the chair and the secretary before approving the minutes', errors } : null;
}

/** Deliberations as stored: trimmed, and nothing for an empty text. */
export function storedDeliberations(text: string): string | null {
  const trimmed = text.replace(/\r\n/g, '\n').trim();
  return trimmed.length > 0 ? trimmed : null;
}
