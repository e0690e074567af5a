/**
 * `npx tsx bench/convening.ts [--invitees N] [--database postgres://…/db]`: convening one general
 * assembly of N members, alone. Builds N people, each an active member, in a fresh SQLite file
 * (or, with --database, a fresh schema of that PostgreSQL database, dropped at the end), then
 * convenes an assembly through `assemblies.convene` and prints the time, the statements the
 * driver ran, the mails and outbox events written and the process's peak RSS; with
 * `--profile FILE`, a V8 CPU profile of the convening alone (bench/profile-summary.ts reads it).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { countStatements } from '../test/statements.js';
import { sql } from 'kysely';
import { anonymous } from '../src/platform/auth/actor.js';
import { parseConfig, type Config } from '../src/platform/config.js';
import { createSchema, dropSchema, openDatabase } from '../src/platform/db.js';
import { migrate } from '../src/platform/migrations.js';
import { createAssembliesService } from '../src/modules/assemblies/service.js';
import { benchToday, peopleChunks } from './synthetic.js';
import { addDays } from '../src/platform/time.js';

const { values: args } = parseArgs({ options: { invitees: { type: 'string', default: '10000' }, database: { type: 'string' }, profile: { type: 'string' } } });
const count = Number(args.invitees);
const dir = mkdtempSync(join(tmpdir(), 'equipage-convening-'));
const schema = `equipage_convening_${process.pid}`;
const url = args.database ?? `sqlite:${join(dir, 'convening.sqlite')}`;
const config: Config = { ...parseConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' }), EQUIPAGE_SECRET: 'convening-secret-convening-secret', dataDir: dir };
if (args.database) await createSchema(url, schema);
const database = openDatabase(url, args.database ? { schema } : {});
const clock = { now: () => `${benchToday}T12:00:00.000Z`, today: () => benchToday };
const system = { ...anonymous, isAdmin: true, personId: null };
try {
  await migrate(database);
  await database.transaction(async (trx) => {
    for (const rows of peopleChunks(count, 1000)) {
      await trx.insertInto('people').values(rows).execute();
      const since = '2025-01-01';
      const memberships = rows.map((p) => ({
        id: `m-${p.id}`,
        person_id: p.id!,
        status: 'active' as const,
        since,
        until: null,
        decision_id: null,
        created_at: clock.now(),
        updated_at: clock.now(),
        version: 1,
      }));
      await trx.insertInto('memberships').values(memberships).execute();
    }
  });
  const assemblies = createAssembliesService({ database, clock, config });
  const a = await assemblies.create(system, {
    kind: 'ordinary',
    title: 'Assemblée générale mesurée',
    scheduledAt: `${addDays(benchToday, 60)}T16:00:00.000Z`,
    location: 'Salle des fêtes',
  });
  await assemblies.addItem(system, a.id, { title: 'Rapport moral', body: 'Le rapport de l’année écoulée, présenté par le bureau.' });
  await assemblies.addItem(system, a.id, { title: 'Rapport financier' });
  // Counting below Kysely, as test/query-counts.test.ts does: the statements run, kept or new.
  const counter = countStatements({ database });
  const profiler = new Session();
  if (args.profile) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  const t = performance.now();
  const { convened } = await assemblies.convene(system, a.id, {});
  const seconds = (performance.now() - t) / 1000;
  if (args.profile) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(args.profile, JSON.stringify(profile));
    profiler.disconnect();
  }
  const counted = counter.count;
  const { rows } = await sql<{
    mails: number;
    events: number;
    bytes: number;
  }>`select (select count(*) from mail_log) as mails, (select count(*) from outbox) as events, (select avg(length(body_text) + coalesce(length(body_html), 0) + coalesce(length(secret_payload), 0) + coalesce(length(letter_fields), 0)) from mail_log) as bytes`.execute(
    database.db,
  );
  console.log(
    `${database.dialect}: convened ${convened} in ${seconds.toFixed(2)} s (${((seconds * 1000) / convened).toFixed(2)} ms an invitee), ` +
      `${counted} statements, ${rows[0].mails} mails (${Math.round(Number(rows[0].bytes))} characters each, beside the letters' bodies written once), ${rows[0].events} outbox events, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  );
} finally {
  await database.close();
  if (args.database) await dropSchema(url, schema);
  rmSync(dir, { recursive: true, force: true });
}
