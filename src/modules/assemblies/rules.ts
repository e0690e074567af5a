import type { FieldError, Refusal } from '../../platform/errors.js';

/**
 * The rules of general assemblies, as the bylaws decide them: who is invited and who
 * votes, when an assembly may be convened, proxies, quorum, majorities, votes. Pure: the caller
 * passes `now` and the configuration; every refusal is a typed Refusal (src/platform/errors.ts).
 */

/*
 * The assemblies' vocabularies, each declared once: the types, the API's schemas and the pages'
 * words (`assemblies.kind.<kind>`, `assemblies.status.<status>`, …) derive from these lists.
 */
export const ASSEMBLY_KINDS = ['ordinary', 'extraordinary'] as const;
export type AssemblyKind = (typeof ASSEMBLY_KINDS)[number];
/** draft (being prepared) → convened (convocations sent) → open (the day: check-in, votes) → closed (minutes written). */
export const ASSEMBLY_STATUSES = ['draft', 'convened', 'open', 'closed'] as const;
export type AssemblyStatus = (typeof ASSEMBLY_STATUSES)[number];
/**
 * Why someone is convened: as a member (who votes), as an active contributor (who is heard), or
 * as a bureau office holder who is neither (heard: the bureau reports to the assembly it convenes,
 * and its officers answer for it whether or not the bylaws make them members). A capacity of its
 * own rather than a broader `contributor`: the attendance sheet and the minutes say who someone
 * was there as, and "contributor" would say something untrue of an officer who contributes nothing.
 */
export const CAPACITIES = ['member', 'contributor', 'office_holder'] as const;
export type Capacity = (typeof CAPACITIES)[number];
export const RSVP_ANSWERS = ['yes', 'no', 'maybe'] as const;
export type Rsvp = (typeof RSVP_ANSWERS)[number];
export const MAJORITIES = ['simple', 'two_thirds'] as const;
export type Majority = (typeof MAJORITIES)[number];
export const RESOLUTION_STATUSES = ['proposed', 'open', 'closed'] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];
export const VOTE_METHODS = ['individual', 'show_of_hands'] as const;
export type VoteMethod = (typeof VOTE_METHODS)[number];
/** A vote's choices, in the order the ballot and the counts show them. */
export const VOTE_CHOICES = ['for', 'against', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];
export const RESOLUTION_RESULTS = ['adopted', 'rejected'] as const;
export type ResolutionResult = (typeof RESOLUTION_RESULTS)[number];

/** Is `value` one of the words of `list`? (A form's or a row's text read into a vocabulary.) */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return (list as readonly unknown[]).includes(value);
}

