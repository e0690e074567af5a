import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { newId } from '../../platform/ids.js';

/** How an address came to count as verified (see docs/security.md, "Changing a login email"). */
export type VerifiedBy = 'existing' | 'setup' | 'cli' | 'confirmed' | 'password_reset';

export interface PendingEmailChange {
  id: string;
  personId: string;
  oldEmail: string;
  newEmail: string;
  newEmailNormalized: string;
  proposedBy: string | null;
  createdAt: string;
  expiresAt: string;
}

export interface VerifiedAddress {
  email: string;
  from: string;
  until: string | null;
  by: string;
}

type Row = DB['email_changes'];

const toPending = (r: Row): PendingEmailChange => ({
  id: r.id,
  personId: r.person_id,
  oldEmail: r.old_email,
  newEmail: r.new_email,
  newEmailNormalized: r.new_email_normalized,
  proposedBy: r.proposed_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

/**
 * The rule "an address belongs to a person only while they had verified it", as a condition a
 * query about a record can use: true when `personId` held the address in `addressColumn` verified
 * at the instant in `atColumn` (the record's creation). Records are matched by address through
 * this, and never by the person's current address.
 */
export function heldVerifiedAt(
  personId: string,
  addressColumn: 'mail_log.to_address' | 'requests.requester_email_normalized',
  atColumn: 'mail_log.created_at' | 'requests.created_at',
) {
  return sql<SqlBool>`exists (
    select 1 from person_emails
    where person_emails.person_id = ${personId}
      and person_emails.email_normalized = ${sql.ref(addressColumn)}
      and person_emails.verified_from <= ${sql.ref(atColumn)}
      and (person_emails.verified_until is null or person_emails.verified_until > ${sql.ref(atColumn)})
  )`;
}

export function createEmailRepository(db: Kysely<DB>) {
  return {
    /** The change waiting for confirmation, if any (expired ones included: the caller compares with now). */
    async pendingOf(personId: string): Promise<PendingEmailChange | undefined> {
      const row = await db.selectFrom('email_changes').selectAll().where('person_id', '=', personId).where('status', '=', 'pending').executeTakeFirst();
      return row ? toPending(row) : undefined;
    },

    /** A pending, unexpired change by the digest of one of its links. */
    async liveByHash(kind: 'confirm' | 'cancel', hash: string, now: string): Promise<PendingEmailChange | undefined> {
      const row = await db
        .selectFrom('email_changes')
        .selectAll()
        .where(kind === 'confirm' ? 'confirm_hash' : 'cancel_hash', '=', hash)
        .where('status', '=', 'pending')
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row ? toPending(row) : undefined;
    },

    /** How many changes this person (or staff for them) proposed since `since`: the mailing throttle. */
    async proposedSince(personId: string, since: string): Promise<number> {
      const row = await db
        .selectFrom('email_changes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('person_id', '=', personId)
        .where('created_at', '>', since)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async insert(row: Omit<Row, 'status' | 'ended_at'>): Promise<void> {
      await db
        .insertInto('email_changes')
        .values({ ...row, status: 'pending', ended_at: null })
        .execute();
    },

    /** Ends the person's pending change, if any; false when there was none (or another request ended it first). */
    async end(id: string, status: 'confirmed' | 'cancelled' | 'replaced', at: string): Promise<boolean> {
      const r = await db.updateTable('email_changes').set({ status, ended_at: at }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async endAllOf(personId: string, status: 'cancelled' | 'replaced', at: string): Promise<number> {
      const r = await db
        .updateTable('email_changes')
        .set({ status, ended_at: at })
        .where('person_id', '=', personId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    /** Whether the person holds this address verified now. */
    async isVerifiedNow(personId: string, emailNormalized: string): Promise<boolean> {
      const row = await db
        .selectFrom('person_emails')
        .select('id')
        .where('person_id', '=', personId)
        .where('email_normalized', '=', emailNormalized)
        .where('verified_until', 'is', null)
        .executeTakeFirst();
      return row !== undefined;
    },

    /**
     * From `at` on, the person holds `emailNormalized` verified, and no other address: any other
     * open interval ends at `at`. Nothing changes when that address is already held.
     */
    async holdVerified(personId: string, emailNormalized: string, by: VerifiedBy, at: string): Promise<void> {
      if (await this.isVerifiedNow(personId, emailNormalized)) return;
      await db.updateTable('person_emails').set({ verified_until: at }).where('person_id', '=', personId).where('verified_until', 'is', null).execute();
      await db
        .insertInto('person_emails')
        .values({ id: newId(), person_id: personId, email_normalized: emailNormalized, verified_from: at, verified_until: null, verified_by: by })
        .execute();
    },

    /** Ends the verified interval of whatever address the person holds (their address changed without verification). */
    async releaseAll(personId: string, at: string): Promise<void> {
      await db.updateTable('person_emails').set({ verified_until: at }).where('person_id', '=', personId).where('verified_until', 'is', null).execute();
    },

    async historyOf(personId: string): Promise<VerifiedAddress[]> {
      const rows = await db.selectFrom('person_emails').selectAll().where('person_id', '=', personId).orderBy('verified_from').orderBy('id').execute();
      return rows.map((r) => ({ email: r.email_normalized, from: r.verified_from, until: r.verified_until, by: r.verified_by }));
    },

    /** Erasure: the address history and every proposed change go, with the addresses they name. */
    async forget(personId: string): Promise<{ addresses: number; emailChanges: number }> {
      const a = await db.deleteFrom('person_emails').where('person_id', '=', personId).executeTakeFirst();
      const c = await db.deleteFrom('email_changes').where('person_id', '=', personId).executeTakeFirst();
      return { addresses: Number(a.numDeletedRows), emailChanges: Number(c.numDeletedRows) };
    },
  };
}

export type EmailRepository = ReturnType<typeof createEmailRepository>;
