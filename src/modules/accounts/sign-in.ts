import { AppError } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { digestToken, hashPassword, randomToken, verifyPassword } from '../../platform/auth/secrets.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { associationName } from '../../platform/mail/repository.js';
import { addMinutes } from '../../platform/time.js';
import { normaliseEmail } from '../../platform/text.js';
import { createPeopleRepository } from '../people/repository.js';
import { createAccountsRepository } from './repository.js';
import { createSecurityRepository, type SessionView } from './security-repository.js';
import { checkPasswordStrength } from './rules.js';
import type { LoginThrottle } from './throttle.js';
import type { TwoFactorService } from './two-factor.js';

/** How long the step between a right password and the code may take. */
export const LOGIN_CHALLENGE_MINUTES = 5;

/** A session opened (its cookie value), or a second factor to ask for first (the challenge the form carries). */
export type LoginResult = { personId: string; token: string; challenge?: undefined } | { personId: string; token?: undefined; challenge: string };

export interface Client {
  ip: string;
  userAgent?: string;
  /** The session cookie the browser presented, if any: whatever it was, it ends at login. */
  previousSessionToken?: string;
}

/**
 * Logging in and out: the password step, the second-factor step, session rotation (a new id at
 * each login, the cookie presented before it revoked), logout here or everywhere, and the
 * password change that ends every other session.
 */
