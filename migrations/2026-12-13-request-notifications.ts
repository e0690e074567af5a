import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';

/**
 * Who is told of a new request (docs/requests.md): each person chooses a mail per request (`each`,
 * everyone's until they choose), one digest a day (`daily`) or nothing (`off`). The digests
 * remember when each person's last one went out, so that two instances or a restart never send
 * the same day's twice.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('people')
    .addColumn('request_notifications', 'text', (c) => c.notNull().defaultTo('each'))
    .execute();
  await db.schema
    .createTable('request_digests')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .execute();
}
