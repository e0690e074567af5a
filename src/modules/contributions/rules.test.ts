import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '../../platform/time.js';
import {
  assessActivity,
  contributionInputErrors,
  decideReview,
  defaultActivityPolicy,
  type ActivityPolicy,
  type ContributionFact,
  type ContributionInput,
  type ContributionStatus,
  type RoleFact,
} from './rules.js';

const today = '2026-11-28';
const policy = (overrides: Partial<ActivityPolicy> = {}): ActivityPolicy => ({ ...defaultActivityPolicy, ...overrides });
const confirmed = (occurredOn: string, kind = 'moderation'): ContributionFact => ({ occurredOn, status: 'confirmed', kind });
const declared = (occurredOn: string, kind = 'moderation'): ContributionFact => ({ occurredOn, status: 'declared', kind });
const codes = (a: { reasons: { code: string }[] }) => a.reasons.map((r) => r.code);

describe('assessActivity: what the issue must show', () => {
  it('one confirmed contribution 10 days ago: active until that date + the window', () => {
    const on = addDays(today, -10);
    expect(assessActivity(policy(), [confirmed(on)], [], today)).toEqual({
      active: true,
      lastContributionOn: on,
      activeUntil: addDays(on, 365),
      inactiveSince: null,
      contributionsInWindow: 1,
      windowDays: 365,
      reasons: [{ code: 'enough_contributions', count: 1, min: 1, windowDays: 365 }],
    });
  });

  it('the only one 400 days ago: inactive today, active when asked 300 days ago', () => {
    const on = addDays(today, -400);
    const now = assessActivity(policy(), [confirmed(on)], [], today);
    expect(now).toMatchObject({ active: false, lastContributionOn: on, activeUntil: null, inactiveSince: addDays(on, 366), contributionsInWindow: 0 });
    expect(now.reasons).toEqual([{ code: 'last_contribution_too_old', lastContributionOn: on, windowDays: 365 }]);
    expect(assessActivity(policy(), [confirmed(on)], [], addDays(today, -300))).toMatchObject({
      active: true,
      activeUntil: addDays(on, 365),
      contributionsInWindow: 1,
    });
  });

  it('declared only: not active, and says it awaits confirmation; active once declared ones count', () => {
    const facts = [declared(addDays(today, -3)), declared(addDays(today, -30))];
    const waiting = assessActivity(policy(), facts, [], today);
    expect(waiting).toMatchObject({ active: false, lastContributionOn: null, activeUntil: null, inactiveSince: null, contributionsInWindow: 0 });
    expect(waiting.reasons).toEqual([{ code: 'no_contribution' }, { code: 'awaiting_confirmation', count: 2 }]);
    const counting = assessActivity(policy({ countDeclared: true }), facts, [], today);
    expect(counting).toMatchObject({ active: true, lastContributionOn: addDays(today, -3), activeUntil: addDays(today, 362), contributionsInWindow: 2 });
    expect(codes(counting)).toEqual(['enough_contributions']);
  });

  it('a rejected contribution never counts, even when declared ones do', () => {
    const rejected: ContributionFact = { occurredOn: today, status: 'rejected', kind: 'moderation' };
    expect(assessActivity(policy({ countDeclared: true }), [rejected], [], today)).toMatchObject({ active: false, contributionsInWindow: 0 });
  });
});

describe('assessActivity: the boundary of the window', () => {
  const on = '2025-06-15';
  it.each<[string, number, boolean]>([
    ['on the day itself', 0, true],
    ['the day before the window closes', 364, true],
    ['the last day of the window (date + window)', 365, true],
    ['the day after', 366, false],
    ['a year and more after', 800, false],
  ])('a contribution counts %s: %s days later → active %s', (_label, after, active) => {
    const a = assessActivity(policy(), [confirmed(on)], [], addDays(on, after));
    expect(a.active).toBe(active);
    if (active) expect(a).toMatchObject({ activeUntil: addDays(on, 365), inactiveSince: null, contributionsInWindow: 1 });
    else expect(a).toMatchObject({ activeUntil: null, inactiveSince: addDays(on, 366), contributionsInWindow: 0 });
  });

  it('a contribution before the person asked about is unknown then: inactive, never was', () => {
    expect(assessActivity(policy(), [confirmed(on)], [], addDays(on, -1))).toMatchObject({
      active: false,
      lastContributionOn: null,
      inactiveSince: null,
      reasons: [{ code: 'no_contribution' }],
    });
  });

  it.each([1, 7, 30, 365, 3660])('a window of %i days', (windowDays) => {
    const p = policy({ windowDays });
    expect(assessActivity(p, [confirmed(on)], [], addDays(on, windowDays)).activeUntil).toBe(addDays(on, windowDays));
    expect(assessActivity(p, [confirmed(on)], [], addDays(on, windowDays + 1)).inactiveSince).toBe(addDays(on, windowDays + 1));
  });
});

