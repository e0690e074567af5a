/**
 * `npm run bench [-- --quick] [-- --sqlite-only]`: contributions import throughput and the full
 * activity assessment, on SQLite and PostgreSQL, on a deterministic synthetic association.
 * Prints a table and writes bench/results.json. Benchmarks, not tests: it never fails on time.
 * See docs/performance.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { anonymous, type Actor } from '../src/platform/auth/actor.js';
import { activitySettings, parseConfig, type Config } from '../src/platform/config.js';
import { createSchema, dropSchema, openDatabase, type Database } from '../src/platform/db.js';
import { migrate } from '../src/platform/migrations.js';
import { assessEveryone } from '../src/modules/contributions/assessment.js';
import { createContributionsImport } from '../src/modules/contributions/import.js';
import { createContributionsRepository } from '../src/modules/contributions/repository.js';
import { benchToday, contributionChunks, contributionCsvChunks, peopleChunks, teamRoles, teams } from './synthetic.js';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false }, 'sqlite-only': { type: 'boolean', default: false } } });
const sizes = args.quick
  ? { people: 10_000, teams: 20, importRows: 100_000, contributions: 500_000 }
  : { people: 100_000, teams: 20, importRows: 1_000_000, contributions: 5_000_000 };
const aims = { sqliteImportRowsPerSecond: 200_000, postgresImportRowsPerSecond: 300_000, assessmentMs: 1000 };

const system: Actor = { ...anonymous, isAdmin: true };
const clock = { now: () => `${benchToday}T12:00:00.000Z`, today: () => benchToday };
const config: Config = {
  ...parseConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' }),
  EQUIPAGE_SECRET: 'bench-secret-bench-secret-bench-secret',
  dataDir: tmpdir(),
};
const { policy } = activitySettings(config);

interface DialectResult {
  import: { rows: number; seconds: number; rowsPerSecond: number; codePath: string };
  bulkLoad: { rows: number; seconds: number; rowsPerSecond: number };
  assessment: { people: number; contributions: number; active: number; firstMs: number; medianMs: number; runsMs: number[] };
}

const seconds = (from: number) => (performance.now() - from) / 1000;
const log = (message: string) => process.stderr.write(`  ${message}\n`);

async function seed(database: Database): Promise<void> {
  await database.transaction(async (trx) => {
    for (const rows of peopleChunks(sizes.people, 1000)) await trx.insertInto('people').values(rows).execute();
    await trx.insertInto('teams').values(teams(sizes.teams)).execute();
    const roles = teamRoles(sizes.people, sizes.teams);
    for (let i = 0; i < roles.length; i += 1000)
      await trx
        .insertInto('team_roles')
        .values(roles.slice(i, i + 1000))
        .execute();
  });
}

async function benchDialect(database: Database): Promise<DialectResult> {
  await migrate(database);
  let t = performance.now();
  await seed(database);
  log(`${sizes.people.toLocaleString('en')} people, ${sizes.teams} teams: ${seconds(t).toFixed(1)} s`);

  // The import: the real code path (CSV parsing, validation, email and external-id lookups, insert, audit), one transaction.
  const csv = `email,kind,occurredOn,summary,team,evidenceUrl,externalId\n${[...contributionCsvChunks(sizes.importRows, sizes.people, sizes.teams, { seed: 5 })].join('')}`;
  t = performance.now();
  const summary = await createContributionsImport({ database, clock, config }).importCsv(system, csv);
  const importSeconds = seconds(t);
  if (summary.imported !== sizes.importRows) throw new Error(`import wrote ${summary.imported} rows: ${JSON.stringify(summary.errors.slice(0, 3))}`);
  log(`import of ${sizes.importRows.toLocaleString('en')} CSV lines: ${importSeconds.toFixed(1)} s`);

  // The rest of the association, through repository.insertMany, a chunk at a time (bounded memory).
  const rest = sizes.contributions - sizes.importRows;
  t = performance.now();
  await database.transaction(async (trx) => {
    const repo = createContributionsRepository(trx);
    for (const rows of contributionChunks(rest, sizes.people, sizes.teams, { seed: 4, chunk: 10_000 })) await repo.insertMany(rows);
  });
  const bulkSeconds = seconds(t);
  log(`insertMany of ${rest.toLocaleString('en')} rows: ${bulkSeconds.toFixed(1)} s`);
  // What autovacuum does on its own after a bulk load: statistics, and the visibility map that index-only scans need.
  if (database.dialect === 'postgres') await sql`vacuum analyze`.execute(database.db);

  const runsMs: number[] = [];
  let active = 0;
  for (let run = 0; run < 3; run++) {
    t = performance.now();
    const everyone = await assessEveryone(database.db, policy, benchToday);
    runsMs.push(Math.round(seconds(t) * 1000));
    active = [...everyone.values()].filter((a) => a.active).length;
    if (everyone.size !== sizes.people) throw new Error(`assessed ${everyone.size} people`);
  }
  log(`assessment of everyone: ${runsMs.join(', ')} ms`);
  return {
    import: {
      rows: sizes.importRows,
      seconds: importSeconds,
      rowsPerSecond: Math.round(sizes.importRows / importSeconds),
      codePath: 'contributions/import.ts importCsv',
    },
    bulkLoad: { rows: rest, seconds: bulkSeconds, rowsPerSecond: Math.round(rest / bulkSeconds) },
    assessment: {
      people: sizes.people,
      contributions: sizes.contributions,
      active,
      firstMs: runsMs[0],
      medianMs: [...runsMs].sort((a, b) => a - b)[1],
      runsMs,
    },
  };
}

async function onSqlite(): Promise<DialectResult> {
  const dir = mkdtempSync(join(tmpdir(), 'equipage-bench-'));
  const database = openDatabase(`sqlite:${join(dir, 'bench.sqlite')}`);
  try {
    return await benchDialect(database);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh schema in DATABASE_URL's database, or a fresh database on the local server; dropped at the end. */
