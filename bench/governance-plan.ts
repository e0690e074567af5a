import type { Insertable, Kysely } from 'kysely';
import type { ApplicationStatus, DB, DecisionOutcome, MembershipTable } from '../src/platform/schema.js';
import { isRefusal } from '../src/platform/errors.js';
import { addDays, addMinutes, dateInZone } from '../src/platform/time.js';
import { occurrencesAfter, parseRecurrence } from '../src/modules/sessions/recurrence.js';
import { benchToday, random, syntheticId } from './synthetic.js';

/** The governance plan (bench/governance.ts): the sizes, the calendar, who applies and what becomes of each membership; and the batched insert every table goes through. */
export interface GovernanceSizes {
  /** People already inserted (peopleChunks): members and invitees are picked among them. */
  people: number;
  /** People who are or were members; a few of them had two terms. */
  members: number;
  /** Closed bureau sessions, one a week up to the last Tuesday before benchToday. */
  sessions: number;
  /** General assemblies: all closed but the last, convened for a date to come. */
  assemblies: number;
}

export const governanceTables = [
  'bureau_offices',
  'bureau_recurrence',
  'bureau_sessions',
  'bureau_attendance',
  'applications',
  'agenda_items',
  'decisions',
  'memberships',
  'assemblies',
  'assembly_items',
  'assembly_invitees',
  'assembly_proxies',
  'assembly_resolutions',
  'assembly_votes',
] as const;
export type GovernanceTable = (typeof governanceTables)[number];
export type MembershipStatus = MembershipTable['status'];

export interface GovernanceFigures {
  /** Rows written, per table. */
  rows: Record<GovernanceTable, number>;
  membershipsByStatus: Record<MembershipStatus, number>;
  applicationsByStatus: Partial<Record<ApplicationStatus, number>>;
  decisionsByOutcome: Partial<Record<DecisionOutcome, number>>;
  /** People with an active or lapsing membership today; people who came back for a second term. */
  currentMembers: number;
  secondTerms: number;
}

export const timeZone = 'Europe/Paris';
/** LIFECYCLE_GRACE_DAYS's default: a lapse review comes this long after the notice. */
export const graceDays = 60;
/** A bureau is elected for two years of weekly sessions: three officers and three plain members. */
export const sessionsPerBureau = 104;
export const seats = ['president', 'secretary', 'treasurer', 'member', 'member', 'member'] as const;
/** BUREAU_QUORUM's default, majority: more than half of the bureau. */
export const quorumRequired = Math.floor(seats.length / 2) + 1;
/** ASSEMBLY_QUORUM's and ASSEMBLY_MAX_PROXIES's defaults. */
export const assemblyQuorum = '1/4';
export const maxProxies = 2;
export const association = 'Association du banc d’essai';
/** Id prefixes, apart from synthetic.ts's (1 to 4). */
export const prefix = {
  office: 32,
  session: 33,
  application: 34,
  item: 35,
  decision: 36,
  membership: 37,
  assembly: 38,
  assemblyItem: 39,
  invitee: 40,
  proxy: 41,
  resolution: 42,
  vote: 43,
};
/** SQLite binds at most 32,766 parameters per statement: rows per insert follow the table's width. */
export const maxParameters = 32_000;
export const minute = 60_000;
export const day = 24 * 60;

export const id = (kind: keyof typeof prefix, n: number) => syntheticId(prefix[kind], n);
/** As peopleChunks names them. */
export const displayName = (i: number) => `Person ${String(i).padStart(6, '0')}`;
export const at = (date: string, time: string) => `${date}T${time}:00.000Z`;
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / (day * minute));
export const later = (a: string, b: string) => (a > b ? a : b);
export const earlier = (a: string, b: string) => (a < b ? a : b);

export function weeklyRule(rrule: string) {
  const parsed = parseRecurrence({ rrule, timezone: timeZone });
  if (isRefusal(parsed)) throw new Error(parsed.message);
  return parsed;
}
export const sessionRule = weeklyRule('FREQ=WEEKLY;BYDAY=TU;BYHOUR=20;BYMINUTE=0');
export const assemblyRule = weeklyRule('FREQ=WEEKLY;BYDAY=SA;BYHOUR=10;BYMINUTE=0');
/** Assemblies meet on the first Saturday after `date`, 10:00 in Paris. */
export const saturdayAfter = (date: string) => occurrencesAfter(assemblyRule, at(date, '00:00'), 1)[0]!;

