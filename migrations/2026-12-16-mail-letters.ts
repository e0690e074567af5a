import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * A letter's text stored once (docs/rooms-and-mail.md, "Letters"): the same mail to many people (a
 * convocation to every invitee) keeps its body, text and HTML, in `mail_letters`, once per language
 * and version, with a mark where each person's own words go; each mail of the log names its letter
 * and keeps only those words (`letter_fields`, JSON) and its own subject. A convocation of 100,000
 * invitees wrote 100,000 copies of a body of several kilobytes (about a gigabyte); it now writes one
 * per language. Mails written one at a time keep their body in their own row, as before.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('mail_letters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('mail_log')
    .addColumn('letter_id', 'text', (c) => c.references('mail_letters.id'))
    .execute();
  await db.schema.alterTable('mail_log').addColumn('letter_fields', 'text').execute();
  // Deleting a letter's last mail (the log's retention, an erasure) deletes the letter: found through this.
  await db.schema.createIndex('mail_log_letter').on('mail_log').column('letter_id').execute();
}
