import { createMailRepository } from '../src/platform/mail/repository.js';
import { keysOf } from '../src/platform/auth/keys.js';
import type { TestAssociation } from './harness.js';

/**
 * What a person finds in their mailbox: the mails sent to `to`, newest first, as the delivery
 * hands them to the SMTP server (secret links in place; src/platform/mail/delivery.ts). Tests
 * read mailed links through here, never through the administrators' mail log, which shows that a
 * link was sent and never the link. A mail already delivered without an SMTP server (status
 * `logged`) reached nobody: its links are gone, as for the recipient.
 */
export async function mailbox(
  a: Pick<TestAssociation, 'database' | 'config'>,
  to: string,
): Promise<{ subject: string; body: string; html: string | null; kind: string; attachments: { filename: string; content: string }[] }[]> {
  const mails = createMailRepository(a.database.db, keysOf(a.config));
  const ids = (await mails.list({ to, limit: 200 })).map((mail) => mail.id);
  const received = [];
  for (const id of ids) {
    const mail = (await mails.forDelivery(id))!;
    received.push({ subject: mail.subject, body: mail.body, html: mail.html, kind: mail.kind, attachments: mail.attachments });
  }
  return received;
}

/** The newest link mailed to `to` whose path matches `path` (e.g. /\/password\/reset/), as the recipient would click it. */
export async function mailedLink(a: Pick<TestAssociation, 'database' | 'config'>, to: string, path: RegExp): Promise<URL> {
  for (const mail of await mailbox(a, to)) {
    for (const match of mail.body.matchAll(/https?:\/\/[^\s<>"')]+/g)) {
      const url = new URL(match[0]);
      if (path.test(url.pathname)) return url;
    }
  }
  throw new Error(`no link matching ${path} was mailed to ${to}`);
}

/** The token of the newest password reset link mailed to `to`. */
export async function mailedResetToken(a: Pick<TestAssociation, 'database' | 'config'>, to: string): Promise<string> {
  return (await mailedLink(a, to, /\/password\/reset$/)).searchParams.get('token')!;
}
