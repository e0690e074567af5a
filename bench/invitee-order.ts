/**
 * `npx tsx bench/invitee-order.ts [--people N] [--invitees N] [--pages N]`: the first page of an
 * assembly's invitees (100 rows and the one after, as the assembly's page asks) read two ways on
 * the same data, one after the other: in the people's order (`people.sort_key`, sorting every
 * invitee of the assembly to keep 101), and from the invitations' own copy of the key (the index
 * `(assembly_id, sort_key, person_id)`, migration `2026-12-15-invitee-sort-key`); then the
 * page's counts. SQLite in a temporary file; PostgreSQL with `DATABASE_URL=postgres://…` (a fresh
 * schema, dropped at the end). Prints the mean time of each (with `--explain`, the plans of the two
 * orders, executed on PostgreSQL); asserts nothing (docs/performance.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CompiledQuery, sql } from 'kysely';
import { createSchema, dropSchema, openDatabase } from '../src/platform/db.js';
import { migrate } from '../src/platform/migrations.js';
import { createAssembliesRepository } from '../src/modules/assemblies/repository.js';
import { peopleChunks, personId } from './synthetic.js';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    invitees: { type: 'string', default: '40000' },
    pages: { type: 'string', default: '50' },
    explain: { type: 'boolean', default: false },
  },
});
const people = Number(args.people);
const invitees = Math.min(people, Number(args.invitees));
const pages = Number(args.pages);
const postgres = process.env.DATABASE_URL?.startsWith('postgres');
const dir = postgres ? null : mkdtempSync(join(tmpdir(), 'equipage-invitee-order-'));
const schema = `bench_invitee_order_${process.pid}`;
if (postgres) await createSchema(process.env.DATABASE_URL!, schema);
const database = postgres ? openDatabase(process.env.DATABASE_URL!, { schema }) : openDatabase(`sqlite:${join(dir!, 'bench.sqlite')}`);
try {
  await migrate(database);
  const now = '2026-03-02T10:00:00.000Z';
  await database.transaction(async (trx) => {
    for (const rows of peopleChunks(people, 1000)) await trx.insertInto('people').values(rows).execute();
    await trx
      .insertInto('assemblies')
      .values({
        id: 'a1',
        kind: 'ordinary',
        title: 'AG',
        scheduled_at: '2026-04-01T16:30:00.000Z',
        duration_minutes: 180,
        location: null,
        video_url: null,
        status: 'convened',
        convened_at: now,
        forced_reason: null,
        opened_at: null,
        closed_at: null,
        minutes: null,
        created_at: now,
        updated_at: now,
        version: 1,
      } as never)
      .execute();
    // Every (people / invitees)-th person is convened, spread over the whole alphabet.
    const step = people / invitees;
    const repo = createAssembliesRepository(trx);
    const list = Array.from({ length: invitees }, (_, i) => ({
      assemblyId: 'a1',
      personId: personId(Math.floor(i * step)),
      capacity: 'contributor' as const,
      canVote: false,
      convenedAt: now,
    }));
    await repo.addInvitees(list);
  });
  if (postgres) await sql`analyze`.execute(database.db);
  const db = database.db;
  const base = () =>
    db
      .selectFrom('assembly_invitees')
      .innerJoin('people', 'people.id', 'assembly_invitees.person_id')
      .select(['assembly_invitees.id', 'people.display_name'])
      .where('assembly_invitees.assembly_id', '=', 'a1');
  const shapes: [string, () => Promise<unknown>][] = [
    ['people.sort_key (before)', () => base().orderBy('people.sort_key').orderBy('people.id').limit(101).execute()],
    ['invitation sort_key (after)', () => base().orderBy('assembly_invitees.sort_key').orderBy('assembly_invitees.person_id').limit(101).execute()],
    ['the page as the repository reads it', () => createAssembliesRepository(db).inviteesPage('a1', { limit: 101 })],
    ['the counts (attendanceCounts)', () => createAssembliesRepository(db).attendanceCounts('a1')],
  ];
  process.stdout.write(`${database.dialect}: ${people} people, ${invitees} invitees, ${pages} reads each\n`);
  if (args.explain)
    for (const [name, query] of [
      ['before', base().orderBy('people.sort_key').orderBy('people.id').limit(101)],
      ['after', base().orderBy('assembly_invitees.sort_key').orderBy('assembly_invitees.person_id').limit(101)],
    ] as const) {
      const { sql: text, parameters } = query.compile();
      const plan = await db.executeQuery<Record<string, unknown>>(
        CompiledQuery.raw(`${postgres ? 'explain (analyze, costs off)' : 'explain query plan'} ${text}`, [...parameters]),
      );
      process.stdout.write(`${name}:\n${plan.rows.map((r) => `  ${String(r['QUERY PLAN'] ?? r.detail)}`).join('\n')}\n`);
    }
  for (const [name, read] of shapes) {
    await read();
    const started = performance.now();
    for (let i = 0; i < pages; i++) await read();
    process.stdout.write(`${name.padEnd(38)} ${((performance.now() - started) / pages).toFixed(2)} ms\n`);
  }
} finally {
  await database.close();
  if (postgres) await dropSchema(process.env.DATABASE_URL!, schema);
  if (dir) rmSync(dir, { recursive: true, force: true });
}
