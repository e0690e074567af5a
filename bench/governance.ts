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
/** A bureau is elected for two years of weekly sessions; three officers and three plain members. */
const sessionsPerBureau = 104;
const seats = ['president', 'secretary', 'treasurer', 'member', 'member', 'member'] as const;
const quorumRequired = Math.floor(seats.length / 2) + 1;
/** ASSEMBLY_QUORUM's default, and ASSEMBLY_MAX_PROXIES's. */
const assemblyQuorum = '1/4';
const maxProxies = 2;
const association = 'Association du banc d’essai';
/** Id prefixes, apart from synthetic.ts's (1 to 4). */
const prefix = { office: 32, session: 33, application: 34, item: 35, decision: 36, membership: 37, assembly: 38, assemblyItem: 39, invitee: 40, proxy: 41, resolution: 42, vote: 43 };
/** SQLite binds at most 32,766 parameters per statement: rows per insert follow the table's width. */
const maxParameters = 32_000;

const id = (kind: keyof typeof prefix, n: number) => syntheticId(prefix[kind], n);
/** As peopleChunks names them. */
const displayName = (i: number) => `Person ${String(i).padStart(6, '0')}`;
const at = (day: string, time: string) => `${day}T${time}:00.000Z`;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

function weeklyRule(rrule: string) {
  const parsed = parseRecurrence({ rrule, timezone: timeZone });
  if (isRefusal(parsed)) throw new Error(parsed.message);
  return parsed;
}
const sessionRule = weeklyRule('FREQ=WEEKLY;BYDAY=TU;BYHOUR=20;BYMINUTE=0');
const assemblyRule = weeklyRule('FREQ=WEEKLY;BYDAY=SA;BYHOUR=10;BYMINUTE=0');
/** The first Saturday 10:00 (Paris) after `day`: when assemblies meet. */
const saturdayAfter = (day: string) => occurrencesAfter(assemblyRule, at(day, '00:00'), 1)[0]!;

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