describe('assessActivity: several contributions required', () => {
  const p3 = policy({ minContributions: 3, windowDays: 100 });
  it('active until the third most recent leaves the window', () => {
    const facts = [confirmed('2026-11-20'), confirmed('2026-10-01'), confirmed('2026-09-10'), confirmed('2026-08-25')];
    const a = assessActivity(p3, facts, [], today);
    expect(a).toMatchObject({ active: true, lastContributionOn: '2026-11-20', activeUntil: addDays('2026-09-10', 100), contributionsInWindow: 4 });
    expect(a.reasons).toEqual([{ code: 'enough_contributions', count: 4, min: 3, windowDays: 100 }]);
    expect(assessActivity(p3, facts, [], addDays('2026-09-10', 100)).active).toBe(true);
    expect(assessActivity(p3, facts, [], addDays('2026-09-10', 101)).active).toBe(false);
  });

  it('two in the window when three are required: not enough, and says how many', () => {
    const a = assessActivity(p3, [confirmed('2026-11-20'), confirmed('2026-10-01')], [], today);
    expect(a).toMatchObject({ active: false, contributionsInWindow: 2, activeUntil: null, inactiveSince: null });
    expect(a.reasons).toEqual([{ code: 'not_enough_contributions', count: 2, min: 3, windowDays: 100 }]);
  });

  it('contributions on the same day each count', () => {
    const a = assessActivity(p3, [confirmed('2026-11-01'), confirmed('2026-11-01'), confirmed('2026-11-01')], [], today);
    expect(a).toMatchObject({ active: true, activeUntil: addDays('2026-11-01', 100), contributionsInWindow: 3 });
  });

  it('inactive since the day the last full window ended, not since the N-th most recent left it', () => {
    // The first two were in the window together from 2026-03-11 until 2026-03-01 left it after
    // 2026-05-30; the later one never made two with 2026-03-11: inactive since 2026-05-31, not
    // since 2026-03-11 + 90 + 1.
    const p2 = policy({ minContributions: 2, windowDays: 90 });
    const facts = [confirmed('2026-03-11'), confirmed('2026-03-01'), confirmed('2026-07-01')];
    const a = assessActivity(p2, facts, [], today);
    expect(a).toMatchObject({ active: false, inactiveSince: '2026-05-31' });
    expect(assessActivity(p2, facts, [], '2026-05-30').active).toBe(true);
    expect(assessActivity(p2, facts, [], '2026-05-31').active).toBe(false);
  });

  it('never had enough at once: inactive, and never was', () => {
    const p2 = policy({ minContributions: 2, windowDays: 30 });
    const a = assessActivity(p2, [confirmed('2026-01-01'), confirmed('2026-03-01'), confirmed('2026-05-01')], [], today);
    expect(a).toMatchObject({ active: false, inactiveSince: null, lastContributionOn: '2026-05-01' });
  });
});

describe('assessActivity: counted kinds', () => {
  const devOnly = policy({ kinds: ['development', 'documentation'] });
  it.each<[string, string, boolean]>([
    ['development', 'development', true],
    ['documentation', 'documentation', true],
    ['moderation', 'moderation', false],
    ['donation', 'donation', false],
  ])('with kinds development,documentation a %s contribution counts: %s', (_label, kind, counts) => {
    const a = assessActivity(devOnly, [confirmed(addDays(today, -5), kind)], [], today);
    expect(a.active).toBe(counts);
    expect(a.contributionsInWindow).toBe(counts ? 1 : 0);
    expect(a.lastContributionOn).toBe(counts ? addDays(today, -5) : null);
  });

  it('a declared contribution of a kind that does not count is not awaited either', () => {
    expect(codes(assessActivity(devOnly, [declared(today, 'moderation')], [], today))).toEqual(['no_contribution']);
    expect(codes(assessActivity(devOnly, [declared(today, 'development')], [], today))).toEqual(['no_contribution', 'awaiting_confirmation']);
  });
});

