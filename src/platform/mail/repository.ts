import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, MailLogTable } from '../schema.js';
import { newId } from '../ids.js';
import { isLocale, type Locale } from '../i18n/index.js';
import { createOutboxRepository } from '../outbox/repository.js';
import type { OutboxMessage } from '../outbox/topics.js';
import type { MailAttachment } from '../../integrations/smtp.js';
import type { Keyring } from '../auth/keys.js';
import { linkHtml, renderMailHtml } from './render.js';
import { checkSecretPayload, fillSecretLinks, withholdSecretLinks, type SecretPayload } from './secret-links.js';
import { createSettingsRepository } from '../settings/repository.js';
import { associationName } from '../settings/identity.js';

export type { MailAttachment } from '../../integrations/smtp.js';

/**
 * queued: waits for the SMTP server; sent: the server took it; failed: given up (the outbox event
 * went to the dead letters); logged: no SMTP server is configured, so the log is the delivery.
 */
export type MailStatus = 'queued' | 'sent' | 'failed' | 'logged';

export interface Mail {
  id: string;
  to: string;
  personId: string | null;
  kind: string;
  subject: string;
  body: string;
  createdAt: string;
  /** When the SMTP server took it, or when it was logged without one. */
  sentAt: string | null;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  /** The language it was written in (null for mails logged before the log kept it). */
  locale: Locale | null;
  hasHtml: boolean;
}

/** One mail with its HTML version and attachments, as the delivery sends it (secret links in place). */
export interface MailMessage extends Mail {
  html: string | null;
  attachments: MailAttachment[];
}

/** Delivery cannot read the secret links: sealed under another EQUIPAGE_SECRET, or altered. */
export class UnreadableSecretLinks extends Error {}

// An SMTP error can quote a whole server response; the log keeps enough to tell what happened.
const MAX_ERROR_LENGTH = 1000;

// The name mails are signed with: the association's identity (../settings/identity.ts), for the modules that write mails.
export { associationName };

/**
 * The mail log: every mail the application sends is written here in the transaction of the
 * change that caused it, with a `mail.send` outbox event in the same transaction
 * ("Nothing is lost"), so a mail is sent if and only if its change commits. The dispatcher then hands
 * the event to the delivery (./delivery.ts), which records here what became of it.
 */
/** One mail to write to the log (record, recordMany). */
export interface MailToRecord {
  to: string;
  personId: string | null;
  kind: string;
  subject: string;
  body: string;
  now: string;
  /** The language the subject and body are in; by default the person's, else French. */
  locale?: Locale;
  /** Files sent with the mail (a convocation's calendar invitation). */
  attachments?: MailAttachment[];
  /**
   * Links that let their holder act (src/platform/mail/secret-links.ts): the body holds
   * secretLinkSlot(name) where each goes; delivered, never kept in the log. Needs `keys`.
   */
  secretLinks?: Record<string, string>;
  /** Attachments that hold a secret link: delivered, never kept in the log. */
  secretAttachments?: MailAttachment[];
}

