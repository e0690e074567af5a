import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../src/platform/db.js';
import type { ApplicationStatus, DB, DecisionOutcome, MembershipTable } from '../src/platform/schema.js';
import { isRefusal } from '../src/platform/errors.js';
import { addDays, addMinutes, dateInZone } from '../src/platform/time.js';
import { occurrencesAfter, parseRecurrence } from '../src/modules/sessions/recurrence.js';
import { computeAssemblyQuorum, tallyResolution } from '../src/modules/assemblies/rules.js';
import { renderAssemblyMinutes } from '../src/modules/assemblies/minutes.js';
import type { AssemblyKind, Majority, Resolution, VoteMethod } from '../src/modules/assemblies/types.js';
import { benchToday, personId, random, syntheticId } from './synthetic.js';

/**
 * The governance of the synthetic association (bench/synthetic.ts): a bureau meeting every week,
 * the applications it decided, members with their history, and general assemblies. Every date
 * follows from a decision as the application would have written it (a membership starts on the
 * day of the session that accepted it, ends on the day of the one that confirmed its lapse or
 * pronounced an exclusion), so that the pages measured read data shaped like a real association's.
 * Deterministic for given sizes; the plan (a few objects per member) is held in memory, the rows
 * are written a statement at a time.
 */

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
type MembershipStatus = MembershipTable['status'];

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

const timeZone = 'Europe/Paris';
/** LIFECYCLE_GRACE_DAYS's default: a lapse review comes this long after the notice. */
const graceDays = 60;
/** A bureau is elected for two years of weekly sessions: three officers and three plain members. */
const sessionsPerBureau = 104;
const seats = ['president', 'secretary', 'treasurer', 'member', 'member', 'member'] as const;
/** BUREAU_QUORUM's default, majority: more than half of the bureau. */
const quorumRequired = Math.floor(seats.length / 2) + 1;
/** ASSEMBLY_QUORUM's and ASSEMBLY_MAX_PROXIES's defaults. */
const assemblyQuorum = '1/4';
const maxProxies = 2;
const association = 'Association du banc d’essai';
/** Id prefixes, apart from synthetic.ts's (1 to 4). */
const prefix = {
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
const maxParameters = 32_000;
const minute = 60_000;
const day = 24 * 60;

const id = (kind: keyof typeof prefix, n: number) => syntheticId(prefix[kind], n);
/** As peopleChunks names them. */
const displayName = (i: number) => `Person ${String(i).padStart(6, '0')}`;
const at = (date: string, time: string) => `${date}T${time}:00.000Z`;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / (day * minute));
const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

function weeklyRule(rrule: string) {
  const parsed = parseRecurrence({ rrule, timezone: timeZone });
  if (isRefusal(parsed)) throw new Error(parsed.message);
  return parsed;
}
const sessionRule = weeklyRule('FREQ=WEEKLY;BYDAY=TU;BYHOUR=20;BYMINUTE=0');
const assemblyRule = weeklyRule('FREQ=WEEKLY;BYDAY=SA;BYHOUR=10;BYMINUTE=0');
/** Assemblies meet on the first Saturday after `date`, 10:00 in Paris. */
const saturdayAfter = (date: string) => occurrencesAfter(assemblyRule, at(date, '00:00'), 1)[0]!;

