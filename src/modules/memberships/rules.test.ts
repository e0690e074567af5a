import { addDays } from '../../platform/time.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isCurrentMembership,
  membersOnDates,
  membershipTransitions,
  planLifecycle,
  startMembership,
  transitionMembership,
  type LifecycleSettings,
  type LifecycleStep,
  type MembershipEvent,
  type MembershipFacts,
  type MembershipStatus,
} from './rules.js';

const statuses: MembershipStatus[] = ['active', 'lapsing', 'lapsed', 'resigned', 'excluded'];
const events: MembershipEvent[] = ['notice', 'lapse', 'resume', 'resign', 'exclude'];

/**
 * The membership lifecycle (docs/applications.md, "Lifecycles"), written out independently of the code's table: active → lapsing → lapsed,
 * lapsing → active (contribution resumed), active | lapsing → resigned | excluded.
 */
const legal: Record<string, MembershipStatus> = {
  'active/notice': 'lapsing',
  'active/resign': 'resigned',
  'active/exclude': 'excluded',
  'lapsing/lapse': 'lapsed',
  'lapsing/resume': 'active',
  'lapsing/resign': 'resigned',
  'lapsing/exclude': 'excluded',
};

const pairs = statuses.flatMap((s) => events.map((e) => [s, e] as const));

describe('membershipTransitions: every (state, event) pair', () => {
  it.each(pairs.filter(([s, e]) => `${s}/${e}` in legal))('%s + %s is legal', (status, event) => {
    expect(transitionMembership(status, event)).toEqual({ status: legal[`${status}/${event}`] });
    expect(membershipTransitions[status][event]).toBe(legal[`${status}/${event}`]);
  });

  it.each(pairs.filter(([s, e]) => !(`${s}/${e}` in legal)))('%s + %s is refused', (status, event) => {
    expect(transitionMembership(status, event)).toMatchObject({ code: 'illegal_transition', message: `a membership that is ${status} cannot ${event}` });
  });

  it('ended memberships are final: a former member comes back only by applying again', () => {
    for (const status of ['lapsed', 'resigned', 'excluded'] as const) expect(Object.keys(membershipTransitions[status])).toEqual([]);
  });

  it('active and lapsing members are members; the others are not', () => {
    expect(statuses.filter(isCurrentMembership)).toEqual(['active', 'lapsing']);
  });
});

describe('startMembership', () => {
  it('starts an active membership on the day of the session that decided', () => {
    expect(startMembership(false, '2026-12-02')).toEqual({ status: 'active', since: '2026-12-02' });
  });

  it('refuses a second current membership', () => {
    expect(startMembership(true, '2026-12-02')).toMatchObject({ code: 'already_member' });
  });
});

const settings: LifecycleSettings = { warningDays: 30, graceDays: 60, autoLapse: false };
const autoLapse: LifecycleSettings = { ...settings, autoLapse: true };
const activeFacts: MembershipFacts = { status: 'active', warnedUntil: null, lapsingSince: null, graceUntil: null, reviewSince: null };
/** On notice since 6 January 2027: grace until 7 March (6 January + 60 days). */
const lapsingFacts: MembershipFacts = { status: 'lapsing', warnedUntil: '2027-01-05', lapsingSince: '2027-01-06', graceUntil: '2027-03-07', reviewSince: null };
const activeUntil = (until: string | null) => ({ active: true, activeUntil: until });
const inactive = { active: false, activeUntil: null };

