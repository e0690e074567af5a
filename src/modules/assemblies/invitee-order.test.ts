import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';
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
    const plan = await a.database.db.transaction().execute(async (trx) => {
      if (dialectUnderTest === 'postgres') {
        // With four invitees a scan and a sort are cheaper: forbid them, to learn whether the index can serve the page at all.
        await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
        await trx.executeQuery(CompiledQuery.raw('set local enable_sort = off'));
        const { rows } = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${statement.sql}`, statement.parameters));
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      }
      const { rows } = await trx.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${statement.sql}`, statement.parameters));
      return rows.map((r) => r.detail).join('\n');
    });
    expect(plan).toContain('assembly_invitees_order');
    expect(plan).not.toMatch(dialectUnderTest === 'postgres' ? /\bSort\b/ : /TEMP B-TREE/);
  });

  it('gives the invitations already there their person’s sort key when the migration runs', async () => {
    const { id, people } = await convened();
    // As the database stood before the migration: no copy, no index on it, no trigger.
    const db = a.database.db;
    await sql`drop index assembly_invitees_order`.execute(db);
    await sql`drop index assembly_invitees_by_person`.execute(db);
    await sql`drop trigger people_sort_key_to_invitees ${sql.raw(dialectUnderTest === 'postgres' ? 'on people' : '')}`.execute(db);
    if (dialectUnderTest === 'postgres') await sql`drop function people_sort_key_to_invitees()`.execute(db);
    await sql`alter table assembly_invitees drop column sort_key`.execute(db);
    await addSortKeys(db, dialectUnderTest);
    expect(await names(id)).toEqual(['Bérénice Martin', 'Charles Durand', 'Zoé Petit']);
    await a.services.people.update(system, people[1]!.id, { displayName: 'Yves Martin' });
    expect(await names(id)).toEqual(['Charles Durand', 'Yves Martin', 'Zoé Petit']);
  });

  /** The statement the repository runs for a page of 100 (with the row after it), as the driver received it. */
  async function capturedPageQuery(assemblyId: string): Promise<{ sql: string; parameters: unknown[] }> {
    const seen: { sql: string; parameters: unknown[] }[] = [];
    const sqlite = a.database.sqlite;
    if (sqlite) {
      const prepare = sqlite.prepare.bind(sqlite);
      sqlite.prepare = ((source: string) => {
        const statement = prepare(source);
        const all = statement.all.bind(statement);
        statement.all = ((...parameters: unknown[]) => {
          // Kysely's driver binds the parameters as one array.
          seen.push({ sql: source, parameters: Array.isArray(parameters[0]) ? (parameters[0] as unknown[]) : parameters });
          return all(...parameters);
        }) as typeof statement.all;
        return statement;
      }) as typeof sqlite.prepare;
      try {
        await createAssembliesRepository(a.database.db).inviteesPage(assemblyId, { limit: 101 });
      } finally {
        sqlite.prepare = prepare;
      }
    } else {
      const query = pg.Client.prototype.query;
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        if (typeof args[0] === 'string') seen.push({ sql: args[0], parameters: (args[1] as unknown[]) ?? [] });
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof query;
      try {
        await createAssembliesRepository(a.database.db).inviteesPage(assemblyId, { limit: 101 });
      } finally {
        pg.Client.prototype.query = query;
      }
    }
    const page = seen.find((s) => /order by/i.test(s.sql) && /assembly_invitees/.test(s.sql));
    if (!page) throw new Error(`no page query among ${seen.length} statements`);
    return page;
  }
});
