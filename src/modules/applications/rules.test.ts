import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '../../platform/time.js';
import type { ActivityAssessment } from '../contributions/rules.js';
import {
  agendaIsOpen,
  applicationTransitions,
  checkEligibility,
  checkMotivation,
  chooseSession,
  eventOfOutcome,
  isOpenApplication,
  MOTIVATION_MAX,
  transitionApplication,
  type ApplicationEvent,
  type EligibilityFacts,
  type PlannedSession,
  type ApplicationStatus,
} from './rules.js';

const statuses: ApplicationStatus[] = ['submitted', 'scheduled', 'deferred', 'accepted', 'rejected', 'withdrawn'];
const events: ApplicationEvent[] = ['schedule', 'unschedule', 'accept', 'reject', 'defer', 'withdraw'];

/**
 * The application lifecycle (docs/applications.md, "Lifecycles"), written out here independently of the code's table:
 * submitted → scheduled → accepted | rejected | deferred (→ scheduled), withdrawn from any open
 * state; a scheduled application is scheduled again when carried over, and waits (submitted)
 * when no later session exists.
 */
const legal: Record<string, ApplicationStatus> = {
  'submitted/schedule': 'scheduled',
  'submitted/withdraw': 'withdrawn',
  'scheduled/schedule': 'scheduled',
  'scheduled/unschedule': 'submitted',
  'scheduled/accept': 'accepted',
  'scheduled/reject': 'rejected',
  'scheduled/defer': 'deferred',
  'scheduled/withdraw': 'withdrawn',
  'deferred/schedule': 'scheduled',
  'deferred/withdraw': 'withdrawn',
};

const pairs = statuses.flatMap((status) => events.map((event) => [status, event] as const));

describe('applicationTransitions: every (state, event) pair', () => {
  it.each(pairs.filter(([s, e]) => `${s}/${e}` in legal))('%s + %s is legal', (status, event) => {
    expect(transitionApplication(status, event)).toEqual({ status: legal[`${status}/${event}`] });
    expect(applicationTransitions[status][event]).toBe(legal[`${status}/${event}`]);
  });

  it.each(pairs.filter(([s, e]) => !(`${s}/${e}` in legal)))('%s + %s is refused', (status, event) => {
    const refusal = transitionApplication(status, event);
    const expected = isOpenApplication(status) ? 'illegal_transition' : event === 'withdraw' ? 'application_closed' : 'already_decided';
    expect(refusal).toMatchObject({ code: expected });
    expect((refusal as { message: string }).message).toMatch(status);
  });

  it('a decided or withdrawn application refuses withdrawal with application_closed, and a decision with already_decided', () => {
    for (const status of ['accepted', 'rejected', 'withdrawn'] as const) {
      expect(transitionApplication(status, 'withdraw')).toMatchObject({ code: 'application_closed' });
      for (const event of ['accept', 'reject', 'defer'] as const) expect(transitionApplication(status, event)).toMatchObject({ code: 'already_decided' });
    }
  });

  it('only submitted, scheduled and deferred are open', () => {
    expect(statuses.filter(isOpenApplication)).toEqual(['submitted', 'scheduled', 'deferred']);
  });

  it('maps each outcome of a decision to its event', () => {
    expect(eventOfOutcome('accepted')).toBe('accept');
    expect(eventOfOutcome('rejected')).toBe('reject');
    expect(eventOfOutcome('deferred')).toBe('defer');
  });
});

const today = '2026-11-28';

function activity(overrides: Partial<ActivityAssessment> = {}): ActivityAssessment {
  return {
    active: true,
    lastContributionOn: addDays(today, -10),
    activeUntil: addDays(today, 355),
    inactiveSince: null,
    contributionsInWindow: 1,
    windowDays: 365,
    reasons: [{ code: 'enough_contributions', count: 1, min: 1, windowDays: 365 }],
    ...overrides,
  };
}

