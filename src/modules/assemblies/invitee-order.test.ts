import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alteringTestSchema, buildAssociation, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';
import { compiledQueries, queryPlan } from '../../../test/query-plans.js';
import { createAssembliesRepository } from './repository.js';
import { up as addSortKeys } from '../../../migrations/2026-12-15-invitee-sort-key.js';

/**
 * An assembly's invitees come in the people's order from the index `(assembly_id, sort_key,
 * person_id)` on the invitations, whose copy of the person's sort key the database keeps in step
 * (docs/performance.md): a page of 100 reads 100 index entries, not every invitee sorted.
 */
describe(`the invitees in the people's order, from an index (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set('2026-03-02T10:00:00.000Z');
  });
  afterEach(async () => {
    await a?.close();
  });

  /** An assembly convening three members named for the order. */
  async function convened() {
    const now = a.clock.now();
    const people = [];
    for (const displayName of ['Zoé Petit', 'Bérénice Martin', 'Charles Durand']) {
      const p = await a.person({ displayName });
      await a.database.db
        .insertInto('memberships')
        .values({
          id: `m-${p.id}`,
          person_id: p.id,
          status: 'active',
          since: '2025-01-01',
          until: null,
          decision_id: null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
      people.push(p);
    }
    const assembly = await a.services.assemblies.create(system, { kind: 'ordinary', title: 'AG 2026', scheduledAt: '2026-04-01T16:30:00.000Z' });
    await a.services.assemblies.addItem(system, assembly.id, { title: 'Rapport moral' });
    await a.services.assemblies.convene(system, assembly.id, { force: true, reason: 'test' });
    return { id: assembly.id, people };
  }

  const names = async (id: string, query = '') =>
    (
      (await a.app.inject({ method: 'GET', url: `/api/v1/assemblies/${id}/invitees${query}`, headers: a.admin.headers })).json() as {
        items: { displayName: string }[];
        nextCursor?: string | null;
      }
    ).items.map((i) => i.displayName);

  it('follows a rename: the renamed person takes their new place in every page of the list', async () => {
    const { id, people } = await convened();
    expect(await names(id)).toEqual(['Bérénice Martin', 'Charles Durand', 'Zoé Petit']);
    const zoe = people[0]!;
    await a.services.people.update(system, zoe.id, { displayName: 'Aurore Petit' });
    expect(await names(id)).toEqual(['Aurore Petit', 'Bérénice Martin', 'Charles Durand']);
    // A page at a time, keyset on the new key: the same order, nobody twice or missed.
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const res = await a.app.inject({
        method: 'GET',
        url: `/api/v1/assemblies/${id}/invitees?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        headers: a.admin.headers,
      });
      const page = res.json() as { items: { displayName: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.displayName));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Aurore Petit', 'Bérénice Martin', 'Charles Durand']);
  });

  it('reads a page from the order index, without sorting the invitees', async () => {
    const { id } = await convened();
    const statement = await capturedPageQuery(id);
    const plan = await queryPlan(a.database, statement);
    expect(plan).toContain('assembly_invitees_order');
    expect(plan).not.toMatch(dialectUnderTest === 'postgres' ? /\bSort\b/ : /TEMP B-TREE/);
  });

  it('gives the invitations already there their person’s sort key when the migration runs', async () => {
    const { id, people } = await convened();
    // As the database stood before the migration: no copy, no index on it, no trigger.
    const db = a.database.db;
    await alteringTestSchema(a.database, async () => {
      await sql`drop index assembly_invitees_order`.execute(db);
      await sql`drop index assembly_invitees_by_person`.execute(db);
      await sql`drop trigger people_sort_key_to_invitees ${sql.raw(dialectUnderTest === 'postgres' ? 'on people' : '')}`.execute(db);
      if (dialectUnderTest === 'postgres') await sql`drop function people_sort_key_to_invitees()`.execute(db);
      await sql`alter table assembly_invitees drop column sort_key`.execute(db);
      await addSortKeys(db, dialectUnderTest);
    });
    expect(await names(id)).toEqual(['Bérénice Martin', 'Charles Durand', 'Zoé Petit']);
    await a.services.people.update(system, people[1]!.id, { displayName: 'Yves Martin' });
    expect(await names(id)).toEqual(['Charles Durand', 'Yves Martin', 'Zoé Petit']);
  });

  /** The statement the repository runs for a page of 100 (with the row after it), as the driver received it. */
  async function capturedPageQuery(assemblyId: string) {
    const sent = await compiledQueries(a.database.db, (db) => createAssembliesRepository(db).inviteesPage(assemblyId, { limit: 101 }));
    const page = sent.find((s) => /order by/i.test(s.sql) && /assembly_invitees/.test(s.sql));
    if (!page) throw new Error(`no page query among ${sent.length} statements`);
    return page;
  }
});
