import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dialectUnderTest, freshDatabase } from '../../../test/harness.js';
import type { Database } from '../../platform/db.js';
import { addDays } from '../../platform/time.js';
import * as standingsMigration from '../../../migrations/2026-12-15-activity-standings.js';
import { refreshStandings } from './activity-standings.js';
import { assessEveryone, assessFromSummary, assessPeople } from './assessment.js';
import { createContributionsRepository, type ActivitySummary, type ContributionRow } from './repository.js';
import {
  activityPolicyKey,
  assessActivity,
  defaultActivityPolicy,
  standingFacts,
  standingFromFacts,
  type ActivityAssessment,
  type ActivityPolicy,
  type ActivityStanding,
  type ContributionFact,
  type ContributionStatus,
  type RoleFact,
  type StandingFacts,
} from './rules.js';

/** The part of assessActivity's answer the full assessment gives. */
const standingOf = (a: ActivityAssessment): ActivityStanding => ({
  active: a.active,
  lastContributionOn: a.lastContributionOn,
  activeUntil: a.activeUntil,
  inactiveSince: a.inactiveSince,
});

/** The summary the set-based query must return, read off the definitions in repository.ts. */
function summaryOf(policy: ActivityPolicy, personId: string, contributions: ContributionFact[], today: string): ActivitySummary {
  const windowStart = addDays(today, -policy.windowDays);
  const kindCounts = (kind: string) => policy.kinds.length === 0 || policy.kinds.includes(kind);
  const counted = contributions
    .filter((c) => c.occurredOn <= today && kindCounts(c.kind) && (c.status === 'confirmed' || (policy.countDeclared && c.status === 'declared')))
    .map((c) => c.occurredOn)
    .sort();
  const inWindow = counted.filter((d) => d >= windowStart);
  const fullWindowStarts = counted.filter(
    (d) => d < windowStart && counted.filter((e) => e >= d && e <= addDays(d, policy.windowDays)).length >= policy.minContributions,
  );
  return {
    personId,
    lastContributionOn: counted.at(-1) ?? null,
    contributionsInWindow: inWindow.length,
    nthInWindow: inWindow.at(-policy.minContributions) ?? null,
    awaiting: policy.countDeclared
      ? 0
      : contributions.filter((c) => c.status === 'declared' && c.occurredOn >= windowStart && c.occurredOn <= today && kindCounts(c.kind)).length,
    lastFullWindowStart: fullWindowStarts.at(-1) ?? null,
  };
}

const origin = '2026-01-01';
const kinds = ['moderation', 'development', 'donation'];
const policyArb: fc.Arbitrary<ActivityPolicy> = fc.record({
  windowDays: fc.integer({ min: 1, max: 40 }),
  minContributions: fc.integer({ min: 1, max: 4 }),
  countDeclared: fc.boolean(),
  kinds: fc.subarray(kinds),
  teamRoleCounts: fc.boolean(),
});
const contributionArb: fc.Arbitrary<ContributionFact> = fc.record({
  occurredOn: fc.integer({ min: 0, max: 200 }).map((d) => addDays(origin, d)),
  status: fc.constantFrom<ContributionStatus>('declared', 'confirmed', 'rejected'),
  kind: fc.constantFrom(...kinds),
});
const roleArb: fc.Arbitrary<RoleFact> = fc
  .tuple(fc.constantFrom('technique', 'communaute'), fc.integer({ min: 0, max: 150 }), fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }))
  .map(([team, since, length]) => ({ team, since: addDays(origin, since), until: length === null ? null : addDays(origin, since + length) }));

