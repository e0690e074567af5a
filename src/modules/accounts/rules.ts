import type { Refusal } from '../../platform/errors.js';

/**
 * A short list of the passwords most often found in breaches (and their French favourites):
 * long enough ones are refused too, since length alone does not make them secret.
 */
const COMMON_PASSWORDS = new Set([
  '123456789012',
  '1234567890123',
  'password1234',
  'password123!',
  'motdepasse123',
  'motdepasse1234',
  'azertyuiop12',
  'azertyuiop123',
  'qwertyuiop12',
  'qwertyuiop123',
  'iloveyou1234',
  'administrator',
  'administrateur',
  'changeme1234',
  'welcome12345',
  'bienvenue123',
  'bienvenue1234',
  'soleil123456',
  'letmein12345',
  'passw0rd1234',
  'p@ssw0rd1234',
  'abcdefghijkl',
  'aaaaaaaaaaaa',
  '111111111111',
  '000000000000',
  'azertyazerty',
  'qwertyqwerty',
  'motdepassemotdepasse',
  'passwordpassword',
]);

export const MIN_PASSWORD_LENGTH = 12;

/** The password policy: at least 12 characters, not a known common password, not the email. */
export function checkPasswordStrength(password: string, email?: string): Refusal | null {
  const errors = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    errors.push({ path: '/password', code: 'too_short', message: `at least ${MIN_PASSWORD_LENGTH} characters` });
  } else if (COMMON_PASSWORDS.has(password.toLowerCase()) || /^(.)\1+$/su.test(password)) {
    errors.push({ path: '/password', code: 'too_common', message: 'this password is too common' });
  } else if (email && password.toLowerCase().includes(email.toLowerCase().split('@')[0]) && email.split('@')[0].length >= 4) {
    errors.push({ path: '/password', code: 'contains_email', message: 'the password must not contain the email address' });
  }
  return errors.length ? { code: 'weak_password', message: errors[0].message, errors } : null;
}

export interface ThrottleRule {
  maxFailures: number;
  windowMinutes: number;
}

/**
 * Login throttling: after `maxFailures` failed attempts within the window, further attempts are
 * refused until the oldest counted failure leaves the window. Returns the instant when trying
 * again is allowed, or null when an attempt may proceed now.
 */
export function loginRetryAfter(failures: string[], now: string, rule: ThrottleRule): string | null {
  const windowStart = Date.parse(now) - rule.windowMinutes * 60_000;
  const recent = failures
    .map((f) => Date.parse(f))
    .filter((t) => t > windowStart)
    .sort((a, b) => a - b);
  if (recent.length < rule.maxFailures) return null;
  const oldestCounted = recent[recent.length - rule.maxFailures];
  return new Date(oldestCounted + rule.windowMinutes * 60_000).toISOString();
}
