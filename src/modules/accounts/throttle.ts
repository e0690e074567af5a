import { AppError } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import { keysOf } from '../../platform/auth/keys.js';
import { normaliseEmail } from '../../platform/text.js';
import { createPeopleRepository } from '../people/repository.js';
import { createAccountsRepository } from './repository.js';
import { createSecurityRepository } from './security-repository.js';
import { attemptRefusedUntil, throttleWindowStart, type ThrottleRule } from './rules.js';

/** What one attempt counts against: the account (by normalised email) and the client's address. */
export interface ThrottleKeys {
  account: string;
  ip: string;
}

/** One key to count an attempt against, with its own limit. */
interface LimitedKey {
  hash: string;
  rule: ThrottleRule;
}

/** An attempt as counted against one key: what to give back if it turns out not to be a failure. */
export interface CountedAttempt {
  hash: string;
  windowStartedAt: string;
}

/**
 * Attempt counters kept in the database (attempt_counters), so that a restart forgets nothing
 * and several instances behind one proxy share the count. An attempt is counted *before* it is
 * tried, in the one statement that also returns the key's count (countAttempt), then checked
 * against the limit: thirty concurrent guesses get thirty different counts, and only the first
 * `maxFailures` of a window proceed (attemptRefusedUntil).
 *
 * Keys are HMACs under purpose keys derived from EQUIPAGE_SECRET (login-throttle, reset-throttle):
 * the table holds no email or address, and instances that share a database must share the secret.
 */
export function createAttemptCounter(ctx: ServiceContext, longestWindowMinutes: number) {
  const { database, clock } = ctx;
  return {
    /**
     * Counts one attempt against every key; refuses with `code` (429) and Retry-After (seconds)
     * when any key is over its limit. A refused attempt was never tried: it is given back on every
     * key, so that waiting out a lock is not lengthened by knocking, and a shared address does not
     * pay for someone else's locked account.
     */
    async attempt(keys: LimitedKey[], refusal: { code: 'too_many_attempts' | 'too_many_requests'; message: string }): Promise<CountedAttempt[]> {
      const now = clock.now();
      const repo = createSecurityRepository(database.db);
      await repo.pruneAttempts(throttleWindowStart(now, { windowMinutes: longestWindowMinutes }));
      const counted: CountedAttempt[] = [];
      let retryAt: string | null = null;
      for (const key of keys) {
        const count = await repo.countAttempt(key.hash, now, throttleWindowStart(now, key.rule));
        counted.push({ hash: key.hash, windowStartedAt: count.windowStartedAt });
        const at = attemptRefusedUntil(count, key.rule);
        if (at && (retryAt === null || at > retryAt)) retryAt = at;
      }
      if (retryAt === null) return counted;
      for (const c of counted) await repo.refundAttempt(c.hash, c.windowStartedAt);
      const seconds = Math.max(1, Math.ceil((Date.parse(retryAt) - Date.parse(now)) / 1000));
      throw new AppError(refusal.code, `${refusal.message}; try again in ${Math.ceil(seconds / 60)} min`, [], { 'retry-after': String(seconds) });
    },

    refund: (attempt: CountedAttempt) => createSecurityRepository(database.db).refundAttempt(attempt.hash, attempt.windowStartedAt),
    clear: (hash: string) => createSecurityRepository(database.db).clearAttempts(hash),
  };
}

export type AttemptCounter = ReturnType<typeof createAttemptCounter>;

/** The longest window of every throttle the counters serve: older rows no longer count for any. */
export function longestThrottleWindow(config: ServiceContext['config']): number {
  return Math.max(config.LOGIN_LOCK_MINUTES, config.PASSWORD_RESET_LIMIT_WINDOW_MINUTES);
}

/**
 * Login throttling: after LOGIN_MAX_FAILURES failures within LOGIN_LOCK_MINUTES, the account and
 * the address each wait for their window to end. Wrong passwords and wrong second-factor codes
 * count alike; an attempt that succeeds is not a failure and is given back.
 */
export function createLoginThrottle(ctx: ServiceContext, counter: AttemptCounter) {
  const { database, config } = ctx;
  const rule: ThrottleRule = { maxFailures: config.LOGIN_MAX_FAILURES, windowMinutes: config.LOGIN_LOCK_MINUTES };
  const keyOf = (scope: 'account' | 'ip', value: string) => keysOf(config).mac('loginThrottle', `${scope}:${value}`);

  return {
    keys(email: string, ip: string): ThrottleKeys {
      return { account: keyOf('account', normaliseEmail(email)), ip: keyOf('ip', ip) };
    },

    /**
     * The keys of a known person (a pending login, a signed-in one): the account key is the email
     * they log in with (the password identity's subject), so that codes guessed after the password
     * step count against the same account as wrong passwords, even when the record's email changed since.
     */
    async keysOf(personId: string, ip: string): Promise<ThrottleKeys> {
      const subject =
        (await createAccountsRepository(database.db).passwordIdentityOf(personId))?.subject ??
        (await createPeopleRepository(database.db).findById(personId))?.email ??
        personId;
      return this.keys(subject, ip);
    },

    /**
     * Counts the attempt against both keys before the secret is checked, and refuses it with 429
     * too_many_attempts while either is locked. A failure needs nothing more: it is already counted.
     */
    attempt: (keys: ThrottleKeys): Promise<CountedAttempt[]> =>
      counter.attempt(
        [
          { hash: keys.account, rule },
          { hash: keys.ip, rule },
        ],
        { code: 'too_many_attempts', message: 'Too many failed attempts' },
      ),

    /** A right code from someone already signed in is no failure: the attempt is given back, nothing more. */
    async giveBack(attempt: CountedAttempt[]): Promise<void> {
      for (const counted of attempt) await counter.refund(counted);
    },

    /**
     * A complete login clears the account's count. The address only gets this attempt back: on a
     * shared address, an attacker's own successful logins must not wipe the failures of their guesses.
     */
    async succeed(keys: ThrottleKeys, attempt: CountedAttempt[]): Promise<void> {
      await counter.clear(keys.account);
      for (const counted of attempt) if (counted.hash === keys.ip) await counter.refund(counted);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

/**
 * Password-reset throttling: each request for a link counts against the address typed (known or
 * not, so the answer never tells which) and against the client's address; over either limit the
 * request is refused with 429 too_many_requests and no mail goes out.
 */
export function createResetThrottle(ctx: ServiceContext, counter: AttemptCounter) {
  const { config } = ctx;
  const windowMinutes = config.PASSWORD_RESET_LIMIT_WINDOW_MINUTES;
  const keyOf = (scope: 'email' | 'ip', value: string) => keysOf(config).mac('resetThrottle', `${scope}:${value}`);
  return {
    attempt: (email: string, ip: string): Promise<CountedAttempt[]> =>
      counter.attempt(
        [
          { hash: keyOf('email', normaliseEmail(email)), rule: { maxFailures: config.PASSWORD_RESET_LIMIT_PER_EMAIL, windowMinutes } },
          { hash: keyOf('ip', ip), rule: { maxFailures: config.PASSWORD_RESET_LIMIT_PER_IP, windowMinutes } },
        ],
        { code: 'too_many_requests', message: 'Too many reset links asked for' },
      ),
  };
}