async function onPostgres(): Promise<DialectResult> {
  const given = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
  const name = `equipage_bench_${randomBytes(4).toString('hex')}`;
  const admin = 'postgres://postgres@127.0.0.1:5432/postgres';
  let url: string;
  if (given) {
    url = given;
    await createSchema(url, name);
  } else {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    url = `postgres://postgres@127.0.0.1:5432/${name}`;
  }
  const database = openDatabase(url, given ? { schema: name } : {});
  try {
    return await benchDialect(database);
  } finally {
    await database.close();
    if (given) await dropSchema(url, name);
    else {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`drop database if exists ${name}`);
      await client.end();
    }
  }
}

async function serverVersions(): Promise<{ sqlite: string; postgres: string | null }> {
  const database = openDatabase('sqlite::memory:');
  const { rows } = await sql<{ v: string }>`select sqlite_version() as v`.execute(database.db);
  await database.close();
  let postgres: string | null = null;
  if (!args['sqlite-only']) {
    const client = new pg.Client({
      connectionString: process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : 'postgres://postgres@127.0.0.1:5432/postgres',
    });
    await client.connect();
    postgres = (await client.query<{ server_version: string }>('show server_version')).rows[0].server_version;
    await client.end();
  }
  return { sqlite: rows[0].v, postgres };
}

const fmt = (n: number) => n.toLocaleString('en');

function table(results: Record<string, DialectResult | { error: string }>): string {
  const cell = (dialect: string, pick: (r: DialectResult) => string) => {
    const r = results[dialect];
    if (!r) return 'not run';
    return 'error' in r ? 'failed' : pick(r);
  };
  const lines: string[][] = [
    ['measure', 'sqlite', 'postgres', 'aim'],
    [
      `contributions import, ${fmt(sizes.importRows)} CSV lines`,
      cell('sqlite', (r) => `${fmt(r.import.rowsPerSecond)} rows/s`),
      cell('postgres', (r) => `${fmt(r.import.rowsPerSecond)} rows/s`),
      `≥ ${fmt(aims.sqliteImportRowsPerSecond)} (SQLite), ≥ ${fmt(aims.postgresImportRowsPerSecond)} (PostgreSQL)`,
    ],
    [
      `repository.insertMany, ${fmt(sizes.contributions - sizes.importRows)} rows`,
      cell('sqlite', (r) => `${fmt(r.bulkLoad.rowsPerSecond)} rows/s`),
      cell('postgres', (r) => `${fmt(r.bulkLoad.rowsPerSecond)} rows/s`),
      '',
    ],
    [
      `assess everyone: ${fmt(sizes.people)} people, ${fmt(sizes.contributions)} contributions (median of 3)`,
      cell('sqlite', (r) => `${fmt(r.assessment.medianMs)} ms`),
      cell('postgres', (r) => `${fmt(r.assessment.medianMs)} ms`),
      `≤ ${fmt(aims.assessmentMs)} ms`,
    ],
    ['  of whom active', cell('sqlite', (r) => fmt(r.assessment.active)), cell('postgres', (r) => fmt(r.assessment.active)), ''],
  ];
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  return lines.map((l) => l.map((v, c) => v.padEnd(widths[c])).join('  ')).join('\n');
}

const startedAt = new Date().toISOString();
const loadBefore = loadavg();
const versions = await serverVersions();
const results: Record<string, DialectResult | { error: string }> = {};
process.stderr.write(`Équipage bench (${args.quick ? 'quick' : 'full'}): ${cpus().length} cores, load average ${loadBefore[0].toFixed(2)}\n`);
for (const [dialect, run] of [
  ['sqlite', onSqlite],
  ['postgres', onPostgres],
] as const) {
  if (dialect === 'postgres' && args['sqlite-only']) continue;
  process.stderr.write(`${dialect}\n`);
  try {
    results[dialect] = await run();
  } catch (e) {
    // A benchmark reports what it could measure: one database failing does not hide the other's figures.
    results[dialect] = { error: e instanceof Error ? e.message : String(e) };
    log(`failed: ${results[dialect].error}`);
  }
}
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  sqlite: versions.sqlite,
  postgres: versions.postgres,
  loadAverageBefore: loadBefore.map((l) => Number(l.toFixed(2))),
  loadAverageAfter: loadavg().map((l) => Number(l.toFixed(2))),
};
const report = { startedAt, finishedAt: new Date().toISOString(), mode: args.quick ? 'quick' : 'full', sizes, aims, policy, machine, results };
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
console.log(`\n${table(results)}\n`);
console.log(
  `${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, SQLite ${machine.sqlite}, PostgreSQL ${machine.postgres ?? '-'}; load average ${machine.loadAverageBefore[0]} → ${machine.loadAverageAfter[0]}`,
);
console.log('Written to bench/results.json');
