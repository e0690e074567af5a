/**
 * `npx tsx bench/governance.check.ts [postgres://…]`: seeds a small association's governance on a
 * fresh database (SQLite in memory, or a fresh schema of that PostgreSQL database, dropped at the
 * end) and checks the rows against the figures and the invariants the application keeps. Exits 1
 * on the first broken one. Not a vitest test: vitest runs src/** and test/** only.
 */
import { randomBytes } from 'node:crypto';
import { createSchema, dropSchema, openDatabase, type Database } from '../src/platform/db.js';
import { migrate } from '../src/platform/migrations.js';
import { dateInZone } from '../src/platform/time.js';
import { countGovernanceRows, seedGovernance, type GovernanceSizes } from './governance.js';
import { benchToday, peopleChunks } from './synthetic.js';

const sizes: GovernanceSizes = { people: 2000, members: 200, sessions: 10, assemblies: 2 };
const url = process.argv[2] ?? 'sqlite::memory:';
const schema = url.startsWith('postgres') ? `governance_check_${randomBytes(4).toString('hex')}` : undefined;

const failures: string[] = [];
function expect(what: string, ok: boolean, detail: unknown = '') {
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok ? '' : `: ${JSON.stringify(detail)}`}\n`);
  if (!ok) failures.push(what);
}

async function check(database: Database) {
  await migrate(database);
  await database.transaction(async (trx) => {
    for (const rows of peopleChunks(sizes.people, 1000)) await trx.insertInto('people').values(rows).execute();
  });
  const started = performance.now();
  const figures = await seedGovernance(database, sizes);
  process.stdout.write(`seeded in ${Math.round(performance.now() - started)} ms: ${JSON.stringify(figures)}\n`);
  const db = database.db;

  const counted = await countGovernanceRows(db);
  expect('every table counts what the figures say', JSON.stringify(counted) === JSON.stringify(figures.rows), { counted, figures: figures.rows });
  expect(
    'sessions, assemblies and the recurrence as asked',
    counted.bureau_sessions === sizes.sessions && counted.assemblies === sizes.assemblies && counted.bureau_recurrence === 1,
  );
  const people = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.count<number>('person_id').distinct().as('n'))
    .executeTakeFirstOrThrow();
  expect(`${sizes.members} people are or were members`, Number(people.n) === sizes.members, people);
  const statuses = await db
    .selectFrom('memberships')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  expect('every membership status occurs', statuses.length === 5 && statuses.every((s) => Number(s.n) > 0), statuses);
  const byStatus = Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)]));
  const sameStatuses = Object.entries(figures.membershipsByStatus).every(([status, n]) => byStatus[status] === n);
  expect('memberships by status as the figures say', sameStatuses, { byStatus, figures: figures.membershipsByStatus });
  expect('most memberships are active', (byStatus.active ?? 0) > counted.memberships * 0.6, byStatus);

  const twoCurrent = await db
    .selectFrom('memberships')
    .select(['person_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['active', 'lapsing'])
    .groupBy('person_id')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  expect('one current membership per person at most', twoCurrent.length === 0, twoCurrent);
  const twoTerms = await db
    .selectFrom('memberships')
    .select('person_id')
    .groupBy('person_id')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  expect('some people had two terms', twoTerms.length > 0 && twoTerms.length === figures.secondTerms, {
    twoTerms: twoTerms.length,
    figures: figures.secondTerms,
  });

  const accepted = await db
    .selectFrom('applications')
    .leftJoin('decisions', 'decisions.id', 'applications.decision_id')
    .select(['applications.id', 'decisions.outcome', 'decisions.application_id', 'applications.session_id', 'decisions.session_id as decidedIn'])
    .where('applications.status', '=', 'accepted')
    .execute();
  const undecided = accepted.filter((a) => a.outcome !== 'accepted' || a.application_id !== a.id || a.session_id !== a.decidedIn);
  expect(
    'every accepted application has its acceptance decision, in its session',
    accepted.length === counted.memberships && undecided.length === 0,
    undecided.slice(0, 3),
  );
  const rejected = await db.selectFrom('applications').select('status').where('status', 'in', ['rejected', 'deferred', 'submitted']).execute();
  expect('rejected, deferred and submitted applications too', new Set(rejected.map((r) => r.status)).size === 3);

  const members = await db
    .selectFrom('memberships')
    .innerJoin('decisions', 'decisions.id', 'memberships.decision_id')
    .innerJoin('bureau_sessions', 'bureau_sessions.id', 'decisions.session_id')
    .innerJoin('applications', 'applications.id', 'decisions.application_id')
    .select(['memberships.id', 'memberships.status', 'memberships.since', 'memberships.until', 'memberships.person_id', 'applications.person_id as applicant'])
    .select(['bureau_sessions.scheduled_at as scheduledAt', 'memberships.ended_reason as endedReason', 'memberships.ended_decision_id as endedBy'])
    .execute();
  expect('every membership comes from a decision', members.length === counted.memberships);
  const wrongSince = members.filter((m) => m.status === 'active' && m.since !== dateInZone(m.scheduledAt, 'Europe/Paris'));
  expect("every active membership's since is its decision's session day", wrongSince.length === 0, wrongSince.slice(0, 3));
  const wrongPerson = members.filter((m) => m.person_id !== m.applicant);
  expect('every membership belongs to its applicant', wrongPerson.length === 0, wrongPerson.slice(0, 3));
  const badDates = members.filter((m) => (m.until !== null && m.until < m.since) || m.since > benchToday || (m.until === null) !== (m.endedReason === null));
  expect('ended memberships end after they start, and say why', badDates.length === 0, badDates.slice(0, 3));

  const endings = await db
    .selectFrom('memberships')
    .innerJoin('decisions', 'decisions.id', 'memberships.ended_decision_id')
    .innerJoin('bureau_sessions', 'bureau_sessions.id', 'decisions.session_id')
    .select(['memberships.until', 'memberships.status', 'decisions.outcome', 'decisions.membership_id', 'memberships.id', 'bureau_sessions.scheduled_at as at'])
    .execute();
  const wrongEnd = endings.filter(
    (e) => e.membership_id !== e.id || e.until !== dateInZone(e.at, 'Europe/Paris') || (e.outcome === 'excluded') !== (e.status === 'excluded'),
  );
  expect('a lapse or an exclusion ends on the day of the session that decided it', endings.length > 0 && wrongEnd.length === 0, wrongEnd.slice(0, 3));

  const quorumless = await db
    .selectFrom('bureau_sessions')
    .select(['id', 'quorum_required'])
    .select((eb) =>
      eb
        .selectFrom('bureau_attendance')
        .select((e) => e.fn.sum<number>('present').as('n'))
        .whereRef('bureau_attendance.session_id', '=', 'bureau_sessions.id')
        .as('present'),
    )
    .execute();
  expect(
    'every session reached its quorum',
    quorumless.every((s) => Number(s.present) >= Number(s.quorum_required)),
    quorumless.slice(0, 3),
  );
  const selfDecided = await db
    .selectFrom('decisions')
    .leftJoin('applications', 'applications.id', 'decisions.application_id')
    .leftJoin('memberships', 'memberships.id', 'decisions.membership_id')
    .select('decisions.id')
    .where((eb) => eb.or([eb('decisions.decided_by', '=', eb.ref('applications.person_id')), eb('decisions.decided_by', '=', eb.ref('memberships.person_id'))]))
    .execute();
  expect('nobody decides on their own application or membership', selfDecided.length === 0, selfDecided);
  const absentDeciders = await db
    .selectFrom('decisions')
    .leftJoin('bureau_attendance', (j) =>
      j.onRef('bureau_attendance.session_id', '=', 'decisions.session_id').onRef('bureau_attendance.person_id', '=', 'decisions.decided_by'),
    )
    .select(['decisions.id', 'bureau_attendance.present'])
    .execute();
  expect(
    'decisions are recorded by a bureau member present',
    absentDeciders.every((d) => Number(d.present) === 1),
    absentDeciders.filter((d) => Number(d.present) !== 1).slice(0, 3),
  );

  const assemblies = await db.selectFrom('assemblies').select(['id', 'status', 'scheduled_at', 'minutes']).orderBy('scheduled_at').execute();
  expect(
    'closed assemblies in the past with minutes, one convened ahead',
    assemblies.at(-1)?.status === 'convened' &&
      assemblies.at(-1)!.scheduled_at > benchToday &&
      assemblies.slice(0, -1).every((a) => a.status === 'closed' && a.scheduled_at < benchToday && a.minutes?.includes('Quorum')),
    assemblies.map((a) => [a.status, a.scheduled_at]),
  );
  const invitees = await db
    .selectFrom('assembly_invitees')
    .select(['assembly_id', 'capacity', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('checked_in_at').as('present')])
    .groupBy(['assembly_id', 'capacity'])
    .execute();
  expect('assemblies invite members and contributors', invitees.filter((i) => Number(i.n) > 0).length === 2 * sizes.assemblies, invitees);
  const uninvited = await db
    .selectFrom('memberships')
    .leftJoin('assembly_invitees', (j) =>
      j.onRef('assembly_invitees.person_id', '=', 'memberships.person_id').on('assembly_invitees.assembly_id', '=', assemblies.at(-1)!.id),
    )
    .select(['memberships.person_id', 'assembly_invitees.capacity'])
    .where('memberships.status', 'in', ['active', 'lapsing'])
    .where((eb) => eb.or([eb('assembly_invitees.capacity', 'is', null), eb('assembly_invitees.capacity', '!=', 'member')]))
    .execute();
  expect('the convened assembly invites every current member, as a member', uninvited.length === 0, uninvited.slice(0, 3));
  const strayVotes = await db
    .selectFrom('assembly_votes')
    .innerJoin('assembly_resolutions', 'assembly_resolutions.id', 'assembly_votes.resolution_id')
    .leftJoin('assembly_invitees', (j) =>
      j.onRef('assembly_invitees.assembly_id', '=', 'assembly_resolutions.assembly_id').onRef('assembly_invitees.person_id', '=', 'assembly_votes.voter_id'),
    )
    .leftJoin('assembly_proxies', (j) =>
      j.onRef('assembly_proxies.assembly_id', '=', 'assembly_resolutions.assembly_id').onRef('assembly_proxies.giver_id', '=', 'assembly_votes.voter_id'),
    )
    .select(['assembly_votes.id', 'assembly_invitees.can_vote', 'assembly_invitees.checked_in_at', 'assembly_proxies.holder_id', 'assembly_votes.cast_by'])
    .execute();
  const wrongVoters = strayVotes.filter((v) => Number(v.can_vote) !== 1 || (v.checked_in_at === null && v.holder_id !== v.cast_by));
  expect('votes come from voters present or represented', strayVotes.length > 0 && wrongVoters.length === 0, wrongVoters.slice(0, 3));
  const tallies = await db
    .selectFrom('assembly_resolutions')
    .select(['id', 'method', 'votes_for', 'votes_against', 'votes_abstain'])
    .select((eb) =>
      eb.selectFrom('assembly_votes').select(eb.fn.countAll<number>().as('n')).whereRef('resolution_id', '=', 'assembly_resolutions.id').as('cast'),
    )
    .where('method', '=', 'individual')
    .execute();
  const wrongTally = tallies.filter((t) => Number(t.votes_for) + Number(t.votes_against) + Number(t.votes_abstain) !== Number(t.cast));
  expect('individual resolutions count the votes cast', tallies.length > 0 && wrongTally.length === 0, wrongTally);
  const proxiesHeld = await db
    .selectFrom('assembly_proxies')
    .select(['assembly_id', 'holder_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['assembly_id', 'holder_id'])
    .having((eb) => eb.fn.countAll(), '>', 2)
    .execute();
  expect('nobody holds more than two proxies', counted.assembly_proxies > 0 && proxiesHeld.length === 0, proxiesHeld);

  return membershipDigest(database);
}

async function membershipDigest(database: Database): Promise<string> {
  const rows = await database.db.selectFrom('memberships').select(['id', 'person_id', 'status', 'since', 'until', 'decision_id']).orderBy('id').execute();
  return JSON.stringify(rows);
}

async function main() {
  if (schema) await createSchema(url, schema);
  const database = openDatabase(url, schema ? { schema } : {});
  try {
    const rows = await check(database);
    // Deterministic, and the same on both databases: SQLite again from scratch gives the same memberships.
    const again = openDatabase('sqlite::memory:');
    try {
      await migrate(again);
      await again.transaction(async (trx) => {
        for (const chunk of peopleChunks(sizes.people, 1000)) await trx.insertInto('people').values(chunk).execute();
      });
      await seedGovernance(again, sizes);
      expect('the same sizes give the same rows', rows === (await membershipDigest(again)));
    } finally {
      await again.close();
    }
  } finally {
    await database.close();
    if (schema) await dropSchema(url, schema);
  }
  if (failures.length) {
    process.stdout.write(`${failures.length} check(s) failed\n`);
    process.exit(1);
  }
  process.stdout.write('all checks passed\n');
}

await main();