describe('planLifecycle: what the daily run does for one member on one day', () => {
  // Active until 5 January 2027 (a contribution on 5 January 2026, a window of 365 days).
  const cases: [string, MembershipFacts, { active: boolean; activeUntil: string | null }, string, LifecycleSettings, LifecycleStep][] = [
    [
      'warns exactly warningDays before the last active day',
      activeFacts,
      activeUntil('2027-01-05'),
      '2026-12-06',
      settings,
      { kind: 'warn', activeUntil: '2027-01-05' },
    ],
    ['the day before that: nothing yet', activeFacts, activeUntil('2027-01-05'), '2026-12-05', settings, { kind: 'none' }],
    [
      'kept by the bureau: no new notice up to the last day it holds',
      { ...activeFacts, keptUntil: '2027-05-19' },
      { active: false, activeUntil: null },
      '2027-05-19',
      settings,
      { kind: 'none' },
    ],
    [
      'kept by the bureau, the day after: the notice comes again',
      { ...activeFacts, keptUntil: '2027-05-19' },
      { active: false, activeUntil: null },
      '2027-05-20',
      settings,
      { kind: 'notice', lapsingSince: '2027-05-20', graceUntil: addDays('2027-05-20', settings.graceDays) },
    ],
    [
      'already warned for that last day: nothing',
      { ...activeFacts, warnedUntil: '2027-01-05' },
      activeUntil('2027-01-05'),
      '2026-12-20',
      settings,
      { kind: 'none' },
    ],
    [
      'warned for an older last day (activity renewed since): warns again',
      { ...activeFacts, warnedUntil: '2026-06-30' },
      activeUntil('2027-01-05'),
      '2026-12-20',
      settings,
      { kind: 'warn', activeUntil: '2027-01-05' },
    ],
    [
      'not warned by the last active day (a run missed): warns on that day',
      activeFacts,
      activeUntil('2027-01-05'),
      '2027-01-05',
      settings,
      { kind: 'warn', activeUntil: '2027-01-05' },
    ],
    ['active through a team role with no end: never warned', activeFacts, activeUntil(null), '2026-12-20', settings, { kind: 'none' }],
    [
      'warningDays 0: warns on the last active day only',
      activeFacts,
      activeUntil('2027-01-05'),
      '2027-01-04',
      { ...settings, warningDays: 0 },
      { kind: 'none' },
    ],
    [
      'warningDays 0, the last active day',
      activeFacts,
      activeUntil('2027-01-05'),
      '2027-01-05',
      { ...settings, warningDays: 0 },
      { kind: 'warn', activeUntil: '2027-01-05' },
    ],
    [
      'no longer active: notice, lapsing from today, grace for graceDays',
      activeFacts,
      inactive,
      '2027-01-06',
      settings,
      { kind: 'notice', lapsingSince: '2027-01-06', graceUntil: '2027-03-07' },
    ],
    [
      'graceDays 0: the grace ends the day of the notice',
      activeFacts,
      inactive,
      '2027-01-06',
      { ...settings, graceDays: 0 },
      { kind: 'notice', lapsingSince: '2027-01-06', graceUntil: '2027-01-06' },
    ],
    ['lapsing, active again: resume', lapsingFacts, activeUntil('2028-01-20'), '2027-01-21', settings, { kind: 'resume', warnActiveUntil: null }],
    [
      'lapsing, active again through an open-ended team role: resume',
      lapsingFacts,
      activeUntil(null),
      '2027-01-21',
      settings,
      { kind: 'resume', warnActiveUntil: null },
    ],
    [
      'lapsing, active again but only for a few days (a late-recorded contribution): resume, and the warning with it',
      lapsingFacts,
      activeUntil('2027-02-01'),
      '2027-01-21',
      settings,
      { kind: 'resume', warnActiveUntil: '2027-02-01' },
    ],
    [
      'lapsing, active again during the review: resume',
      { ...lapsingFacts, reviewSince: '2027-03-08' },
      activeUntil('2028-03-10'),
      '2027-03-11',
      settings,
      { kind: 'resume', warnActiveUntil: null },
    ],
    ['lapsing, grace running: nothing', lapsingFacts, inactive, '2027-02-01', settings, { kind: 'none' }],
    ['lapsing, the last day of grace: nothing yet', lapsingFacts, inactive, '2027-03-07', settings, { kind: 'none' }],
    ['lapsing, the day after the grace: the bureau reviews', lapsingFacts, inactive, '2027-03-08', settings, { kind: 'review' }],
    ['lapsing, the day after the grace with autoLapse: lapse', lapsingFacts, inactive, '2027-03-08', autoLapse, { kind: 'lapse' }],
    ['lapsing, the last day of grace with autoLapse: nothing yet', lapsingFacts, inactive, '2027-03-07', autoLapse, { kind: 'none' }],
    ['review already requested: nothing (once)', { ...lapsingFacts, reviewSince: '2027-03-08' }, inactive, '2027-04-01', settings, { kind: 'none' }],
    [
      'review requested, then autoLapse switched on: lapse',
      { ...lapsingFacts, reviewSince: '2027-03-08' },
      inactive,
      '2027-04-01',
      autoLapse,
      { kind: 'lapse' },
    ],
  ];

  it.each(cases)('%s', (_label, facts, activity, today, s, expected) => {
    expect(planLifecycle(facts, activity, today, s)).toEqual(expected);
  });

  it.each(['lapsed', 'resigned', 'excluded'] as const)('a %s membership is left alone, active or not, whatever the day', (status) => {
    for (const activity of [inactive, activeUntil('2027-01-05'), activeUntil(null)]) {
      for (const today of ['2026-12-06', '2027-01-06', '2027-03-08']) {
        for (const s of [settings, autoLapse]) {
          expect(planLifecycle({ ...lapsingFacts, status, reviewSince: '2027-03-08' }, activity, today, s)).toEqual({ kind: 'none' });
        }
      }
    }
  });
});

