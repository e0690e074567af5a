/**
 * `npm run bench [-- --quick] [-- --sqlite-only]`: contributions import throughput, the full
 * activity assessment, then the application served from its own process and loaded over HTTP
 * against a bare Fastify route (bench/http.ts), on SQLite and PostgreSQL, on a deterministic
 * synthetic association. Prints tables, the performance targets and whether each is met, and writes
 * bench/results.json. Benchmarks, not tests: it never fails on time. See docs/performance.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
import { benchWrites } from './writes.js';
// The writes translate mails: the modules' strings, as the server has them.
import '../src/modules.js';
import { aims, table, targetChecks, targetsTable, type DialectResult } from './report.js';
import { benchHttp, httpTable, type HttpTarget, type LoadSettings } from './http.js';
import { compileServers, removeCompiledServers } from './processes.js';
import { seedGovernance } from './governance.js';
import { benchToday, contributionChunks, contributionCsvChunks, peopleChunks, teamRoles, teams } from './synthetic.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'sqlite-only': { type: 'boolean', default: false },
    // Another size, for the growth table of docs/performance.md (e.g. --people 1000): the rest scales with it.
    people: { type: 'string' },
    // Fewer contributions than 50 a person, when building the full set would take too long on the machine.
    contributions: { type: 'string' },
    // Seconds of load per endpoint (after a fifth of it in warm-up): 10 by default, 2 with --quick.
    seconds: { type: 'string' },
    out: { type: 'string' },
  },
});
/** An association of `people`, shaped as the full one (100,000 people) is. */
function sizedFor(people: number) {
  return {
    people,
    teams: 20,
    importRows: people * 10,
    contributions: people * 50,
    members: Math.max(6, Math.round(people / 10)),
    sessions: Math.max(3, Math.round(people / 200)),
    assemblies: Math.max(1, Math.round(people / 5000)),
  };
}
const customPeople = args.people === undefined ? null : Number(args.people);
if (customPeople !== null && (!Number.isInteger(customPeople) || customPeople < 100 || customPeople > 1_000_000)) {
  process.stderr.write('--people takes a whole number from 100 to 1,000,000\n');
  process.exit(2);
}
const sized = customPeople !== null ? sizedFor(customPeople) : sizedFor(args.quick ? 10_000 : 100_000);
const customContributions = args.contributions === undefined ? null : Number(args.contributions);
if (
  customContributions !== null &&
  (!Number.isInteger(customContributions) || customContributions < sized.importRows || customContributions > sized.contributions)
) {
  process.stderr.write(`--contributions takes a whole number from ${sized.importRows} (the imported ones) to ${sized.contributions}\n`);
  process.exit(2);
}
const sizes = { ...sized, contributions: customContributions ?? sized.contributions, peopleImportRows: Math.max(1000, Math.round(sized.people / 2)) };
/** Ten connections, as the targets say; --quick keeps both databases under two minutes in all. */
const loadSeconds = args.seconds !== undefined ? Number(args.seconds) : args.quick ? 2 : 10;
if (!Number.isFinite(loadSeconds) || loadSeconds < 1 || loadSeconds > 60) {
  process.stderr.write('--seconds takes a number of seconds from 1 to 60\n');
  process.exit(2);
}
const load: LoadSettings = { connections: 10, durationSeconds: loadSeconds, warmupSeconds: Math.max(0.5, loadSeconds / 5) };

const system: Actor = { ...anonymous, isAdmin: true };
const clock = { now: () => `${benchToday}T12:00:00.000Z`, today: () => benchToday };
const config: Config = {
  ...parseConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' }),
  EQUIPAGE_SECRET: 'bench-secret-bench-secret-bench-secret',
  dataDir: tmpdir(),
};
const { policy } = activitySettings(config);

const seconds = (from: number) => (performance.now() - from) / 1000;
const fmt = (n: number) => n.toLocaleString('en');
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

