/**
 * `npx tsx bench/profile.ts [--people N] [--requests N] [--only PAGE,PAGE] [--out DIR] [--statements] [--memory]`: where
 * the server's time goes, page by page. Builds the synthetic association (bench/synthetic.ts,
 * bench/governance.ts) in a temporary SQLite file, builds the application in this process, and
 * answers each page of the performance targets `--requests` times through app.inject (no network, no load
 * generator: only the application's own work). Prints each page's mean time and writes a V8 CPU
 * profile of its requests (DIR/PAGE.cpuprofile, default .tmp/profile), which
 * bench/profile-summary.ts sums up (see docs/performance.md, "Where the time goes"). With
 * `--statements`, also each page's SQLite statements by their time per request; with `--memory`
 * (and node --expose-gc), how its memory grows under ten requests at once (bench/memory-peaks.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { anonymous } from '../src/platform/auth/actor.js';
import { parseConfig, type Config } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db.js';
import { migrate } from '../src/platform/migrations.js';
import { createAccountsService } from '../src/modules/accounts/service.js';
import { createBureauService } from '../src/modules/bureau/service.js';
import { createContributionsRepository } from '../src/modules/contributions/repository.js';
import { seedGovernance } from './governance.js';
import { timeStatements } from './statement-timings.js';
import { memoryPeaks } from './memory-peaks.js';
import { benchToday, contributionChunks, peopleChunks, personId, teamRoles, teams, teamSlug } from './synthetic.js';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '2000' },
    requests: { type: 'string', default: '200' },
    only: { type: 'string' },
    out: { type: 'string' },
    statements: { type: 'boolean', default: false },
    memory: { type: 'boolean', default: false },
  },
});
const people = Number(args.people);
const requests = Number(args.requests);
const dir = mkdtempSync(join(tmpdir(), 'equipage-profile-'));
const url = `sqlite:${join(dir, 'profile.sqlite')}`;
const config: Config = {
  ...parseConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' }),
  EQUIPAGE_SECRET: 'profile-secret-profile-secret-profile',
  dataDir: dir,
};
const database = openDatabase(url);
try {
  await migrate(database);
  await database.transaction(async (trx) => {
    for (const rows of peopleChunks(people, 1000)) await trx.insertInto('people').values(rows).execute();
    await trx.insertInto('teams').values(teams(20)).execute();
    const roles = teamRoles(people, 20);
    for (let i = 0; i < roles.length; i += 1000)
      await trx
        .insertInto('team_roles')
        .values(roles.slice(i, i + 1000))
        .execute();
    const repo = createContributionsRepository(trx);
    for (const rows of contributionChunks(people * 20, people, 20, { seed: 4, chunk: 10_000 })) await repo.insertMany(rows);
  });
  await seedGovernance(database, {
    people,
    members: Math.round(people / 10),
    sessions: Math.max(3, Math.round(people / 200)),
    assemblies: Math.max(1, Math.round(people / 5000)),
  });
  const clock = { now: () => `${benchToday}T12:00:00.000Z`, today: () => benchToday };
  const accounts = createAccountsService({ database, clock, config });
  const password = randomBytes(18).toString('base64url');
  const { personId: adminId } = await accounts.createAdministrator({
    displayName: 'Profile Admin',
    email: 'admin@profile.example',
    password,
    associationName: 'Association témoin',
  });
  await createBureauService({ database, clock, config }).appoint({ ...anonymous, isAdmin: true }, { personId: adminId, office: 'member', since: '2020-01-01' });
  const session = await accounts.login({ email: 'admin@profile.example', password, ip: '127.0.0.1' });
  const { token } = await accounts.createToken(adminId, 'profile');
  const { app, services } = await buildApp({ database, config, clock, logger: false });
  const page = { cookie: `eq_session=${session.token}; eq_csrf=profile-csrf-token-profile`, accept: 'text/html' };
  const api = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const [sessionRow] = await database.db.selectFrom('bureau_sessions').select('id').orderBy('scheduled_at', 'desc').limit(1).execute();
  const [assemblyRow] = await database.db.selectFrom('assemblies').select('id').orderBy('scheduled_at', 'desc').limit(1).execute();
  // A voter of that assembly on their personal link: the page where they may give their proxy.
  const [voterRow] = await database.db
    .selectFrom('assembly_invitees')
    .select('id')
    .where('assembly_id', '=', assemblyRow!.id)
    .where('can_vote', '=', 1)
    .orderBy('id')
    .limit(1)
    .execute();
  // The synthetic sessions are all closed; the bureau plans the next one on a page with the "new item" form.
  const planned = await app.inject({ method: 'POST', url: '/api/v1/bureau/sessions', headers: api, payload: { scheduledAt: `${benchToday}T19:00:00.000Z` } });
  if (planned.statusCode !== 201) throw new Error(`planning a session: ${planned.statusCode} ${planned.body.slice(0, 200)}`);
  const pages: [string, string, Record<string, string>][] = [
    ['directory', '/people', page],
    ['api people', '/api/v1/people?limit=50', api],
    ['api search', '/api/v1/people?limit=50&q=p%C3%A9rson%200004', api],
    ['person', `/people/${personId(11)}`, page],
    ['register', '/members', page],
    ['api members', '/api/v1/members?limit=50', api],
    ['team', `/teams/${teamSlug(1)}`, page],
    ['session', `/bureau/sessions/${sessionRow!.id}`, page],
    ['planning', `/bureau/sessions/${(planned.json() as { id: string }).id}`, page],
    ['assembly', `/assemblies/${assemblyRow!.id}`, page],
    ['rsvp', `/assemblies/rsvp/${services.assemblies.rsvpToken(voterRow!.id)}`, { accept: 'text/html' }],
  ];
  const origin = args.memory ? await app.listen({ host: '127.0.0.1', port: 0 }) : null;
  const inspector = new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  for (const [name, path, headers] of pages) {
    if (args.only && !args.only.split(',').includes(name)) continue;
    const first = await app.inject({ method: 'GET', url: path, headers });
    if (first.statusCode !== 200) throw new Error(`${path}: ${first.statusCode} ${first.body.slice(0, 200)}`);
    // Only the requests are profiled, not the building of the association.
    await inspector.post('Profiler.start');
    const timings = args.statements ? timeStatements(database) : null;
    const started = performance.now();
    for (let i = 0; i < requests; i++) await app.inject({ method: 'GET', url: path, headers });
    const elapsed = performance.now() - started;
    const { profile } = await inspector.post('Profiler.stop');
    if (timings) process.stdout.write(timings.stop(requests));
    const file = join(args.out ?? '.tmp/profile', `${name.replace(/ /g, '-')}.cpuprofile`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    process.stdout.write(`${name.padEnd(12)} ${(elapsed / requests).toFixed(2)} ms a request (${first.body.length} bytes); profile ${file}\n`);
    // Over loopback, not app.inject: light-my-request keeps every response it made alive.
    if (origin) process.stdout.write(await memoryPeaks(async () => (await fetch(`${origin}${path}`, { headers })).text(), { connections: 10, requests }));
  }
  inspector.disconnect();
  await app.close();
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