/** Who is whose member, application and decision: small (a few rows per member), held in memory. */
function planGovernance(sizes: GovernanceSizes) {
  const { people, members, sessions: S } = sizes;
  if (S < 3) throw new RangeError('seedGovernance: at least 3 sessions (a second term needs an end and a return)');
  if (members < seats.length || members > people / 4) throw new RangeError(`seedGovernance: between ${seats.length} and people / 4 members`);
  const next = random(41);
  const uniform = (lo: number, hi: number) => lo + Math.min(hi - lo, Math.floor(next() * (hi - lo + 1)));
  // More members join as the association grows: a session's share of acceptances grows with its rank.
  const growing = (lo: number, hi: number) => lo + Math.min(hi - lo, Math.floor(Math.sqrt(next()) * (hi - lo + 1)));

  const scheduled = occurrencesAfter(sessionRule, at(addDays(benchToday, -7 * S - 14), '00:00'), S + 4, at(benchToday, '00:00')).slice(-S);
  const days = scheduled.map((instant) => dateInZone(instant, timeZone));
  const agenda: Item[][] = days.map(() => []);
  const applications: Application[] = [];
  const terms: Term[] = [];

  // Synthetic.ts's contributors: person digits 0–3 still contribute, 4–6 stopped, 7–9 never did.
  const pool = (from: number, to: number) => Int32Array.from({ length: people }, (_, i) => i).filter((i) => i % 10 >= from && i % 10 < to);
  const pools = { active: pool(0, 4), stopped: pool(4, 7), never: pool(7, 10) };
  const taken = new Uint8Array(people);
  // Drawn as u²: members are mostly among those who contribute most (the lowest indexes).
  const draw = (from: Int32Array) => {
    for (let tries = 0; tries < 32; tries++) {
      const p = from[Math.floor(from.length * next() ** 2)]!;
      if (!taken[p]) return (taken[p] = 1), p;
    }
    const p = from.find((q) => !taken[q]);
    if (p === undefined) throw new RangeError('seedGovernance: not enough people for that many members');
    return (taken[p] = 1), p;
  };

  const item = (session: number, kind: Item['kind'], person: number | null, outcome: DecisionOutcome | null, createdAt: string, extra: Partial<Item> = {}) => {
    const it: Item = { n: 0, session, position: 0, kind, person, outcome, createdAt, ...extra };
    agenda[session]!.push(it);
    return it;
  };
  /** An application examined at `first`, then at the following sessions, one outcome each. */
  const apply = (person: number, first: number, outcomes: DecisionOutcome[], after?: string) => {
    const earliest = addDays(days[first]!, -uniform(3, 28));
    const day = after && after > earliest ? after : earliest;
    const application: Application = { n: applications.length, person, submittedAt: addMinutes(at(day, '08:00'), uniform(0, 600)), items: [] };
    outcomes.forEach((outcome, k) => {
      const createdAt = k === 0 ? application.submittedAt : addMinutes(scheduled[first + k - 1]!, 150);
      application.items.push(item(first + k, 'application', person, outcome, createdAt, { application }));
    });
    applications.push(application);
    return application;
  };
  const join = (person: number, session: number, after?: string) => {
    const deferredFirst = session >= 1 && !after && next() < 0.04;
    const application = apply(person, deferredFirst ? session - 1 : session, deferredFirst ? ['deferred', 'accepted'] : ['accepted'], after);
    const accepted = application.items.at(-1)!;
    const term: Term = {
      ...{ n: terms.length, person, accepted, status: 'active', since: days[session]!, until: null, ended: null, version: 1, changed: accepted },
      ...{ warnedUntil: null, lapsingSince: null, graceUntil: null, reviewSince: null, keptUntil: null },
    };
    accepted.term = term;
    terms.push(term);
    return term;
  };
  /** Notice, grace, then a review placed on session `e` (issue 5), which ends or keeps the membership. */
  const review = (term: Term, e: number, outcome: 'lapse_confirmed' | 'kept') => {
    const reviewSince = [addDays(days[e]!, -uniform(1, 6)), addDays(term.since, 2)].sort()[1]!;
    const graceUntil = addDays(reviewSince, -1);
    const lapsingSince = [addDays(graceUntil, -graceDays), addDays(term.since, 1)].sort()[1]!;
    const it = item(e, 'membership', term.person, outcome, at(reviewSince, '03:00'), { term });
    if (outcome === 'kept') Object.assign(term, { keptUntil: addDays(days[e]!, graceDays), version: 4, changed: it });
    else Object.assign(term, { status: 'lapsed', until: days[e], lapsingSince, graceUntil, reviewSince, ended: it, version: 5, changed: it });
    if (outcome === 'lapse_confirmed' && addDays(lapsingSince, -1) >= term.since) term.warnedUntil = addDays(lapsingSince, -1);
  };
  const exclude = (term: Term, e: number) => {
    const createdAt = addMinutes(scheduled[e]!, -5 * 24 * 60);
    const it = item(e, 'free', term.person, 'excluded', createdAt, { term, title: `Exclusion de ${displayName(term.person)}`, body: 'Manquements répétés à la charte.' });
    Object.assign(term, { status: 'excluded', until: days[e], ended: it, version: 2, changed: it });
  };
  const resign = (term: Term, on: string) => Object.assign(term, { status: 'resigned', until: on, version: 2, changed: at(on, '09:00') });
  const daysLeft = (session: number, to = benchToday) => daysBetween(days[session]!, to);

  for (let m = 0; m < members; m++) {
    const u = next();
    if (m < seats.length) {
      join(draw(pools.active), 0); // the founders, the first bureau
    } else if (u < 0.04) {
      // Lapsing now: noticed in the last 90 days; past the grace period, the case waits for a session.
      const term = join(draw(pools.stopped), growing(0, S - 2));
      const lapsingSince = addDays(benchToday, -Math.min(uniform(1, 90), daysLeft(daysBetween(term.since, benchToday) > 1 ? 0 : 0) + 1e9));
      const since = lapsingSince > term.since ? lapsingSince : addDays(term.since, 1);
      const graceUntil = addDays(since, graceDays);
      const reviewSince = graceUntil < benchToday ? addDays(graceUntil, 1) : null;
      Object.assign(term, { status: 'lapsing', lapsingSince: since, graceUntil, reviewSince, version: reviewSince ? 4 : 3 });
      Object.assign(term, { warnedUntil: addDays(since, -1) >= term.since ? addDays(since, -1) : null, changed: at(reviewSince ?? since, '03:00') });
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
      if (v < 0.02 && a <= S - 2) review(term, uniform(a + 1, S - 1), 'kept');
      else if (v < 0.08) Object.assign(term, { warnedUntil: addDays(benchToday, uniform(-300, 30)), version: 2, changed: at(addDays(benchToday, -uniform(0, 30)), '03:00') });
      if (term.warnedUntil && term.warnedUntil < term.since) Object.assign(term, { warnedUntil: null, version: 1, changed: term.accepted });
    }
  }
  // Applications that did not make a member: rejected (no contribution), deferred at the last session, just submitted.
  for (let k = 0; k < Math.round(members * 0.05); k++) apply(draw(pools.never), growing(0, S - 1), ['rejected']);
  for (let k = 0; k < Math.max(1, Math.round(members * 0.004)); k++) apply(draw(pools.active), S - 1, ['deferred']);
  for (let k = 0; k < Math.max(1, Math.round(members * 0.004)); k++) {
    const day = addDays(days[S - 1]!, uniform(1, Math.max(1, daysLeft(S - 1))));
    applications.push({ n: applications.length, person: draw(pools.active), submittedAt: at(day, '10:00'), items: [] });
  }
  // A free item without decision ("points divers") once a month.
  for (let s = 0; s < S; s += 4) item(s, 'free', null, null, addMinutes(scheduled[s]!, -2 * 24 * 60), { title: 'Points divers', body: 'Local, matériel, prochains événements.' });

  // Items numbered in session order: applications first, then reviews, then free items.
  const rank = { application: 0, membership: 1, free: 2 };
  let n = 0;
  agenda.forEach((items) => {
    items.sort((a, b) => rank[a.kind] - rank[b.kind] || (a.outcome === null ? 1 : 0) - (b.outcome === null ? 1 : 0));
    items.forEach((it, position) => Object.assign(it, { n: n++, position: position + 1 }));
  });

  // The bureau: one per two years, chosen among members of at least a session's standing who stay active.
  const eligible = terms.filter((t) => t.status === 'active' && t.keptUntil === null && terms.filter((u) => u.person === t.person).length === 1);
  const bureaus: number[][] = [];
  for (let start = 0; start < S; start += sessionsPerBureau) {
    const previous = bureaus.at(-1) ?? [];
    const candidates = start === 0 ? terms.slice(0, seats.length) : eligible.filter((t) => t.accepted.session < start && !previous.includes(t.person));
    const chosen: number[] = [];
    while (chosen.length < seats.length && candidates.length) chosen.push(candidates.splice(Math.floor(next() * candidates.length), 1)[0]!.person);
    bureaus.push(seats.map((_, seat) => chosen[seat] ?? previous[seat]!));
  }
  const bureauOf = (s: number) => bureaus[Math.floor(s / sessionsPerBureau)]!;
  const presence = days.map(() => {
    const present = seats.map(() => next() < 0.85);
    for (let seat = 0; present.filter(Boolean).length < quorumRequired; seat++) present[seat] = true;
    return present;
  });
  return { scheduled, days, agenda, applications, terms, bureaus, bureauOf, presence };
}

