/**
 * `npx tsx bench/search.ts [--people N] [--runs R] [--synthetic] [--database postgres://…/db]`: the directory's
 * search alone, in process. Builds N people with first and family names drawn from short lists
 * (so that a common first name matches a few per cent of them, as in a real association) in a
 * fresh SQLite file (or, with --database, a fresh schema of that PostgreSQL database, dropped at
 * the end), times inserting them, then times `people.directory` (the query behind `/people?q=`,
 * `GET /api/v1/people?q=` and the pickers) for a few terms, R times each, and prints the median and
 * the slowest of the runs. It never fails on time. With `--synthetic`, the people are those of the
 * full bench (`bench/synthetic.ts`: "Person 000000" and on, every name sharing "person "), and the
 * terms those the full bench searches for, and the extremes of that set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createSchema, dropSchema, openDatabase } from '../src/platform/db.js';
import { migrate } from '../src/platform/migrations.js';
import { normaliseEmail, searchKey } from '../src/platform/text.js';
import { newPersonRow } from '../src/modules/people/rules.js';
import { createPeopleRepository, type PersonRow } from '../src/modules/people/repository.js';
import { peopleChunks, personId, random } from './synthetic.js';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '30' },
    synthetic: { type: 'boolean', default: false },
    database: { type: 'string' },
  },
});
const count = Number(args.people);
const runs = Number(args.runs);
const dir = mkdtempSync(join(tmpdir(), 'equipage-search-'));
const schema = `equipage_search_${process.pid}`;
const url = args.database ?? `sqlite:${join(dir, 'search.sqlite')}`;

// A common first name comes up about once in 30 people; family names are spread wider.
const firstNames = ['Marie', 'Jean', 'Élodie', 'Pierre', 'Camille', 'Nicolas', 'Léa', 'Thomas', 'Chloé', 'Lucas', 'Manon', 'Hugo', 'Inès', 'Louis', 'Zoé'];
const moreFirstNames = ['Ana', 'Bruno', 'Cécile', 'Dario', 'Emma', 'Farid', 'Gaëlle', 'Hélène', 'Ivan', 'Jeanne', 'Karim', 'Lina', 'Malik', 'Noémie'];
const familyNames = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre'];
const syllables = ['ba', 'ro', 'li', 'mé', 'ta', 'nu', 'ga', 'sé', 'vo', 'ki', 'dé', 'po', 'ra', 'lu', 'zi', 'fo'];

function* people(): Generator<PersonRow[]> {
  const draw = random(42);
  const pick = <T>(list: T[]) => list[Math.floor(draw() * list.length)];
  for (let start = 0; start < count; start += 1000) {
    const rows: PersonRow[] = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      const first = draw() < 0.5 ? pick(firstNames) : pick(moreFirstNames) + pick(syllables);
      const family = draw() < 0.3 ? pick(familyNames) : pick(syllables) + pick(syllables) + pick(syllables);
      const displayName = `${first} ${family}`;
      rows.push(newPersonRow(personId(i), { displayName, email: `${searchKey(first)}.${i}@bench.example` }, '2026-11-28T12:00:00.000Z'));
    }
    yield rows;
  }
}

if (args.database) await createSchema(url, schema);
const database = openDatabase(url, args.database ? { schema } : {});
try {
  await migrate(database);
  const repository = createPeopleRepository(database.db);
  let started = performance.now();
  await database.transaction(async (trx) => {
    const inTransaction = createPeopleRepository(trx);
    if (args.synthetic) for (const rows of peopleChunks(count, 1000)) await trx.insertInto('people').values(rows).execute();
    else for (const rows of people()) await inTransaction.insertMany(rows);
  });
  const insertMs = performance.now() - started;
  if (database.dialect === 'postgres') await sql`analyze`.execute(database.db);
  console.log(
    `${database.dialect}, ${count.toLocaleString('en')} people inserted in ${Math.round(insertMs)} ms (${Math.round(count / (insertMs / 1000)).toLocaleString('en')} rows/s)`,
  );

  const synthetic: { label: string; q: string; email?: boolean }[] = [
    { label: 'the API search of the full bench', q: 'pérson 0004' },
    { label: 'the directory search of the full bench', q: 'Person 004' },
    { label: 'the last ten people', q: 'person 09999' },
    { label: 'everyone', q: 'person' },
  ];
  const realistic: { label: string; q: string; email?: boolean }[] = [
    { label: 'common first name', q: 'Marie' },
    { label: 'common first name, second page', q: 'Marie' },
    // A family name of three syllables: one in 4,096 draws of the rarer kind, a handful of people.
    { label: 'rare term (one family name)', q: 'bamélu' },
    { label: 'no match', q: 'Xylophone' },
    { label: 'three letters, frequent', q: 'mar' },
    { label: 'three letters, frequent, second page', q: 'mar' },
    { label: 'two letters (LIKE path)', q: 'ma' },
    { label: 'with e-mails (staff)', q: 'noémie', email: true },
  ];
  const terms = args.synthetic ? synthetic : realistic;
  console.log('| search | matches | median ms | slowest ms |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const term of terms) {
    const q = searchKey(term.q);
    const email = term.email ? normaliseEmail(term.q) : undefined;
    let after: { sortKey: string; id: string } | undefined;
    if (term.label.endsWith('second page')) {
      const first = await repository.directory({ q, email, limit: 51 });
      after = { sortKey: first.sortKeys[49], id: first.people[49].id };
    }
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      started = performance.now();
      await repository.directory({ q, email, after, limit: 51 });
      times.push(performance.now() - started);
    }
    times.sort((x, y) => x - y);
    const matches = await database.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => {
        const name = eb('search_key', 'like', `%${q}%`);
        return email ? eb.or([name, eb('email_normalized', 'like', `%${email}%`)]) : name;
      })
      .executeTakeFirstOrThrow();
    console.log(`| ${term.label} \`${term.q}\` | ${Number(matches.n)} | ${times[Math.floor(runs / 2)].toFixed(2)} | ${times[runs - 1].toFixed(2)} |`);
  }
} finally {
  await database.close();
  if (args.database) await dropSchema(url, schema);
  rmSync(dir, { recursive: true, force: true });
}
