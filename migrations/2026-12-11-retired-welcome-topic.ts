import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * The outbox no longer handles `mail.welcome`: the welcome mail has gone through the mail log
 * (`mail.send`) since the first bureau sessions. An event of the old topic still waiting would
 * fail for want of a handler; it is set aside in the dead letters instead, with a note, so an
 * administrator sees it rather than the dispatcher retrying it for days.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      dead_at: new Date().toISOString(),
      last_error: 'retired topic: the welcome mail now goes through the mail log; send it again from the person’s page if needed',
    })
    .where('topic', '=', 'mail.welcome')
    .where('delivered_at', 'is', null)
    .where('dead_at', 'is', null)
    .execute();
}
