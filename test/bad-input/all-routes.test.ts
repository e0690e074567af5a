/**
 * The tables as a whole: together the tables of cases/ cover every write route of the app, API
 * routes in the API tables and forms in the form tables, no route that is gone, and no route twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, type TestAssociation } from '../harness.js';
import { apiCases, formCases, tables } from './cases/index.js';

describe(`bad input: every write route (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeAll(async () => {
    a = await buildAssociation();
  });
  afterAll(async () => {
    await a?.close();
  });

  it('has malformed-input cases for every write route, and for no route that is gone', () => {
    const writes = a.routes.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`);
    const covered = [...Object.keys(apiCases), ...Object.keys(formCases)];
    expect(
      writes.filter((w) => !covered.includes(w)),
      'write routes without bad-input cases',
    ).toEqual([]);
    expect(
      covered.filter((c) => !writes.includes(c)),
      'cases for routes that no longer exist',
    ).toEqual([]);
    const pages = new Set(a.routes.filter((r) => r.page).map((r) => `${r.method} ${r.url}`));
    for (const key of Object.keys(apiCases)) expect(pages.has(key), key).toBe(false);
    for (const key of Object.keys(formCases)) expect(pages.has(key), key).toBe(true);
    // No route in two tables: the joined tables would keep only one of them.
    const keys = Object.values(tables).flatMap((t) => [...Object.keys(t.api), ...Object.keys(t.form)]);
    expect(
      keys.filter((k, i) => keys.indexOf(k) !== i),
      'routes in two tables',
    ).toEqual([]);
  });
});
