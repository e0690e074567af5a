import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, MailLetterTable, MailLogTable } from '../schema.js';
import { newId } from '../ids.js';
import { isLocale, type Locale } from '../i18n/index.js';
import { createOutboxRepository } from '../outbox/repository.js';
import type { OutboxMessage } from '../outbox/topics.js';
import { fillFields, letterFieldNames, type LetterRecipient } from './letters.js';
import type { MailAttachment } from '../../integrations/smtp.js';
import type { Keyring } from '../auth/keys.js';
import { escapeHtml, linkHtml, renderMailHtml } from './render.js';
import { checkSecretPayload, fillSecretLinks, withholdSecretLinks, type SecretPayload } from './secret-links.js';
import { createSettingsRepository } from '../settings/repository.js';
import { associationName } from '../settings/identity.js';
import { insertRows } from '../copy.js';

export type { MailAttachment } from '../../integrations/smtp.js';
export type { LetterRecipient } from './letters.js';

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

  /** The mail's row in the log; its secrets sealed, unless it goes nowhere. */
  function logRow(m: {
    id: string;
    to: string;
    personId: string | null;
    kind: string;
    subject: string;
    body: string;
    html: string | null;
    locale: Locale;
    now: string;
    attachments?: MailAttachment[];
    secrets: SecretPayload;
  }): Insertable<MailLogTable> & { status: MailStatus } {
    const hasSecrets = Object.keys(m.secrets.links).length > 0 || m.secrets.attachments.length > 0;
    if (hasSecrets && !keys) throw new Error('A mail with secret links needs the keyring to seal them');
    const to = m.to.trim().toLowerCase();
    // RFC 6761: nothing under .invalid ever resolves. Erased people and the demo's live there:
    // their mail is kept in the log as any other, and never handed to the SMTP server.
    const undeliverable = /(^|[@.])invalid$/.test(to);
    return {
      id: m.id,
      to_address: to,
      person_id: m.personId,
      kind: m.kind,
      subject: m.subject,
      body_text: m.body,
      body_html: m.html,
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
          ? keys!.seal('mailLinks', JSON.stringify({ links: m.secrets.links, attachments: m.secrets.attachments.map(plainAttachment) }))
          : null,
    };
  }

  /**
   * record() for many mails at once (an import's invitations): the footer and the association's
   * name are read once, and the log and the outbox are written with multi-row inserts, 100 mails
   * a statement (16 columns each, well under both databases' bound on parameters). Each mail names
   * its language. The caller hands a batch at a time, so that a large import never holds all its
   * mails in memory.
   */
  async function recordMany(mails: (MailToRecord & { locale: Locale })[]): Promise<string[]> {
    if (mails.length === 0) return [];
    // The footer the bureau set (settings page) closes every mail, after the usual "-- " line.
    const footer = await createSettingsRepository(db).mailFooter();
    const association = await associationName(db);
    const rows = mails.map((m) => {
      const secrets: SecretPayload = { links: m.secretLinks ?? {}, attachments: m.secretAttachments ?? [] };
      checkSecretPayload(secrets, { subject: m.subject, body: m.body, attachments: m.attachments ?? [] });
      const body = footer ? `${m.body}\n\n-- \n${footer}` : m.body;
      const html = renderMailHtml({ locale: m.locale, subject: m.subject, text: body, association });
      return logRow({
        id: newId(),
        to: m.to,
        personId: m.personId,
        kind: m.kind,
        subject: m.subject,
        body,
        html,
        locale: m.locale,
        now: m.now,
        attachments: m.attachments,
        secrets,
      });
    });
    for (let k = 0; k < rows.length; k += 100)
      await db
        .insertInto('mail_log')
        .values(rows.slice(k, k + 100))
        .execute();
    await createOutboxRepository(db).enqueueMany(rows.filter((row) => row.status !== 'logged').map(sendEvent));
    return rows.map((r) => r.id);
  }

  return {
    /** Writes the mail (text and HTML, in the reader's language) and queues its sending. */
    async record(m: MailToRecord): Promise<string> {
      const [id] = await recordMany([{ ...m, locale: m.locale ?? (await localeOf(m.personId)) }]);
      return id!;
    },

    recordMany,

    /**
     * The same letter to many people (src/platform/mail/letters.ts), as record() would write each
     * of its mails: the letter is written and rendered once per language, each recipient's fields
     * and secrets put in per person, and the mails and their outbox events written `LETTER_CHUNK`
     * to a statement, two statements a chunk. The recipients are read as the chunks are written,
     * so a generator keeps no more than a chunk of mails in memory. Returns how many were written.
     */
    async recordLetters(l: {
      kind: string;
      now: string;
      /**
       * The letter in a language and version (the recipient's `version`, '' by default): subject and
       * body, with letterField(name) where each person's own words go.
       */
      letter: (locale: Locale, version: string) => { subject: string; body: string };
      recipients: Iterable<LetterRecipient>;
    }): Promise<number> {
      const footer = await createSettingsRepository(db).mailFooter();
      const association = await associationName(db);
      const written = new Map<string, { id: string; subject: string; body: string; html: string; fields: string[] }>();
      const letters: Insertable<MailLetterTable>[] = [];
      const letterIn = (locale: Locale, version: string) => {
        const known = written.get(`${locale} ${version}`);
        if (known) return known;
        const { subject, body: text } = l.letter(locale, version);
        // The footer closes every mail, as record() writes it.
        const body = footer ? `${text}\n\n-- \n${footer}` : text;
        const made = {
          id: newId(),
          subject,
          body,
          html: renderMailHtml({ locale, subject, text: body, association }),
          fields: letterFieldNames(`${subject}\n${body}`),
        };
        written.set(`${locale} ${version}`, made);
        letters.push({ id: made.id, kind: l.kind, locale, body_text: made.body, body_html: made.html, created_at: l.now });
        return made;
      };
      const outbox = createOutboxRepository(db);
      let count = 0;
      let rows: (Insertable<MailLogTable> & { status: MailStatus })[] = [];
      const flush = async () => {
        if (rows.length === 0) return;
        // The letters first: the mails name them.
        if (letters.length > 0) await db.insertInto('mail_letters').values(letters.splice(0)).execute();
        // COPY on PostgreSQL, 500-row INSERTs on SQLite: a convocation writes tens of thousands.
        await insertRows(db, 'mail_log', MAIL_LOG_COLUMNS, rows, (row) => MAIL_LOG_COLUMNS.map((c) => row[c] ?? null));
        await outbox.enqueueMany(rows.filter((row) => row.status !== 'logged').map(sendEvent));
        count += rows.length;
        rows = [];
      };
      for (const r of l.recipients) {
        const letter = letterIn(r.locale, r.version ?? '');
        // Fails here, before anything is written, on a field the recipient lacks: the body is
        // filled only when the mail is read, so its fields are checked by name, once per letter.
        const missing = letter.fields.find((name) => !Object.hasOwn(r.fields, name));
        if (missing !== undefined) throw new Error(`The letter's field ${missing} has no value`);
        const subject = fillFields(letter.subject, r.fields);
        const secrets: SecretPayload = { links: r.secretLinks ?? {}, attachments: r.secretAttachments ?? [] };
        // The recipient's words go into the logged mail too: a secret link must not hide in them.
        checkSecretPayload(secrets, { subject: [subject, ...Object.values(r.fields)].join('\n'), body: letter.body, attachments: [] });
        // The body stays the letter's, stored once; the mail keeps its own subject and fields.
        const row = logRow({ id: newId(), to: r.to, personId: r.personId, kind: l.kind, subject, body: '', html: null, locale: r.locale, now: l.now, secrets });
        rows.push({ ...row, letter_id: letter.id, letter_fields: JSON.stringify(r.fields) });
        if (rows.length === LETTER_CHUNK) await flush();
      }
      await flush();
      return count;
    },

    /**
     * The mail as its recipient gets it: the secret links in their slots (text and HTML) and the
     * attachments that hold one. Throws UnreadableSecretLinks when they cannot be unsealed.
     */
    async forDelivery(id: string): Promise<MailMessage | undefined> {
      const row = await mailLogWithLetters(db)
        .selectAll('mail_log')
        .select(['mail_letters.body_text as letter_text', 'mail_letters.body_html as letter_html'])
        .where('mail_log.id', '=', id)
        .executeTakeFirst();
      if (!row) return undefined;
      const { text, html } = bodyOfMail(row);
      const mail = { ...toMail({ ...row, body_text: text, body_html: html }), body: text, html, attachments: parseAttachments(row.attachments) };
      if (row.secret_payload === null) return mail;
      const json = keys?.unseal('mailLinks', row.secret_payload);
      if (!json) throw new UnreadableSecretLinks(`The links of mail ${id} cannot be unsealed (EQUIPAGE_SECRET changed?)`);
      const secrets = JSON.parse(json) as SecretPayload;
      return {
        ...mail,
        body: fillSecretLinks(text, secrets.links),
        html: html === null ? null : fillSecretLinks(html, secrets.links, linkHtml),
        attachments: [...mail.attachments, ...secrets.attachments],
      };
    },

    /**
     * Deletes those of these letters that no mail names any more (the log's retention, an erasure
     * deleted or redacted their last mails): a letter lives as long as one of its mails.
     */
    async dropLettersWithoutMails(letterIds: readonly string[]): Promise<void> {
      for (let k = 0; k < letterIds.length; k += 500)
        await db
          .deleteFrom('mail_letters')
          .where('id', 'in', letterIds.slice(k, k + 500))
          .where((eb) => eb.not(eb.exists(eb.selectFrom('mail_log').select('mail_log.id').whereRef('mail_log.letter_id', '=', 'mail_letters.id'))))
          .execute();
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
      // Everything but the HTML version, which a list never shows; a letter's text, once per letter.
      let q = mailLogWithLetters(db)
        .select([
          'mail_log.id',
          'mail_log.to_address',
          'mail_log.person_id',
          'mail_log.kind',
          'mail_log.subject',
          'mail_log.body_text',
          'mail_log.created_at',
          'mail_log.sent_at',
          'mail_log.status',
          'mail_log.attempts',
          'mail_log.last_error',
          'mail_log.locale',
          'mail_log.letter_fields',
          'mail_letters.body_text as letter_text',
        ])
        .select((eb) =>
          eb
            .case()
            .when(eb.or([eb('mail_log.body_html', 'is not', null), eb('mail_log.letter_id', 'is not', null)]))
            .then(1)
            .else(0)
            .end()
            .as('has_html'),
        );
      if (filter.to) q = q.where('mail_log.to_address', '=', filter.to.trim().toLowerCase());
      if (filter.status) q = q.where('mail_log.status', '=', filter.status);
      if (filter.beforeId) q = q.where('mail_log.id', '<', filter.beforeId);
      const rows = await q.orderBy('mail_log.id', 'desc').limit(filter.limit).execute();
      return rows.map((r) => ({
        ...toMail({ ...r, body_text: textOfMail(r), body_html: null }),
        hasHtml: Number(r.has_html) === 1,
      }));
    },
  };
}

