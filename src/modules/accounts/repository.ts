import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import type { Office } from '../../platform/auth/actor.js';
import { newId } from '../../platform/ids.js';

export interface RoleFacts {
  isAdmin: boolean;
  office: Office | null;
  teamIds: string[];
  leadOf: string[];
  isMember: boolean;
}

export interface ApiTokenView {
  id: string;
  label: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function createAccountsRepository(db: Kysely<DB>) {
  return {
    async countAdministrators(): Promise<number> {
      const row = await db
        .selectFrom('administrators')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async addAdministrator(personId: string, since: string, grantedBy: string | null): Promise<void> {
      await db.insertInto('administrators').values({ person_id: personId, since, granted_by: grantedBy }).execute();
    },

    async isAdministrator(personId: string): Promise<boolean> {
      return (await db.selectFrom('administrators').select('person_id').where('person_id', '=', personId).executeTakeFirst()) !== undefined;
    },

    async passwordIdentity(subject: string) {
      return db
        .selectFrom('identities')
        .select(['id', 'person_id', 'secret_hash'])
        .where('provider', '=', 'password')
        .where('subject', '=', subject)
        .executeTakeFirst();
    },

    async passwordIdentityOf(personId: string) {
      return db.selectFrom('identities').select(['id', 'subject']).where('provider', '=', 'password').where('person_id', '=', personId).executeTakeFirst();
    },

    async upsertPasswordIdentity(personId: string, subject: string, secretHash: string, now: string): Promise<void> {
      const existing = await db.selectFrom('identities').select('id').where('provider', '=', 'password').where('person_id', '=', personId).executeTakeFirst();
      if (existing) {
        await db.updateTable('identities').set({ subject, secret_hash: secretHash, updated_at: now }).where('id', '=', existing.id).execute();
      } else {
        await db
          .insertInto('identities')
          .values({ id: newId(), person_id: personId, provider: 'password', subject, secret_hash: secretHash, created_at: now, updated_at: now })
          .execute();
      }
    },

    /** Keeps the login identifier in step when a person's email changes. */
    async renamePasswordSubject(personId: string, subject: string, now: string): Promise<void> {
      await db.updateTable('identities').set({ subject, updated_at: now }).where('provider', '=', 'password').where('person_id', '=', personId).execute();
    },

    async createSession(s: { id: string; personId: string; now: string; expiresAt: string; userAgent: string | null }): Promise<void> {
      await db
        .insertInto('sessions')
        .values({ id: s.id, person_id: s.personId, created_at: s.now, expires_at: s.expiresAt, last_seen_at: s.now, revoked_at: null, user_agent: s.userAgent })
        .execute();
    },

    async liveSession(id: string, now: string) {
      return db
        .selectFrom('sessions')
        .select(['id', 'person_id', 'last_seen_at'])
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
    },

    async touchSession(id: string, now: string): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    },

    async revokeSession(id: string, now: string): Promise<void> {
      await db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    },

    /** Ends every open session of a person; returns how many were open. */
    async revokeAllSessions(personId: string, now: string): Promise<number> {
      const r = await db.updateTable('sessions').set({ revoked_at: now }).where('person_id', '=', personId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    async createToken(t: { id: string; personId: string; label: string; hash: string; prefix: string; now: string }): Promise<void> {
      await db
        .insertInto('api_tokens')
        .values({
          id: t.id,
          person_id: t.personId,
          label: t.label,
          token_hash: t.hash,
          prefix: t.prefix,
          created_at: t.now,
          last_used_at: null,
          revoked_at: null,
        })
        .execute();
    },

    async liveToken(hash: string) {
      return db
        .selectFrom('api_tokens')
        .select(['id', 'person_id', 'last_used_at'])
        .where('token_hash', '=', hash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
    },

    async touchToken(id: string, now: string): Promise<void> {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
    },

    async tokensOf(personId: string): Promise<ApiTokenView[]> {
      const rows = await db.selectFrom('api_tokens').selectAll().where('person_id', '=', personId).orderBy('id', 'desc').execute();
      return rows.map((r) => ({ id: r.id, label: r.label, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
    },

    async revokeToken(personId: string, id: string, now: string): Promise<boolean> {
      const r = await db
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('person_id', '=', personId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** A one-time password link: a reset asked for, or an invitation sent by `createdBy`. */
    async createReset(r: {
      id: string;
      personId: string;
      hash: string;
      now: string;
      expiresAt: string;
      purpose?: 'reset' | 'invitation';
      createdBy?: string | null;
    }): Promise<void> {
      await db
        .insertInto('password_resets')
        .values({
          id: r.id,
          person_id: r.personId,
          token_hash: r.hash,
          created_at: r.now,
          expires_at: r.expiresAt,
          used_at: null,
          purpose: r.purpose ?? 'reset',
          created_by: r.createdBy ?? null,
        })
        .execute();
    },

    /**
     * What inviting many people at once needs of each (at most a few hundred ids): who they are,
     * in which language, and whether they already have a password. Erased people are left out.
     */
    async invitees(personIds: string[]) {
      if (personIds.length === 0) return [];
      const rows = await db
        .selectFrom('people')
        .leftJoin('identities', (j) => j.onRef('identities.person_id', '=', 'people.id').on('identities.provider', '=', 'password'))
        .select(['people.id as id', 'people.email as email', 'people.display_name as displayName', 'people.locale as locale', 'identities.id as passwordId'])
        .where('people.id', 'in', personIds)
        .where('people.erased_at', 'is', null)
        .execute();
      return rows.map((r) => ({ id: r.id, email: r.email, displayName: r.displayName, locale: r.locale, hasPassword: r.passwordId !== null }));
    },

    /** expireUnusedInvitations and createReset for a batch of people: one update, one multi-row insert. */
    async replaceInvitations(list: { id: string; personId: string; hash: string; expiresAt: string; createdBy: string | null }[], now: string): Promise<void> {
      if (list.length === 0) return;
      await db
        .updateTable('password_resets')
        .set({ expires_at: now })
        .where(
          'person_id',
          'in',
          list.map((r) => r.personId),
        )
        .where('purpose', '=', 'invitation')
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .execute();
      await db
        .insertInto('password_resets')
        .values(
          list.map((r) => ({
            id: r.id,
            person_id: r.personId,
            token_hash: r.hash,
            created_at: now,
            expires_at: r.expiresAt,
            used_at: null,
            purpose: 'invitation',
            created_by: r.createdBy,
          })),
        )
        .execute();
    },

    /** Erased people have no way in, and get none back (docs/privacy.md). */
    async isErased(personId: string): Promise<boolean> {
      const row = await db.selectFrom('people').select('erased_at').where('id', '=', personId).executeTakeFirst();
      return row?.erased_at != null;
    },

    /**
     * What a person page says of someone's way in, in one statement (the page's query budget):
     * whether they have a password, and their newest invitation, used or not.
     */
    async accessOf(personId: string) {
      const row = await db
        .selectFrom('people')
        .leftJoin('password_resets as pr', (join) =>
          join
            .onRef('pr.person_id', '=', 'people.id')
            .on('pr.purpose', '=', 'invitation')
            .on((eb) =>
              eb(
                'pr.created_at',
                '=',
                eb
                  .selectFrom('password_resets')
                  .select((e) => e.fn.max('created_at').as('m'))
                  .whereRef('person_id', '=', 'people.id')
                  .where('purpose', '=', 'invitation'),
              ),
            ),
        )
        .select((eb) => [
          eb.exists(eb.selectFrom('identities').select('id').where('provider', '=', 'password').whereRef('person_id', '=', 'people.id')).as('hasPassword'),
          'pr.created_at as sentAt',
          'pr.expires_at as expiresAt',
          'pr.used_at as usedAt',
        ])
        .where('people.id', '=', personId)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        hasPassword: Boolean(Number(row.hasPassword)),
        last: row.sentAt && row.expiresAt ? { sentAt: row.sentAt, expiresAt: row.expiresAt, usedAt: row.usedAt ?? null } : null,
      };
    },

    /** A new invitation voids the earlier ones not used yet: only the newest link works. */
    async expireUnusedInvitations(personId: string, at: string): Promise<void> {
      await db
        .updateTable('password_resets')
        .set({ expires_at: at })
        .where('person_id', '=', personId)
        .where('purpose', '=', 'invitation')
        .where('used_at', 'is', null)
        .where('expires_at', '>', at)
        .execute();
    },

    async liveReset(hash: string, now: string) {
      return db
        .selectFrom('password_resets')
        .select(['id', 'person_id', 'purpose'])
        .where('token_hash', '=', hash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
    },

    /** Reset links not used yet stop working: they were mailed to an address that is no longer the login. */
    async expireUnusedResets(personId: string, at: string): Promise<void> {
      await db
        .updateTable('password_resets')
        .set({ expires_at: at })
        .where('person_id', '=', personId)
        .where('used_at', 'is', null)
        .where('expires_at', '>', at)
        .execute();
    },

    async useReset(id: string, now: string): Promise<boolean> {
      const r = await db.updateTable('password_resets').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /**
     * Who is asking, in two queries (every request resolves its actor: this is the hot path): the
     * person with their administrator, office and membership facts as scalar subqueries, and their
     * current team roles.
     */
    async actorFacts(personId: string, today: string): Promise<(RoleFacts & { displayName: string; locale: string; hasSecondFactor: boolean }) | undefined> {
      const [row, teams] = await Promise.all([
        db
          .selectFrom('people')
          .select((eb) => [
            'people.display_name as displayName',
            'people.locale as locale',
            eb.exists(eb.selectFrom('administrators').select('administrators.person_id').whereRef('administrators.person_id', '=', 'people.id')).as('isAdmin'),
            eb
              .selectFrom('bureau_offices')
              .select('bureau_offices.office')
              .whereRef('bureau_offices.person_id', '=', 'people.id')
              .where('bureau_offices.since', '<=', today)
              .where((w) => w.or([w('bureau_offices.until', 'is', null), w('bureau_offices.until', '>', today)]))
              .orderBy('bureau_offices.since', 'desc')
              .limit(1)
              .as('office'),
            eb
              .exists(
                eb
                  .selectFrom('memberships')
                  .select('memberships.id')
                  .whereRef('memberships.person_id', '=', 'people.id')
                  .where('memberships.status', 'in', ['active', 'lapsing']),
              )
              .as('isMember'),
            eb
              .exists(
                eb
                  .selectFrom('totp_factors')
                  .select('totp_factors.person_id')
                  .whereRef('totp_factors.person_id', '=', 'people.id')
                  .where('totp_factors.confirmed_at', 'is not', null),
              )
              .as('hasSecondFactor'),
          ])
          .where('people.id', '=', personId)
          .executeTakeFirst(),
        db.selectFrom('team_roles').select(['team_id', 'role']).where('person_id', '=', personId).where('until', 'is', null).execute(),
      ]);
      if (!row) return undefined;
      return {
        displayName: row.displayName,
        locale: row.locale,
        // SQLite answers 0/1, PostgreSQL true/false.
        isAdmin: Boolean(Number(row.isAdmin) || row.isAdmin === true),
        office: (row.office as RoleFacts['office']) ?? null,
        teamIds: [...new Set(teams.map((t) => t.team_id))],
        leadOf: teams.filter((t) => t.role === 'lead').map((t) => t.team_id),
        isMember: Boolean(Number(row.isMember) || row.isMember === true),
        hasSecondFactor: Boolean(Number(row.hasSecondFactor) || row.hasSecondFactor === true),
      };
    },
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
