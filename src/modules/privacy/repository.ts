import type { Kysely, Updateable } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { bool, chunks } from './chunks.js';
import { createExportRepository } from './export-repository.js';
import { heldVerifiedAt } from '../people/email-repository.js';
import { createMailRepository } from '../../platform/mail/repository.js';

export type { ExportedAuditEntry } from './export-repository.js';

/**
 * What erasure and retention change, beside the export's reads (export-repository.ts). The
 * accounts tables (identities, login sessions, tokens, resets) are emptied here rather than through
 * the accounts module, which knows nothing of erasure.
 */
export function createPrivacyRepository(db: Kysely<DB>) {
  return {
    ...createExportRepository(db),
    async erasureFacts(id: string, today: string) {
      const [person, office, admin, admins, membership, open] = await Promise.all([
        db.selectFrom('people').select(['erased_at', 'version', 'display_name', 'email_normalized']).where('id', '=', id).executeTakeFirst(),
        db
          .selectFrom('bureau_offices')
          .select('id')
          .where('person_id', '=', id)
          .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', today)]))
          .executeTakeFirst(),
        db.selectFrom('administrators').select('person_id').where('person_id', '=', id).executeTakeFirst(),
        db
          .selectFrom('administrators')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
        db.selectFrom('memberships').select('id').where('person_id', '=', id).where('status', 'in', ['active', 'lapsing']).executeTakeFirst(),
        db.selectFrom('applications').select('id').where('person_id', '=', id).where('status', 'in', ['submitted', 'scheduled', 'deferred']).executeTakeFirst(),
      ]);
      if (!person) return undefined;
      return {
        version: Number(person.version),
        displayName: person.display_name,
        emailNormalized: person.email_normalized,
        facts: {
          erasedAt: person.erased_at,
          bureauOffice: office !== undefined,
          isAdmin: admin !== undefined,
          administrators: Number(admins.n),
          member: membership !== undefined,
          openApplication: open !== undefined,
        },
      };
    },

    /** Pseudonymises the record, if nobody changed it since `version` was read. */
    async pseudonymise(id: string, version: number, fields: Updateable<DB['people']>, at: string, by: string | null): Promise<boolean> {
      const r = await db
        .updateTable('people')
        .set({ ...fields, updated_at: at, erased_at: at, erased_by: by, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Every way to sign in as the person: identities, second factor, login sessions, API tokens, reset links. */
    async removeAccess(id: string) {
      const count = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
      return {
        identities: count(await db.deleteFrom('identities').where('person_id', '=', id).executeTakeFirst()),
        sessions: count(await db.deleteFrom('sessions').where('person_id', '=', id).executeTakeFirst()),
        apiTokens: count(await db.deleteFrom('api_tokens').where('person_id', '=', id).executeTakeFirst()),
        passwordResets: count(await db.deleteFrom('password_resets').where('person_id', '=', id).executeTakeFirst()),
        secondFactor: count(await db.deleteFrom('totp_factors').where('person_id', '=', id).executeTakeFirst()),
        recoveryCodes: count(await db.deleteFrom('totp_recovery_codes').where('person_id', '=', id).executeTakeFirst()),
        loginChallenges: count(await db.deleteFrom('login_challenges').where('person_id', '=', id).executeTakeFirst()),
        administrator: count(await db.deleteFrom('administrators').where('person_id', '=', id).executeTakeFirst()),
        forgeAccounts: count(await db.deleteFrom('forge_accounts').where('person_id', '=', id).executeTakeFirst()),
      };
    },

    /** Current team roles end today (`until` is the first day no longer held); the history stays. */
    async endTeamRoles(id: string, today: string): Promise<number> {
      const r = await db.updateTable('team_roles').set({ until: today }).where('person_id', '=', id).where('until', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    /** The motivation of every application of the person goes; the rows, outcomes and decisions stay. */
    async purgeMotivationsOf(id: string, at: string): Promise<number> {
      const r = await db
        .updateTable('applications')
        .set({ motivation: '', purged_at: at, updated_at: at })
        .where('person_id', '=', id)
        .where('purged_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    /**
     * Mails to the person keep their kind, dates and status, lose address, subject and text; a
     * mail still waiting is not sent (its outbox event is closed, the log says why).
     */
    async redactMailsTo(id: string, placeholder: string, at: string): Promise<number> {
      const rows = await db
        .selectFrom('mail_log')
        .select(['id', 'status', 'letter_id'])
        .where((eb) => eb.or([eb('person_id', '=', id), heldVerifiedAt(id, 'mail_log.to_address', 'mail_log.created_at')]))
        .execute();
      for (const part of chunks(rows.filter((r) => r.status === 'queued').map((r) => r.id))) {
        await db.updateTable('mail_log').set({ status: 'failed', last_error: 'recipient erased' }).where('id', 'in', part).execute();
        await db
          .updateTable('outbox')
          .set({ delivered_at: at, dead_at: null, claimed_by: null, last_error: 'recipient erased' })
          .where('topic', '=', 'mail.send')
          .where('subject_id', 'in', part)
          .where('delivered_at', 'is', null)
          .execute();
      }
      const letters = new Set(rows.map((r) => r.letter_id).filter((l) => l !== null));
      for (const part of chunks(rows.map((r) => r.id))) {
        await db
          .updateTable('mail_log')
          .set({
            to_address: placeholder,
            person_id: id,
            subject: '',
            body_text: '',
            body_html: null,
            attachments: null,
            secret_payload: null,
            // Their own words in a letter (their name): the letter itself says nothing of them.
            letter_id: null,
            letter_fields: null,
          })
          .where('id', 'in', part)
          .execute();
      }
      await createMailRepository(db).dropLettersWithoutMails([...letters]);
      return rows.length;
    },

    /** Rooms in use, to remove the person's former handles from them. */
    async rooms() {
      return db.selectFrom('rooms').select(['id', 'provider']).where('archived_at', 'is', null).execute();
    },

    /**
     * Chat handles in the delivery log of erased people, for providers that list a room's members
     * themselves (a webhook's handle is the person's id, and its log is the only record of who is in).
     */
    async redactErasedHandles(): Promise<number> {
      const r = await db
        .updateTable('room_deliveries')
        .set({ handle: 'erased' })
        .where('handle', '<>', 'erased')
        .where('person_id', 'in', (eb) => eb.selectFrom('people').select('people.id').where('people.erased_at', 'is not', null))
        .where('room_id', 'in', (eb) => eb.selectFrom('rooms').select('rooms.id').where('rooms.provider', '<>', 'webhook'))
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    // -----------------------------------------------------------------------------------------
    // Retention

    /** Rejected and withdrawn applications whose retention started before `before`, not yet purged. */
    async applicationsDue(before: string) {
      const rows = await db
        .selectFrom('applications')
        .select((eb) => [
          'applications.id',
          'applications.status',
          'applications.decided_at',
          'applications.withdrawn_at',
          'applications.purged_at',
          eb
            .or([
              eb.exists(eb.selectFrom('agenda_items').select('agenda_items.id').whereRef('agenda_items.application_id', '=', 'applications.id')),
              eb.exists(eb.selectFrom('decisions').select('decisions.id').whereRef('decisions.application_id', '=', 'applications.id')),
            ])
            .as('referenced'),
        ])
        .where('applications.purged_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb.and([eb('applications.status', '=', 'rejected'), eb('applications.decided_at', '<', before)]),
            eb.and([eb('applications.status', '=', 'withdrawn'), eb('applications.withdrawn_at', '<', before)]),
          ]),
        )
        .orderBy('applications.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        status: r.status,
        decidedAt: r.decided_at,
        withdrawnAt: r.withdrawn_at,
        purgedAt: r.purged_at,
        referenced: bool(r.referenced),
      }));
    },

    async blankMotivations(ids: string[], at: string): Promise<void> {
      for (const part of chunks(ids)) {
        await db
          .updateTable('applications')
          .set({ motivation: '', purged_at: at, updated_at: at })
          .where('id', 'in', part)
          .where('purged_at', 'is', null)
          .execute();
      }
    },

    async deleteApplications(ids: string[]): Promise<void> {
      for (const part of chunks(ids)) await db.deleteFrom('applications').where('id', 'in', part).execute();
    },

    /** Mails sent, logged or given up, written before `before`. */
    async mailsDue(before: string) {
      return db
        .selectFrom('mail_log')
        .select(['id', 'status', 'created_at'])
        .where('created_at', '<', before)
        .where('status', 'in', ['sent', 'failed', 'logged'])
        .orderBy('id')
        .execute();
    },

    /** Deletes the mails and their sending events, whatever became of those (a dead letter would retry a mail that is gone). */
    async deleteMails(ids: string[]): Promise<void> {
      const letters = new Set<string>();
      for (const part of chunks(ids)) {
        const named = await db.selectFrom('mail_log').select('letter_id').distinct().where('id', 'in', part).where('letter_id', 'is not', null).execute();
        for (const { letter_id } of named) letters.add(letter_id!);
        await db.deleteFrom('outbox').where('topic', '=', 'mail.send').where('subject_id', 'in', part).execute();
        await db.deleteFrom('mail_log').where('id', 'in', part).execute();
      }
      // A letter goes with its last mail.
      await createMailRepository(db).dropLettersWithoutMails([...letters]);
    },

    /** Outbox events delivered before `before`: their payloads name people and handles; nothing reads them any more. */
    async deleteDeliveredEvents(before: string): Promise<number> {
      const r = await db.deleteFrom('outbox').where('delivered_at', 'is not', null).where('delivered_at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    /** Login sessions that ended (expired or revoked), and reset links that expired, before `before`. */
    async deleteEndedAccess(before: string): Promise<{ sessions: number; passwordResets: number }> {
      const sessions = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
        .executeTakeFirst();
      const resets = await db.deleteFrom('password_resets').where('expires_at', '<', before).executeTakeFirst();
      return { sessions: Number(sessions.numDeletedRows), passwordResets: Number(resets.numDeletedRows) };
    },
  };
}

export type PrivacyRepository = ReturnType<typeof createPrivacyRepository>;
