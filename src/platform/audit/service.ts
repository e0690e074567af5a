import type { ServiceContext } from '../services.js';
import { createAuditRepository, type AuditEntry } from './repository.js';
import { createChainVerifier, type ChainVerdict } from './chain.js';
import { createMailRepository, type Mail, type MailStatus } from '../mail/repository.js';
import { AppError } from '../errors.js';

export type LoggedMail = Mail & { bodyWithheld: boolean; recipientWithheld: boolean };

/**
 * What administrators read of a mail in the log. A decision on an application is mailed to the
 * applicant with the bureau's reasons: private to the applicant and the bureau (docs/privacy.md), so the
 * log shows that it left and how, not what it says. A mail about a moderation report (kind
 * `report_*`, src/modules/requests/kit.ts) would show who reported whom to an administrator who
 * may be the person reported (the requests' rule: never): it shows neither its recipient (address, person,
 * an SMTP error that quotes the address) nor its subject and text, only that it left.
 */
function withholdPrivate(mail: Mail): LoggedMail {
  if (mail.kind.startsWith('report_'))
    return { ...mail, to: '', personId: null, subject: '', body: '', lastError: null, bodyWithheld: true, recipientWithheld: true };
  if (mail.kind.startsWith('application_')) return { ...mail, body: '', bodyWithheld: true, recipientWithheld: false };
  return { ...mail, bodyWithheld: false, recipientWithheld: false };
}

export function createAuditService(ctx: ServiceContext) {
  const { database } = ctx;
  const audit = createAuditRepository(database.db, database.dialect);
  return {
    async list(filter: {
      subjectType?: string;
      subjectId?: string;
      actorId?: string;
      cursor?: string;
      limit?: number;
    }): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
      let afterSeq: number | undefined;
      if (filter.cursor !== undefined) {
        afterSeq = Number(filter.cursor);
        // seq is a 32-bit integer column: a larger cursor is not one this server gave (and PostgreSQL would fail).
        if (!Number.isInteger(afterSeq) || afterSeq < 1 || afterSeq > 2_147_483_647) {
          throw new AppError('validation_failed', 'unknown cursor', [{ path: '/cursor', code: 'invalid_cursor', message: 'unknown cursor' }]);
        }
      }
      const items = await audit.list({ subjectType: filter.subjectType, subjectId: filter.subjectId, actorId: filter.actorId, afterSeq, limit: limit + 1 });
      const page = items.slice(0, limit);
      return { items: page, nextCursor: items.length > limit ? String(page[page.length - 1].seq) : null };
    },

    /** Re-computes every link of the chain; names the first entry that was altered. */
    /** Checks the chain; `knownHead`, a head hash noted earlier, must still be in it. */
    async verify(knownHead?: string): Promise<ChainVerdict> {
      const verifier = createChainVerifier(knownHead);
      for await (const page of audit.all()) {
        for (const entry of page) if (!verifier.feed(entry)) return verifier.verdict();
      }
      return verifier.verdict();
    },

    async mails(filter: { to?: string; status?: MailStatus; cursor?: string; limit?: number }): Promise<{ items: LoggedMail[]; nextCursor: string | null }> {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
      const rows = await createMailRepository(database.db).list({ to: filter.to, status: filter.status, beforeId: filter.cursor, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const items = page.map(withholdPrivate);
      return {
        // Looked up by address, a withheld mail would still tell that this address reported someone: it is left out.
        items: filter.to ? items.filter((m) => !m.recipientWithheld) : items,
        nextCursor: rows.length > limit ? page[page.length - 1].id : null,
      };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
