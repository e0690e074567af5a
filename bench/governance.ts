import type { Kysely } from 'kysely';
import type { Database } from '../src/platform/db.js';
import type { ApplicationStatus, DB, DecisionOutcome } from '../src/platform/schema.js';
import { addDays, addMinutes } from '../src/platform/time.js';
import {
  type GovernanceFigures,
  type GovernanceSizes,
  type GovernanceTable,
  type Item,
  type Plan,
  type Rows,
  at,
  day,
  governanceTables,
  id,
  insertRows,
  planGovernance,
  quorumRequired,
  seats,
  sessionRule,
  sessionsPerBureau,
  timeZone,
} from './governance-plan.js';
import { seedAssemblies } from './governance-assemblies.js';
import { personId } from './synthetic.js';

/**
 * The governance of the synthetic association (bench/synthetic.ts): a bureau meeting every week,
 * the applications it decided, members with their history, and general assemblies. Every date
 * follows from a decision as the application would have written it (a membership starts on the
 * day of the session that accepted it, ends on the day of the one that confirmed its lapse or
 * pronounced an exclusion), so that the pages measured read data shaped like a real association's.
 * Deterministic for given sizes; the plan (a few objects per member) is held in memory, the rows
 * are written a statement at a time.
 */

export { governanceTables, type GovernanceFigures, type GovernanceSizes, type GovernanceTable } from './governance-plan.js';

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
