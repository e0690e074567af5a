import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { newId } from '../../platform/ids.js';

export interface TotpFactorRow {
  secretSealed: string;
  confirmedAt: string | null;
  lastStep: number | null;
}

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
}

/** Throttling counters, second factors, recovery codes and pending logins: the tables of migration 2026-12-05. */
export function createSecurityRepository(db: Kysely<DB>) {
  return {
    /**
     * Counts one attempt against a key and returns the key's count, in one statement: an upsert
     * that starts a new window when the key's last one began at or before `windowStart`. Both
     * databases apply it under the row's lock, so concurrent attempts each see a different count
     * and no more than the limit can read one below it.
     */
    async countAttempt(keyHash: string, now: string, windowStart: string): Promise<{ attempts: number; windowStartedAt: string }> {
      const expired = sql<boolean>`${sql.ref('attempt_counters.window_started_at')} <= ${windowStart}`;
      const row = await db
        .insertInto('attempt_counters')
        .values({ key_hash: keyHash, window_started_at: now, attempts: 1 })
        .onConflict((oc) =>
          oc.column('key_hash').doUpdateSet({
            attempts: sql<number>`case when ${expired} then 1 else ${sql.ref('attempt_counters.attempts')} + 1 end`,
            window_started_at: sql<string>`case when ${expired} then ${now} else ${sql.ref('attempt_counters.window_started_at')} end`,
          }),
        )
        .returning(['attempts', 'window_started_at'])
        .executeTakeFirstOrThrow();
      return { attempts: Number(row.attempts), windowStartedAt: row.window_started_at };
    },

    /** Gives back an attempt that turned out not to be a failure (a right password, a refused try), within the same window only. */
    async refundAttempt(keyHash: string, windowStartedAt: string): Promise<void> {
      await db
        .updateTable('attempt_counters')
        .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
        .where('key_hash', '=', keyHash)
        .where('window_started_at', '=', windowStartedAt)
        .where('attempts', '>', 0)
        .execute();
    },

    async clearAttempts(keyHash: string): Promise<void> {
      await db.deleteFrom('attempt_counters').where('key_hash', '=', keyHash).execute();
    },

    /** Forgets counters whose window has passed: the table holds at most one window of keys. */
    async pruneAttempts(windowStart: string): Promise<void> {
      await db.deleteFrom('attempt_counters').where('window_started_at', '<=', windowStart).execute();
    },

    async totpFactor(personId: string): Promise<TotpFactorRow | undefined> {
      const row = await db.selectFrom('totp_factors').selectAll().where('person_id', '=', personId).executeTakeFirst();
      return row && { secretSealed: row.secret_sealed, confirmedAt: row.confirmed_at, lastStep: row.last_step === null ? null : Number(row.last_step) };
    },

    /** A new pending secret, replacing any earlier pending one (never a confirmed one: the caller checks). */
    async savePendingFactor(personId: string, secretSealed: string, now: string): Promise<void> {
      await db.deleteFrom('totp_factors').where('person_id', '=', personId).where('confirmed_at', 'is', null).execute();
      await db
        .insertInto('totp_factors')
        .values({ person_id: personId, secret_sealed: secretSealed, confirmed_at: null, last_step: null, created_at: now, updated_at: now })
        .execute();
    },

    async confirmFactor(personId: string, step: number, now: string): Promise<boolean> {
      const r = await db
        .updateTable('totp_factors')
        .set({ confirmed_at: now, last_step: step, updated_at: now })
        .where('person_id', '=', personId)
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Records `step` as used; false when it (or a later one) already was: a replayed code. */
    async useStep(personId: string, step: number, now: string): Promise<boolean> {
      const r = await db
        .updateTable('totp_factors')
        .set({ last_step: step, updated_at: now })
        .where('person_id', '=', personId)
        .where((w) => w.or([w('last_step', 'is', null), w('last_step', '<', step)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async deleteFactor(personId: string): Promise<void> {
      await db.deleteFrom('totp_recovery_codes').where('person_id', '=', personId).execute();
      await db.deleteFrom('totp_factors').where('person_id', '=', personId).execute();
    },

    async replaceRecoveryCodes(personId: string, hashes: string[], now: string): Promise<void> {
      await db.deleteFrom('totp_recovery_codes').where('person_id', '=', personId).execute();
      if (hashes.length === 0) return;
      await db
        .insertInto('totp_recovery_codes')
        .values(hashes.map((h) => ({ id: newId(), person_id: personId, code_hash: h, created_at: now, used_at: null })))
        .execute();
    },

    /** Spends one recovery code; false when it is unknown or already spent. */
    async useRecoveryCode(personId: string, hash: string, now: string): Promise<boolean> {
      const r = await db
        .updateTable('totp_recovery_codes')
        .set({ used_at: now })
        .where('person_id', '=', personId)
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async recoveryCodesLeft(personId: string): Promise<number> {
      const row = await db
        .selectFrom('totp_recovery_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('person_id', '=', personId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async createChallenge(c: { id: string; personId: string; now: string; expiresAt: string }): Promise<void> {
      await db.deleteFrom('login_challenges').where('expires_at', '<=', c.now).execute();
      await db.insertInto('login_challenges').values({ id: c.id, person_id: c.personId, created_at: c.now, expires_at: c.expiresAt, used_at: null }).execute();
    },

    async liveChallenge(id: string, now: string): Promise<{ personId: string } | undefined> {
      const row = await db
        .selectFrom('login_challenges')
        .select('person_id')
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row && { personId: row.person_id };
    },

    async useChallenge(id: string, now: string): Promise<boolean> {
      const r = await db
        .updateTable('login_challenges')
        .set({ used_at: now })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async liveSessionsOf(personId: string, now: string): Promise<SessionView[]> {
      const rows = await db
        .selectFrom('sessions')
        .select(['id', 'created_at', 'last_seen_at', 'user_agent'])
        .where('person_id', '=', personId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('last_seen_at', 'desc')
        .execute();
      return rows.map((r) => ({ id: r.id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, userAgent: r.user_agent }));
    },
  };
}

export type SecurityRepository = ReturnType<typeof createSecurityRepository>;
