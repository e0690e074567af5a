import type { Kysely } from 'kysely';
import type { Dialect } from '../src/platform/db.js';
import { searchKey } from '../src/platform/text.js';

/**
 * The people's search_key no longer holds the email: it mixed the name, the pseudonym and the
 * email, so a search by anyone who may list people matched addresses hidden from them. It now
 * holds the name and the pseudonym; emails are searched on email_normalized, by those who may
 * see them. Each key is rewritten by the application, which alone strips accents the same way on
 * both databases.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  const people: { id: string; display_name: string; pseudonym: string | null; erased_at: string | null }[] = await db
    .selectFrom('people')
    .select(['id', 'display_name', 'pseudonym', 'erased_at'])
    .execute();
  for (const person of people) {
    if (person.erased_at) continue;
    await db
      .updateTable('people')
      .set({ search_key: searchKey(person.display_name, person.pseudonym) })
      .where('id', '=', person.id)
      .execute();
  }
}
