import { AppError } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import { keysOf } from '../../platform/auth/keys.js';
import { normaliseEmail } from '../../platform/text.js';
import { createPeopleRepository } from '../people/repository.js';
import { createAccountsRepository } from './repository.js';
import { createSecurityRepository } from './security-repository.js';
import { loginRetryAfter } from './rules.js';

/** What one attempt counts against: the account (by normalised email) and the client's address. */
export interface ThrottleKeys {
  account: string;
  ip: string;
}

/**
 * Login throttling kept in the database (login_failures), so that a restart forgets nothing and
 * several instances behind one proxy share the count. The rule is loginRetryAfter's: after
 * LOGIN_MAX_FAILURES failures within LOGIN_LOCK_MINUTES, the key waits for the oldest counted
 * failure to leave the window. Wrong passwords and wrong second-factor codes count alike.
 *
 * Keys are HMACs under the login-throttle purpose key: the table holds no email or address, and instances that
 * share a database must share the secret (as their form tokens already require).
 */
export function createLoginThrottle(ctx: ServiceContext) {
  const { database, clock, config } = ctx;
  const rule = { maxFailures: config.LOGIN_MAX_FAILURES, windowMinutes: config.LOGIN_LOCK_MINUTES };
  const keyOf = (scope: 'account' | 'ip', value: string) => keysOf(config).mac('loginThrottle', `${scope}:${value}`);
  const windowStart = (now: string) => new Date(Date.parse(now) - rule.windowMinutes * 60_000).toISOString();

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

    /** Refuses with 429 too_many_attempts and Retry-After (seconds) while either key is locked. */
    async check(keys: ThrottleKeys): Promise<void> {
      const now = clock.now();
      const repo = createSecurityRepository(database.db);
      let retryAt: string | null = null;
      for (const key of [keys.account, keys.ip]) {
        const failures = await repo.failuresSince(key, windowStart(now), rule.maxFailures);
        const at = loginRetryAfter(failures, now, rule);
        if (at && (retryAt === null || at > retryAt)) retryAt = at;
      }
      if (retryAt) {
        const seconds = Math.max(1, Math.ceil((Date.parse(retryAt) - Date.parse(now)) / 1000));
        throw new AppError('too_many_attempts', `Too many failed attempts; try again in ${Math.ceil(seconds / 60)} min`, [], {
          'retry-after': String(seconds),
        });
      }
    },

    /** Counts one failure against both keys, and forgets the failures that no longer count. */
    async fail(keys: ThrottleKeys): Promise<void> {
      const now = clock.now();
      await database.transaction(async (trx) => {
        const repo = createSecurityRepository(trx);
        await repo.pruneFailures(windowStart(now));
        await repo.recordFailure('account', keys.account, now);
        await repo.recordFailure('ip', keys.ip, now);
      });
    },

    /**
     * A complete login clears the account's count. The address keeps its own: on a shared address,
     * an attacker's own successful logins must not wipe the failures of their guesses.
     */
    async succeed(keys: ThrottleKeys): Promise<void> {
      await createSecurityRepository(database.db).clearFailures(keys.account);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