export function createMailRepository(db: Kysely<DB>, keys?: Keyring) {
  async function localeOf(personId: string | null): Promise<Locale> {
    if (!personId) return 'fr';
    const row = await db.selectFrom('people').select('locale').where('id', '=', personId).executeTakeFirst();
    return isLocale(row?.locale) ? row.locale : 'fr';
  }

  async function recordMany(mails: (MailToRecord & { locale: Locale })[]): Promise<string[]> {
    if (mails.length === 0) return [];
    // The footer the bureau set (settings page) closes every mail, after the usual "-- " line.
    const footer = await createSettingsRepository(db).mailFooter();
    const association = await associationName(db);
    const rows: Insertable<MailLogTable>[] = [];
    const queued: OutboxMessage[] = [];
    for (const m of mails) {
      const id = newId();
      const secrets: SecretPayload = { links: m.secretLinks ?? {}, attachments: m.secretAttachments ?? [] };
      const hasSecrets = Object.keys(secrets.links).length > 0 || secrets.attachments.length > 0;
      if (hasSecrets && !keys) throw new Error('A mail with secret links needs the keyring to seal them');
      checkSecretPayload(secrets, { subject: m.subject, body: m.body, attachments: m.attachments ?? [] });
      const to = m.to.trim().toLowerCase();
      // RFC 6761: nothing under .invalid ever resolves. Erased people and the demo's live there:
      // their mail is kept in the log as any other, and never handed to the SMTP server.
      const undeliverable = /(^|[@.])invalid$/.test(to);
      const body = footer ? `${m.body}\n\n-- \n${footer}` : m.body;
      rows.push({
        id,
        to_address: to,
        person_id: m.personId,
        kind: m.kind,
        subject: m.subject,
        body_text: body,
        body_html: renderMailHtml({ locale: m.locale, subject: m.subject, text: body, association }),
        locale: m.locale,
        status: undeliverable ? 'logged' : 'queued',
        attempts: 0,
        last_error: undeliverable ? 'not sent: an address under the reserved domain .invalid' : null,
        created_at: m.now,
        sent_at: null,
        attachments: m.attachments?.length ? JSON.stringify(m.attachments.map(plainAttachment)) : null,
        // An undeliverable mail is never sent: its secrets have nowhere to go.
        secret_payload:
          hasSecrets && !undeliverable
            ? keys!.seal('mailLinks', JSON.stringify({ links: secrets.links, attachments: secrets.attachments.map(plainAttachment) }))
            : null,
      });
      if (!undeliverable)
        queued.push({ topic: 'mail.send', subjectType: 'mail', subjectId: id, payload: { mailId: id, personId: m.personId, kind: m.kind }, now: m.now });
    }
    // 16 columns × 100 rows stays well under SQLite's and PostgreSQL's bound on parameters.
    for (let k = 0; k < rows.length; k += 100)
      await db
        .insertInto('mail_log')
        .values(rows.slice(k, k + 100))
        .execute();
    await createOutboxRepository(db).enqueueMany(queued);
    return rows.map((r) => r.id);
  }

  return {
    /** Writes the mail (text and HTML, in the reader's language) and queues its sending. */
    async record(m: MailToRecord): Promise<string> {
      const [id] = await recordMany([{ ...m, locale: m.locale ?? (await localeOf(m.personId)) }]);
      return id;
    },

    /**
     * record() for many mails at once (an import's invitations): the footer and the association's
     * name are read once, and the log and the outbox are written with multi-row inserts. Each
     * mail names its language. The caller hands a batch at a time, so that a large import never
     * holds all its mails in memory.
     */
    recordMany,

    /**
     * The mail as its recipient gets it: the secret links in their slots (text and HTML) and the
     * attachments that hold one. Throws UnreadableSecretLinks when they cannot be unsealed.
     */
    async forDelivery(id: string): Promise<MailMessage | undefined> {
      const row = await db.selectFrom('mail_log').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const mail = { ...toMail(row), body: row.body_text, html: row.body_html, attachments: parseAttachments(row.attachments) };
      if (row.secret_payload === null) return mail;
      const json = keys?.unseal('mailLinks', row.secret_payload);
      if (!json) throw new UnreadableSecretLinks(`The links of mail ${id} cannot be unsealed (EQUIPAGE_SECRET changed?)`);
      const secrets = JSON.parse(json) as SecretPayload;
      return {
        ...mail,
        body: fillSecretLinks(row.body_text, secrets.links),
        html: row.body_html === null ? null : fillSecretLinks(row.body_html, secrets.links, linkHtml),
        attachments: [...mail.attachments, ...secrets.attachments],
      };
    },

    /** The SMTP server took it; the attempt that succeeded counts. Its secret links are dropped. */
    async markSent(id: string, at: string): Promise<void> {
      await db
        .updateTable('mail_log')
        .set((eb) => ({ status: 'sent', sent_at: at, attempts: eb('attempts', '+', 1), secret_payload: null }))
        .where('id', '=', id)
        .execute();
    },

    /**
     * No SMTP server is configured: the log is the delivery, as of `at`. The log never shows a
     * secret link, so nobody receives one: they are dropped (docs/rooms-and-mail.md).
     */
    async markLogged(id: string, at: string): Promise<void> {
      await db.updateTable('mail_log').set({ status: 'logged', sent_at: at, secret_payload: null }).where('id', '=', id).execute();
    },

    /** One attempt failed; the status stays as it was, the outbox retries. */
    async markAttemptFailed(id: string, error: string): Promise<void> {
      await db
        .updateTable('mail_log')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, MAX_ERROR_LENGTH) }))
        .where('id', '=', id)
        .execute();
    },

    /** Given up: the outbox event went to the dead letters, and the secret links with it. */
    async markFailed(id: string, error: string): Promise<void> {
      await db
        .updateTable('mail_log')
        .set({ status: 'failed', last_error: error.slice(0, MAX_ERROR_LENGTH), secret_payload: null })
        .where('id', '=', id)
        .execute();
    },

    async list(filter: { to?: string; status?: MailStatus; beforeId?: string; limit: number }): Promise<Mail[]> {
      // Everything but the HTML version, which a list never shows.
      let q = db
        .selectFrom('mail_log')
        .select(['id', 'to_address', 'person_id', 'kind', 'subject', 'body_text', 'created_at', 'sent_at', 'status', 'attempts', 'last_error', 'locale'])
        .select((eb) => eb.case().when('body_html', 'is not', null).then(1).else(0).end().as('has_html'));
      if (filter.to) q = q.where('to_address', '=', filter.to.trim().toLowerCase());
      if (filter.status) q = q.where('status', '=', filter.status);
      if (filter.beforeId) q = q.where('id', '<', filter.beforeId);
      const rows = await q.orderBy('id', 'desc').limit(filter.limit).execute();
      return rows.map((r) => ({ ...toMail({ ...r, body_html: null }), hasHtml: Number(r.has_html) === 1 }));
    },
  };
}

const plainAttachment = ({ filename, contentType, content }: MailAttachment): MailAttachment => ({ filename, contentType, content });

/** What the log shows of a mail: a secret link's slot says that a link was sent. Reads neither the HTML version nor the attachments. */
function toMail(r: Omit<Selectable<MailLogTable>, 'attachments' | 'secret_payload'>): Mail {
  const locale = isLocale(r.locale) ? r.locale : null;
  return {
    id: r.id,
    to: r.to_address,
    personId: r.person_id,
    kind: r.kind,
    subject: r.subject,
    body: withholdSecretLinks(r.body_text, locale),
    createdAt: r.created_at,
    sentAt: r.sent_at,
    // Only this repository writes the column; rows from before mails were delivered took its default, 'logged'.
    status: r.status as MailStatus,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    locale,
    hasHtml: r.body_html !== null,
  };
}

/** Only record() writes the column, always as a JSON array; null (mails without any) reads as none. */
function parseAttachments(json: string | null): MailAttachment[] {
  return json === null ? [] : (JSON.parse(json) as MailAttachment[]);
}
