import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkPasswordStrength, loginRetryAfter, MIN_PASSWORD_LENGTH, type ThrottleRule } from './rules.js';

const codeOf = (password: string, email?: string) => checkPasswordStrength(password, email)?.errors?.[0]?.code ?? null;

// Any Unicode scalar value: everything but the surrogate halves.
const codePoint = fc.oneof(fc.integer({ min: 0, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0x10ffff }));

describe('checkPasswordStrength', () => {
  it.each([
    ['11 ASCII letters', 'abcdefghijk', 'too_short'],
    ['12 ASCII characters', 'gravel-otter', null],
    ['11 accented letters', 'éàèùâêîôûçë', 'too_short'],
    ['12 accented letters', 'éàèùâêîôûçëï', null],
    // 6 emoji are 12 UTF-16 code units but 6 characters (Unicode code points, as NIST SP 800-63B counts them).
    ['6 emoji', '🦊🐙🌵🚲🎻🍄', 'too_short'],
    ['11 emoji and letters', 'vélo🚲rouge', 'too_short'],
    ['12 emoji', '🦊🐙🌵🚲🎻🍄🦊🐙🌵🚲🎻🍄', null],
  ])('%s → %s', (_label, password, expected) => {
    expect(codeOf(password)).toBe(expected);
  });

  it('says how long a password must be', () => {
    const refusal = checkPasswordStrength('short');
    expect(refusal).toMatchObject({ code: 'weak_password', errors: [{ path: '/password', code: 'too_short' }] });
    expect(refusal!.message).toContain(String(MIN_PASSWORD_LENGTH));
  });

  it.each(['password1234', 'PASSWORD1234', 'Password1234', 'MotDePasse123', 'AZERTYUIOP12', 'Administrateur', 'P@ssw0rd1234'])(
    'refuses the common password %s whatever its case',
    (password) => {
      expect(codeOf(password)).toBe('too_common');
    },
  );

  it('refuses one character repeated, whatever the character', () => {
    fc.assert(
      fc.property(codePoint, fc.integer({ min: MIN_PASSWORD_LENGTH, max: 40 }), (cp, n) => {
        expect(codeOf(String.fromCodePoint(cp).repeat(n))).toBe('too_common');
      }),
    );
    expect(codeOf('é'.repeat(12))).toBe('too_common');
    expect(codeOf('🔒'.repeat(12))).toBe('too_common');
  });

  it.each([
    ['the local part', 'elodie.dupont2024', 'elodie.dupont@example.org', 'contains_email'],
    ['the local part in another case', 'XX-Elodie.Dupont-XX', 'elodie.dupont@example.org', 'contains_email'],
    ['a local part written in capitals', 'my elodie.dupont pass', 'Elodie.DUPONT@example.org', 'contains_email'],
    ['a local part shorter than 4 characters', 'jb-rides-the-bus', 'jb@example.org', null],
    ['only the domain', 'example.org-is-mine', 'elodie.dupont@example.org', null],
    ['no email given', 'elodie.dupont2024', undefined, null],
  ])('a password containing %s → %s', (_label, password, email, expected) => {
    expect(codeOf(password, email)).toBe(expected);
  });

  it('accepts long, uncommon passwords that do not contain the email', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{6}-[0-9]{3}-[A-Z]{6}$/), (password) => {
        expect(checkPasswordStrength(password, 'zo@example.org')).toBeNull();
      }),
    );
  });
});

