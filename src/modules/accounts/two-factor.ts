import { randomBytes } from 'node:crypto';
import { AppError } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { base32Encode, matchTotp, newTotpSecret, otpauthUri } from '../../platform/auth/totp.js';
import { keysOf } from '../../platform/auth/keys.js';
import { digestToken } from '../../platform/auth/secrets.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { associationName } from '../../platform/mail/repository.js';
import { createPeopleRepository } from '../people/repository.js';
import { createSecurityRepository } from './security-repository.js';
import type { LoginThrottle } from './throttle.js';

export const RECOVERY_CODE_COUNT = 10;

export interface TwoFactorStatus {
  enabled: boolean;
  /** While enrolling: the secret to type or scan, and its otpauth:// URI. */
  pending: { secret: string; uri: string } | null;
  recoveryCodesLeft: number;
}

/** Recovery codes as typed: case, spaces and dashes do not matter. */
function recoveryDigest(code: string): string {
  return digestToken(`recovery:${code.toLowerCase().replace(/[^a-z0-9]/g, '')}`);
}

/** Ten characters of base32 (50 bits), shown as two groups of five. */
function newRecoveryCode(): string {
  const text = base32Encode(randomBytes(7)).slice(0, 10).toLowerCase();
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

const wrongCode = () =>
  new AppError('invalid_second_factor', 'This code is not valid (or was already used)', [
    { path: '/code', code: 'invalid_code', message: 'this code is not valid, or was already used' },
  ]);

/**
 * The optional TOTP second factor (RFC 6238): enrolment (a pending secret, confirmed by a first
 * code, then recovery codes shown once), the check at login, and disabling with a current code.
 */
export function createTwoFactorService(ctx: ServiceContext, throttle: LoginThrottle) {
  const { database, clock, config } = ctx;
  const unixNow = () => Date.parse(clock.now()) / 1000;
  // Null when sealed under another EQUIPAGE_SECRET: no code can match then; recovery codes still work.
  const secretOf = (sealed: string) => keysOf(config).unseal('totp', sealed);

  /** Throttled like passwords: a stolen session must not let anyone guess codes freely. */
  async function throttled<T>(personId: string, ip: string, attempt: () => Promise<T | null>): Promise<T> {
    const keys = await throttle.keysOf(personId, ip);
    await throttle.check(keys);
    const result = await attempt();
    if (result === null) {
      await throttle.fail(keys);
      throw wrongCode();
    }
    return result;
  }

  /** A TOTP code (6 digits, each time step once) or an unused recovery code; records its use. */
  async function useCode(personId: string, code: string): Promise<'totp' | 'recovery' | null> {
    const repo = createSecurityRepository(database.db);
    const factor = await repo.totpFactor(personId);
    if (!factor?.confirmedAt) return null;
    const now = clock.now();
    if (/^\s*\d{3}\s?\d{3}\s*$/.test(code)) {
      const secret = secretOf(factor.secretSealed);
      const step = secret ? matchTotp(secret, code, unixNow(), factor.lastStep) : null;
      // The conditional update refuses a step another request has just used.
      return step !== null && (await repo.useStep(personId, step, now)) ? 'totp' : null;
    }
    return (await repo.useRecoveryCode(personId, recoveryDigest(code), now)) ? 'recovery' : null;
  }

  async function audit(personId: string, action: string): Promise<void> {
    await database.transaction((trx) =>
      createAuditRepository(trx, database.dialect).append({ actorId: personId, action, subjectType: 'person', subjectId: personId, at: clock.now() }),
    );
  }

  return {
    async status(personId: string): Promise<TwoFactorStatus> {
      const repo = createSecurityRepository(database.db);
      const factor = await repo.totpFactor(personId);
      if (factor?.confirmedAt) return { enabled: true, pending: null, recoveryCodesLeft: await repo.recoveryCodesLeft(personId) };
      const secret = factor ? secretOf(factor.secretSealed) : null;
      if (!secret) return { enabled: false, pending: null, recoveryCodesLeft: 0 };
      const person = await createPeopleRepository(database.db).findById(personId);
      const uri = otpauthUri({ issuer: await associationName(database.db), account: person?.email ?? personId, secret });
      return { enabled: false, pending: { secret, uri }, recoveryCodesLeft: 0 };
    },

    /** A fresh pending secret (replacing an unconfirmed one); refused while a factor is enabled. */
    async start(actor: Actor): Promise<void> {
      const personId = actor.personId!;
      const repo = createSecurityRepository(database.db);
      if ((await repo.totpFactor(personId))?.confirmedAt) throw new AppError('illegal_transition', 'A second factor is already enabled: disable it first');
      await repo.savePendingFactor(personId, keysOf(config).seal('totp', newTotpSecret()), clock.now());
    },

    /** Confirms enrolment with a first code; returns the recovery codes, shown this once. */
    async confirm(actor: Actor, code: string, ip: string): Promise<string[]> {
      const personId = actor.personId!;
      const repo = createSecurityRepository(database.db);
      const factor = await repo.totpFactor(personId);
      if (!factor || factor.confirmedAt) throw new AppError('illegal_transition', 'Start the set-up first');
      const step = await throttled(personId, ip, async () => {
        const secret = secretOf(factor.secretSealed);
        return secret ? matchTotp(secret, code, unixNow()) : null;
      });
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
      const now = clock.now();
      await database.transaction(async (trx) => {
        const tx = createSecurityRepository(trx);
        if (!(await tx.confirmFactor(personId, step, now))) throw new AppError('illegal_transition', 'Start the set-up first');
        await tx.replaceRecoveryCodes(personId, codes.map(recoveryDigest), now);
        await createAuditRepository(trx, database.dialect).append({
          actorId: personId,
          action: 'second_factor.enabled',
          subjectType: 'person',
          subjectId: personId,
          at: now,
        });
      });
      // A right code here does not clear the account's failures: a stolen session could otherwise
      // enrol a secret of its own, again and again, to reset the count between password guesses.
      return codes;
    },

    /** Turns the second factor off, proven by a current code (or a recovery code). */
    async disable(actor: Actor, code: string, ip: string): Promise<void> {
      const personId = actor.personId!;
      const repo = createSecurityRepository(database.db);
      if (!(await repo.totpFactor(personId))?.confirmedAt) throw new AppError('illegal_transition', 'No second factor is enabled');
      await throttled(personId, ip, () => useCode(personId, code));
      await database.transaction(async (trx) => {
        await createSecurityRepository(trx).deleteFactor(personId);
        await createAuditRepository(trx, database.dialect).append({
          actorId: personId,
          action: 'second_factor.disabled',
          subjectType: 'person',
          subjectId: personId,
          at: clock.now(),
        });
      });
    },

    /** Ten new recovery codes in place of the old ones (used up, or written down somewhere unsafe), proven by a current code. */
    async renewRecoveryCodes(actor: Actor, code: string, ip: string): Promise<string[]> {
      const personId = actor.personId!;
      const repo = createSecurityRepository(database.db);
      if (!(await repo.totpFactor(personId))?.confirmedAt) throw new AppError('illegal_transition', 'No second factor is enabled');
      await throttled(personId, ip, () => useCode(personId, code));
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
      const now = clock.now();
      await database.transaction(async (trx) => {
        await createSecurityRepository(trx).replaceRecoveryCodes(personId, codes.map(recoveryDigest), now);
        await createAuditRepository(trx, database.dialect).append({
          actorId: personId,
          action: 'second_factor.recovery_codes_renewed',
          subjectType: 'person',
          subjectId: personId,
          at: now,
        });
      });
      return codes;
    },

    async enabled(personId: string): Promise<boolean> {
      return Boolean((await createSecurityRepository(database.db).totpFactor(personId))?.confirmedAt);
    },

    /** The login's second step: true when the code is right and unused (the caller throttles). */
    async verifyAtLogin(personId: string, code: string): Promise<boolean> {
      const used = await useCode(personId, code);
      if (used === 'recovery') await audit(personId, 'second_factor.recovery_used');
      return used !== null;
    },
  };
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;
