/**
 * `npx tsx bench/assessment.ts [--people 100000] [--contributions N] [--sqlite-only] [--postgres-only]`: the full
 * activity assessment from the stored standings against the former summary query over every
 * person's contributions, on the same data one after the other, and what keeping the standings
 * costs the writes (a bulk insert with and without them, one contribution written). Builds the
 * bench's synthetic association (bench/synthetic.ts, 50 contributions a person) in a temporary
 * SQLite file and a temporary PostgreSQL database. A benchmark: it never fails on time. See
 * docs/performance.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { activitySettings, parseConfig } from '../src/platform/config.js';
import { openDatabase, type Database } from '../src/platform/db.js';
import { migrate } from '../src/platform/migrations.js';
import { everyoneActivity, rolesBy } from '../src/modules/contributions/activity-summaries.js';
import { readStandings } from '../src/modules/contributions/activity-standings.js';
import { assessEveryone, assessFromSummary } from '../src/modules/contributions/assessment.js';
import { createContributionsRepository } from '../src/modules/contributions/repository.js';
import { benchToday, contributionChunks, peopleChunks, personId, teamRoles, teams } from './synthetic.js';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    // Fewer than 50 a person, when building the full set would take too long on the machine.
    contributions: { type: 'string' },
    'sqlite-only': { type: 'boolean', default: false },
    'postgres-only': { type: 'boolean', default: false },
  },
});
const people = Number(args.people);
if (!Number.isInteger(people) || people < 100 || people > 1_000_000) {
  process.stderr.write('--people takes a whole number from 100 to 1,000,000\n');
  process.exit(2);
}
const teamCount = 20;
const contributions = args.contributions === undefined ? people * 50 : Number(args.contributions);
if (!Number.isInteger(contributions) || contributions < 1000 || contributions > people * 50) {
  process.stderr.write(`--contributions takes a whole number from 1,000 to ${(people * 50).toLocaleString('en')}\n`);
  process.exit(2);
}
const { policy } = activitySettings(parseConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' }));
const log = (message: string) => process.stdout.write(`${message}\n`);
const ms = (from: number) => Math.round(performance.now() - from);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => loadavg()[0].toFixed(2);

async function bench(database: Database, dialect: string): Promise<void> {
  await migrate(database);
  await database.transaction(async (trx) => {
    for (const rows of peopleChunks(people, 1000)) await trx.insertInto('people').values(rows).execute();
    await trx.insertInto('teams').values(teams(teamCount)).execute();
    const roles = teamRoles(people, teamCount);
    for (let i = 0; i < roles.length; i += 1000)
      await trx
        .insertInto('team_roles')
        .values(roles.slice(i, i + 1000))
        .execute();
  });
  // Half the contributions with no standings kept (no policy recorded: writes keep nothing), half with them.
  const half = Math.floor(contributions / 2);
  const insert = async (count: number, firstId: number, seed: number) => {
    const t = performance.now();
    await database.transaction(async (trx) => {
      const repo = createContributionsRepository(trx);
      for (const rows of contributionChunks(count, people, teamCount, { seed, chunk: 10_000, firstId })) await repo.insertMany(rows);
    });
    return Math.round((count / (performance.now() - t)) * 1000);
  };
  await database.db.deleteFrom('activity_standing_policy').execute();
  const without = await insert(half, 0, 4);
  log(`${dialect}: insertMany of ${half.toLocaleString('en')} rows without standings: ${without.toLocaleString('en')} rows/s (load ${load()})`);
  let t = performance.now();
  await assessEveryone(database.db, policy, benchToday);
  log(`${dialect}: every standing built (first assessment, no policy recorded): ${ms(t)} ms (load ${load()})`);
  const withStandings = await insert(contributions - half, half, 6);
  log(
    `${dialect}: insertMany of ${(contributions - half).toLocaleString('en')} rows keeping the standings: ${withStandings.toLocaleString('en')} rows/s (load ${load()})`,
  );
  if (dialect === 'postgres') await sql`vacuum analyze`.execute(database.db);

  const before: number[] = [];
  const after: number[] = [];
  let agree = true;
  for (let run = 0; run < 3; run++) {
    t = performance.now();
    const { summaries, roles } = await everyoneActivity(database.db, policy, benchToday);
    const former = new Map(summaries.map((s) => [s.personId, assessFromSummary(policy, s, roles.get(s.personId) ?? [], benchToday)]));
    before.push(ms(t));
    t = performance.now();
    const stored = await assessEveryone(database.db, policy, benchToday);
    after.push(ms(t));
    for (const [id, a] of former) {
      const s = stored.get(id);
      if (
        !s ||
        s.active !== a.active ||
        s.activeUntil !== a.activeUntil ||
        s.inactiveSince !== a.inactiveSince ||
        s.lastContributionOn !== a.lastContributionOn
      )
        agree = false;
    }
  }
  const reads: number[] = [];
  const roleReads: number[] = [];
  for (let run = 0; run < 3; run++) {
    t = performance.now();
    await readStandings(database.db, policy);
    reads.push(ms(t));
    t = performance.now();
    await rolesBy(database.db, benchToday);
    roleReads.push(ms(t));
  }
  log(`${dialect}: of which reading the standings ${reads.join(', ')} ms, the roles ${roleReads.join(', ')} ms`);
  log(
    `${dialect}: assess everyone, former summary query: ${before.join(', ')} ms (median ${median(before)}); stored standings: ${after.join(', ')} ms (median ${median(after)}); same answers: ${agree} (load ${load()})`,
  );

  // One contribution written for a person with many, in its own transaction as a declaration is:
  // with the standing kept, then with no policy recorded (nothing kept), then everything rebuilt.
  const heavy = personId(0);
  const writeOne = async (i: number) => {
    const [row] = [...contributionChunks(1, people, teamCount, { seed: 100 + i, firstId: contributions + i })][0];
    const t = performance.now();
    await database.transaction((trx) => createContributionsRepository(trx).insert({ ...row, person_id: heavy }));
    return performance.now() - t;
  };
  const kept: number[] = [];
  for (let i = 0; i < 20; i++) kept.push(await writeOne(i));
  await database.db.deleteFrom('activity_standing_policy').execute();
  const bare: number[] = [];
  for (let i = 20; i < 40; i++) bare.push(await writeOne(i));
  await assessEveryone(database.db, policy, benchToday);
  const heavyCount = await database.db
    .selectFrom('contributions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_id', '=', heavy)
    .executeTakeFirstOrThrow();
  log(
    `${dialect}: one contribution written for a person with ${Number(heavyCount.n).toLocaleString('en')}: median ${median(bare).toFixed(1)} ms without standings, ${median(kept).toFixed(1)} ms keeping theirs (load ${load()})`,
  );
}

log(
  `${people.toLocaleString('en')} people, ${contributions.toLocaleString('en')} contributions; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
if (!args['postgres-only']) {
  const dir = mkdtempSync(join(tmpdir(), 'equipage-assessment-'));
  const database = openDatabase(`sqlite:${join(dir, 'bench.sqlite')}`);
  try {
    await bench(database, 'sqlite');
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
if (!args['sqlite-only']) {
  const name = `equipage_assessment_${randomBytes(4).toString('hex')}`;
  const admin = 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  const database = openDatabase(`postgres://postgres@127.0.0.1:5432/${name}`);
  try {
    await bench(database, 'postgres');
  } finally {
    await database.close();
    await client.query(`drop database if exists ${name}`);
    await client.end();
  }
}