describe('loginRetryAfter', () => {
  const rule: ThrottleRule = { maxFailures: 3, windowMinutes: 15 };
  const now = '2024-05-01T12:00:00.000Z';
  const minutesBefore = (m: number, ms = 0) => new Date(Date.parse(now) - m * 60_000 - ms).toISOString();

  it('lets an attempt through with fewer failures than the limit', () => {
    expect(loginRetryAfter([], now, rule)).toBeNull();
    expect(loginRetryAfter([minutesBefore(1), minutesBefore(2)], now, rule)).toBeNull();
  });

  it('after maxFailures recent failures, waits until the oldest counted one leaves the window', () => {
    const failures = [minutesBefore(10), minutesBefore(5), minutesBefore(1)];
    expect(loginRetryAfter(failures, now, rule)).toBe(new Date(Date.parse(minutesBefore(10)) + 15 * 60_000).toISOString());
    expect(loginRetryAfter(failures, now, rule)).toBe('2024-05-01T12:05:00.000Z');
  });

  it('counts only the most recent maxFailures when there are more', () => {
    const failures = [minutesBefore(12), minutesBefore(9), minutesBefore(6), minutesBefore(3)];
    // The 3 most recent are 9, 6 and 3 minutes old: free again when the 9-minute-old one is 15 minutes old.
    expect(loginRetryAfter(failures, now, rule)).toBe('2024-05-01T12:06:00.000Z');
  });

  it('does not count a failure exactly one window old, and counts one a millisecond younger', () => {
    const others = [minutesBefore(5), minutesBefore(1)];
    expect(loginRetryAfter([minutesBefore(15), ...others], now, rule)).toBeNull();
    expect(loginRetryAfter([minutesBefore(15, -1), ...others], now, rule)).toBe('2024-05-01T12:00:00.001Z');
  });

  it('lets the attempt through at the very instant it announced', () => {
    const failures = [minutesBefore(10), minutesBefore(5), minutesBefore(1)];
    const retry = loginRetryAfter(failures, now, rule)!;
    expect(loginRetryAfter(failures, new Date(Date.parse(retry) - 1).toISOString(), rule)).toBe(retry);
    expect(loginRetryAfter(failures, retry, rule)).toBeNull();
  });

  it('does not depend on the order of the failures', () => {
    const failures = [minutesBefore(1), minutesBefore(10), minutesBefore(5)];
    expect(loginRetryAfter(failures, now, rule)).toBe('2024-05-01T12:05:00.000Z');
  });

  const base = Date.parse(now);
  const ruleArb = fc.record({ maxFailures: fc.integer({ min: 1, max: 8 }), windowMinutes: fc.integer({ min: 1, max: 60 }) });
  // Failures within the last two hours, and a few just after `now` (clocks of two servers can differ).
  const failureArb = fc.integer({ min: -2 * 3_600_000, max: 60_000 }).map((offset) => new Date(base + offset).toISOString());

  it('property: fewer than maxFailures failures within the window → null', () => {
    fc.assert(
      fc.property(ruleArb, fc.array(failureArb, { maxLength: 20 }), (r, failures) => {
        const windowStart = base - r.windowMinutes * 60_000;
        const recent = failures.filter((f) => Date.parse(f) > windowStart).length;
        fc.pre(recent < r.maxFailures);
        expect(loginRetryAfter(failures, now, r)).toBeNull();
      }),
    );
  });

  it('property: once refused, the wait ends after now and within one window', () => {
    fc.assert(
      fc.property(ruleArb, fc.array(failureArb, { maxLength: 20 }), (r, failures) => {
        const retry = loginRetryAfter(failures, now, r);
        if (retry === null) return;
        expect(Date.parse(retry)).toBeGreaterThan(base);
        expect(Date.parse(retry)).toBeLessThanOrEqual(Math.max(...failures.map(Date.parse)) + r.windowMinutes * 60_000);
      }),
    );
  });

  it('property: adding a failure never shortens the wait', () => {
    const waitOf = (failures: string[], r: ThrottleRule) => {
      const retry = loginRetryAfter(failures, now, r);
      return retry === null ? base : Date.parse(retry);
    };
    fc.assert(
      fc.property(ruleArb, fc.array(failureArb, { maxLength: 20 }), failureArb, (r, failures, extra) => {
        expect(waitOf([...failures, extra], r)).toBeGreaterThanOrEqual(waitOf(failures, r));
      }),
    );
  });
});