const neverActive = activity({
  active: false,
  lastContributionOn: null,
  activeUntil: null,
  contributionsInWindow: 0,
  reasons: [{ code: 'no_contribution' }],
});
const lapsedActivity = activity({
  active: false,
  lastContributionOn: '2025-10-01',
  activeUntil: null,
  inactiveSince: '2026-10-02',
  contributionsInWindow: 0,
  reasons: [{ code: 'last_contribution_too_old', lastContributionOn: '2025-10-01', windowDays: 365 }],
});

function facts(overrides: Partial<EligibilityFacts> = {}): EligibilityFacts {
  return { activity: activity(), isMember: false, openApplication: null, lastRejectedOn: null, ...overrides };
}

describe('checkEligibility', () => {
  const open = { id: 'app-1', status: 'scheduled' as const };
  const rejectedOn = '2026-11-01';

  it.each([
    ['an active contributor with no history', facts(), 0, today, null],
    [
      'a member, whatever else holds',
      facts({ isMember: true, openApplication: open, activity: neverActive, lastRejectedOn: rejectedOn }),
      30,
      today,
      'already_member',
    ],
    ['someone with an open application, even inactive', facts({ openApplication: open, activity: neverActive }), 0, today, 'application_already_open'],
    ['someone who never contributed', facts({ activity: neverActive }), 0, today, 'not_active_contributor'],
    ['someone no longer active', facts({ activity: lapsedActivity }), 0, today, 'not_active_contributor'],
    [
      'inactive and rejected recently: inactivity is said first',
      facts({ activity: neverActive, lastRejectedOn: rejectedOn }),
      60,
      today,
      'not_active_contributor',
    ],
    ['rejected 27 days ago, cooldown 30', facts({ lastRejectedOn: rejectedOn }), 30, today, 'application_cooldown'],
    ['rejected, the day before the cooldown ends', facts({ lastRejectedOn: rejectedOn }), 30, '2026-11-30', 'application_cooldown'],
    ['rejected, the first allowed day', facts({ lastRejectedOn: rejectedOn }), 30, '2026-12-01', null],
    ['rejected the same day, no cooldown configured', facts({ lastRejectedOn: today }), 0, today, null],
  ])('%s', (_name, f, cooldownDays, on, code) => {
    const result = checkEligibility(f, cooldownDays, on);
    if (code === null) expect(result).toEqual({ eligible: true });
    else expect(result).toMatchObject({ code });
  });

  it('says since when someone is not active, and what would make them active', () => {
    const result = checkEligibility(facts({ activity: lapsedActivity }), 0, today) as { code: string; message: string; errors: unknown[] };
    expect(result.message).toContain('since 2026-10-02');
    expect(result.message).toMatch(/1 more confirmed contribution\(s\) in the last 365 days, or a role on a team, would make you active/);
    expect(result.errors).toEqual([{ path: '/', code: 'last_contribution_too_old', message: expect.stringContaining('2025-10-01') }]);
  });

  it('says "not yet" to someone who never was active', () => {
    const result = checkEligibility(facts({ activity: neverActive }), 0, today) as { message: string };
    expect(result.message).toMatch(/^not an active contributor yet: /);
    expect(result.message).not.toContain('since');
  });

  it('counts the contributions still missing when the policy needs several', () => {
    const needsThree = activity({
      active: false,
      contributionsInWindow: 1,
      reasons: [{ code: 'not_enough_contributions', count: 1, min: 3, windowDays: 90 }],
      windowDays: 90,
      inactiveSince: '2026-11-20',
    });
    const result = checkEligibility(facts({ activity: needsThree }), 0, today) as { message: string };
    expect(result.message).toContain('2 more confirmed contribution(s) in the last 90 days');
  });

  it('names the first allowed day in the cooldown refusal, counted from the day of the rejection', () => {
    expect(checkEligibility(facts({ lastRejectedOn: rejectedOn }), 30, today)).toMatchObject({
      code: 'application_cooldown',
      message: expect.stringContaining('2026-12-01'),
    });
  });
});