/** An agenda item, and the decision taken on it when it has an outcome (same number). */
interface Item {
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

interface Application {
  n: number;
  person: number;
  submittedAt: string;
  items: Item[];
}

/** One membership. */
interface Term {
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
function planGovernance(sizes: GovernanceSizes) {
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
  /** Notice, grace, then a review on session `e` (issue 5) that confirms the lapse or keeps the member. */
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

type Plan = ReturnType<typeof planGovernance>;
type Rows<T extends keyof DB> = Iterable<Insertable<DB[T]>>;

/** Multi-row inserts, as many rows a statement as the parameter bound allows. */
async function insertRows<T extends GovernanceTable>(db: Kysely<DB>, table: T, rows: Rows<T>, counts: Record<GovernanceTable, number>): Promise<void> {
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

function* officeRows({ days, bureaus }: Plan): Rows<'bureau_offices'> {
  // Each bureau takes office the Friday before its first session.
  const since = bureaus.map((_, k) => addDays(days[k * sessionsPerBureau]!, -4));
  let n = 0;
  for (const [k, bureau] of bureaus.entries()) {
    for (const [seat, person] of bureau.entries()) {
      // Re-elected to the same seat: one office, held on.
      if (k > 0 && bureaus[k - 1]![seat] === person) continue;
      let last = k;
      while (bureaus[last + 1]?.[seat] === person) last++;
      yield {
        id: id('office', n++),
        person_id: personId(person),
        office: seats[seat],
        since: since[k]!,
        until: since[last + 1] ?? null,
        created_at: at(since[k]!, '18:00'),
      };
    }
  }
}

/** The secretary (or the first present) records the decisions; another member present reports on an application. */
function decisionContext(plan: Plan, it: Item) {
  const present = plan.bureauOf(it.session).filter((_, seat) => plan.presence[it.session]![seat]);
  const others = present.filter((p) => p !== it.person);
  return { present: present.length, decidedBy: others[0]!, rapporteur: others[1 + (it.n % (others.length - 1))]! };
}
const decidedAt = (plan: Plan, it: Item) => addMinutes(plan.scheduled[it.session]!, 10 + 3 * it.position);
const closedAt = (plan: Plan, s: number) => addMinutes(plan.scheduled[s]!, Math.max(120, 20 + 3 * plan.agenda[s]!.length));

function* sessionRows(plan: Plan): Rows<'bureau_sessions'> {
  for (const [s, scheduledAt] of plan.scheduled.entries()) {
    const chair = personId(plan.bureauOf(s).find((_, seat) => plan.presence[s]![seat])!);
    yield {
      id: id('session', s),
      status: 'closed',
      scheduled_at: scheduledAt,
      duration_minutes: 120,
      location: 'Local associatif',
      video_url: null,
      origin: 'recurrence',
      recurrence_slot: scheduledAt,
      bureau_size: seats.length,
      quorum_required: quorumRequired,
      opened_by: chair,
      opened_at: scheduledAt,
      closed_by: chair,
      closed_at: closedAt(plan, s),
      created_by: null,
      created_at: addMinutes(scheduledAt, -21 * day),
      updated_at: closedAt(plan, s),
      version: 3,
    };
  }
}

function* attendanceRows(plan: Plan): Rows<'bureau_attendance'> {
  for (let s = 0; s < plan.scheduled.length; s++) {
    for (const [seat, person] of plan.bureauOf(s).entries())
      yield { session_id: id('session', s), person_id: personId(person), office: seats[seat], present: plan.presence[s]![seat] ? 1 : 0 };
  }
}

function* applicationRows(plan: Plan): Rows<'applications'> {
  for (const a of plan.applications) {
    const last = a.items.at(-1);
    const decided = last?.outcome === 'accepted' || last?.outcome === 'rejected';
    // Deferred by the last session, none planned after it: the close took it off the agenda (one more version).
    const updatedAt = !last ? a.submittedAt : decided ? decidedAt(plan, last) : closedAt(plan, last.session);
    yield {
      id: id('application', a.n),
      person_id: personId(a.person),
      motivation: `Je contribue à l’association et souhaite en devenir membre (${a.n}).`,
      status: (last?.outcome ?? 'submitted') as ApplicationStatus,
      session_id: decided ? id('session', last.session) : null,
      rapporteur_id: last ? personId(decisionContext(plan, last).rapporteur) : null,
      decision_id: last ? id('decision', last.n) : null,
      submitted_at: a.submittedAt,
      decided_at: decided ? decidedAt(plan, last) : null,
      withdrawn_at: null,
      created_at: a.submittedAt,
      updated_at: updatedAt,
      version: 1 + 2 * a.items.length + (last && !decided ? 1 : 0),
    };
  }
}

function* itemRows(plan: Plan): Rows<'agenda_items'> {
  for (const it of plan.agenda.flat()) {
    yield {
      id: id('item', it.n),
      session_id: id('session', it.session),
      kind: it.kind,
      application_id: it.application ? id('application', it.application.n) : null,
      membership_id: it.kind === 'membership' ? id('membership', it.term!.n) : null,
      person_id: it.kind === 'free' && it.person !== null ? personId(it.person) : null,
      title: it.title ?? null,
      body: it.body ?? null,
      position: it.position,
      state: it.outcome ? 'decided' : 'open',
      carried_to: null,
      // Applications and reviews are placed by the application; free items by the president.
      created_by: it.kind === 'free' ? personId(plan.bureauOf(it.session)[0]!) : null,
      created_at: it.createdAt,
      updated_at: it.outcome ? decidedAt(plan, it) : it.createdAt,
    };
  }
}

const rationales: Partial<Record<DecisionOutcome, string>> = {
  rejected: 'Pas de contribution active au moment de la demande.',
  kept: 'Contribution reprise, annoncée à la session.',
  excluded: 'Manquements répétés à la charte, après audition.',
  deferred: 'Examen reporté : dossier incomplet.',
};

function* decisionRows(plan: Plan): Rows<'decisions'> {
  for (const it of plan.agenda.flat()) {
    if (!it.outcome) continue;
    const { present, decidedBy } = decisionContext(plan, it);
    const split: Record<DecisionOutcome, [number, number, number]> = {
      accepted: [present - (it.n % 2), 0, it.n % 2],
      rejected: [0, present - 1, 1],
      deferred: [0, 0, 0],
      lapse_confirmed: [present, 0, 0],
      kept: [present - 1, 1, 0],
      excluded: [present - 1, 0, 1],
    };
    // A third of the decisions by consensus, without a count; a deferral never has one.
    const votes = it.outcome === 'deferred' || it.n % 3 === 0 ? null : split[it.outcome];
    yield {
      id: id('decision', it.n),
      session_id: id('session', it.session),
      agenda_item_id: id('item', it.n),
      application_id: it.application ? id('application', it.application.n) : null,
      membership_id: it.kind === 'application' ? null : id('membership', it.term!.n),
      outcome: it.outcome,
      votes_for: votes?.[0] ?? null,
      votes_against: votes?.[1] ?? null,
      votes_abstain: votes?.[2] ?? null,
      rationale: rationales[it.outcome] ?? null,
      decided_by: personId(decidedBy),
      decided_at: decidedAt(plan, it),
    };
  }
}

function* membershipRows(plan: Plan): Rows<'memberships'> {
  for (const t of plan.terms) {
    yield {
      id: id('membership', t.n),
      person_id: personId(t.person),
      status: t.status,
      since: t.since,
      until: t.until,
      decision_id: id('decision', t.accepted.n),
      warned_until: t.warnedUntil,
      lapsing_since: t.lapsingSince,
      grace_until: t.graceUntil,
      review_since: t.reviewSince,
      kept_until: t.keptUntil,
      ended_reason: t.status === 'lapsed' || t.status === 'resigned' || t.status === 'excluded' ? t.status : null,
      ended_decision_id: t.ended ? id('decision', t.ended.n) : null,
      created_at: decidedAt(plan, t.accepted),
      updated_at: typeof t.changed === 'string' ? t.changed : decidedAt(plan, t.changed),
      version: t.version,
    };
  }
}

const agendaOf: Record<AssemblyKind, { items: string[]; resolutions: [string, Majority, VoteMethod][] }> = {
  ordinary: {
    items: ['Rapport moral', 'Rapport financier', 'Renouvellement du bureau', 'Questions diverses'],
    resolutions: [
      ['Approbation du rapport moral', 'simple', 'individual'],
      ['Approbation des comptes de l’exercice', 'simple', 'individual'],
      ['Quitus au trésorier', 'simple', 'show_of_hands'],
    ],
  },
  extraordinary: {
    items: ['Modification des statuts', 'Questions diverses'],
    resolutions: [
      ['Modification de l’article 7 des statuts', 'two_thirds', 'individual'],
      ['Pouvoirs pour les formalités', 'simple', 'show_of_hands'],
    ],
  },
};

interface Voter {
  person: number;
  rsvp: string | null;
  rsvpAt: string | null;
  present: boolean;
}

/**
 * General assemblies: closed ones spread over the sessions' years, and one convened five weeks
 * ahead. The convened one invites its whole audience (design invariant 6): every member, and every
 * contributor, taken as synthetic.ts's people who still contribute (digits 0–3), a superset of what
 * the application's audience finds; fewer would make its hourly `keepConvocationsCurrent` convene
 * the rest one by one. Closed ones invite the members of the day and contributors in proportion
 * to the association's size then. Members answer, come, give proxies and vote; the minutes are
 * the application's own (renderAssemblyMinutes).
 */
async function seedAssemblies(db: Kysely<DB>, plan: Plan, sizes: GovernanceSizes, counts: Record<GovernanceTable, number>): Promise<void> {
  const next = random(47);
  const chance = (p: number) => next() < p;
  const last = addDays(benchToday, -20);
  // From a month after the first session; all on one day when the sessions span less than that.
  const first = earlier(addDays(plan.days[0]!, 30), last);
  const span = daysBetween(first, last);
  const membersOn = (date: string) => {
    const isMember = new Uint8Array(sizes.people);
    for (const t of plan.terms) if (t.since <= date && (t.until === null || t.until > date)) isMember[t.person] = 1;
    return isMember;
  };
  const membersToday = membersOn(benchToday).reduce((sum, m) => sum + m, 0);
  const counters = { invitee: 0, proxy: 0, resolution: 0, vote: 0, item: 0 };
  const assemblyRows: Insertable<DB['assemblies']>[] = [];

  for (let i = 0; i < sizes.assemblies; i++) {
    const assemblyId = id('assembly', i);
    const upcoming = i === sizes.assemblies - 1;
    const scheduledAt = saturdayAfter(upcoming ? addDays(benchToday, 35) : addDays(first, Math.floor(((i + 0.5) * span) / (sizes.assemblies - 1))));
    const convenedAt = upcoming ? at(addDays(benchToday, -3), '18:00') : addMinutes(scheduledAt, -21 * day);
    const [scheduledMs, convenedMs] = [Date.parse(scheduledAt), Date.parse(convenedAt)];
    const kind: AssemblyKind = !upcoming && i % 4 === 3 ? 'extraordinary' : 'ordinary';
    const conveneDay = convenedAt.slice(0, 10);
    const secretary = plan.bureauOf(
      Math.max(
        0,
        plan.days.findLastIndex((d) => d <= conveneDay),
      ),
    )[1]!;
    const isMember = membersOn(conveneDay);
    const share = upcoming ? 1 : isMember.reduce((sum, m) => sum + m, 0) / membersToday;

    const voters: Voter[] = [];
    const presentNames: { displayName: string; capacity: 'member' | 'contributor' }[] = [];
    const invitees = function* (): Rows<'assembly_invitees'> {
      for (let p = 0; p < sizes.people; p++) {
        const member = isMember[p] === 1;
        // The same contributors stay invited as the association grows: a fixed hash of the person against the share.
        if (!member && (p % 10 >= 4 || (Math.imul(p, 0x9e3779b1) >>> 0) / 2 ** 32 >= share)) continue;
        const r = next();
        const rsvp = r >= (member ? 0.45 : 0.15) ? null : next() < 0.55 ? 'yes' : next() < 0.67 ? 'no' : 'maybe';
        const comes = rsvp === 'yes' ? 0.75 : rsvp === 'maybe' ? 0.35 : rsvp === 'no' ? 0 : member ? 0.12 : 0.02;
        const present = !upcoming && chance(comes);
        const rsvpAt = rsvp ? new Date(convenedMs + Math.floor(next() * (upcoming ? 2.5 : 12) * day) * minute).toISOString() : null;
        if (member) voters.push({ person: p, rsvp, rsvpAt, present });
        if (present) presentNames.push({ displayName: displayName(p), capacity: member ? 'member' : 'contributor' });
        yield {
          id: id('invitee', counters.invitee++),
          assembly_id: assemblyId,
          person_id: personId(p),
          capacity: member ? 'member' : 'contributor',
          can_vote: member ? 1 : 0,
          convened_at: convenedAt,
          reminded_at: upcoming || rsvp === 'no' ? null : new Date(scheduledMs - 7 * day * minute).toISOString(),
          rsvp,
          rsvp_at: rsvpAt,
          checked_in_at: present ? new Date(scheduledMs + (Math.floor(next() * 60) - 30) * minute).toISOString() : null,
          // By the personal link, or at the desk by the secretary.
          checked_in_by: present ? personId(chance(0.5) ? p : secretary) : null,
        };
      }
    };
    const firstInvitee = counters.invitee;
    await insertRows(db, 'assembly_invitees', invitees(), counts);

    // Proxies from voters who will not come to voters who come (or said they would), round robin, maxProxies rounds at most.
    const holders = voters.filter((v) => (upcoming ? v.rsvp === 'yes' : v.present));
    const proxies: { giver: number; holder: number; at: string }[] = [];
    for (const v of voters) {
      if (v.present || v.rsvp === 'yes' || !chance(v.rsvp === 'no' ? 0.4 : 0.03)) continue;
      if (proxies.length >= holders.length * maxProxies) break;
      proxies.push({ giver: v.person, holder: holders[proxies.length % holders.length]!.person, at: v.rsvpAt ?? addMinutes(convenedAt, day) });
    }
    const proxyRows = proxies.map((p) => ({
      id: id('proxy', counters.proxy++),
      assembly_id: assemblyId,
      giver_id: personId(p.giver),
      holder_id: personId(p.holder),
      created_at: p.at,
    }));
    await insertRows(db, 'assembly_proxies', proxyRows, counts);

    const { items, resolutions: proposed } = agendaOf[kind];
    const agenda = items.map((title, k) => ({ id: id('assemblyItem', counters.item++), assembly_id: assemblyId, position: k + 1, title, body: null }));
    await insertRows(db, 'assembly_items', agenda, counts);

    // Who votes: voters present, and absent ones through their proxy's holder (present by construction).
    const taking = [
      ...voters.filter((v) => v.present).map((v) => ({ voter: v.person, castBy: v.person })),
      ...proxies.map((p) => ({ voter: p.giver, castBy: p.holder })),
    ];
    const resolutions: Resolution[] = [];
    const votes: Insertable<DB['assembly_votes']>[] = [];
    for (const [k, [title, majority, method]] of proposed.entries()) {
      const resolutionId = id('resolution', counters.resolution++);
      const closedAt = addMinutes(scheduledAt, 80 + 25 * k);
      let tally = { for: 0, against: 0, abstain: 0 };
      if (!upcoming && method === 'individual') {
        for (const [j, t] of taking.entries()) {
          const r = next();
          const choice = r < (majority === 'simple' ? 0.78 : 0.7) ? 'for' : r < 0.9 ? 'against' : 'abstain';
          tally[choice]++;
          const castAt = new Date(Date.parse(closedAt) - (taking.length - j) * 1000).toISOString();
          votes.push({
            id: id('vote', counters.vote++),
            resolution_id: resolutionId,
            voter_id: personId(t.voter),
            cast_by: personId(t.castBy),
            choice,
            cast_at: castAt,
          });
        }
      } else if (!upcoming) {
        const [yes, no] = [Math.floor(taking.length * 0.85), Math.floor(taking.length * 0.05)];
        tally = { for: yes, against: no, abstain: taking.length - yes - no };
      }
      resolutions.push({
        id: resolutionId,
        position: k + 1,
        title,
        text: `${title} : texte soumis au vote.`,
        majority,
        status: upcoming ? 'proposed' : 'closed',
        method: upcoming ? null : method,
        votes: upcoming ? null : tally,
        result: upcoming ? null : tallyResolution({ majority, ...tally }),
        closedAt: upcoming ? null : closedAt,
      });
    }
    await insertRows(db, 'assembly_votes', votes, counts);
    const resolutionRows = resolutions.map((r) => ({
      id: r.id,
      assembly_id: assemblyId,
      position: r.position,
      title: r.title,
      text: r.text,
      majority: r.majority,
      status: r.status,
      method: r.method,
      votes_for: r.votes?.for ?? null,
      votes_against: r.votes?.against ?? null,
      votes_abstain: r.votes?.abstain ?? null,
      result: r.result,
      closed_at: r.closedAt,
      version: upcoming ? 1 : 4,
    }));
    await insertRows(db, 'assembly_resolutions', resolutionRows, counts);

    const assembly = {
      id: assemblyId,
      kind,
      title: `Assemblée générale ${kind === 'ordinary' ? 'ordinaire' : 'extraordinaire'} du ${scheduledAt.slice(0, 10)}`,
      scheduledAt,
      durationMinutes: 180,
      location: 'Salle des fêtes',
      videoUrl: 'https://visio.bench.example/ag',
      status: upcoming ? ('convened' as const) : ('closed' as const),
      convenedAt,
      forcedReason: null,
      openedAt: upcoming ? null : scheduledAt,
      closedAt: upcoming ? null : addMinutes(scheduledAt, 180),
      version: upcoming ? 2 : 4,
    };
    const presentVoters = voters.filter((v) => v.present).length;
    const minutes = upcoming
      ? null
      : renderAssemblyMinutes({
          association,
          assembly: { ...assembly, agenda: agenda.map((a) => ({ id: a.id, position: a.position, title: a.title, body: a.body })) },
          attendance: {
            present: presentNames,
            represented: proxies.map((p) => ({ giver: displayName(p.giver), holder: displayName(p.holder) })),
            absent: counters.invitee - firstInvitee - presentNames.length,
            voters: voters.length,
          },
          quorum: computeAssemblyQuorum({ voters: voters.length, present: presentVoters, represented: proxies.length, rule: assemblyQuorum }),
          resolutions,
          locale: 'fr',
          timeZone,
        });
    assemblyRows.push({
      id: assemblyId,
      kind,
      title: assembly.title,
      scheduled_at: scheduledAt,
      duration_minutes: assembly.durationMinutes,
      location: assembly.location,
      video_url: assembly.videoUrl,
      status: assembly.status,
      convened_at: convenedAt,
      forced_reason: null,
      opened_at: assembly.openedAt,
      closed_at: assembly.closedAt,
      minutes,
      created_at: addMinutes(convenedAt, -14 * day),
      updated_at: assembly.closedAt ?? convenedAt,
      version: assembly.version,
    });
  }
  await insertRows(db, 'assemblies', assemblyRows, counts);
}

function tally<K extends string>(keys: Iterable<K>): Partial<Record<K, number>> {
  const counts: Partial<Record<K, number>> = {};
  for (const k of keys) counts[k] = (counts[k] ?? 0) + 1;
  return counts;
}

/**
 * Writes the association's governance in one transaction, once the people are in (peopleChunks);
 * nothing here reads the contributions. Resolves to the rows written and how they divide.
 */
export async function seedGovernance(database: Database, sizes: GovernanceSizes): Promise<GovernanceFigures> {
  const plan = planGovernance(sizes);
  const rows = Object.fromEntries(governanceTables.map((t) => [t, 0])) as Record<GovernanceTable, number>;
  await database.transaction(async (trx) => {
    await insertRows(trx, 'bureau_offices', officeRows(plan), rows);
    const recurrence = {
      id: 'bureau',
      rrule: sessionRule.rrule,
      timezone: timeZone,
      anchor: null,
      location: 'Local associatif',
      video_url: null,
      duration_minutes: 120,
      sessions_ahead: 3,
      updated_by: personId(plan.bureaus[0]![0]!),
      updated_at: at(addDays(plan.days[0]!, -30), '18:00'),
    };
    await insertRows(trx, 'bureau_recurrence', [recurrence], rows);
    // In the order their references need (SQLite checks foreign keys statement by statement).
    await insertRows(trx, 'bureau_sessions', sessionRows(plan), rows);
    await insertRows(trx, 'bureau_attendance', attendanceRows(plan), rows);
    await insertRows(trx, 'applications', applicationRows(plan), rows);
    await insertRows(trx, 'agenda_items', itemRows(plan), rows);
    await insertRows(trx, 'decisions', decisionRows(plan), rows);
    await insertRows(trx, 'memberships', membershipRows(plan), rows);
    await seedAssemblies(trx, plan, sizes, rows);
  });

  const membershipsByStatus = { active: 0, lapsing: 0, lapsed: 0, resigned: 0, excluded: 0, ...tally(plan.terms.map((t) => t.status)) };
  return {
    rows,
    membershipsByStatus,
    applicationsByStatus: tally(plan.applications.map((a) => (a.items.at(-1)?.outcome ?? 'submitted') as ApplicationStatus)),
    decisionsByOutcome: tally(plan.agenda.flat().flatMap((it) => (it.outcome ? [it.outcome] : []))),
    currentMembers: membershipsByStatus.active + membershipsByStatus.lapsing,
    secondTerms: plan.terms.length - new Set(plan.terms.map((t) => t.person)).size,
  };
}

/** Rows per governance table, as the database counts them. */
export async function countGovernanceRows(db: Kysely<DB>): Promise<Record<GovernanceTable, number>> {
  const counts = {} as Record<GovernanceTable, number>;
  for (const table of governanceTables) {
    const row = await (db as Kysely<any>)
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}