describe('assessFromSummary', () => {
  it('property: says what assessActivity says, from the summary alone', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.array(contributionArb, { maxLength: 14 }),
        fc.array(roleArb, { maxLength: 3 }),
        fc.integer({ min: 0, max: 160 }),
        (policy, contributions, roles, t) => {
          const today = addDays(origin, t);
          const summary = summaryOf(policy, 'p', contributions, today);
          expect(assessFromSummary(policy, summary, roles, today)).toEqual(assessActivity(policy, contributions, roles, today));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('standingFromFacts', () => {
  it('property: on any day from the last write on, the stored facts say what assessActivity says', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.array(contributionArb, { maxLength: 14 }),
        fc.array(roleArb, { maxLength: 3 }),
        // The last write was on or after every contribution's date (none is recorded in the future), and today is on or after it.
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 120 }),
        (policy, contributions, roles, writtenAfter, later) => {
          const lastWrite = addDays(
            contributions
              .map((c) => c.occurredOn)
              .sort()
              .at(-1) ?? origin,
            writtenAfter,
          );
          const today = addDays(lastWrite, later);
          const facts = standingFacts(policy, contributions);
          expect(standingFromFacts(policy, facts, roles, today)).toEqual(standingOf(assessActivity(policy, contributions, roles, today)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

/** A deterministic pseudo-random source, so that a failure replays. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe(`assessEveryone (${dialectUnderTest})`, () => {
  let database: Database;
  let drop: () => Promise<void>;
  const people: string[] = [];
  const today = '2026-06-30';
  const stamp = `${today}T12:00:00.000Z`;

  beforeAll(async () => {
    ({ database, drop } = await freshDatabase());
    const db = database.db;
    const next = random(20261128);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
    const teamIds = ['t-technique', 't-communaute'];
    await db
      .insertInto('teams')
      .values(
        teamIds.map((id, i) => ({
          id,
          slug: id.slice(2),
          name_fr: id,
          name_en: id,
          mission_fr: '',
          mission_en: '',
          responsibilities_fr: '',
          responsibilities_en: '',
          position: i,
          created_at: stamp,
          updated_at: stamp,
          version: 1,
        })),
      )
      .execute();
    for (let i = 0; i < 80; i++) {
      const id = `p-${String(i).padStart(3, '0')}`;
      people.push(id);
      await db
        .insertInto('people')
        .values({
          id,
          display_name: id,
          email: `${id}@example.org`,
          email_normalized: `${id}@example.org`,
          pseudonym: null,
          pronouns: null,
          locale: 'fr',
          matrix_id: null,
          xmpp_jid: null,
          public_consent: 0,
          search_key: id,
          sort_key: id,
          created_at: stamp,
          updated_at: stamp,
          version: 1,
        })
        .execute();
    }
    // Some people have nothing, some a few, some many; dates over 400 days, some on the same day,
    // a few after `today`; every status and kind.
    const rows: ContributionRow[] = [];
    for (const [i, personId] of people.entries()) {
      const count = i % 7 === 0 ? 0 : Math.floor(next() * next() * 40);
      for (let k = 0; k < count; k++) {
        const status = pick<ContributionStatus>(['confirmed', 'confirmed', 'confirmed', 'declared', 'rejected']);
        rows.push({
          id: `c-${rows.length}`,
          person_id: personId,
          team_id: next() < 0.5 ? pick(teamIds) : null,
          kind: pick(kinds),
          occurred_on: addDays(today, 10 - Math.floor(next() * 410)),
          summary: 'x',
          evidence_url: null,
          amount_cents: null,
          source: 'test',
          external_id: `e-${rows.length}`,
          status,
          recorded_by: null,
          reviewed_by: null,
          reviewed_at: null,
          rejection_reason: status === 'rejected' ? 'no' : null,
          created_at: stamp,
          updated_at: stamp,
          version: 1,
        });
      }
    }
    await database.transaction((trx) => createContributionsRepository(trx).insertMany(rows));
    for (const [i, personId] of people.entries()) {
      if (i % 5 !== 1) continue;
      const since = addDays(today, -Math.floor(next() * 300));
      const until = next() < 0.5 ? null : addDays(since, Math.floor(next() * 200));
      await db
        .insertInto('team_roles')
        .values({ id: `r-${i}`, team_id: pick(teamIds), person_id: personId, role: 'member', since, until, created_at: stamp })
        .execute();
    }
  });
  afterAll(async () => {
    await drop?.();
  });

  const policies: [string, ActivityPolicy][] = [
    ['the default policy', defaultActivityPolicy],
    ['a 30-day window, 2 contributions', { ...defaultActivityPolicy, windowDays: 30, minContributions: 2 }],
    ['3 contributions in 90 days, declared ones counting', { ...defaultActivityPolicy, windowDays: 90, minContributions: 3, countDeclared: true }],
    ['development only, roles not counting', { ...defaultActivityPolicy, windowDays: 60, kinds: ['development'], teamRoleCounts: false }],
    ['5 contributions in 120 days, two kinds', { ...defaultActivityPolicy, windowDays: 120, minContributions: 5, kinds: ['moderation', 'donation'] }],
  ];

  /** Everyone's standing on `on` from the stored rows, against assessActivity on each person's every contribution. */
  async function expectStandingsAgree(policy: ActivityPolicy, on: string): Promise<number> {
    const repo = createContributionsRepository(database.db);
    const everyone = await assessEveryone(database.db, policy, on);
    expect([...everyone.keys()].sort()).toEqual(people);
    let active = 0;
    for (const personId of people) {
      const facts = await repo.activityFacts(personId);
      const expected = assessActivity(policy, facts.contributions, facts.roles, on);
      expect({ personId, ...everyone.get(personId) }).toEqual({ personId, ...standingOf(expected) });
      if (expected.active) active++;
    }
    return active;
  }

  it.each(policies)('the stored standings agree with assessActivity person by person, before and after the data: %s', async (_label, policy) => {
    // Before `today`, some contributions lie in the future of the day asked: those people are read live.
    for (const on of [today, addDays(today, -45), addDays(today, -200), addDays(today, 11), addDays(today, 100), addDays(today, 400)]) {
      const active = await expectStandingsAgree(policy, on);
      if (on <= today) {
        expect(active).toBeGreaterThan(0);
        expect(active).toBeLessThan(people.length);
      }
    }
  });

  it.each(policies)("agrees with assessActivity person by person (a page's people, read live): %s", async (_label, policy) => {
    const repo = createContributionsRepository(database.db);
    for (const on of [today, addDays(today, -45), addDays(today, -200)]) {
      const everyone = await assessPeople(database.db, policy, on, people);
      expect([...everyone.keys()].sort()).toEqual(people);
      let active = 0;
      for (const personId of people) {
        const facts = await repo.activityFacts(personId);
        const expected = assessActivity(policy, facts.contributions, facts.roles, on);
        expect({ personId, ...everyone.get(personId) }).toEqual({ personId, ...expected });
        if (expected.active) active++;
      }
      // A fixture where everyone or nobody is active would prove little.
      expect(active).toBeGreaterThan(0);
      expect(active).toBeLessThan(people.length);
    }
  });

  it('insertMany writes every row exactly as given, and existingExternalIds finds them', async () => {
    const awkward = ['a "quoted", {braced} summary', 'back\\slash \\" and NULL', 'é, ü, 🦊 and a\nnew line', '', 'NULL', '{}', ' padded '];
    const rows: ContributionRow[] = Array.from({ length: 1234 }, (_, i) => ({
      id: `x-${String(i).padStart(5, '0')}`,
      person_id: people[(i * 7) % people.length],
      team_id: i % 3 === 0 ? 't-technique' : null,
      kind: i % 2 === 0 ? 'donation' : 'moderation',
      occurred_on: addDays(today, -(i % 500)),
      summary: awkward[i % awkward.length],
      evidence_url: i % 4 === 0 ? `https://example.org/${i}?a=1&b="2"` : null,
      amount_cents: i % 2 === 0 ? i * 100 : null,
      source: 'roundtrip',
      external_id: i % 10 === 0 ? null : `rt-${i}`,
      status: (['confirmed', 'declared', 'rejected'] as const)[i % 3],
      recorded_by: i % 5 === 0 ? people[0] : null,
      reviewed_by: null,
      reviewed_at: i % 5 === 0 ? stamp : null,
      rejection_reason: i % 3 === 2 ? awkward[(i + 1) % awkward.length] : null,
      created_at: stamp,
      updated_at: stamp,
      version: 1 + (i % 3),
    }));
    const shuffled = [...rows].reverse();
    await database.transaction((trx) => createContributionsRepository(trx).insertMany(shuffled));
    const stored = await database.db.selectFrom('contributions').selectAll().where('source', '=', 'roundtrip').orderBy('id').execute();
    expect(stored.map((r) => ({ ...r, amount_cents: r.amount_cents === null ? null : Number(r.amount_cents), version: Number(r.version) }))).toEqual(rows);

    const asked = ['rt-1', 'rt-2', 'rt-10', 'rt-1233', 'rt-99999', 'rt-"1"'];
    expect([...(await createContributionsRepository(database.db).existingExternalIds('roundtrip', asked))].sort()).toEqual(['rt-1', 'rt-1233', 'rt-2']);
    expect(await createContributionsRepository(database.db).existingExternalIds('test', asked)).toEqual(new Set());
    await database.db.deleteFrom('contributions').where('source', '=', 'roundtrip').execute();
    // Nothing in the application deletes a contribution; the test does, and puts the standings back.
    await refreshStandings(database.db, people);
  });

  /** The stored rows, read as they are (no rebuild), by person. */
  async function storedFacts(db = database.db): Promise<Map<string, StandingFacts>> {
    const rows = await db.selectFrom('activity_standings').selectAll().execute();
    return new Map(rows.map((r) => [r.person_id, { lastOn: r.last_on, nthOn: r.nth_on, fullWindowStart: r.full_window_start }]));
  }
  /** What the rows must hold under `policy`: standingFacts of each person's every contribution. */
  async function definedFacts(policy: ActivityPolicy, db = database.db): Promise<Map<string, StandingFacts>> {
    const repo = createContributionsRepository(db);
    const expected = new Map<string, StandingFacts>();
    for (const personId of people) {
      const facts = standingFacts(policy, (await repo.activityFacts(personId)).contributions);
      if (facts) expected.set(personId, facts);
    }
    return expected;
  }
  const row = (personId: string, day: string, status: ContributionStatus, kind: string, n: number): ContributionRow => ({
    id: `w-${n}`,
    person_id: personId,
    team_id: null,
    kind,
    occurred_on: day,
    summary: 'x',
    evidence_url: null,
    amount_cents: null,
    source: 'writes',
    external_id: `w-${n}`,
    status,
    recorded_by: null,
    reviewed_by: null,
    reviewed_at: null,
    rejection_reason: null,
    created_at: stamp,
    updated_at: stamp,
    version: 1,
  });

  it('the migration fills the standings of existing contributions under the default policy', async () => {
    const db = database.db;
    await db.schema.dropTable('activity_standings').execute();
    await db.schema.dropTable('activity_standing_policy').execute();
    await standingsMigration.up(db, database.dialect);
    expect(await db.selectFrom('activity_standing_policy').select('policy').execute()).toEqual([{ policy: activityPolicyKey(defaultActivityPolicy) }]);
    const expected = await definedFacts(defaultActivityPolicy);
    expect(expected.size).toBeGreaterThan(10);
    expect(await storedFacts()).toEqual(expected);
  });

  it('every write keeps the stored standings exact, and on any later day they say what assessActivity says', async () => {
    const policy: ActivityPolicy = { windowDays: 30, minContributions: 2, countDeclared: false, kinds: ['moderation', 'development'], teamRoleCounts: true };
    await assessEveryone(database.db, policy, today); // records the policy the rows follow
    const repo = createContributionsRepository(database.db);
    const next = random(20261215);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
    const statuses: ContributionStatus[] = ['confirmed', 'declared', 'rejected'];
    let day = addDays(today, 10);
    let n = 0;
    for (let w = 0; w < 60; w++) {
      day = addDays(day, Math.floor(next() * 12));
      const on = () => addDays(day, -Math.floor(next() * 50));
      const choice = next();
      if (choice < 0.4) await repo.insert(row(pick(people), on(), pick(statuses), pick(kinds), n++));
      else if (choice < 0.7) {
        const batch = Array.from({ length: 1 + Math.floor(next() * 20) }, () => row(pick(people), on(), pick(statuses), pick(kinds), n++));
        await database.transaction((trx) => createContributionsRepository(trx).insertMany(batch));
      } else {
        const declared = await repo.awaitingReview(null, 500);
        if (declared.length === 0) continue;
        const c = pick(declared);
        await repo.review(c.id, c.version, {
          status: next() < 0.5 ? 'confirmed' : 'rejected',
          reviewed_by: people[0],
          reviewed_at: stamp,
          rejection_reason: null,
          updated_at: stamp,
        });
      }
      if (w % 20 === 19) expect(await storedFacts()).toEqual(await definedFacts(policy));
    }
    for (const later of [0, 1, 15, 31, 45, 200]) await expectStandingsAgree(policy, addDays(day, later));
  });

  it('a write that rolls back leaves the stored standing as it was', async () => {
    const policy: ActivityPolicy = { ...defaultActivityPolicy, windowDays: 90 };
    await assessEveryone(database.db, policy, today);
    const personId = people[3];
    const day = '2030-01-01';
    // Declared, it does not count yet: confirming it is what changes the standing.
    await createContributionsRepository(database.db).insert(row(people[5], day, 'declared', 'moderation', 9000));
    const declared = (await createContributionsRepository(database.db).findById('w-9000'))!;
    const before = await storedFacts();
    const writes: [string, (repo: ReturnType<typeof createContributionsRepository>) => Promise<unknown>, string][] = [
      ['insert', (repo) => repo.insert(row(personId, day, 'confirmed', 'moderation', 9001)), personId],
      [
        'insertMany',
        (repo) => repo.insertMany([row(personId, day, 'confirmed', 'moderation', 9002), row(people[4], day, 'confirmed', 'event', 9003)]),
        personId,
      ],
      [
        'review',
        (repo) =>
          repo.review(declared.id, declared.version, {
            status: 'confirmed',
            reviewed_by: personId,
            reviewed_at: stamp,
            rejection_reason: null,
            updated_at: stamp,
          }),
        declared.personId,
      ],
    ];
    for (const [label, write, changed] of writes) {
      await expect(
        database.transaction(async (trx) => {
          await write(createContributionsRepository(trx));
          // Inside the transaction the standing already says what the write changed.
          expect({ label, facts: (await storedFacts(trx)).get(changed) }).toEqual({ label, facts: (await definedFacts(policy, trx)).get(changed) });
          expect({ label, facts: (await storedFacts(trx)).get(changed) }).not.toEqual({ label, facts: before.get(changed) });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect({ label, stored: await storedFacts() }).toEqual({ label, stored: before });
    }
  });
});
