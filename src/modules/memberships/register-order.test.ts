import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alteringTestSchema, buildAssociation, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';
import { compiledQueries, queryPlan } from '../../../test/query-plans.js';
import { up as addRegisterOrder } from '../../../migrations/2026-12-16-register-order.js';
import { createMembershipsRepository } from './repository.js';
import type { MembershipStatus } from './rules.js';

/**
 * The register comes in the members' name order from the index `(status, sort_key, id)` on the
 * memberships, whose copy of the person's sort key the database keeps in step (docs/performance.md):
 * a page of 100 walks at most 100 index entries a status instead of joining and sorting the whole
 * register, which is what made the register the slowest page at a federation's size.
 */
describe(`the register in name order, from an index (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set('2026-03-02T10:00:00.000Z');
  });
  afterEach(async () => {
    await a?.close();
  });

  /** Memberships written straight into the table, as a restore or an older version would: the database fills their sort key. */
  async function members(entries: [string, MembershipStatus][]) {
    const now = a.clock.now();
    const people = [];
    for (const [displayName, status] of entries) {
      const p = await a.person({ displayName });
      await a.database.db
        .insertInto('memberships')
        .values({
          id: `m-${p.id}`,
          person_id: p.id,
          status,
          since: '2025-01-01',
          until: status === 'active' || status === 'lapsing' ? null : '2026-01-01',
          decision_id: null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
      people.push(p);
    }
    return people;
  }

  /** Every name of the register, read through the API a page of `limit` at a time. */
  async function registerNames(query: string, limit: number): Promise<string[]> {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await a.app.inject({
        method: 'GET',
        url: `/api/v1/members?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        headers: a.admin.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { items: { displayName: string }[]; nextCursor: string | null };
      names.push(...page.items.map((i) => i.displayName));
      cursor = page.nextCursor;
    } while (cursor);
    return names;
  }

  const everyStatus = [
    ['Zoé Petit', 'active'],
    ['Bérénice Martin', 'lapsing'],
    ['Charles Durand', 'active'],
    ['Amélie Roux', 'resigned'],
    ['Yann Bernard', 'lapsed'],
    ['Édouard Blanc', 'excluded'],
    ['Denise Faure', 'lapsing'],
  ] satisfies [string, MembershipStatus][];

  it('merges the statuses in one name order, a page at a time, nobody twice or missed', async () => {
    await members(everyStatus);
    const current = ['Bérénice Martin', 'Charles Durand', 'Denise Faure', 'Zoé Petit'];
    const everyone = ['Amélie Roux', 'Bérénice Martin', 'Charles Durand', 'Denise Faure', 'Édouard Blanc', 'Yann Bernard', 'Zoé Petit'];
    for (const limit of [1, 2, 3, 100]) {
      expect(await registerNames('', limit)).toEqual(current);
      expect(await registerNames('history=true', limit)).toEqual(everyone);
      expect(await registerNames('status=lapsing', limit)).toEqual(['Bérénice Martin', 'Denise Faure']);
    }
  });

  it('follows a rename: the renamed member takes their new place in the register', async () => {
    const [zoe] = await members(everyStatus);
    await a.services.people.update(system, zoe!.id, { displayName: 'Aurore Petit' });
    expect(await registerNames('', 2)).toEqual(['Aurore Petit', 'Bérénice Martin', 'Charles Durand', 'Denise Faure']);
  });

  it('reads a page from the order index, one walk a status, without sorting the register', async () => {
    await members(everyStatus);
    for (const statuses of [['active', 'lapsing'], ['active', 'lapsing', 'lapsed', 'resigned', 'excluded'], ['lapsed']] satisfies MembershipStatus[][]) {
      const sent = await compiledQueries(a.database.db, (db) =>
        createMembershipsRepository(db).register({ statuses, limit: 101, after: { sortKey: 'b', id: '' } }),
      );
      expect(sent).toHaveLength(1);
      const plan = await queryPlan(a.database, sent[0]!);
      expect(plan).toContain('memberships_register_status_order');
      if (dialectUnderTest === 'postgres') expect(plan).not.toMatch(/^\s*(->\s+)?Sort\s+\(/m);
      // SQLite sorts only what each walk of at most 101 entries gives, never the status's whole range.
      else expect(plan).not.toMatch(/memberships_status\b/);
    }
  });

  it('gives the memberships already there their person’s sort key when the migration runs', async () => {
    const [zoe] = await members(everyStatus);
    // As the database stood before the migration: no copy, no indexes on it, no triggers.
    const db = a.database.db;
    await alteringTestSchema(a.database, async () => {
      for (const index of ['memberships_register_status_order', 'memberships_since', 'memberships_until']) await sql`drop index ${sql.id(index)}`.execute(db);
      if (dialectUnderTest === 'postgres') {
        await sql`drop trigger memberships_take_sort_key on memberships`.execute(db);
        await sql`drop trigger people_sort_key_to_memberships on people`.execute(db);
        await sql`drop function memberships_take_sort_key()`.execute(db);
        await sql`drop function people_sort_key_to_memberships()`.execute(db);
      } else {
        for (const trigger of ['memberships_take_sort_key', 'memberships_follow_person', 'people_sort_key_to_memberships'])
          await sql`drop trigger ${sql.id(trigger)}`.execute(db);
      }
      await sql`alter table memberships drop column sort_key`.execute(db);
      await addRegisterOrder(db, dialectUnderTest);
    });
    expect(await registerNames('history=true', 3)).toEqual([
      'Amélie Roux',
      'Bérénice Martin',
      'Charles Durand',
      'Denise Faure',
      'Édouard Blanc',
      'Yann Bernard',
      'Zoé Petit',
    ]);
    await a.services.people.update(system, zoe!.id, { displayName: 'Aurore Petit' });
    expect((await registerNames('', 100))[0]).toBe('Aurore Petit');
  });
});
