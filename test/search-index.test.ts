import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, type TestAssociation } from './harness.js';

/** The directory's search, accent- and case-insensitive, served by an index on PostgreSQL (docs/performance.md). */
describe('searching the directory', () => {
  let a: TestAssociation;
  beforeAll(async () => {
    a = await buildAssociation();
    for (const displayName of ['Élodie Martin', 'Elodie Bernard', 'Zoé Durand']) await a.person({ displayName });
  });
  afterAll(async () => {
    await a?.close();
  });

  it('finds a name whatever its accents and case, from any part of it', async () => {
    const res = await a.app.inject({ method: 'GET', url: `/api/v1/people?q=${encodeURIComponent('ÉLOD')}`, headers: a.admin.headers });
    expect(res.statusCode).toBe(200);
    expect((res.json() as { items: { displayName: string }[] }).items.map((p) => p.displayName).sort()).toEqual(['Elodie Bernard', 'Élodie Martin']);
  });

  it.skipIf(dialectUnderTest !== 'postgres')('a search for part of a name reads the trigram index, not the whole people table', async () => {
    const plan = await a.database.db.transaction().execute(async (trx) => {
      // With three people a scan is cheaper: forbid it, to learn whether the index can serve the search at all.
      await sql`set local enable_seqscan = off`.execute(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain select id from people where search_key like ${'%lodie%'}`.execute(trx);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('people_search_trigrams');
  });
});
