import { describe, expect, it } from 'vitest';
import { isCurrentMembership, membershipTransitions, startMembership, transitionMembership, type MembershipEvent, type MembershipStatus } from './rules.js';

const statuses: MembershipStatus[] = ['active', 'lapsing', 'lapsed', 'resigned', 'excluded'];
const events: MembershipEvent[] = ['notice', 'lapse', 'resume', 'resign', 'exclude'];

/**
 * Design §3, written out independently of the code's table: active → lapsing → lapsed,
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