export interface Quorum {
  /** How many voters (members with a vote) were convened. */
  voters: number;
  present: number;
  represented: number;
  required: number;
  reached: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export interface Invitation {
  personId: string;
  displayName: string;
  capacity: Capacity;
  canVote: boolean;
}

const byName = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/**
 * Who a general assembly convenes ("Every member and every contributor is invited to every general assembly"): every member and every contributor, the
 * team like the members, and whoever holds a bureau office that day (the bureau answers to the
 * assembly). Someone who is several of these is invited once, as a member first, since membership
 * is what carries a vote, then as a contributor, and as an office holder only when neither.
 * Voting rights follow ASSEMBLY_VOTERS: members only by default, or everyone invited. Sorted by
 * name (then id, so that namesakes keep a stable order).
 */
export function assemblyInvitees(input: {
  members: { personId: string; displayName: string }[];
  contributors: { personId: string; displayName: string }[];
  officeHolders: { personId: string; displayName: string }[];
  votersAre: 'members' | 'everyone';
}): Invitation[] {
  const invited = new Map<string, Invitation>();
  const invite = (p: { personId: string; displayName: string }, capacity: Capacity) => {
    if (invited.has(p.personId)) return;
    invited.set(p.personId, { personId: p.personId, displayName: p.displayName, capacity, canVote: capacity === 'member' || input.votersAre === 'everyone' });
  };
  // Members first, so that a member who also contributes keeps the capacity that votes.
  for (const m of input.members) invite(m, 'member');
  for (const c of input.contributors) invite(c, 'contributor');
  for (const o of input.officeHolders) invite(o, 'office_holder');
  return [...invited.values()].sort((a, b) => byName.compare(a.displayName, b.displayName) || (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0));
}

export type AssemblyEvent = 'convene' | 'open' | 'close';

/** The assembly lifecycle: draft → convened → open → closed, and nothing else. */
export const assemblyTransitions: Record<AssemblyStatus, Partial<Record<AssemblyEvent, AssemblyStatus>>> = {
  draft: { convene: 'convened' },
  convened: { open: 'open' },
  open: { close: 'closed' },
  closed: {},
};

export function transitionAssembly(status: AssemblyStatus, event: AssemblyEvent): { status: AssemblyStatus } | Refusal {
  const next = assemblyTransitions[status][event];
  if (next) return { status: next };
  return { code: 'illegal_transition', message: `this assembly is ${status}: it cannot be ${pastTense[event]}` };
}

const pastTense: Record<AssemblyEvent, string> = { convene: 'convened', open: 'opened', close: 'closed' };

/**
 * The earliest instant an assembly convened at `now` may take place: the notice period is counted
 * in whole periods of 24 hours from the convocation, so "15 days" means the same whatever the time
 * of day the bureau convenes, and a daylight-saving change does not shorten it by an hour.
 */
export function earliestAssemblyDate(now: string, noticeDays: number): string {
  return new Date(Date.parse(now) + noticeDays * DAY_MS).toISOString();
}

/** Does an assembly at `scheduledAt`, convened at `now`, respect the notice period? */
export function meetsNoticePeriod(input: { scheduledAt: string; now: string; noticeDays: number }): boolean {
  return Date.parse(input.scheduledAt) >= Date.parse(earliestAssemblyDate(input.now, input.noticeDays));
}

/** How a change of the agenda (its items, documents and resolutions) is made now. */
export type AgendaChangeMode = 'free' | 'amendment';

/**
 * May the agenda change now, and how ("The convocation states the agenda")? While the assembly
 * is prepared, freely. Once convened, the change is an amendment: everyone convened must learn of
 * it with the notice the bylaws set, so it is refused inside the notice period and, outside it,
 * mailed to them. Once open, what was convened on stays as it was: nothing is changed or removed;
 * `adding` is still allowed on the day (a resolution the debate calls for), and the minutes
 * record it.
 */
export function checkAgendaChange(input: {
  status: AssemblyStatus;
  scheduledAt: string;
  now: string;
  noticeDays: number;
  adding: boolean;
}): AgendaChangeMode | Refusal {
  if (input.status === 'draft') return 'free';
  if (input.status === 'closed') return { code: 'illegal_transition', message: 'the assembly is over: its agenda is in its minutes' };
  if (input.status === 'open') {
    return input.adding ? 'free' : { code: 'agenda_locked', message: 'the assembly is open: what it was convened on is no longer changed or removed' };
  }
  if (meetsNoticePeriod(input)) return 'amendment';
  return {
    code: 'amendment_too_late',
    message: `the bylaws want ${input.noticeDays} days of notice: it is too late to change the agenda of this assembly (${earliestAssemblyDate(input.now, input.noticeDays)} would be the earliest date)`,
  };
}

/**
 * May the bureau convene this assembly now? Only a draft is convened, for a date to come. Inside
 * the notice period (ASSEMBLY_NOTICE_DAYS) the convocation is refused, unless the bureau forces
 * it and says why: the reason is kept with the assembly and printed in its minutes. A force that
 * the dates do not need is no refusal (there is nothing to justify): the service records a reason
 * only when meetsNoticePeriod() is false.
 */
export function checkConvocation(input: {
  status: AssemblyStatus;
  scheduledAt: string;
  now: string;
  noticeDays: number;
  force: boolean;
  reason: string | null;
  /** How many items the agenda holds: a convocation must say what the assembly will deal with. */
  agendaItems: number;
}): Refusal | null {
  if (input.status !== 'draft') return { code: 'illegal_transition', message: `this assembly is ${input.status}: only a draft is convened` };
  if (input.agendaItems === 0) return { code: 'empty_agenda', message: 'the convocation carries the agenda: add at least one item before convening' };
  const at = Date.parse(input.scheduledAt);
  if (Number.isNaN(at) || at <= Date.parse(input.now)) {
    return invalid([{ path: '/scheduledAt', code: 'in_the_past', message: 'an assembly is convened for a date to come' }]);
  }
  if (meetsNoticePeriod(input)) return null;
  const earliest = earliestAssemblyDate(input.now, input.noticeDays);
  if (!input.force) {
    return {
      code: 'notice_period_too_short',
      message: `the bylaws want ${input.noticeDays} days of notice: convened now, the assembly cannot take place before ${earliest}`,
    };
  }
  if (!input.reason?.trim()) {
    return invalid([{ path: '/reason', code: 'required', message: `convening inside the notice period (before ${earliest}): say why` }]);
  }
  return null;
}

/**
 * May this invitee give a proxy at all, whoever to? Between the convocation and the close, and
 * only with a vote: what checkProxy asks first, and what the search for a holder asks before
 * naming anyone.
 */
export function checkMayGiveProxy(input: { status: AssemblyStatus; giver: { canVote: boolean } | null }): Refusal | null {
  if (input.status !== 'convened' && input.status !== 'open') {
    return { code: 'illegal_transition', message: `this assembly is ${input.status}: proxies are given between the convocation and the close` };
  }
  if (!input.giver?.canVote) return { code: 'not_a_voter', message: 'only an invitee with a vote gives a proxy' };
  return null;
}

/**
 * May `giver` give their proxy to `holder`? Proxies are given from the convocation until the
 * assembly closes, from one voter to another (the bylaws' "un membre à un autre membre"), and:
 * - not to oneself;
 * - at most ASSEMBLY_MAX_PROXIES per holder;
 * - no chains: a holder who gave their own proxy is absent, so cannot carry others' votes, and a
 *   voter who holds proxies cannot pass them on by giving their own (`giverHolds`);
 * - someone checked in votes in person: they give no proxy on the day.
 */
export function checkProxy(input: {
  status: AssemblyStatus;
  giverId: string;
  holderId: string;
  /** The giver's invitation, null when not invited. */
  giver: { canVote: boolean; present: boolean } | null;
  /** The holder's invitation, null when not invited. */
  holder: { canVote: boolean } | null;
  /** Proxies the holder already holds (not counting this giver's, if it is being replaced). */
  holderAlreadyHolds: number;
  max: number;
  holderGaveProxy: boolean;
  /** Proxies the giver holds for others. */
  giverHolds?: number;
}): Refusal | null {
  const mayGive = checkMayGiveProxy(input);
  if (mayGive) return mayGive;
  if (input.giverId === input.holderId) {
    return {
      code: 'proxy_to_self',
      message: 'a proxy goes to someone else',
      errors: [{ path: '/holderId', code: 'proxy_to_self', message: 'a proxy goes to someone else' }],
    };
  }
  if (!input.holder?.canVote) {
    return {
      code: 'not_a_voter',
      message: 'a proxy goes to an invitee with a vote',
      errors: [{ path: '/holderId', code: 'not_a_voter', message: 'a proxy goes to an invitee with a vote' }],
    };
  }
  // checkMayGiveProxy refused a giver not invited.
  if (input.giver?.present) return { code: 'already_present', message: 'checked in at the assembly: votes in person, without a proxy' };
  if (input.holderGaveProxy) {
    return {
      code: 'proxy_chain',
      message: 'this person gave their own proxy: they cannot hold others’',
      errors: [{ path: '/holderId', code: 'proxy_chain', message: 'gave their own proxy' }],
    };
  }
  if ((input.giverHolds ?? 0) > 0) return { code: 'proxy_chain', message: `holds ${input.giverHolds} proxies: they cannot be passed on by giving one’s own` };
  if (input.holderAlreadyHolds >= input.max) {
    return {
      code: 'too_many_proxies',
      message: `a member holds at most ${input.max} proxies`,
      errors: [{ path: '/holderId', code: 'too_many_proxies', message: `already holds ${input.holderAlreadyHolds} of at most ${input.max}` }],
    };
  }
  return null;
}

/**
 * ASSEMBLY_QUORUM: `none` (the assembly deliberates whoever comes), a fraction `a/b` of the voters
 * convened (`1/4`), or a fixed number of voters (`10`). A fraction above 1 could never be reached.
 */
export type AssemblyQuorumRule = { kind: 'none' } | { kind: 'fraction'; numerator: number; denominator: number } | { kind: 'count'; count: number };

export function parseAssemblyQuorumRule(text: string): AssemblyQuorumRule | null {
  if (text === 'none') return { kind: 'none' };
  if (/^[1-9]\d{0,3}$/.test(text)) return { kind: 'count', count: Number(text) };
  const fraction = /^([1-9]\d?)\/([1-9]\d?)$/.exec(text);
  if (!fraction) return null;
  const [numerator, denominator] = [Number(fraction[1]), Number(fraction[2])];
  return numerator <= denominator ? { kind: 'fraction', numerator, denominator } : null;
}

/** For the configuration's validation. */
export function isQuorumRule(text: string): boolean {
  return parseAssemblyQuorumRule(text) !== null;
}

/**
 * The quorum of a general assembly: voters present plus voters represented by a proxy, against
 * the rule. A fraction rounds up (a quarter of 10 voters is 3). A fixed number is not capped at
 * the voters convened, unlike the bureau's (../sessions/rules.ts): the bylaws name it, and an
 * association with fewer voters cannot deliberate validly — the minutes then say so.
 */
export function computeAssemblyQuorum(input: { voters: number; present: number; represented: number; rule: string }): Quorum {
  const rule = parseAssemblyQuorumRule(input.rule);
  if (!rule) throw new RangeError(`not a quorum rule: ${input.rule}`);
  const required =
    rule.kind === 'none' ? 0 : rule.kind === 'count' ? rule.count : Math.floor((rule.numerator * input.voters + rule.denominator - 1) / rule.denominator);
  return {
    voters: input.voters,
    present: input.present,
    represented: input.represented,
    required,
    reached: input.present + input.represented >= required,
  };
}

/**
 * The result of a resolution. Abstentions are not votes cast: they count neither for nor against
 * (the common reading of French association law — "la majorité des suffrages exprimés" — where
 * bylaws say nothing else). So:
 * - simple: more votes for than against; a tie rejects;
 * - two thirds: votes for are at least two thirds of the votes cast (for + against), and at least
 *   one vote for, so that a resolution nobody voted for (all abstained) is not adopted.
 */
export function tallyResolution(input: { majority: Majority; for: number; against: number; abstain: number }): ResolutionResult {
  const { for: yes, against } = input;
  if (input.majority === 'simple') return yes > against ? 'adopted' : 'rejected';
  // 3·for ≥ 2·(for + against), in integers: no rounding of 2/3.
  return yes > 0 && 3 * yes >= 2 * (yes + against) ? 'adopted' : 'rejected';
}

/**
 * May this person's vote be recorded on this resolution? Only while the assembly and the
 * resolution are open, from an invitee with a vote who takes part: checked in, or represented by
 * a holder who is (`present` says either), once — or, when the bylaws allow it, changed until the
 * vote closes. A resolution voted by show of hands takes only
 * counts, never individual votes.
 */
export function checkVote(input: {
  assemblyStatus: AssemblyStatus;
  resolutionStatus: ResolutionStatus;
  method: VoteMethod | null;
  /** The voter's invitation, null when not invited; `present`: checked in, or their holder is. */
  voter: { canVote: boolean; present: boolean } | null;
  alreadyVoted: boolean;
  /** Whether the bylaws let a voter change their vote while it is open (ASSEMBLY_VOTE_CHANGE). */
  mayChange: boolean;
}): Refusal | null {
  if (input.assemblyStatus !== 'open')
    return { code: 'assembly_not_open', message: `this assembly is ${input.assemblyStatus}: votes are cast while it is open` };
  if (input.resolutionStatus !== 'open')
    return { code: 'resolution_not_open', message: `this resolution is ${input.resolutionStatus}: votes are cast while it is open` };
  if (input.method === 'show_of_hands') return { code: 'counts_only', message: 'this resolution is voted by show of hands: the secretary records the counts' };
  if (!input.voter?.canVote) return { code: 'not_a_voter', message: 'only an invitee with a vote votes' };
  if (!input.voter.present) return { code: 'not_present', message: 'a vote is cast by someone checked in, or through a proxy held by someone checked in' };
  if (input.alreadyVoted && !input.mayChange) return { code: 'already_voted', message: 'this vote is already recorded' };
  return null;
}

/**
 * Counts from a show of hands: whole numbers, none negative, and no more votes than the voters
 * taking part (present + represented).
 */
export function checkCounts(input: { for: number; against: number; abstain: number; voters: number }): Refusal | null {
  const errors: FieldError[] = [];
  for (const field of VOTE_CHOICES) {
    const n = input[field];
    if (!Number.isInteger(n) || n < 0) errors.push({ path: `/${field}`, code: 'not_a_count', message: 'a whole number, 0 or more' });
  }
  if (errors.length === 0) {
    const total = input.for + input.against + input.abstain;
    if (total > input.voters) {
      errors.push({ path: '/votes', code: 'more_votes_than_voters', message: `${total} votes for ${input.voters} voters present or represented` });
    }
  }
  return errors.length ? invalid(errors) : null;
}

function invalid(errors: FieldError[]): Refusal {
  return { code: 'validation_failed', message: errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors };
}