describe('assessActivity: team roles', () => {
  it('a role held with no end: active for as long as it is held, with no end date', () => {
    const roles: RoleFact[] = [{ team: 'technique', since: '2024-01-01', until: null }];
    const a = assessActivity(policy(), [], roles, today);
    expect(a).toMatchObject({ active: true, activeUntil: null, inactiveSince: null, lastContributionOn: null });
    expect(a.reasons).toEqual([{ code: 'holds_team_role', team: 'technique', since: '2024-01-01' }, { code: 'no_contribution' }]);
  });

  it('a role held with no end beats a contribution that ends', () => {
    const a = assessActivity(policy(), [confirmed(addDays(today, -1))], [{ team: 'technique', since: '2024-01-01', until: null }], today);
    expect(a).toMatchObject({ active: true, activeUntil: null });
    expect(codes(a)).toEqual(['enough_contributions', 'holds_team_role']);
  });

  it('a role that ends later than the contributions sets the end', () => {
    const roles: RoleFact[] = [{ team: 'communaute', since: '2026-01-01', until: '2028-01-01' }];
    expect(assessActivity(policy(), [confirmed(addDays(today, -10))], roles, today).activeUntil).toBe('2027-12-31');
    const shortRole: RoleFact[] = [{ team: 'communaute', since: '2026-01-01', until: '2026-12-01' }];
    expect(assessActivity(policy(), [confirmed(addDays(today, -10))], shortRole, today).activeUntil).toBe(addDays(today, 355));
  });

  it('an ended role: inactive since the day it ended (until is the first day not held)', () => {
    const roles: RoleFact[] = [{ team: 'technique', since: '2025-01-01', until: '2026-09-01' }];
    expect(assessActivity(policy(), [], roles, '2026-08-31')).toMatchObject({ active: true, activeUntil: '2026-08-31' });
    const after = assessActivity(policy(), [], roles, '2026-09-01');
    expect(after).toMatchObject({ active: false, inactiveSince: '2026-09-01', reasons: [{ code: 'no_contribution' }] });
  });

  it('a role ended the day it began was never held: it makes no inactiveSince', () => {
    expect(assessActivity(policy(), [], [{ team: 'technique', since: '2026-09-01', until: '2026-09-01' }], today)).toMatchObject({
      active: false,
      inactiveSince: null,
    });
  });

  it('two roles held: both are reasons, in the order they began', () => {
    const roles: RoleFact[] = [
      { team: 'technique', since: '2025-05-01', until: null },
      { team: 'communaute', since: '2024-02-01', until: '2027-01-01' },
    ];
    expect(assessActivity(policy(), [], roles, today).reasons).toEqual([
      { code: 'holds_team_role', team: 'communaute', since: '2024-02-01' },
      { code: 'holds_team_role', team: 'technique', since: '2025-05-01' },
      { code: 'no_contribution' },
    ]);
  });

  it('a role not yet begun does not count', () => {
    expect(assessActivity(policy(), [], [{ team: 'technique', since: addDays(today, 1), until: null }], today).active).toBe(false);
  });

  it('with teamRoleCounts false, roles are ignored entirely', () => {
    const p = policy({ teamRoleCounts: false });
    const roles: RoleFact[] = [
      { team: 'technique', since: '2024-01-01', until: null },
      { team: 'communaute', since: '2024-01-01', until: '2026-01-01' },
    ];
    expect(assessActivity(p, [], roles, today)).toMatchObject({ active: false, inactiveSince: null, reasons: [{ code: 'no_contribution' }] });
    const on = addDays(today, -10);
    expect(assessActivity(p, [confirmed(on)], roles, today)).toMatchObject({ active: true, activeUntil: addDays(on, 365) });
  });
});

describe('assessActivity: contributions in the future', () => {
  it('are ignored: not counted, not the last one', () => {
    const a = assessActivity(policy(), [confirmed(addDays(today, 1)), confirmed(addDays(today, 200))], [], today);
    expect(a).toMatchObject({ active: false, lastContributionOn: null, contributionsInWindow: 0, reasons: [{ code: 'no_contribution' }] });
    const declaredTomorrow = assessActivity(policy(), [declared(addDays(today, 1))], [], today);
    expect(codes(declaredTomorrow)).toEqual(['no_contribution']);
  });

  it('do not extend the end of an active period', () => {
    const a = assessActivity(policy(), [confirmed(addDays(today, -10)), confirmed(addDays(today, 5))], [], today);
    expect(a).toMatchObject({ active: true, lastContributionOn: addDays(today, -10), activeUntil: addDays(today, 355), contributionsInWindow: 1 });
  });
});

// ——— Properties ————————————————————————————————————————————————————————————————————————————————