describe('agendaIsOpen: the cut-off before a session', () => {
  const session = { id: 's', scheduledAt: '2026-12-01T19:00:00.000Z' };
  const cutoff = '2026-11-29T19:00:00.000Z';

  it('is open until one millisecond before the cut-off, closed exactly at it and after', () => {
    expect(agendaIsOpen(session, '2026-11-29T18:59:59.999Z', 48)).toBe(true);
    expect(agendaIsOpen(session, cutoff, 48)).toBe(false);
    expect(agendaIsOpen(session, '2026-11-30T12:00:00.000Z', 48)).toBe(false);
    expect(agendaIsOpen(session, '2026-12-02T12:00:00.000Z', 48)).toBe(false);
  });

  it('with no cut-off, stays open until the session starts', () => {
    expect(agendaIsOpen(session, '2026-12-01T18:59:59.999Z', 0)).toBe(true);
    expect(agendaIsOpen(session, session.scheduledAt, 0)).toBe(false);
  });
});

describe('chooseSession', () => {
  const now = '2026-11-28T12:00:00.000Z';
  const tomorrow = { id: 'tomorrow', scheduledAt: '2026-11-29T12:00:00.000Z' };
  const inExactly48h = { id: 'in48h', scheduledAt: '2026-11-30T12:00:00.000Z' };
  const in48hAnd1ms = { id: 'in48h+1ms', scheduledAt: '2026-11-30T12:00:00.001Z' };
  const nextWeek = { id: 'nextWeek', scheduledAt: '2026-12-05T12:00:00.000Z' };

  it('skips the sessions whose agenda is closed, in whatever order they come', () => {
    expect(chooseSession([nextWeek, inExactly48h, tomorrow], now, 48)).toEqual(nextWeek);
    expect(chooseSession([nextWeek, in48hAnd1ms, tomorrow], now, 48)).toEqual(in48hAnd1ms);
    expect(chooseSession([nextWeek, tomorrow], now, 0)).toEqual(tomorrow);
  });

  it('returns null when no session takes items', () => {
    expect(chooseSession([], now, 48)).toBeNull();
    expect(chooseSession([tomorrow, inExactly48h], now, 48)).toBeNull();
  });

  it('does not reorder the list it is given', () => {
    const planned = [nextWeek, tomorrow];
    chooseSession(planned, now, 0);
    expect(planned).toEqual([nextWeek, tomorrow]);
  });

  it('property: the earliest session whose agenda is open, or null when there is none', () => {
    const base = Date.parse(now);
    const session = fc.record({
      id: fc.uuid(),
      // From 10 days before now to 60 days after, to the millisecond.
      offset: fc.integer({ min: -10 * 86_400_000, max: 60 * 86_400_000 }),
    });
    fc.assert(
      fc.property(fc.array(session, { maxLength: 12 }), fc.integer({ min: 0, max: 24 * 14 }), (raw, cutoffHours) => {
        const planned: PlannedSession[] = raw.map((s) => ({ id: s.id, scheduledAt: new Date(base + s.offset).toISOString() }));
        const chosen = chooseSession(planned, now, cutoffHours);
        const open = planned.filter((s) => Date.parse(s.scheduledAt) - cutoffHours * 3_600_000 > base);
        if (open.length === 0) {
          expect(chosen).toBeNull();
          return;
        }
        expect(planned).toContain(chosen);
        expect(agendaIsOpen(chosen!, now, cutoffHours)).toBe(true);
        expect(Math.min(...open.map((s) => Date.parse(s.scheduledAt)))).toBe(Date.parse(chosen!.scheduledAt));
      }),
    );
  });
});

describe('checkMotivation', () => {
  it.each([
    ['', 'required'],
    ['x', null],
    ['x'.repeat(MOTIVATION_MAX), null],
    ['x'.repeat(MOTIVATION_MAX + 1), 'too_long'],
  ])('a motivation of %#: %s', (text, code) => {
    expect(checkMotivation(text)?.code ?? null).toBe(code);
  });

  it('names the motivation field', () => {
    expect(checkMotivation('')?.path).toBe('/motivation');
  });
});
