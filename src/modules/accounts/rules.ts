import type { Refusal } from '../../platform/errors.js';
import { isBureau, isLead, type Actor } from '../../platform/auth/actor.js';
import { commonPasswords, foldPassword } from './common-passwords.js';

export const MIN_PASSWORD_LENGTH = 12;
/** Far above any passphrase, and keeps the pattern checks below cheap. */
export const MAX_PASSWORD_LENGTH = 1024;

/** The rule in a sentence, for the command line (the pages have it in both languages). */
export const PASSWORD_RULE =
  `at least ${MIN_PASSWORD_LENGTH} characters (a passphrase of several words is fine); not a common password, ` +
  "not the email address, not the association's name, no repetitive pattern (aaaa, abcabc, 123456, azerty)";

export interface PasswordContext {
  /** The account's email: its local part may not appear in the password. */
  email?: string;
  /** The association's name may not appear in the password either. */
  associationName?: string;
  /** The field the refusal names (a form may call it newPassword). */
  path?: string;
}

/**
 * Keyboard rows and columns (AZERTY, QWERTY, QWERTZ), the alphabet and the digits: a password made
 * of at most three runs along these is a pattern, not a secret.
 */
const SEQUENCES = [
  'abcdefghijklmnopqrstuvwxyz',
  '01234567890123456789',
  'azertyuiopqsdfghjklmwxcvbn',
  'qwertyuiopasdfghjklzxcvbnm',
  'qwertzuiopasdfghjklyxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'aqwzsxedcrfvtgbyhnujikolpm',
].flatMap((s) => [s, [...s].reverse().join('')]);

/** True when `text` is a concatenation of at most `maxRuns` runs of 3+ characters along SEQUENCES. */
function isSequenceRuns(text: string, maxRuns: number): boolean {
  let i = 0;
  let runs = 0;
  while (i < text.length) {
    let longest = 0;
    for (let length = Math.min(text.length - i, 40); length >= 3 && longest === 0; length--) {
      const piece = text.slice(i, i + length);
      if (SEQUENCES.some((s) => s.includes(piece))) longest = length;
    }
    if (longest === 0 || ++runs > maxRuns) return false;
    i += longest;
  }
  return runs > 0;
}

/** One unit said again (abcabc, motdepassemotdepasse), few distinct characters, or runs along a keyboard. */
export function isRepetitive(folded: string): boolean {
  const compact = folded.replace(/[^\p{L}\p{N}]/gu, '') || folded;
  if (/^(.+?)\1+$/su.test(compact)) return true;
  if (new Set(compact).size <= 3) return true;
  return isSequenceRuns(compact, 3);
}

/**
 * Common once lower-cased and stripped of accents, once the digits and symbols around it are
 * removed (Marseille13!, 2024soleil), or once the usual letter-for-symbol swaps are undone (p@ssw0rd).
 */
export function isCommonPassword(folded: string, common: ReadonlySet<string> = commonPasswords()): boolean {
  const core = folded.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const unswapped = (text: string) => text.replace(/[@4]/g, 'a').replace(/0/g, 'o').replace(/3/g, 'e').replace(/[$5]/g, 's').replace(/7/g, 't');
  const candidates = [folded, unswapped(folded)];
  if ([...core].length >= 4) candidates.push(core, unswapped(core));
  // 1 and ! stand for i as often as for l.
  return candidates.flatMap((c) => [c, c.replace(/[1!]/g, 'i'), c.replace(/[1!]/g, 'l')]).some((c) => common.has(c));
}

/** Letters and digits only, without accents: how names are compared with a password. */
function compact(text: string): string {
  return foldPassword(text).replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The password policy (NIST SP 800-63B's spirit): length first, at least 12 characters, so that a
 * passphrase of several ordinary words qualifies; then no guessable content — the email's local
 * part, the association's name, a repetitive pattern, or a common password. One reason at a time.
 */
export function checkPasswordStrength(password: string, context: PasswordContext = {}): Refusal | null {
  const path = context.path ?? '/password';
  const refuse = (code: string, message: string): Refusal => ({ code: 'weak_password', message, errors: [{ path, code, message }] });
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return refuse('too_short', `at least ${MIN_PASSWORD_LENGTH} characters`);
  if (length > MAX_PASSWORD_LENGTH) return refuse('too_long', `at most ${MAX_PASSWORD_LENGTH} characters`);
  const folded = foldPassword(password);
  const local = context.email ? foldPassword(context.email.split('@')[0]) : '';
  if (local.length >= 4 && folded.includes(local)) return refuse('contains_email', 'the password must not contain the email address');
  const name = context.associationName ? compact(context.associationName) : '';
  if ([...name].length >= 4 && compact(password).includes(name)) return refuse('contains_association', "the password must not contain the association's name");
  if (isRepetitive(folded)) return refuse('repetitive', 'the password must not be a repetitive pattern or a keyboard sequence');
  if (isCommonPassword(folded)) return refuse('too_common', 'this password is too common');
  return null;
}

export interface ThrottleRule {
  maxFailures: number;
  windowMinutes: number;
}

/** A key's count as the database returns it after counting an attempt. */
export interface AttemptCount {
  /** Attempts in the current window, the one being checked included. */
  attempts: number;
  windowStartedAt: string;
}

/**
 * Throttling by windows: a key's window starts with its first attempt once the previous window
 * has passed; the first `maxFailures` attempts of a window proceed, later ones are refused until
 * the window ends. Returns that instant, or null when this attempt may proceed. The count includes
 * the attempt itself because it is counted before being tried: concurrent attempts cannot all
 * slip under the limit.
 */
export function attemptRefusedUntil(count: AttemptCount, rule: ThrottleRule): string | null {
  if (count.attempts <= rule.maxFailures) return null;
  return new Date(Date.parse(count.windowStartedAt) + rule.windowMinutes * 60_000).toISOString();
}

/** A window that began at or before this instant has passed at `now`: the key counts from zero again. */
export function throttleWindowStart(now: string, rule: Pick<ThrottleRule, 'windowMinutes'>): string {
  return new Date(Date.parse(now) - rule.windowMinutes * 60_000).toISOString();
}

/**
 * TOTP_REQUIRED_FOR (`bureau`, `admin`, both, or empty): whether someone holding these roles
 * must use a second factor. The bureau is whoever holds an office today.
 */
export function secondFactorRequired(requiredFor: string, roles: { isAdmin: boolean; office: string | null }): boolean {
  const required = new Set(requiredFor.split(',').map((r) => r.trim()));
  return (required.has('admin') && roles.isAdmin) || (required.has('bureau') && roles.office !== null);
}

/** How long an invitation link works: long enough for a volunteer who reads mail weekly. */
export const INVITATION_VALID_DAYS = 14;

/** Who may invite: those who may add people (administrators, the bureau, team leads). */
export function mayInvite(actor: Actor): boolean {
  return actor.isAdmin || isBureau(actor) || isLead(actor);
}

/**
 * Without an SMTP server the invitation link is shown to the one inviting, and whoever holds it
 * sets the person's first password: only an administrator, who runs the server anyway, may hold
 * it ("Nobody alone takes an account").
 */
export function mayReceiveInvitationLink(actor: Actor): boolean {
  return actor.isAdmin;
}