/** Day offsets from `origin`; small windows so a day-by-day model stays cheap. */
const origin = '2026-01-01';
const day = (n: number) => addDays(origin, n);
const kinds = ['moderation', 'development', 'donation'];

const policyArb: fc.Arbitrary<ActivityPolicy> = fc.record({
  windowDays: fc.integer({ min: 1, max: 40 }),
  minContributions: fc.integer({ min: 1, max: 4 }),
  countDeclared: fc.boolean(),
  kinds: fc.subarray(kinds),
  teamRoleCounts: fc.boolean(),
});
const statusArb = fc.constantFrom<ContributionStatus>('declared', 'confirmed', 'rejected');
const contributionArb = (maxDay: number): fc.Arbitrary<ContributionFact> =>
  fc.record({ occurredOn: fc.integer({ min: 0, max: maxDay }).map(day), status: statusArb, kind: fc.constantFrom(...kinds) });
const roleArb: fc.Arbitrary<RoleFact> = fc
  .tuple(fc.constantFrom('technique', 'communaute'), fc.integer({ min: 0, max: 150 }), fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }))
  .map(([team, since, length]) => ({ team, since: day(since), until: length === null ? null : day(since + length) }));
const todayArb = fc.integer({ min: 0, max: 160 });

/** The bylaws read literally, one day at a time: the model assessActivity must agree with. */
function activeByModel(p: ActivityPolicy, contributions: ContributionFact[], roles: RoleFact[], on: string): boolean {
  const from = addDays(on, -p.windowDays);
  const inWindow = contributions.filter(
    (c) =>
      c.occurredOn >= from &&
      c.occurredOn <= on &&
      (p.kinds.length === 0 || p.kinds.includes(c.kind)) &&
      (c.status === 'confirmed' || (p.countDeclared && c.status === 'declared')),
  ).length;
  const holdsRole = p.teamRoleCounts && roles.some((r) => r.since <= on && (r.until === null || on < r.until));
  return inWindow >= p.minContributions || holdsRole;
}