type Plan = ReturnType<typeof planGovernance>;
type Rows<T extends keyof DB> = Iterable<Insertable<DB[T]>>;

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

/** Bureau, sessions, applications, agenda, decisions, memberships: in the order their references need. */
function* bureauRows(plan: Plan) {
  const { days, bureaus } = plan;
  const since = bureaus.map((_, k) => addDays(days[k * sessionsPerBureau]!, -4));
  let n = 0;
  for (const [k, bureau] of bureaus.entries()) {
    for (const [seat, person] of bureau.entries()) {
      // A member re-elected to the same seat keeps one office.
      if (k > 0 && bureaus[k - 1]![seat] === person) continue;
      let last = k;
      while (bureaus[last + 1]?.[seat] === person) last++;
      yield { id: id('office', n++), person_id: personId(person), office: seats[seat], since: since[k]!, until: since[last + 1] ?? null, created_at: at(since[k]!, '18:00') };
    }
  }
}

function decisionContext(plan: Plan, it: Item) {
  const bureau = plan.bureauOf(it.session);
  const present = bureau.filter((_, seat) => plan.presence[it.session]![seat]);
  const others = present.filter((p) => p !== it.person);
  return { present: present.length, decidedBy: others[0] ?? present[0]!, rapporteur: others[(it.n % others.length) + 0] ?? others[0]! };
}
const decidedAt = (plan: Plan, it: Item) => addMinutes(plan.scheduled[it.session]!, 10 + 3 * it.position);
const closedAt = (plan: Plan, s: number) => addMinutes(plan.scheduled[s]!, Math.max(120, 20 + 3 * plan.agenda[s]!.length));

