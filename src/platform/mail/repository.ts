import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { newId } from '../ids.js';

export interface Mail {
  id: string;
  to: string;
  personId: string | null;
  kind: string;
  subject: string;
  body: string;
  createdAt: string;
  sentAt: string | null;
}

/**
 * The mail log: every mail the application sends is written here in the transaction of the
 * change that caused it. Until SMTP delivery arrives (issue 6) this log is where mails are read.
 */
export function createMailRepository(db: Kysely<DB>) {
  return {
    async record(m: { to: string; personId: string | null; kind: string; subject: string; body: string; now: string }): Promise<string> {
      const id = newId();
      await db
        .insertInto('mail_log')
        .values({
          id,
          to_address: m.to.trim().toLowerCase(),
          person_id: m.personId,
          kind: m.kind,
          subject: m.subject,
          body_text: m.body,
          created_at: m.now,
          sent_at: null,
        })
        .execute();
      return id;
    },

    async list(filter: { to?: string; beforeId?: string; limit: number }): Promise<Mail[]> {
      let q = db.selectFrom('mail_log').selectAll();
      if (filter.to) q = q.where('to_address', '=', filter.to.trim().toLowerCase());
      if (filter.beforeId) q = q.where('id', '<', filter.beforeId);
      const rows = await q.orderBy('id', 'desc').limit(filter.limit).execute();
      return rows.map((r) => ({
        id: r.id,
        to: r.to_address,
        personId: r.person_id,
        kind: r.kind,
        subject: r.subject,
        body: r.body_text,
        createdAt: r.created_at,
        sentAt: r.sent_at,
      }));
    },
  };
}