/** What the daily run stores for each step (lifecycle.ts), applied to the facts. */
function applyStep(m: MembershipFacts, step: LifecycleStep, today: string): MembershipFacts {
  switch (step.kind) {
    case 'none':
      return m;
    case 'warn':
      return { ...m, warnedUntil: step.activeUntil };
    case 'notice':
      return { ...m, status: 'lapsing', lapsingSince: step.lapsingSince, graceUntil: step.graceUntil, reviewSince: null };
    case 'resume':
      return { status: 'active', lapsingSince: null, graceUntil: null, reviewSince: null, warnedUntil: step.warnActiveUntil ?? m.warnedUntil };
    case 'review':
      return { ...m, reviewSince: today };
    case 'lapse':
      return { ...m, status: 'lapsed' };
  }
}

describe('planLifecycle: idempotent by construction', () => {
  const base = Date.UTC(2026, 0, 1);
  const day = (n: number) => new Date(base + n * 86_400_000).toISOString().slice(0, 10);
  const optionalDay = fc.option(fc.integer({ min: 0, max: 500 }).map(day), { nil: null });
  const factsArb: fc.Arbitrary<MembershipFacts> = fc.record({
    status: fc.constantFrom<MembershipStatus>(...statuses),
    warnedUntil: optionalDay,
    lapsingSince: optionalDay,
    graceUntil: optionalDay,
    reviewSince: optionalDay,
  });
  const settingsArb: fc.Arbitrary<LifecycleSettings> = fc.record({
    warningDays: fc.integer({ min: 0, max: 60 }),
    graceDays: fc.integer({ min: 0, max: 90 }),
    autoLapse: fc.boolean(),
  });

  it('applying a step to the facts and planning again the same day finds nothing to do', () => {
    fc.assert(
      fc.property(
        factsArb,
        fc.integer({ min: 0, max: 500 }),
        // As assessActivity gives it: active until a day not before today, or open-ended; inactive has no last day.
        fc.option(fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }), { nil: undefined }),
        settingsArb,
        (facts, t, activeFor, s) => {
          const today = day(t);
          const activity = activeFor === undefined ? inactive : activeUntil(activeFor === null ? null : day(t + activeFor));
          const step = planLifecycle(facts, activity, today, s);
          expect(planLifecycle(applyStep(facts, step, today), activity, today, s)).toEqual({ kind: 'none' });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a member who stops contributing goes through warning, notice and review, each once', () => {
    // Active until 5 January 2027; every day from 1 November 2026 to 30 April 2027.
    let facts = activeFacts;
    const seen: [string, LifecycleStep['kind']][] = [];
    for (let t = Date.UTC(2026, 10, 1); t <= Date.UTC(2027, 3, 30); t += 86_400_000) {
      const today = new Date(t).toISOString().slice(0, 10);
      const step = planLifecycle(facts, today <= '2027-01-05' ? activeUntil('2027-01-05') : inactive, today, settings);
      if (step.kind !== 'none') seen.push([today, step.kind]);
      facts = applyStep(facts, step, today);
    }
    expect(seen).toEqual([
      ['2026-12-06', 'warn'],
      ['2027-01-06', 'notice'],
      ['2027-03-08', 'review'],
    ]);
  });
});

describe('membersOnDates', () => {
  const day = fc.integer({ min: 0, max: 60 }).map((n) => addDays('2026-01-01', n));
  const span = fc
    .tuple(day, fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }))
    .map(([since, length]) => ({ since, until: length === null ? null : addDays(since, length) }));

  it('counts on each date the memberships begun on or before it and not ended on or before it', () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 30 }), fc.uniqueArray(day, { maxLength: 10 }), (spans, dates) => {
        const ascending = [...dates].sort();
        // The days a membership began or ended, as the repository groups them.
        const changes = new Map<string, { day: string; started: number; ended: number }>();
        const at = (d: string) => changes.get(d) ?? changes.set(d, { day: d, started: 0, ended: 0 }).get(d)!;
        for (const s of spans) {
          at(s.since).started++;
          if (s.until !== null) at(s.until).ended++;
        }
        const expected = ascending.map((date) => ({ date, members: spans.filter((s) => s.since <= date && (s.until === null || s.until > date)).length }));
        expect(membersOnDates(ascending, [...changes.values()].reverse())).toEqual(expected);
      }),
    );
  });

  it('says a membership that ends the day it begins never counted', () => {
    expect(membersOnDates(['2026-01-01', '2026-01-02'], [{ day: '2026-01-01', started: 1, ended: 1 }])).toEqual([
      { date: '2026-01-01', members: 0 },
      { date: '2026-01-02', members: 0 },
    ]);
  });
});