function* sessionRows(plan: Plan): Rows<'bureau_sessions'> {
  for (const [s, scheduledAt] of plan.scheduled.entries()) {
    const chair = plan.bureauOf(s).find((_, seat) => plan.presence[s]![seat])!;
    yield {
      ...{ id: id('session', s), status: 'closed', scheduled_at: scheduledAt, duration_minutes: 120, location: 'Local associatif', video_url: null },
      ...{ origin: 'recurrence', recurrence_slot: scheduledAt, bureau_size: seats.length, quorum_required: quorumRequired },
      ...{ opened_by: personId(chair), opened_at: scheduledAt, closed_by: personId(chair), closed_at: closedAt(plan, s), created_by: null },
      ...{ created_at: addMinutes(scheduledAt, -21 * 24 * 60), updated_at: closedAt(plan, s), version: 3 },
    };
  }
}

function* attendanceRows(plan: Plan): Rows<'bureau_attendance'> {
  for (let s = 0; s < plan.scheduled.length; s++)
    for (const [seat, person] of plan.bureauOf(s).entries())
      yield { session_id: id('session', s), person_id: personId(person), office: seats[seat], present: plan.presence[s]![seat] ? 1 : 0 };
}

function* applicationRows(plan: Plan): Rows<'applications'> {
  for (const a of plan.applications) {
    const last = a.items.at(-1);
    const decided = last?.outcome === 'accepted' || last?.outcome === 'rejected';
    yield {
      ...{ id: id('application', a.n), person_id: personId(a.person), motivation: `Je contribue à l’association et souhaite en devenir membre (${a.n}).` },
      ...{ status: (last?.outcome ?? 'submitted') as ApplicationStatus, session_id: decided ? id('session', last.session) : null },
      ...{ rapporteur_id: last ? personId(decisionContext(plan, last).rapporteur) : null, decision_id: last ? id('decision', last.n) : null },
      ...{ submitted_at: a.submittedAt, decided_at: decided ? decidedAt(plan, last) : null, withdrawn_at: null, created_at: a.submittedAt },
      ...{ updated_at: !last ? a.submittedAt : decided ? decidedAt(plan, last) : closedAt(plan, last.session), version: 1 + 2 * a.items.length },
    };
  }
}

function* itemRows(plan: Plan): Rows<'agenda_items'> {
  for (const items of plan.agenda) {
    for (const it of items) {
      const chair = it.kind === 'free' ? personId(plan.bureauOf(it.session)[0]!) : null;
      yield {
        ...{ id: id('item', it.n), session_id: id('session', it.session), kind: it.kind, application_id: it.application ? id('application', it.application.n) : null },
        ...{ membership_id: it.kind === 'membership' ? id('membership', it.term!.n) : null, person_id: it.kind === 'free' && it.person !== null ? personId(it.person) : null },
        ...{ title: it.title ?? null, body: it.body ?? null, position: it.position, state: it.outcome ? 'decided' : 'open', carried_to: null, created_by: chair },
        ...{ created_at: it.createdAt, updated_at: it.outcome ? decidedAt(plan, it) : it.createdAt },
      };
    }
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
    // A third of decisions by consensus, without a count; a deferral never has one.
    const votes = it.outcome === 'deferred' || it.n % 3 === 0 ? null : split[it.outcome];
    yield {
      ...{ id: id('decision', it.n), session_id: id('session', it.session), agenda_item_id: id('item', it.n) },
      ...{ application_id: it.application ? id('application', it.application.n) : null, membership_id: it.kind === 'application' ? null : id('membership', it.term!.n) },
      ...{ outcome: it.outcome, votes_for: votes?.[0] ?? null, votes_against: votes?.[1] ?? null, votes_abstain: votes?.[2] ?? null },
      ...{ rationale: rationales[it.outcome] ?? null, decided_by: personId(decidedBy), decided_at: decidedAt(plan, it) },
    };
  }
}

