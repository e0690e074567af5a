import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, type TestAssociation } from './harness.js';
import { compiledQueries, queryPlan } from './query-plans.js';
import { createPeopleRepository } from '../src/modules/people/repository.js';
import { createAssembliesRepository } from '../src/modules/assemblies/repository.js';

/**
 * A later page of a long list starts where the cursor points in the list's index, rather than
 * walking every row before it and dropping them (docs/performance.md, "keyset pagination"): the
 * cursor's (sort key, id) is compared as a row value, which both databases seek to. The equivalent
 * `sort_key > ? or (sort_key = ? and id > ?)` made SQLite scan the index from its first entry, so
 * that the 1,000th page of the directory cost as much as the 999 before it.
 */
describe(`keyset pages seek to their cursor (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
  });
  afterEach(async () => {
    await a?.close();
  });

  /** The one statement `read` sends, and its plan. */
  async function planOf(read: Parameters<typeof compiledQueries>[1], matching: RegExp): Promise<string> {
    const sent = (await compiledQueries(a.database.db, read)).filter((s) => matching.test(s.sql));
    expect(sent).toHaveLength(1);
    return queryPlan(a.database, sent[0]!);
  }
  const seeks = (plan: string, columns: string) =>
    dialectUnderTest === 'postgres' ? expect(plan).toMatch(new RegExp(`Index Cond: .*ROW\\(${columns}\\) >`)) : expect(plan).toContain(`(${columns})>(?,?)`);

  it('the directory, after a cursor', async () => {
    const plan = await planOf((db) => createPeopleRepository(db).directory({ after: { sortKey: 'martin', id: '0' }, limit: 51 }), /order by/i);
    seeks(plan, dialectUnderTest === 'postgres' ? 'sort_key, id' : 'sort_key,id');
  });

  it('the invitees of an assembly, after a cursor', async () => {
    const plan = await planOf(
      (db) => createAssembliesRepository(db).inviteesPage('an-assembly', { after: { sortKey: 'martin', id: '0' }, limit: 101 }),
      /order by/i,
    );
    seeks(plan, dialectUnderTest === 'postgres' ? 'sort_key, person_id' : 'sort_key,person_id');
  });
});