export function createSignIn(ctx: ServiceContext, throttle: LoginThrottle, twoFactor: TwoFactorService) {
  const { database, clock, config } = ctx;
  const accounts = createAccountsRepository(database.db);
  const cost = { memoryCost: config.ARGON2_MEMORY_KIB, timeCost: config.ARGON2_TIME_COST };
  // A hash to verify against when the email is unknown, so both paths cost the same time.
  const decoyHash = hashPassword(randomToken(), cost);

  /** A new session (fresh random id); the one the browser presented, if any, ends in the same transaction. */
  async function openSession(personId: string, client: Client): Promise<string> {
    const token = randomToken();
    const now = clock.now();
    await database.transaction(async (trx) => {
      const repo = createAccountsRepository(trx);
      if (client.previousSessionToken) await repo.revokeSession(digestToken(client.previousSessionToken), now);
      await repo.createSession({
        id: digestToken(token),
        personId,
        now,
        expiresAt: addMinutes(now, config.SESSION_TTL_DAYS * 24 * 60),
        userAgent: client.userAgent?.slice(0, 200) ?? null,
      });
      await createAuditRepository(trx, database.dialect).append({
        actorId: personId,
        action: 'session.started',
        subjectType: 'person',
        subjectId: personId,
        at: now,
      });
    });
    return token;
  }

  async function endSessions(actor: Actor, action: 'session.ended' | 'session.ended_everywhere'): Promise<void> {
    const now = clock.now();
    await database.transaction(async (trx) => {
      const repo = createAccountsRepository(trx);
      if (action === 'session.ended') await repo.revokeSession(actor.sessionId!, now);
      else await repo.revokeAllSessions(actor.personId!, now);
      await createAuditRepository(trx, database.dialect).append({
        actorId: actor.personId,
        action,
        subjectType: 'person',
        subjectId: actor.personId!,
        at: now,
      });
    });
  }

  return {
    /** The password step. With a second factor enabled, no session yet: a challenge for the code. */
    async login(input: { email: string; password: string } & Client): Promise<LoginResult> {
      const keys = throttle.keys(input.email, input.ip);
      // Counted before the password is checked: concurrent guesses cannot all pass the limit.
      const attempt = await throttle.attempt(keys);
      const identity = await accounts.passwordIdentity(normaliseEmail(input.email));
      const ok = identity?.secret_hash
        ? await verifyPassword(identity.secret_hash, input.password)
        : (await verifyPassword(await decoyHash, input.password), false);
      // One message whether the email exists or not.
      if (!identity || !ok) throw new AppError('invalid_credentials', 'Wrong email address or password');
      if (await twoFactor.enabled(identity.person_id)) {
        // The account's count is cleared only once the code is right too: otherwise a known
        // password would reset it between rounds of guessed codes. A right password is no
        // failure, though: this attempt is given back.
        await throttle.giveBack(attempt);
        const challenge = randomToken();
        const now = clock.now();
        await createSecurityRepository(database.db).createChallenge({
          id: digestToken(challenge),
          personId: identity.person_id,
          now,
          expiresAt: addMinutes(now, LOGIN_CHALLENGE_MINUTES),
        });
        return { personId: identity.person_id, challenge };
      }
      await throttle.succeed(keys, attempt);
      return { personId: identity.person_id, token: await openSession(identity.person_id, input) };
    },

    /**
     * Signs in a person who has just proven themself another way (first-run setup, a reset link):
     * setting a password leaves them signed in. With a second factor enabled, the code is still
     * asked for: a mailed link alone must not be worth more than the password and the code.
     */
    async signInAfterProof(personId: string, client: Client): Promise<LoginResult> {
      if (await twoFactor.enabled(personId)) {
        const challenge = randomToken();
        const now = clock.now();
        await createSecurityRepository(database.db).createChallenge({
          id: digestToken(challenge),
          personId,
          now,
          expiresAt: addMinutes(now, LOGIN_CHALLENGE_MINUTES),
        });
        return { personId, challenge };
      }
      return { personId, token: await openSession(personId, client) };
    },

    /** The second step: a TOTP code or a recovery code for the challenge of a right password. */
    async completeSecondFactor(input: { challenge: string; code: string } & Client): Promise<{ personId: string; token: string }> {
      const security = createSecurityRepository(database.db);
      const id = digestToken(input.challenge);
      const challenge = await security.liveChallenge(id, clock.now());
      if (!challenge) throw new AppError('invalid_credentials', 'This login has expired: enter your password again');
      const keys = await throttle.keysOf(challenge.personId, input.ip);
      const attempt = await throttle.attempt(keys);
      if (!(await twoFactor.verifyAtLogin(challenge.personId, input.code))) {
        throw new AppError('invalid_second_factor', 'This code is not valid (or was already used)', [
          { path: '/code', code: 'invalid_code', message: 'this code is not valid, or was already used' },
        ]);
      }
      if (!(await security.useChallenge(id, clock.now()))) throw new AppError('invalid_credentials', 'This login has expired: enter your password again');
      await throttle.succeed(keys, attempt);
      return { personId: challenge.personId, token: await openSession(challenge.personId, input) };
    },

    async logout(actor: Actor): Promise<void> {
      if (!actor.sessionId || !actor.personId) return;
      await endSessions(actor, 'session.ended');
    },

    /** Ends every session of the person, this one included. */
    async logoutEverywhere(actor: Actor): Promise<void> {
      await endSessions(actor, 'session.ended_everywhere');
    },

    liveSessions: (personId: string): Promise<SessionView[]> => createSecurityRepository(database.db).liveSessionsOf(personId, clock.now()),

    /**
     * Changes one's password, proven by the current one (throttled like a login). Every other
     * session ends; the current one is replaced by a new one, whose cookie value is returned
     * (null when the request came with an API token, which is no session).
     */
    async changePassword(
      actor: Actor,
      input: { currentPassword: string; newPassword: string; confirmPassword: string } & Client,
    ): Promise<{ token: string | null }> {
      const personId = actor.personId!;
      const identity = await accounts.passwordIdentityOf(personId);
      const person = await createPeopleRepository(database.db).findById(personId);
      const keys = throttle.keys(identity?.subject ?? person?.email ?? personId, input.ip);
      const attempt = await throttle.attempt(keys);
      const stored = identity ? await accounts.passwordIdentity(identity.subject) : undefined;
      if (!stored?.secret_hash || !(await verifyPassword(stored.secret_hash, input.currentPassword))) {
        throw new AppError('wrong_current_password', 'The current password is not right', [
          { path: '/currentPassword', code: 'wrong_password', message: 'this is not your current password' },
        ]);
      }
      // Proven by the current password: the refusals below (a weak or mistyped new one) are no guesses.
      await throttle.succeed(keys, attempt);
      if (input.newPassword !== input.confirmPassword) {
        throw new AppError('validation_failed', 'the two new passwords differ', [
          { path: '/confirmPassword', code: 'password_mismatch', message: 'type the same new password twice' },
        ]);
      }
      const refusal = checkPasswordStrength(input.newPassword, {
        email: person?.email,
        associationName: await associationName(database.db),
        path: '/newPassword',
      });
      if (refusal) throw AppError.from(refusal);
      const secret = await hashPassword(input.newPassword, cost);
      const now = clock.now();
      await database.transaction(async (trx) => {
        const repo = createAccountsRepository(trx);
        await repo.upsertPasswordIdentity(personId, identity!.subject, secret, now);
        await repo.revokeAllSessions(personId, now);
        await createAuditRepository(trx, database.dialect).append({
          actorId: personId,
          action: 'password.changed',
          subjectType: 'person',
          subjectId: personId,
          at: now,
        });
      });
      // The current session was revoked with the others: this browser continues under a new id.
      return { token: actor.via === 'session' ? await openSession(personId, input) : null };
    },
  };
}
