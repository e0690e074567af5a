import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * Links sent by mail leave the mail log (docs/security.md, "Links sent by mail"): a mail's secret
 * links travel sealed in `secret_payload` until it is delivered, and the text keeps only their
 * slot. Mails written before this change held their links in the text: those links are replaced
 * by the same notice the log now shows, once, here. This is the only place that looks for links
 * in text, because those mails were written before the rule existed.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('mail_log').addColumn('secret_payload', 'text').execute();
  const rows: { id: string; body_text: string; body_html: string | null }[] = await db
    .selectFrom('mail_log')
    .select(['id', 'body_text', 'body_html'])
    .where((eb) => eb.or(SECRET_PATHS.map((path) => eb('body_text', 'like', `%${path}%`))))
    .execute();
  for (const row of rows) {
    await db
      .updateTable('mail_log')
      .set({ body_text: withoutLinks(row.body_text), body_html: row.body_html === null ? null : withoutLinks(row.body_html) })
      .where('id', '=', row.id)
      .execute();
  }
}

const SECRET_PATHS = ['/password/reset?token=', '/assemblies/rsvp/', '/requests/follow/'];
const SECRET_LINK = /https?:\/\/[^\s<>"]*(?:\/password\/reset\?token=|\/assemblies\/rsvp\/|\/requests\/follow\/)[^\s<>"]*/g;
const NOTICE = '[lien envoyé au destinataire, non conservé · link sent to the recipient, not kept]';

function withoutLinks(text: string): string {
  return text.replace(SECRET_LINK, NOTICE);
}
