import { createTransport } from 'nodemailer';
import { DeliveryError } from './rooms.js';

/** A file sent with a mail. Text only: what the application attaches is text it wrote (a calendar invitation). */
export interface MailAttachment {
  filename: string;
  /** The full Content-Type, parameters included (e.g. `text/calendar; charset=utf-8; method=PUBLISH`). */
  contentType: string;
  content: string;
}

/** One mail as the SMTP server receives it. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The HTML version; the mail goes as plain text only when there is none. */
  html: string | null;
  /**
   * A stable id for this mail (the mail log's id): it becomes the Message-ID `<id@domain>`, the
   * same on every attempt, so a mail sent twice (the server took it but the answer was lost) is
   * recognisable as one by the receiving side.
   */
  messageId: string;
  attachments?: MailAttachment[];
}

export interface SmtpSender {
  /** Resolves when the server took the mail; throws DeliveryError({ permanent }) when it refused it for good. */
  send(m: OutgoingMail): Promise<void>;
  close(): void;
}

// A server that does not answer must not hold the dispatcher: its lease is short.
const TIMEOUT_MS = 10_000;

/**
 * Sends mail through the SMTP server of `SMTP_URL` (smtp:// with STARTTLS when the server offers
 * it, smtps:// for TLS from the start; credentials in the URL). One connection per mail: an
 * association sends a few mails a day, and a fresh connection never meets a server-side timeout.
 */
export function createSmtpSender(options: { url: string; from: string; messageIdDomain?: string }): SmtpSender {
  const transport = createTransport({
    url: options.url,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  const domain = options.messageIdDomain ?? domainOf(options.from);
  return {
    async send(m) {
      try {
        await transport.sendMail({
          from: options.from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          ...(m.html === null ? {} : { html: m.html }),
          messageId: `<${m.messageId}@${domain}>`,
          // A calendar invitation goes as a plain attachment, not as nodemailer's `icalEvent`: that
          // one is an iTIP message (RFC 5546), whose REQUEST needs an ORGANIZER and ATTENDEEs and
          // makes clients answer by mail; invitees answer by their RSVP link instead.
          ...(m.attachments?.length
            ? { attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content, 'utf8') })) }
            : {}),
        });
      } catch (e) {
        throw asDeliveryFailure(e);
      }
    },
    close() {
      transport.close();
    },
  };
}

/** The right-hand side of the Message-ID: the sender's domain ("Équipage <bot@asso.org>" → asso.org). */
function domainOf(from: string): string {
  const m = /@([^\s>]+)>?\s*$/.exec(from);
  return m ? m[1].toLowerCase() : 'equipage';
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * RFC 5321: a 5yz reply refuses the mail for good (no such recipient, message refused), so
 * retrying cannot help; a 4yz reply or a lost connection may pass later. Two 5yz replies are not
 * about this mail and stay transient: 503 (the session was in the wrong state) and a refused
 * login (EAUTH), which is the configuration's fault and would otherwise fail every mail queued
 * until an administrator fixes the password.
 */
function asDeliveryFailure(e: unknown): Error {
  const failure = (typeof e === 'object' && e !== null ? e : {}) as SmtpFailure;
  const message = e instanceof Error ? e.message : String(e);
  const code = failure.responseCode;
  const permanent = code !== undefined && code >= 500 && code < 600 && code !== 503 && failure.code !== 'EAUTH';
  if (permanent) return new DeliveryError(`SMTP ${code}: ${failure.response ?? message}`, { permanent: true });
  return e instanceof Error ? e : new Error(message);
}