describe('assessActivity: properties', () => {
  it('property: active exactly when the day-by-day model of the bylaws says so', () => {
    fc.assert(
      fc.property(policyArb, fc.array(contributionArb(200), { maxLength: 12 }), fc.array(roleArb, { maxLength: 3 }), todayArb, (p, cs, rs, t) => {
        expect(assessActivity(p, cs, rs, day(t)).active).toBe(activeByModel(p, cs, rs, day(t)));
      }),
      { numRuns: 500 },
    );
  });

  it('property: adding a confirmed contribution never makes someone inactive, nor ends their activity sooner', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.array(contributionArb(200), { maxLength: 10 }),
        fc.array(roleArb, { maxLength: 2 }),
        contributionArb(200),
        todayArb,
        (p, cs, rs, extra, t) => {
          const added = { ...extra, status: 'confirmed' as const };
          const before = assessActivity(p, cs, rs, day(t));
          const after = assessActivity(p, [...cs, added], rs, day(t));
          if (before.active) {
            expect(after.active).toBe(true);
            if (before.activeUntil !== null && after.activeUntil !== null) expect(after.activeUntil >= before.activeUntil).toBe(true);
            if (before.activeUntil === null) expect(after.activeUntil).toBeNull();
          }
          expect(after.contributionsInWindow).toBeGreaterThanOrEqual(before.contributionsInWindow);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: when active, activeUntil is today or later (or null only while a role is held with no end)', () => {
    fc.assert(
      fc.property(policyArb, fc.array(contributionArb(200), { maxLength: 10 }), fc.array(roleArb, { maxLength: 3 }), todayArb, (p, cs, rs, t) => {
        const a = assessActivity(p, cs, rs, day(t));
        if (!a.active) {
          expect(a.activeUntil).toBeNull();
          return;
        }
        expect(a.inactiveSince).toBeNull();
        if (a.activeUntil === null) expect(p.teamRoleCounts && rs.some((r) => r.since <= day(t) && r.until === null)).toBe(true);
        else expect(a.activeUntil >= day(t)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('property: activeUntil is exact: active every day up to it, not the day after (nothing new recorded)', () => {
    fc.assert(
      fc.property(policyArb, fc.array(contributionArb(160), { maxLength: 10 }), fc.array(roleArb, { maxLength: 2 }), todayArb, (p, all, rs, t) => {
        const cs = all.filter((c) => c.occurredOn <= day(t));
        // Roles already recorded, but starting later, would be "something new": leave them out.
        const roles = rs.filter((r) => r.since <= day(t));
        const a = assessActivity(p, cs, roles, day(t));
        if (!a.active || a.activeUntil === null) return;
        for (let d = day(t); d <= a.activeUntil; d = addDays(d, 1)) expect(assessActivity(p, cs, roles, d).active, d).toBe(true);
        expect(assessActivity(p, cs, roles, addDays(a.activeUntil, 1)).active).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('property: inactiveSince is exact: active the day before, inactive every day from it to today; null if never active', () => {
    fc.assert(
      fc.property(policyArb, fc.array(contributionArb(160), { maxLength: 10 }), fc.array(roleArb, { maxLength: 2 }), todayArb, (p, cs, rs, t) => {
        const a = assessActivity(p, cs, rs, day(t));
        if (a.active) return;
        const first = a.inactiveSince ?? day(-50);
        if (a.inactiveSince !== null) expect(assessActivity(p, cs, rs, addDays(a.inactiveSince, -1)).active).toBe(true);
        for (let d = first; d <= day(t); d = addDays(d, 1)) expect(assessActivity(p, cs, rs, d).active, d).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('property: the result does not depend on the order of contributions or roles', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.array(contributionArb(200), { maxLength: 10 }),
        fc.array(roleArb, { maxLength: 4 }),
        todayArb,
        fc.infiniteStream(fc.nat()),
        (p, cs, rs, t, randoms) => {
          const shuffle = <T>(xs: T[]): T[] => {
            const out = [...xs];
            const it = randoms[Symbol.iterator]();
            for (let i = out.length - 1; i > 0; i--) {
              const j = it.next().value! % (i + 1);
              [out[i], out[j]] = [out[j], out[i]];
            }
            return out;
          };
          expect(assessActivity(p, shuffle(cs), shuffle(rs), day(t))).toEqual(assessActivity(p, cs, rs, day(t)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: lastContributionOn and contributionsInWindow describe only counted contributions up to today', () => {
    fc.assert(
      fc.property(policyArb, fc.array(contributionArb(200), { maxLength: 12 }), todayArb, (p, cs, t) => {
        const a = assessActivity(p, cs, [], day(t));
        if (a.lastContributionOn !== null) {
          expect(a.lastContributionOn <= day(t)).toBe(true);
          expect(cs.some((c) => c.occurredOn === a.lastContributionOn)).toBe(true);
        }
        expect(a.contributionsInWindow).toBeLessThanOrEqual(cs.length);
        expect(a.active).toBe(a.contributionsInWindow >= p.minContributions);
        expect(a.windowDays).toBe(p.windowDays);
      }),
      { numRuns: 300 },
    );
  });
});

describe('contributionInputErrors', () => {
  const allKinds = ['moderation', 'development', 'donation'];
  const valid: ContributionInput = { kind: 'moderation', occurredOn: today, summary: 'Modération du forum' };
  it.each<[string, Partial<ContributionInput>, { path: string; code: string }[]]>([
    ['a plain contribution of today', {}, []],
    ['a contribution long ago', { occurredOn: '2001-02-03' }, []],
    ['an evidence link over https', { evidenceUrl: 'https://forge.example.org/pr/12' }, []],
    ['an evidence link over http, with spaces around', { evidenceUrl: '  http://example.org/x  ' }, []],
    ['an empty evidence link', { evidenceUrl: '' }, []],
    ['a donation with an amount', { kind: 'donation', amountCents: 5000 }, []],
    ['a donation of nothing', { kind: 'donation', amountCents: 0 }, []],
    ['a summary of exactly 500 characters', { summary: 'x'.repeat(500) }, []],
    ['an unknown kind', { kind: 'sleeping' }, [{ path: '/kind', code: 'unknown_kind' }]],
    ['a kind in capitals', { kind: 'Moderation' }, [{ path: '/kind', code: 'unknown_kind' }]],
    ['tomorrow', { occurredOn: addDays(today, 1) }, [{ path: '/occurredOn', code: 'in_future' }]],
    ['an impossible date', { occurredOn: '2026-02-30' }, [{ path: '/occurredOn', code: 'invalid_date' }]],
    ['a date written otherwise', { occurredOn: '28/11/2026' }, [{ path: '/occurredOn', code: 'invalid_date' }]],
    ['an empty summary', { summary: '' }, [{ path: '/summary', code: 'required' }]],
    ['a summary of spaces', { summary: '   \n ' }, [{ path: '/summary', code: 'required' }]],
    ['a summary of 501 characters', { summary: 'x'.repeat(501) }, [{ path: '/summary', code: 'too_long' }]],
    ['an evidence link without scheme', { evidenceUrl: 'example.org' }, [{ path: '/evidenceUrl', code: 'invalid_url' }]],
    ['a javascript: link', { evidenceUrl: 'javascript:alert(1)' }, [{ path: '/evidenceUrl', code: 'invalid_url' }]],
    ['a link with a space inside', { evidenceUrl: 'https://exa mple.org' }, [{ path: '/evidenceUrl', code: 'invalid_url' }]],
    ['a negative donation', { kind: 'donation', amountCents: -1 }, [{ path: '/amountCents', code: 'invalid_amount' }]],
    ['a fractional amount', { kind: 'donation', amountCents: 10.5 }, [{ path: '/amountCents', code: 'invalid_amount' }]],
    ['an amount on moderation', { amountCents: 100 }, [{ path: '/amountCents', code: 'amount_not_donation' }]],
    [
      'everything wrong at once',
      { kind: 'nope', occurredOn: 'soon', summary: ' ', evidenceUrl: 'ftp://x', amountCents: -5 },
      [
        { path: '/kind', code: 'unknown_kind' },
        { path: '/occurredOn', code: 'invalid_date' },
        { path: '/summary', code: 'required' },
        { path: '/evidenceUrl', code: 'invalid_url' },
        { path: '/amountCents', code: 'invalid_amount' },
        { path: '/amountCents', code: 'amount_not_donation' },
      ],
    ],
  ])('%s', (_label, change, expected) => {
    const errors = contributionInputErrors({ ...valid, ...change }, allKinds, today);
    expect(errors.map(({ path, code }) => ({ path, code }))).toEqual(expected);
    for (const e of errors) expect(e.message).not.toBe('');
  });

  it('property: any real date up to today with a known kind and a short summary is accepted', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.constantFrom(...allKinds),
        fc.string({ minLength: 1, maxLength: 500 }).filter((s) => s.trim() !== ''),
        (ago, kind, summary) => {
          expect(contributionInputErrors({ kind, occurredOn: addDays(today, -ago), summary }, allKinds, today)).toEqual([]);
        },
      ),
    );
  });
});

describe('decideReview', () => {
  const declaredBy = (personId: string, status: ContributionStatus = 'declared') => ({ personId, status });
  it.each<[string, ContributionStatus, string, 'confirmed' | 'rejected', string | undefined, ReturnType<typeof decideReview>]>([
    ['a lead confirms', 'declared', 'lead', 'confirmed', undefined, { status: 'confirmed' }],
    ['a lead confirms, a reason given anyway', 'declared', 'lead', 'confirmed', 'bien', { status: 'confirmed' }],
    ['a lead rejects with a reason', 'declared', 'lead', 'rejected', 'Déjà compté', { status: 'rejected' }],
  ])('%s', (_label, status, reviewer, outcome, reason, expected) => {
    expect(decideReview(declaredBy('ada', status), reviewer, outcome, reason)).toEqual(expected);
  });

  it.each<[string, ContributionStatus, string, 'confirmed' | 'rejected', string | undefined, string]>([
    ['confirming one’s own', 'declared', 'ada', 'confirmed', undefined, 'own_contribution'],
    ['rejecting one’s own, with a reason', 'declared', 'ada', 'rejected', 'oops', 'own_contribution'],
    ['confirming one already confirmed', 'confirmed', 'lead', 'confirmed', undefined, 'already_reviewed'],
    ['rejecting one already confirmed', 'confirmed', 'lead', 'rejected', 'non', 'already_reviewed'],
    ['confirming one already rejected', 'rejected', 'lead', 'confirmed', undefined, 'already_reviewed'],
    ['rejecting without a reason', 'declared', 'lead', 'rejected', undefined, 'validation_failed'],
    ['rejecting with an empty reason', 'declared', 'lead', 'rejected', '', 'validation_failed'],
    ['rejecting with a reason of spaces', 'declared', 'lead', 'rejected', '  \t ', 'validation_failed'],
  ])('refuses %s', (_label, status, reviewer, outcome, reason, code) => {
    expect(decideReview(declaredBy('ada', status), reviewer, outcome, reason)).toMatchObject({ code });
  });

  it('a rejection without a reason names the field', () => {
    expect(decideReview(declaredBy('ada'), 'lead', 'rejected', ' ')).toMatchObject({ errors: [{ path: '/reason', code: 'required' }] });
  });
});
