import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkPasswordStrength,
  isCommonPassword,
  isRepetitive,
  loginRetryAfter,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  secondFactorRequired,
  type ThrottleRule,
} from './rules.js';
import { commonPasswords, foldPassword } from './common-passwords.js';

const codeOf = (password: string, email?: string) => checkPasswordStrength(password, { email })?.errors?.[0]?.code ?? null;

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
    ['12 emoji', '🦊🐙🌵🚲🎻🍄🐝🌻🍋🎈🧭🪁', null],
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
        expect(codeOf(String.fromCodePoint(cp).repeat(n))).toBe('repetitive');
      }),
    );
    expect(codeOf('é'.repeat(12))).toBe('repetitive');
    expect(codeOf('🔒'.repeat(12))).toBe('repetitive');
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
        // Random letters may spell a common word or repeat themselves: those are refused, rightly.
        fc.pre(!isCommonPassword(foldPassword(password)) && !isRepetitive(foldPassword(password)));
        expect(checkPasswordStrength(password, { email: 'zo@example.org', associationName: 'TeDomum' })).toBeNull();
      }),
    );
  });
});

describe('the password policy beyond length', () => {
  const context = { email: 'elodie.dupont@example.org', associationName: 'Les Amis du Vélo' };
  const code = (password: string) => checkPasswordStrength(password, context)?.errors?.[0]?.code ?? null;

  it('ships several thousand common passwords, English and French, compared without case or accents', () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThan(40_000);
    for (const p of ['password', 'iloveyou', 'qwerty', 'azerty', 'soleil', 'marseille', 'jetaime', 'motdepasse', 'doudou', 'bienvenue'])
      expect(list.has(p), p).toBe(true);
    expect(code('LIBERTÉ-ÉGALITÉ')).toBe(null);
    expect(isCommonPassword(foldPassword('Fraternité!!2024'))).toBe(true);
  });

  it.each([
    ['a common password', 'iloveyou1234', 'too_common'],
    ['a common word with digits and symbols around it', 'Marseille13!!', 'too_common'],
    ['a French favourite', '2024-motdepasse', 'too_common'],
    ['letters swapped for symbols', 'P@ssw0rd!2024', 'too_common'],
    ['accents do not hide it', 'Bienvenüe-2025', 'too_common'],
    ['a word said twice', 'jetaime jetaime', 'repetitive'],
    ['a run along an AZERTY keyboard', 'azertyuiopqs', 'repetitive'],
    ['a run along a QWERTY keyboard and digits', 'qwerty123456', 'repetitive'],
    ['keyboard columns', '1qaz2wsx3edc', 'repetitive'],
    ['the alphabet then digits', 'abcdef123456', 'repetitive'],
    ['three characters over and over', 'abcaabbccabc', 'repetitive'],
    ["the association's name", 'lesamisduvelo2025', 'contains_association'],
    ["the association's name with its spaces and accents", 'Les Amis du Vélo, 2025 !', 'contains_association'],
    ['the local part of the email', 'Elodie.Dupont!2025', 'contains_email'],
    ['a passphrase of ordinary words', 'correct horse battery staple', null],
    ['a French passphrase', 'une phrase de passe solide', null],
    ['a word of the association name alone', 'les amis de mon quartier', null],
    ['an unusual mix', 'Tr0ub4dor&3xyz', null],
  ])('%s → %s', (_label, password, expected) => {
    expect(code(password)).toBe(expected);
  });

  it('names the field it was asked to', () => {
    expect(checkPasswordStrength('short', { path: '/newPassword' })?.errors).toEqual([expect.objectContaining({ path: '/newPassword', code: 'too_short' })]);
  });

  it('refuses a password longer than any passphrase needs, and checks a long one quickly', () => {
    expect(code('x'.repeat(MAX_PASSWORD_LENGTH + 1))).toBe('too_long');
    expect(code(`${'ab'.repeat(500)}c`)).toBe('repetitive');
    expect(code(Array.from({ length: 100 }, (_, i) => `mot${i}`).join(' '))).toBe(null);
  });

  it('ignores an association name or email local part too short to mean anything', () => {
    expect(checkPasswordStrength('the abc of gardening', { associationName: 'ABC', email: 'jo@example.org' })).toBeNull();
  });
});

describe('secondFactorRequired', () => {
  const admin = { isAdmin: true, office: null };
  const bureau = { isAdmin: false, office: 'treasurer' };
  const person = { isAdmin: false, office: null };
  it.each([
    ['', admin, false],
    ['', bureau, false],
    ['admin', admin, true],
    ['admin', bureau, false],
    ['bureau', bureau, true],
    ['bureau', admin, false],
    ['bureau,admin', admin, true],
    [' admin , bureau ', bureau, true],
    ['bureau,admin', person, false],
  ])('TOTP_REQUIRED_FOR=%j', (setting, roles, expected) => {
    expect(secondFactorRequired(setting, roles)).toBe(expected);
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
