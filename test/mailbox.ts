import { createMailRepository } from '../src/platform/mail/repository.js';
import type { TestAssociation } from './harness.js';

/**
 * What a person would find in their mailbox: the mails sent to `to`, newest first. Tests read
 * mailed links through here and never through the administrators' mail log, which must not show
 * a live link.
 */
export async function mailbox(a: Pick<TestAssociation, 'database'>, to: string): Promise<{ subject: string; body: string; kind: string }[]> {
  const mails = await createMailRepository(a.database.db).list({ to, limit: 200 });
  return mails.map((mail) => ({ subject: mail.subject, body: mail.body, kind: mail.kind }));
}

/** The newest link mailed to `to` whose path matches `path` (e.g. /\/password\/reset/), as the recipient would click it. */
export async function mailedLink(a: Pick<TestAssociation, 'database'>, to: string, path: RegExp): Promise<URL> {
  for (const mail of await mailbox(a, to)) {
    for (const match of mail.body.matchAll(/https?:\/\/[^\s<>"')]+/g)) {
      const url = new URL(match[0]);
      if (path.test(url.pathname)) return url;
    }
  }
  throw new Error(`no link matching ${path} was mailed to ${to}`);
}
