import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type TestAssociation } from './harness.js';
import { mailedLink } from './mailbox.js';
import { statementsRun } from './statements.js';
import { compiledQueries, queryPlan } from './query-plans.js';
import { createPeopleRepository, SEARCH_INDEX_CAP } from '../src/modules/people/repository.js';
import { newPersonRow } from '../src/modules/people/rules.js';
import { newId } from '../src/platform/ids.js';

/**
 * The directory's search, accent- and case-insensitive, served by an index on both databases
 * (docs/performance.md): pg_trgm on PostgreSQL, an FTS5 trigram table kept by triggers on SQLite.
 */
describe(`searching the directory (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeAll(async () => {
    a = await buildAssociation();
    for (const displayName of ['Élodie Martin', 'Elodie Bernard', 'Zoé Durand']) await a.person({ displayName });
  });
  afterAll(async () => {
    await a?.close();
  });

  async function search(q: string): Promise<string[]> {
    const res = await a.app.inject({ method: 'GET', url: `/api/v1/people?q=${encodeURIComponent(q)}`, headers: a.admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: { displayName: string }[] }).items.map((p) => p.displayName).sort();
  }

  it('finds a name whatever its accents and case, from any part of it', async () => {
    expect(await search('ÉLOD')).toEqual(['Elodie Bernard', 'Élodie Martin']);
    expect(await search('oé d')).toEqual(['Zoé Durand']);
  });

  it("reads LIKE's wildcards in a term as nothing: the term is searched without them", async () => {
    expect(await search('%lodie')).toEqual(['Elodie Bernard', 'Élodie Martin']);
    expect(await search('ma_rtin')).toEqual(['Élodie Martin']);
    expect(await search('z%o')).toEqual(['Zoé Durand']);
    // Nothing left to search for: everyone, as an empty search.
    expect(await search('%_%')).toEqual(['Ada Admin', 'Elodie Bernard', 'Zoé Durand', 'Élodie Martin']);
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

  it.skipIf(dialectUnderTest !== 'postgres')('the staff’s search, in names and addresses, reads both trigram indexes, not the whole people table', async () => {
    const sent = await compiledQueries(a.database.db, (db) => createPeopleRepository(db).directory({ q: 'lodie', email: 'lodie', limit: 51 }));
    expect(sent).toHaveLength(1);
    // Not the walk of the name index either, which a few rows would make cheapest: can the trigram indexes serve it?
    const plan = await queryPlan(a.database, sent[0]!, ['seqscan', 'indexscan']);
    expect(plan).toContain('people_search_trigrams');
    expect(plan).toContain('people_email_trigrams');
    expect(plan).not.toContain('Seq Scan');
  });

  it.skipIf(dialectUnderTest !== 'sqlite')(
    'on SQLite, a search of three characters or more reads the trigram table, not the whole people table; a shorter one reads people',
    async () => {
      const plans = async (q: string) => {
        // The statements the directory's request runs, each explained as SQLite would run it.
        const connection = a.database.sqlite!;
        const texts = await statementsRun(a, () => search(q));
        const directory = texts.filter((text) => /^select "people"\.\* from "people"/.test(text));
        expect(directory).toHaveLength(1);
        const parameters = (directory[0].match(/\?/g) ?? []).map(() => '%x%');
        return (connection.prepare(`explain query plan ${directory[0]}`).all(...parameters) as { detail: string }[]).map((r) => r.detail);
      };
      const indexed = await plans('lodie');
      // FTS5 answers the LIKE from its index ("L" in its plan), and people is read by id.
      expect(
        indexed.some((step) => /^SCAN people_search VIRTUAL TABLE INDEX \d+:L/.test(step)),
        indexed.join('\n'),
      ).toBe(true);
      expect(
        indexed.some((step) => /^SEARCH people USING INDEX sqlite_autoindex_people_1 \(id=\?\)/.test(step)),
        indexed.join('\n'),
      ).toBe(true);
      expect(
        indexed.filter((step) => /^SCAN people\b(?!_search)/.test(step)),
        indexed.join('\n'),
      ).toEqual([]);
      const short = await plans('lo');
      expect(short.join('\n')).not.toContain('people_search');
    },
  );

  it.skipIf(dialectUnderTest !== 'sqlite')(
    'on SQLite, a term found in many people is read in name order instead, which finds a page sooner than sorting every match: the page is the same',
    async () => {
      // As an import writes them: enough people for the cap, in one transaction.
      const rows = Array.from({ length: SEARCH_INDEX_CAP }, (_, i) =>
        newPersonRow(newId(), { displayName: `Commune ${String(i).padStart(5, '0')}`, email: `commune-${i}@example.org` }, a.clock.now()),
      );
      await a.database.transaction((trx) => createPeopleRepository(trx).insertMany(rows));
      let page: string[] = [];
      const texts = await statementsRun(a, async () => {
        const res = await a.app.inject({ method: 'GET', url: '/api/v1/people?q=commune&limit=50', headers: a.admin.headers });
        expect(res.statusCode, res.body).toBe(200);
        page = (res.json() as { items: { displayName: string }[] }).items.map((p) => p.displayName);
      });
      expect(page).toEqual(Array.from({ length: 50 }, (_, i) => `Commune ${String(i).padStart(5, '0')}`));
      const directory = texts.filter((text) => /^select "people"\.\* from "people"/.test(text));
      expect(directory).toHaveLength(1);
      expect(directory[0]).not.toContain('people_search');
      // A rarer term still goes through the index.
      const rare = await statementsRun(a, () => search('commune 0001'));
      expect(rare.filter((text) => /^select "people"\.\* from "people"/.test(text))[0]).toContain('people_search');
    },
    60_000,
  );
});

describe(`the search stays right through every write to people (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeAll(async () => {
    a = await buildAssociation();
  });
  afterAll(async () => {
    await a?.close();
  });

  async function search(q: string): Promise<string[]> {
    const res = await a.app.inject({ method: 'GET', url: `/api/v1/people?q=${encodeURIComponent(q)}`, headers: a.admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: { displayName: string }[] }).items.map((p) => p.displayName).sort();
  }

  /** SQLite: every person has one row in the search table, with their current key and address. */
  async function expectIndexInStep(): Promise<void> {
    if (dialectUnderTest !== 'sqlite') return;
    const { rows } = await sql<{ people: number; indexed: number; same: number }>`
      select (select count(*) from people) as people, (select count(*) from people_search) as indexed,
        (select count(*) from people p join people_search s on s.person_id = p.id
          where s.search_key = p.search_key and s.email_normalized = p.email_normalized) as same`.execute(a.database.db);
    const [{ people, indexed, same }] = rows;
    expect({ indexed, same }).toEqual({ indexed: people, same: people });
  }

  it('after a person is created, renamed, changes address, is imported, erased or removed', async () => {
    const noemie = await a.person({ displayName: 'Noémie Fauré', email: 'noemie.faure@example.org' });
    // "fauré" is in her name's key as "faure", and not in her address.
    expect(await search('fauré')).toEqual(['Noémie Fauré']);
    await expectIndexInStep();

    await a.services.people.update(system, noemie.id, { displayName: 'Noémie Lagarde', pseudonym: 'Nono' });
    expect(await search('fauré')).toEqual([]);
    expect(await search('lagar')).toEqual(['Noémie Lagarde']);
    expect(await search('nono')).toEqual(['Noémie Lagarde']);
    await expectIndexInStep();

    // A new address takes effect once confirmed from it.
    const proposed = await a.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${noemie.id}`,
      headers: a.admin.headers,
      payload: { email: 'n.lagarde@example.net' },
    });
    expect(proposed.statusCode, proposed.body).toBe(200);
    expect(await search('lagarde@exa')).toEqual([]);
    const token = (await mailedLink(a, 'n.lagarde@example.net', /^\/email\/confirm$/)).searchParams.get('token');
    const confirmed = await a.app.inject({ method: 'POST', url: '/api/v1/email/confirm', payload: { token } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(await search('lagarde@exa')).toEqual(['Noémie Lagarde']);
    expect(await search('noemie.faure')).toEqual([]);
    await expectIndexInStep();

    const summary = await a.services.people.importCsv(system, 'displayName,email\nGaëlle Importée,gaelle@example.org\nHugo Importé,hugo@example.org\n');
    expect(summary).toMatchObject({ imported: 2, errors: [] });
    expect(await search('importe')).toEqual(['Gaëlle Importée', 'Hugo Importé']);
    await expectIndexInStep();

    const erased = await a.app.inject({
      method: 'POST',
      url: `/api/v1/people/${noemie.id}/erase`,
      headers: a.admin.headers,
      payload: { confirm: 'Noémie Lagarde', reason: 'request' },
    });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(await search('lagarde')).toEqual([]);
    expect(await search('nono')).toEqual([]);
    await expectIndexInStep();

    // No path of the application deletes a person's row; an operator by hand might.
    const hugo = await a.services.people.directory(system, { q: 'hugo importe' });
    await a.database.db.deleteFrom('people').where('id', '=', hugo.items[0].id).execute();
    expect(await search('importe')).toEqual(['Gaëlle Importée']);
    await expectIndexInStep();
  });
});
