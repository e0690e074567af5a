import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkPasswordStrength,
  isCommonPassword,
  isRepetitive,
  attemptRefusedUntil,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  secondFactorRequired,
  throttleWindowStart,
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

describe('attemptRefusedUntil: an attempt is counted before it is tried, and only the first maxFailures of a window proceed', () => {
  const rule: ThrottleRule = { maxFailures: 3, windowMinutes: 15 };
  const started = '2024-05-01T12:00:00.000Z';

  it.each([
    ['the first attempt of a window', 1, null],
    ['the last attempt the limit allows', 3, null],
    ['one attempt past the limit', 4, '2024-05-01T12:15:00.000Z'],
    ['thirty concurrent attempts past the limit', 33, '2024-05-01T12:15:00.000Z'],
  ])('%s (count %i)', (_, attempts, expected) => {
    expect(attemptRefusedUntil({ attempts, windowStartedAt: started }, rule)).toBe(expected);
  });

  it('a window that began exactly one window ago has passed; one a millisecond younger has not', () => {
    const now = '2024-05-01T12:15:00.000Z';
    expect(throttleWindowStart(now, rule)).toBe(started);
    expect(throttleWindowStart(now, { windowMinutes: 60 })).toBe('2024-05-01T11:15:00.000Z');
  });

  const ruleArb = fc.record({ maxFailures: fc.integer({ min: 1, max: 8 }), windowMinutes: fc.integer({ min: 1, max: 60 }) });

  it('property: of n attempts counted one after another in a window, exactly min(n, maxFailures) proceed', () => {
    fc.assert(
      fc.property(ruleArb, fc.integer({ min: 0, max: 60 }), (r, n) => {
        const proceeding = Array.from({ length: n }, (_, i) => attemptRefusedUntil({ attempts: i + 1, windowStartedAt: started }, r)).filter(
          (at) => at === null,
        ).length;
        expect(proceeding).toBe(Math.min(n, r.maxFailures));
      }),
    );
  });

  it('property: once refused, the wait ends exactly one window after the window began', () => {
    fc.assert(
      fc.property(ruleArb, fc.integer({ min: 1, max: 100 }), (r, extra) => {
        const at = attemptRefusedUntil({ attempts: r.maxFailures + extra, windowStartedAt: started }, r);
        expect(Date.parse(at!) - Date.parse(started)).toBe(r.windowMinutes * 60_000);
      }),
    );
  });
});