// The mails a letter holds in memory before writing them (and their events) together.
const LETTER_CHUNK = 2000;

/** Every column of a mail of a letter, in the order recordLetters writes them. */
const MAIL_LOG_COLUMNS = [
  'id',
  'to_address',
  'person_id',
  'kind',
  'subject',
  'body_text',
  'body_html',
  'locale',
  'status',
  'attempts',
  'last_error',
  'created_at',
  'sent_at',
  'attachments',
  'secret_payload',
  'letter_id',
  'letter_fields',
] as const satisfies readonly (keyof MailLogTable)[];

/** The outbox event that sends a mail of the log. */
function sendEvent(row: Insertable<MailLogTable>): OutboxMessage<'mail.send'> {
  return {
    topic: 'mail.send',
    subjectType: 'mail',
    subjectId: row.id,
    payload: { mailId: row.id, personId: row.person_id ?? null, kind: row.kind },
    now: row.created_at,
  };
}

/**
 * A mail's body, text and HTML: its own, or its letter's with its fields put in (recordLetters).
 * The log's readers (the list, delivery, a person's export) all read it through this.
 */
export function bodyOfMail(row: {
  body_text: string;
  body_html: string | null;
  letter_fields: string | null;
  letter_text: string | null;
  letter_html: string | null;
}): { text: string; html: string | null } {
  if (row.letter_text === null) return { text: row.body_text, html: row.body_html };
  // An erased recipient's fields are gone (privacy/repository.ts): the letter reads with them empty.
  const fields = row.letter_fields === null ? {} : (JSON.parse(row.letter_fields) as Record<string, string>);
  const filled = (text: string, as?: (value: string) => string) => fillFields(text, fields, as, '');
  return { text: filled(row.letter_text), html: row.letter_html === null ? null : filled(row.letter_html, escapeHtml) };
}

/** A mail's text as written, without the HTML a list never shows: its own, or its letter's with its fields. */
export function textOfMail(row: { body_text: string; letter_fields: string | null; letter_text: string | null }): string {
  return bodyOfMail({ ...row, body_html: null, letter_html: null }).text;
}

/**
 * The mail log joined to the letters its mails share (recordLetters), for a reader that composes
 * their bodies with bodyOfMail or textOfMail: the one place that knows how the two tables meet.
 */
export function mailLogWithLetters(db: Kysely<DB>) {
  return db.selectFrom('mail_log').leftJoin('mail_letters', 'mail_letters.id', 'mail_log.letter_id');
}

const plainAttachment = ({ filename, contentType, content }: MailAttachment): MailAttachment => ({ filename, contentType, content });

/** What the log shows of a mail: a secret link's slot says that a link was sent. Reads neither the HTML version nor the attachments. */
function toMail(r: Omit<Selectable<MailLogTable>, 'attachments' | 'secret_payload' | 'letter_id' | 'letter_fields'>): Mail {
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