/** An agenda item, and the decision taken on it when it has an outcome (same number). */
export interface Item {
  n: number;
  session: number;
  position: number;
  kind: 'application' | 'membership' | 'free';
  /** The applicant, or the member reviewed or excluded. */
  person: number | null;
  outcome: DecisionOutcome | null;
  application?: Application;
  term?: Term;
  title?: string;
  body?: string;
  createdAt: string;
}

export interface Application {
  n: number;
  person: number;
  submittedAt: string;
  items: Item[];
}

/** One membership. */
export interface Term {
  n: number;
  person: number;
  accepted: Item;
  status: MembershipStatus;
  since: string;
  until: string | null;
  warnedUntil: string | null;
  lapsingSince: string | null;
  graceUntil: string | null;
  reviewSince: string | null;
  keptUntil: string | null;
  ended: Item | null;
  version: number;
  /** The last change: an instant, or the decision that made it. */
  changed: Item | string;
}

/** Who applied, who was decided on when, and what became of each membership. */
export function planGovernance(sizes: GovernanceSizes) {
  const { people, members, sessions: S } = sizes;
  if (S < 3) throw new RangeError('seedGovernance: at least 3 sessions (a second term needs an end and a return)');
  if (members < seats.length || members > people / 4) throw new RangeError(`seedGovernance: between ${seats.length} and people / 4 members`);
  const next = random(41);
  const uniform = (lo: number, hi: number) => lo + Math.min(hi - lo, Math.floor(next() * (hi - lo + 1)));
  // The association grows: a session's share of acceptances grows with its rank.
  const growing = (lo: number, hi: number) => lo + Math.min(hi - lo, Math.floor(Math.sqrt(next()) * (hi - lo + 1)));

  const scheduled = occurrencesAfter(sessionRule, at(addDays(benchToday, -7 * S - 14), '00:00'), S + 4, at(benchToday, '00:00')).slice(-S);
  const days = scheduled.map((instant) => dateInZone(instant, timeZone));
  const agenda: Item[][] = days.map(() => []);
  const applications: Application[] = [];
  const terms: Term[] = [];

  // synthetic.ts's contributors: people whose last digit is 0–3 still contribute, 4–6 stopped, 7–9 never did.
  const pool = (from: number, to: number) => Int32Array.from({ length: people }, (_, i) => i).filter((i) => i % 10 >= from && i % 10 < to);
  const pools = { active: pool(0, 4), stopped: pool(4, 7), never: pool(7, 10) };
  const taken = new Uint8Array(people);
  // Drawn as u²: members are mostly among those who contribute most (synthetic.ts's lowest indexes).
  const draw = (from: Int32Array) => {
    let p = from[Math.floor(from.length * next() ** 2)]!;
    for (let tries = 0; taken[p] && tries < 32; tries++) p = from[Math.floor(from.length * next() ** 2)]!;
    if (taken[p]) p = from.find((q) => !taken[q]) ?? -1;
    if (p < 0) throw new RangeError('seedGovernance: not enough people for that many members');
    taken[p] = 1;
    return p;
  };

  const item = (session: number, kind: Item['kind'], person: number | null, outcome: DecisionOutcome | null, createdAt: string, more: Partial<Item> = {}) => {
    const it: Item = { n: 0, session, position: 0, kind, person, outcome, createdAt, ...more };
    agenda[session]!.push(it);
    return it;
  };
  /** An application examined at session `first`, then at the following ones, an outcome each (a deferral, then a decision). */
  const apply = (person: number, first: number, outcomes: DecisionOutcome[], after?: string) => {
    const submittedOn = later(addDays(days[first]!, -uniform(3, 28)), after ?? '');
    const application: Application = { n: applications.length, person, submittedAt: addMinutes(at(submittedOn, '08:00'), uniform(0, 600)), items: [] };
    outcomes.forEach((outcome, k) => {
      // Carried over to the next session by the close of the one that deferred it.
      const createdAt = k === 0 ? application.submittedAt : addMinutes(scheduled[first + k - 1]!, 150);
      application.items.push(item(first + k, 'application', person, outcome, createdAt, { application }));
    });
    applications.push(application);
    return application;
  };
  /** Accepted at `session` (deferred once before, now and then): active since that session's day. */
  const join = (person: number, session: number, after?: string) => {
    const deferredFirst = session >= 1 && !after && next() < 0.04;
    const application = apply(person, deferredFirst ? session - 1 : session, deferredFirst ? ['deferred', 'accepted'] : ['accepted'], after);
    const accepted = application.items.at(-1)!;
    const term: Term = {
      n: terms.length,
      person,
      accepted,
      status: 'active',
      since: days[session]!,
      until: null,
      warnedUntil: null,
      lapsingSince: null,
      graceUntil: null,
      reviewSince: null,
      keptUntil: null,
      ended: null,
      version: 1,
      changed: accepted,
    };
    accepted.term = term;
    terms.push(term);
    return term;
  };
  /** Notice, grace, then a review on session `e` (the membership lifecycle's lapse review) that confirms the lapse or keeps the member. */
  const review = (term: Term, e: number, outcome: 'lapse_confirmed' | 'kept') => {
    const reviewSince = later(addDays(days[e]!, -uniform(1, 6)), addDays(term.since, 2));
    const graceUntil = addDays(reviewSince, -1);
    const lapsingSince = later(addDays(graceUntil, -graceDays), addDays(term.since, 1));
    const it = item(e, 'membership', term.person, outcome, at(reviewSince, '03:00'), { term });
    // Kept: the lifecycle's dates are cleared, and no new notice for one grace period.
    if (outcome === 'kept') return Object.assign(term, { keptUntil: addDays(days[e]!, graceDays), version: 4, changed: it });
    const warnedUntil = addDays(lapsingSince, -1) >= term.since ? addDays(lapsingSince, -1) : null;
    Object.assign(term, { status: 'lapsed', until: days[e], warnedUntil, lapsingSince, graceUntil, reviewSince, ended: it, version: 5, changed: it });
  };
  const exclude = (term: Term, e: number) => {
    const title = `Exclusion de ${displayName(term.person)}`;
    const it = item(e, 'free', term.person, 'excluded', addMinutes(scheduled[e]!, -5 * day), { term, title, body: 'Manquements répétés à la charte.' });
    Object.assign(term, { status: 'excluded', until: days[e], ended: it, version: 2, changed: it });
  };
  const resign = (term: Term, on: string) => Object.assign(term, { status: 'resigned', until: on, version: 2, changed: at(on, '09:00') });

  for (let m = 0; m < members; m++) {
    const u = next();
    if (m < seats.length) {
      join(draw(pools.active), 0); // the founders: the first bureau
    } else if (u < 0.04) {
      // Lapsing: noticed in the last 90 days; once the grace period is over, the review waits for a session.
      const term = join(draw(pools.stopped), growing(0, S - 2));
      const lapsingSince = later(addDays(benchToday, -uniform(1, 90)), addDays(term.since, 1));
      const graceUntil = addDays(lapsingSince, graceDays);
      const reviewSince = graceUntil < benchToday ? addDays(graceUntil, 1) : null;
      const warnedUntil = addDays(lapsingSince, -1) >= term.since ? addDays(lapsingSince, -1) : null;
      const changed = at(reviewSince ?? lapsingSince, '03:00');
      Object.assign(term, { status: 'lapsing', lapsingSince, graceUntil, reviewSince, warnedUntil, version: reviewSince ? 4 : 3, changed });
    } else if (u < 0.13) {
      const a = uniform(0, S - 2);
      review(join(draw(pools.stopped), a), uniform(a + 1, S - 1), 'lapse_confirmed');
    } else if (u < 0.17) {
      const term = join(draw(pools.stopped), growing(0, S - 1));
      resign(term, addDays(term.since, uniform(1, Math.max(1, daysBetween(term.since, benchToday) - 1))));
    } else if (u < 0.18) {
      const a = uniform(0, S - 2);
      exclude(join(draw(pools.stopped), a), uniform(a + 1, S - 1));
    } else if (u < 0.22) {
      // Two terms: the first ended (a resignation, or a lapse the bureau confirmed), then a new application.
      const person = draw(pools.active);
      const a1 = uniform(0, S - 3);
      const e1 = uniform(a1 + 1, S - 2);
      const first = join(person, a1);
      if (next() < 0.5) resign(first, addDays(days[e1]!, -3));
      else review(first, e1, 'lapse_confirmed');
      join(person, uniform(e1 + 1, S - 1), addDays(first.until!, 1));
    } else {
      const a = growing(0, S - 1);
      const term = join(draw(pools.active), a);
      const v = next();
      if (v < 0.02 && a <= S - 2) {
        review(term, uniform(a + 1, S - 1), 'kept');
      } else if (v < 0.08) {
        // Warned once (LIFECYCLE_WARNING_DAYS before the last active day), and active since.
        const warnedOn = later(addDays(benchToday, -uniform(0, 300)), addDays(term.since, 1));
        Object.assign(term, { warnedUntil: addDays(warnedOn, uniform(0, 30)), version: 2, changed: at(warnedOn, '03:00') });
      }
    }
  }
  // Applications that made no member: rejected (never contributed), deferred by the last session, just submitted.
  for (let k = 0; k < Math.round(members * 0.05); k++) apply(draw(pools.never), growing(0, S - 1), ['rejected']);
  for (let k = 0; k < Math.max(1, Math.round(members * 0.004)); k++) apply(draw(pools.active), S - 1, ['deferred']);
  for (let k = 0; k < Math.max(1, Math.round(members * 0.004)); k++) {
    const submittedOn = addDays(days[S - 1]!, uniform(1, Math.max(1, daysBetween(days[S - 1]!, benchToday))));
    applications.push({ n: applications.length, person: draw(pools.active), submittedAt: at(submittedOn, '10:00'), items: [] });
  }
  // A free item without a decision once a month.
  for (let s = 0; s < S; s += 4)
    item(s, 'free', null, null, addMinutes(scheduled[s]!, -2 * day), { title: 'Points divers', body: 'Local, matériel, événements.' });

  // Items (and their decisions) numbered in session order: applications, reviews, exclusions, then the rest.
  const rank = (it: Item) => ({ application: 0, membership: 1, free: 2 })[it.kind] + (it.outcome ? 0 : 1);
  let n = 0;
  for (const items of agenda) {
    items.sort((a, b) => rank(a) - rank(b));
    items.forEach((it, k) => Object.assign(it, { n: n++, position: k + 1 }));
  }

  // A bureau every two years, among members of some standing who stay active; re-elected to fill seats when too few.
  const termsOf = new Uint8Array(people);
  for (const t of terms) termsOf[t.person]!++;
  const eligible = terms.filter((t) => t.status === 'active' && t.keptUntil === null && termsOf[t.person] === 1);
  const bureaus: number[][] = [];
  for (let start = 0; start < S; start += sessionsPerBureau) {
    const previous = bureaus.at(-1) ?? [];
    const candidates = start === 0 ? terms.slice(0, seats.length) : eligible.filter((t) => t.accepted.session < start && !previous.includes(t.person));
    const chosen: number[] = [];
    while (chosen.length < seats.length && candidates.length) chosen.push(candidates.splice(Math.floor(next() * candidates.length), 1)[0]!.person);
    bureaus.push(seats.map((_, seat) => chosen[seat] ?? previous[seat]!));
  }
  const bureauOf = (s: number) => bureaus[Math.floor(s / sessionsPerBureau)]!;
  // Who came to each session: sessions that did not reach quorum took no decision, so only those that did are here.
  const presence = days.map(() => {
    const present = seats.map(() => next() < 0.85);
    for (let seat = 0; present.filter(Boolean).length < quorumRequired; seat++) present[seat] = true;
    return present;
  });
  return { scheduled, days, agenda, applications, terms, bureaus, bureauOf, presence };
}

export type Plan = ReturnType<typeof planGovernance>;
export type Rows<T extends keyof DB> = Iterable<Insertable<DB[T]>>;

/** Multi-row inserts, as many rows a statement as the parameter bound allows. */
export async function insertRows<T extends GovernanceTable>(db: Kysely<DB>, table: T, rows: Rows<T>, counts: Record<GovernanceTable, number>): Promise<void> {
  let batch: Insertable<DB[T]>[] = [];
  let limit = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await (db as Kysely<any>).insertInto(table).values(batch).execute();
    counts[table] += batch.length;
    batch = [];
  };
  for (const row of rows) {
    limit ||= Math.max(1, Math.floor(maxParameters / Object.keys(row).length));
    batch.push(row);
    if (batch.length >= limit) await flush();
  }
  await flush();
}