async function benchDialect(database: Database, target: HttpTarget): Promise<DialectResult> {
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

  // Members with their history, bureau sessions and assemblies: what the register and the bureau's pages read.
  t = performance.now();
  const governance = await seedGovernance(database, { people: sizes.people, members: sizes.members, sessions: sizes.sessions, assemblies: sizes.assemblies });
  const governanceSeconds = seconds(t);
  log(`${fmt(sizes.members)} members, ${fmt(sizes.sessions)} bureau sessions, ${fmt(sizes.assemblies)} assemblies: ${governanceSeconds.toFixed(1)} s`);
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

  let http: DialectResult['http'];
  try {
    http = await benchHttp(database, target, { people: sizes.people, settings: load, config, servers, log });
  } catch (e) {
    http = { error: e instanceof Error ? e.message : String(e) };
    log(`HTTP not measured: ${http.error}`);
  }
  let writes: DialectResult['writes'];
  try {
    writes = await benchWrites(database, { clock, config, system, today: benchToday, importRows: sizes.peopleImportRows, log });
  } catch (e) {
    writes = { error: e instanceof Error ? e.message : String(e) };
    log(`writes not measured: ${writes.error}`);
  }
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
    governance: { ...governance, seconds: Math.round(governanceSeconds * 10) / 10 },
    http,
    writes,
  };
}

async function onSqlite(): Promise<DialectResult> {
  const dir = mkdtempSync(join(tmpdir(), 'equipage-bench-'));
  const url = `sqlite:${join(dir, 'bench.sqlite')}`;
  const database = openDatabase(url);
  try {
    return await benchDialect(database, { databaseUrl: url });
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
    return await benchDialect(database, { databaseUrl: url, schema: given ? name : undefined });
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

const startedAt = new Date().toISOString();
const loadBefore = loadavg();
const versions = await serverVersions();
const results: Record<string, DialectResult | { error: string }> = {};
process.stderr.write(
  `Équipage bench (${customPeople !== null ? `${customPeople} people` : args.quick ? 'quick' : 'full'}): ${cpus().length} cores, load average ${loadBefore[0].toFixed(2)}\n`,
);
const compiled = compileServers(['./server-process.ts', './baseline-server.ts']);
const servers = { app: compiled.files['./server-process.ts'], baseline: compiled.files['./baseline-server.ts'], compiled: compiled.done };
// Seen only when the event loop is next free: after the data's synchronous inserts, minutes later than
// esbuild (a process of its own) finished, which took seconds.
void compiled.done.then((s) => log(`servers bundled in the background (seen ${s.toFixed(1)} s after the start)`));
try {
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
} finally {
  await compiled.done.catch(() => undefined);
  removeCompiledServers();
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
const targets = targetChecks(results, sizes);
const mode = customPeople !== null ? `${customPeople} people` : args.quick ? 'quick' : 'full';
const report = { startedAt, finishedAt: new Date().toISOString(), mode, sizes, load, aims, policy, machine, targets, results };
const outPath = args.out ?? fileURLToPath(new URL('./results.json', import.meta.url));
// A fresh clone has no .tmp/: the report's folder is made here rather than required.
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\n${table(results, sizes)}\n`);
for (const [dialect, r] of Object.entries(results)) {
  if ('error' in r) continue;
  console.log(`HTTP, ${dialect}:\n${'error' in r.http ? `not measured: ${r.http.error}` : httpTable(r.http)}\n`);
}
console.log(`${targetsTable(targets)}\n`);
// The targets are set for the full size: a quick run only shows the trend.
if (args.quick) console.log('Quick run: the targets are for the full association (npm run bench); these figures are indicative.');
console.log(
  `${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, SQLite ${machine.sqlite}, PostgreSQL ${machine.postgres ?? '-'}; load average ${machine.loadAverageBefore[0]} → ${machine.loadAverageAfter[0]}`,
);
console.log(`Written to ${args.out ?? 'bench/results.json'}`);
