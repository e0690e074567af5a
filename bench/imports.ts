/**
 * `npx tsx bench/imports.ts [--contributions N] [--people N] [--file LINES] [--database postgres://…/db] [--profile FILE]`:
 * the two CSV imports alone, through their real code paths. Builds 10,000 people and 20 teams in a
 * fresh SQLite file (or, with --database, a fresh schema of that PostgreSQL database, dropped at
 * the end), then imports N contributions (`contributions/import.ts importCsv`, 100,000 by default)
 * and N people (`people/service.ts importCsv`, 50,000 by default) from CSV text, and prints rows/s,
 * the load average before and after, and the process's peak RSS. With `--file LINES` it instead
 * writes a contributions file of that many lines and imports it as the command line does (read as
 * a stream), to show what memory the import holds for a big file; `--people-file LINES` does the
 * same with a people file (new people, a tenth of them put on a team). With `--profile FILE`, a V8 CPU
 * profile of the contributions import alone (bench/profile-summary.ts reads it).
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { anonymous, type Actor } from '../src/platform/auth/actor.js';
import { parseConfig, type Config } from '../src/platform/config.js';
import { createSchema, dropSchema, openDatabase } from '../src/platform/db.js';
import { migrate } from '../src/platform/migrations.js';
import { createContributionsImport } from '../src/modules/contributions/import.js';
import { createPeopleService } from '../src/modules/people/service.js';
import { teamIdsBySlug } from '../src/modules/teams/service.js';
import { isAdministrator } from '../src/modules/accounts/service.js';
import { createInvitations } from '../src/modules/accounts/invitations.js';
import { canReadRegister, isCurrentMemberCondition } from '../src/modules/memberships/service.js';
import { createEventBus } from '../src/platform/events.js';
import { domainSubscriptions } from '../src/container.js';
import '../src/modules.js';
import { benchToday, contributionCsvChunks, peopleChunks, personEmail, teams, teamSlug } from './synthetic.js';
import { addDays } from '../src/platform/time.js';
import { peopleCsv } from './writes.js';

const { values: args } = parseArgs({
  options: {
    contributions: { type: 'string', default: '100000' },
    people: { type: 'string', default: '50000' },
    file: { type: 'string' },
    'people-file': { type: 'string' },
    database: { type: 'string' },
    profile: { type: 'string' },
  },
});
const PEOPLE = 10_000;
const TEAMS = 20;
const dir = mkdtempSync(join(tmpdir(), 'equipage-imports-'));
const schema = `equipage_imports_${process.pid}`;
const url = args.database ?? `sqlite:${join(dir, 'imports.sqlite')}`;
const config: Config = { ...parseConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' }), EQUIPAGE_SECRET: 'imports-secret-imports-secret-imports', dataDir: dir };
const clock = { now: () => `${benchToday}T12:00:00.000Z`, today: () => benchToday };
const system: Actor = { ...anonymous, isAdmin: true };
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
/** This process's CPU seconds (user + system) since `from`: what the import costs the client, whatever the load. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(from);
  return ((user + system) / 1e6).toFixed(2);
};
const mb = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;
const KINDS = ['moderation', 'development', 'donation', 'event'];
const header = 'email,kind,occurredOn,summary,team,evidenceUrl,externalId\n';

if (args.database) await createSchema(url, schema);
const database = openDatabase(url, args.database ? { schema } : {});
try {
  await migrate(database);
  await database.transaction(async (trx) => {
    for (const rows of peopleChunks(PEOPLE, 1000)) await trx.insertInto('people').values(rows).execute();
    await trx.insertInto('teams').values(teams(TEAMS)).execute();
  });
  const contributions = createContributionsImport({ database, clock, config });
  console.log(`${database.dialect}, load average before ${load()}, peak RSS after building ${mb()}`);

  const peopleService = () => {
    const ctx = { database, clock, config };
    return createPeopleService(
      { ...ctx, events: createEventBus(domainSubscriptions(ctx)) },
      { teamIdsBySlug, isAdministrator, invitations: createInvitations(ctx), isCurrentMember: isCurrentMemberCondition, readsRegister: canReadRegister },
    );
  };

  if (args['people-file']) {
    const lines = Number(args['people-file']);
    const path = join(dir, 'people.csv');
    const out = createWriteStream(path);
    out.write('Nom;Prénom;Courriel;Équipes\n');
    for (let i = 0; i < lines; i++) {
      const line = `"Fichier ${i}";Personne;fichier.${i}@example.org;${i % 10 === 0 ? teamSlug(i % TEAMS) : ''}\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const before = process.resourceUsage().maxRSS;
    const t = performance.now();
    const summary = await peopleService().importCsv(system, createReadStream(path));
    const seconds = (performance.now() - t) / 1000;
    if (summary.imported !== lines) throw new Error(`imported ${summary.imported}: ${JSON.stringify(summary.errors.slice(0, 3))}`);
    console.log(
      `people file of ${lines.toLocaleString('en')} lines: imported ${summary.imported} in ${seconds.toFixed(1)} s (${Math.round(summary.imported / seconds).toLocaleString('en')} rows/s); peak RSS ${(before / 1024).toFixed(0)} MB before, ${mb()} after`,
    );
  } else if (args.file) {
    const lines = Number(args.file);
    const path = join(dir, 'contributions.csv');
    const out = createWriteStream(path);
    out.write(header);
    // Written a line at a time, so that making the file does not raise the peak RSS measured below.
    for (let i = 0; i < lines; i++) {
      const day = addDays(benchToday, -(i % 1800));
      const line = `${personEmail(i % PEOPLE)},${KINDS[i % KINDS.length]},${day},"Ligne ${i}, écrite ""à la main""",${teamSlug(i % TEAMS)},,file-${i}\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const before = process.resourceUsage().maxRSS;
    const t = performance.now();
    const summary = await contributions.importCsv(system, createReadStream(path, { encoding: 'utf8' }));
    const seconds = (performance.now() - t) / 1000;
    console.log(
      `file of ${lines.toLocaleString('en')} lines: imported ${summary.imported} in ${seconds.toFixed(1)} s (${Math.round(summary.imported / seconds).toLocaleString('en')} rows/s); peak RSS ${(before / 1024).toFixed(0)} MB before, ${mb()} after`,
    );
  } else {
    const count = Number(args.contributions);
    const csv = header + [...contributionCsvChunks(count, PEOPLE, TEAMS, { seed: 5 })].join('');
    const profiler = new Session();
    if (args.profile) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    let cpu = process.cpuUsage();
    let t = performance.now();
    const summary = await contributions.importCsv(system, csv);
    let seconds = (performance.now() - t) / 1000;
    if (args.profile) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(args.profile, JSON.stringify(profile));
    }
    if (summary.imported !== count) throw new Error(`imported ${summary.imported}: ${JSON.stringify(summary.errors.slice(0, 3))}`);
    console.log(
      `contributions import, ${count.toLocaleString('en')} lines: ${seconds.toFixed(2)} s, ${Math.round(count / seconds).toLocaleString('en')} rows/s, ${cpuSince(cpu)} s of client CPU`,
    );

    const peopleCount = Number(args.people);
    const people = peopleService();
    const peopleText = peopleCsv(peopleCount);
    cpu = process.cpuUsage();
    t = performance.now();
    const peopleSummary = await people.importCsv(system, peopleText);
    seconds = (performance.now() - t) / 1000;
    if (peopleSummary.imported !== peopleCount) throw new Error(`imported ${peopleSummary.imported}: ${JSON.stringify(peopleSummary.errors.slice(0, 3))}`);
    console.log(
      `people import, ${peopleCount.toLocaleString('en')} lines: ${seconds.toFixed(2)} s, ${Math.round(peopleCount / seconds).toLocaleString('en')} rows/s, ${cpuSince(cpu)} s of client CPU`,
    );
  }
  console.log(`load average after ${load()}, peak RSS ${mb()}`);
} finally {
  await database.close();
  if (args.database) await dropSchema(url, schema);
  rmSync(dir, { recursive: true, force: true });
}