function* membershipRows(plan: Plan): Rows<'memberships'> {
  for (const t of plan.terms) {
    const created = decidedAt(plan, t.accepted);
    yield {
      ...{ id: id('membership', t.n), person_id: personId(t.person), status: t.status, since: t.since, until: t.until, decision_id: id('decision', t.accepted.n) },
      ...{ warned_until: t.warnedUntil, lapsing_since: t.lapsingSince, grace_until: t.graceUntil, review_since: t.reviewSince, kept_until: t.keptUntil },
      ...{ ended_reason: t.status === 'lapsed' || t.status === 'resigned' || t.status === 'excluded' ? t.status : null },
      ...{ ended_decision_id: t.ended ? id('decision', t.ended.n) : null, created_at: created },
      ...{ updated_at: typeof t.changed === 'string' ? t.changed : decidedAt(plan, t.changed), version: t.version },
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

/**
 * General assemblies, closed ones spread over the sessions' years and one convened ahead. Invitees
 * are every member on the day of the convocation and every contributor (design invariant 6),
 * taken as today's (synthetic.ts's people whose digit is 0–3). Members answer, come, give
 * proxies and vote; the minutes are the application's own (renderAssemblyMinutes).
 */
async function seedAssemblies(db: Kysely<DB>, plan: Plan, sizes: GovernanceSizes, counts: Record<GovernanceTable, number>): Promise<void> {
  const next = random(47);
  const chance = (p: number) => next() < p;
  const count = sizes.assemblies;
  const first = addDays(plan.days[0]!, 30);
  const last = addDays(benchToday, -20);
  const span = Math.max(0, daysBetween(first, last));
  const counters = { invitee: 0, proxy: 0, resolution: 0, vote: 0, item: 0 };
  const assemblyRows: Insertable<DB['assemblies']>[] = [];

  for (let i = 0; i < count; i++) {
    const upcoming = i === count - 1;
    const scheduledAt = upcoming ? saturdayAfter(addDays(benchToday, 35)) : saturdayAfter(addDays(span ? first : last, Math.floor(((i + 0.5) * span) / (count - 1))));
    const convenedAt = upcoming ? at(addDays(benchToday, -3), '18:00') : addMinutes(scheduledAt, -21 * 24 * 60);
    const conveneDay = convenedAt.slice(0, 10);
    const kind: AssemblyKind = !upcoming && i % 4 === 3 ? 'extraordinary' : 'ordinary';
    const bureau = plan.bureauOf(Math.max(0, plan.days.findLastIndex((d) => d <= conveneDay)));
    const isMember = new Uint8Array(sizes.people);
    for (const t of plan.terms) if (t.since <= conveneDay && (t.until === null || t.until > conveneDay)) isMember[t.person] = 1;

    const voters: { person: number; rsvp: string | null; rsvpAt: string | null; present: boolean }[] = [];
    const presentNames: { displayName: string; capacity: 'member' | 'contributor' }[] = [];
    const invitees = function* (): Rows<'assembly_invitees'> {
      for (let p = 0; p < sizes.people; p++) {
        const member = isMember[p] === 1;
        if (!member && p % 10 >= 4) continue;
        const answered = chance(member ? 0.45 : 0.15);
        const r = next();
        const rsvp = !answered ? null : r < 0.55 ? 'yes' : r < 0.85 ? 'no' : 'maybe';
        const comes = { yes: 0.75, maybe: 0.35, no: 0 }[rsvp ?? ''] ?? (member ? 0.12 : 0.02);
        const present = !upcoming && chance(comes);
        const rsvpAt = rsvp ? addMinutes(convenedAt, Math.floor(next() * (upcoming ? 2.5 : 12) * 24 * 60)) : null;
        if (member) voters.push({ person: p, rsvp, rsvpAt, present });
        if (present) presentNames.push({ displayName: displayName(p), capacity: member ? 'member' : 'contributor' });
        const checkedInAt = present ? addMinutes(scheduledAt, Math.floor(next() * 60) - 30) : null;
        yield {
          ...{ id: id('invitee', counters.invitee++), assembly_id: id('assembly', i), person_id: personId(p), capacity: member ? 'member' : 'contributor' },
          ...{ can_vote: member ? 1 : 0, convened_at: convenedAt, reminded_at: upcoming || rsvp === 'no' ? null : addMinutes(scheduledAt, -7 * 24 * 60) },
          ...{ rsvp, rsvp_at: rsvpAt, checked_in_at: checkedInAt, checked_in_by: present ? personId(chance(0.5) ? p : bureau[1]!) : null },
        };
      }
    };
    await insertRows(db, 'assembly_invitees', invitees(), counts);

    // Proxies (ASSEMBLY_MAX_PROXIES each): from voters who will not come, to voters who come (or said they would).
    const holders = voters.filter((v) => (upcoming ? v.rsvp === 'yes' : v.present));
    const holds = new Map<number, number>();
    const proxies: { giver: number; holder: number; at: string }[] = [];
    let h = 0;
    for (const v of voters) {
      if (v.present || v.rsvp === 'yes' || !chance(v.rsvp === 'no' ? 0.4 : 0.03) || holders.length === 0) continue;
      for (let tries = 0; tries < holders.length && (holds.get(holders[h % holders.length]!.person) ?? 0) >= maxProxies; tries++) h++;
      const holder = holders[h++ % holders.length]!.person;
      if ((holds.get(holder) ?? 0) >= maxProxies) break;
      holds.set(holder, (holds.get(holder) ?? 0) + 1);
      proxies.push({ giver: v.person, holder, at: v.rsvpAt ?? addMinutes(convenedAt, 24 * 60) });
    }
    await insertRows(
      db,
      'assembly_proxies',
      proxies.map((p) => ({ id: id('proxy', counters.proxy++), assembly_id: id('assembly', i), giver_id: personId(p.giver), holder_id: personId(p.holder), created_at: p.at })),
      counts,
    );

    const { items, resolutions: proposed } = agendaOf[kind];
    const agenda = items.map((title, k) => ({ id: id('assemblyItem', counters.item++), assembly_id: id('assembly', i), position: k + 1, title, body: null }));
    await insertRows(db, 'assembly_items', agenda, counts);

    // Votes: present voters, and the absent ones through the holder of their proxy.
    const taking = [...voters.filter((v) => v.present).map((v) => ({ voter: v.person, castBy: v.person })), ...proxies.map((p) => ({ voter: p.giver, castBy: p.holder }))];
    const resolutions: Resolution[] = [];
    const votes: Insertable<DB['assembly_votes']>[] = [];
    for (const [k, [title, majority, method]] of proposed.entries()) {
      const n = counters.resolution++;
      const closedAt = addMinutes(scheduledAt, 80 + 25 * k);
      let tally = { for: 0, against: 0, abstain: 0 };
      if (!upcoming && method === 'individual') {
        for (const [j, t] of taking.entries()) {
          const r = next();
          const choice = r < (majority === 'simple' ? 0.78 : 0.7) ? 'for' : r < 0.9 ? 'against' : 'abstain';
          tally[choice]++;
          const castAt = new Date(Date.parse(closedAt) - (taking.length - j) * 1000).toISOString();
          votes.push({ id: id('vote', counters.vote++), resolution_id: id('resolution', n), voter_id: personId(t.voter), cast_by: personId(t.castBy), choice, cast_at: castAt });
        }
      } else if (!upcoming) {
        const hands = Math.floor(taking.length * 0.85);
        const against = Math.floor(taking.length * 0.05);
        tally = { for: hands, against, abstain: taking.length - hands - against };
      }
      resolutions.push({
        ...{ id: id('resolution', n), position: k + 1, title, text: `${title} : texte soumis au vote.`, majority, status: upcoming ? 'proposed' : 'closed' },
        ...{ method: upcoming ? null : method, votes: upcoming ? null : tally, result: upcoming ? null : tallyResolution({ majority, ...tally }) },
        closedAt: upcoming ? null : closedAt,
      });
    }
    await insertRows(db, 'assembly_votes', votes, counts);
    await insertRows(
      db,
      'assembly_resolutions',
      resolutions.map((r) => ({
        ...{ id: r.id, assembly_id: id('assembly', i), position: r.position, title: r.title, text: r.text, majority: r.majority, status: r.status, method: r.method },
        ...{ votes_for: r.votes?.for ?? null, votes_against: r.votes?.against ?? null, votes_abstain: r.votes?.abstain ?? null, result: r.result },
        ...{ closed_at: r.closedAt, version: upcoming ? 1 : 4 },
      })),
      counts,
    );

    const title = `Assemblée générale ${kind === 'ordinary' ? 'ordinaire' : 'extraordinaire'} du ${scheduledAt.slice(0, 10)}`;
    const assembly = {
      ...{ id: id('assembly', i), kind, title, scheduledAt, durationMinutes: 180, location: 'Salle des fêtes', videoUrl: 'https://visio.bench.example/ag' },
      ...{ status: upcoming ? ('convened' as const) : ('closed' as const), convenedAt, forcedReason: null, version: upcoming ? 2 : 4 },
      ...{ openedAt: upcoming ? null : scheduledAt, closedAt: upcoming ? null : addMinutes(scheduledAt, 180) },
    };
    const represented = proxies.filter((p) => voters.some((v) => v.present && v.person === p.holder));
    const minutes = upcoming
      ? null
      : renderAssemblyMinutes({
          association,
          assembly: { ...assembly, agenda: agenda.map((a) => ({ id: a.id, position: a.position, title: a.title, body: a.body })) },
          attendance: {
            present: presentNames,
            represented: represented.map((p) => ({ giver: displayName(p.giver), holder: displayName(p.holder) })),
            absent: counters.invitee - counts.assembly_invitees + (counts.assembly_invitees - presentNames.length) - counters.invitee + counts.assembly_invitees,
            voters: voters.length,
          },
          quorum: computeAssemblyQuorum({ voters: voters.length, present: voters.filter((v) => v.present).length, represented: represented.length, rule: assemblyQuorum }),
          resolutions,
          locale: 'fr',
          timeZone,
        });
    assemblyRows.push({
      ...{ id: assembly.id, kind, title, scheduled_at: scheduledAt, duration_minutes: 180, location: assembly.location, video_url: assembly.videoUrl },
      ...{ status: assembly.status, convened_at: convenedAt, forced_reason: null, opened_at: assembly.openedAt, closed_at: assembly.closedAt, minutes },
      ...{ created_at: addMinutes(convenedAt, -14 * 24 * 60), updated_at: assembly.closedAt ?? convenedAt, version: assembly.version },
    });
  }
  await insertRows(db, 'assemblies', assemblyRows, counts);
}

/**
 * Writes the association's governance, in one transaction, after the people (peopleChunks) and
 * before or after the contributions: nothing here reads them. Deterministic for given sizes.
 */
export async function seedGovernance(database: Database, sizes: GovernanceSizes): Promise<GovernanceFigures> {
  const plan = planGovernance(sizes);
  const rows = Object.fromEntries(governanceTables.map((t) => [t, 0])) as Record<GovernanceTable, number>;
  const president = personId(plan.bureaus[0]![0]!);
  await database.transaction(async (trx) => {
    await insertRows(trx, 'bureau_offices', bureauRows(plan), rows);
    const recurrence = { id: 'bureau', rrule: sessionRule.rrule, timezone: timeZone, anchor: null, location: 'Local associatif', video_url: null };
    const updated = { duration_minutes: 120, sessions_ahead: 3, updated_by: president, updated_at: at(addDays(plan.days[0]!, -30), '18:00') };
    await insertRows(trx, 'bureau_recurrence', [{ ...recurrence, ...updated }], rows);
    await insertRows(trx, 'bureau_sessions', sessionRows(plan), rows);
    await insertRows(trx, 'bureau_attendance', attendanceRows(plan), rows);
    await insertRows(trx, 'applications', applicationRows(plan), rows);
    await insertRows(trx, 'agenda_items', itemRows(plan), rows);
    await insertRows(trx, 'decisions', decisionRows(plan), rows);
    await insertRows(trx, 'memberships', membershipRows(plan), rows);
    await seedAssemblies(trx, plan, sizes, rows);
  });

  const tally = <K extends string>(keys: K[]) => keys.reduce<Partial<Record<K, number>>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});
  const membershipsByStatus = { active: 0, lapsing: 0, lapsed: 0, resigned: 0, excluded: 0, ...tally(plan.terms.map((t) => t.status)) };
  const byPerson = tally(plan.terms.map((t) => String(t.person)));
  return {
    rows,
    membershipsByStatus,
    applicationsByStatus: tally(plan.applications.map((a) => (a.items.at(-1)?.outcome ?? 'submitted') as ApplicationStatus)),
    decisionsByOutcome: tally(plan.agenda.flatMap((items) => items.flatMap((it) => (it.outcome ? [it.outcome] : [])))),
    currentMembers: membershipsByStatus.active + membershipsByStatus.lapsing,
    secondTerms: Object.values(byPerson).filter((k) => k === 2).length,
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
