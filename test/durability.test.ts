import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDispatcher, buildServices } from '../src/container.js';
import { createApplicationsRepository } from '../src/modules/applications/repository.js';
import { placeOnAgenda } from '../src/modules/sessions/agenda-placement.js';
import type { Actor } from '../src/platform/auth/actor.js';
import { createSchema, openDatabase, type Database } from '../src/platform/db.js';
import { migrate } from '../src/platform/migrations.js';
import { systemClock } from '../src/platform/time.js';
import { bundledMain } from './cli-process.js';
import { dialectUnderTest, dropTestSchema, system, testConfig } from './harness.js';
import { startSmtpServer, type SmtpPeer } from './peers/smtp-server.js';
import { freeLoopbackPort } from './ports.js';

/**
 * Durability ("Nothing is lost"): `equipage serve` (the real command line, in its own process) is killed with
 * SIGKILL twenty times — ten times while it imports a large CSV of people, ten times while the
 * bureau decides applications — and started again each time. After each restart, every write the
 * client saw acknowledged is there, nothing is half-written (an import is every row of its file or
 * none; a decision is its application's state, its agenda item, its decision row, its audit entry
 * and its mails together, or none of them) and the audit chain verifies. At the end the outbox
 * resumes: what was enqueued before a kill is delivered after it, to a real SMTP server.
 *
 * Kills land after seeded random delays (the same every run), scaled to how long an import and a
 * decision took on this machine; no assertion is about time.
 */
const KILLS_DURING_IMPORTS = 10;
const KILLS_DURING_DECISIONS = 10;
const IMPORT_ROWS = 2000;
const APPLICANTS = 240;
const DECIDING_AT_ONCE = 3;
const SECRET = 'durability-secret-durability-secret-0123';

/** mulberry32: a small seeded generator, so the kills fall at the same points on every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `equipage serve` as bin/equipage runs it (`main(['serve'])` from the built command line), in a
 * process that loads the code ahead and starts serving when told: loading takes a second or two
 * on a busy machine, and twenty restarts need not wait for it each time. The database is opened
 * only once told. The process ends with its parent (stdin closes).
 */
const SERVE_WHEN_TOLD = `
const { main } = await import(process.env.EQUIPAGE_BUNDLE);
process.stdin.once('data', () => void main(['serve']));
process.stdin.once('end', () => process.exit(0));
`;

interface Decision {
  applicationId: string;
  personId: string;
  outcome: 'accepted' | 'rejected';
  acknowledged: boolean;
}

describe(`durability: the server killed twenty times (${dialectUnderTest})`, { timeout: 240_000 }, () => {
  const random = seeded(0x5eed_0009);
  let dir: string;
  let url: string;
  let dropDatabase: () => Promise<void> = async () => {};
  let smtp: SmtpPeer;
  let warm: ChildProcess | null = null;
  let port: number;
  let server: ChildProcess | null = null;
  let serverErrors = '';
  let adminHeaders: Record<string, string>;
  let bureauHeaders: Record<string, string>;
  let sessionId: string;
  const waiting: { applicationId: string; personId: string }[] = [];
  const decisions: Decision[] = [];
  const imports: { prefix: string; acknowledged: boolean }[] = [];
  /** An application's status once on an agenda, before the bureau decides. */
  let scheduledStatus = '';

  /** A connection of the test's own, opened for one look and closed, as another process would. */
  async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
    const database = openDatabase(url);
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  }

  function loadServer(): ChildProcess {
    return spawn(process.execPath, ['--input-type=module', '-e', SERVE_WHEN_TOLD], {
      env: {
        EQUIPAGE_BUNDLE: bundledMain(),
        ...process.env,
        DATABASE_URL: url,
        EQUIPAGE_SECRET: SECRET,
        HOST: '127.0.0.1',
        PORT: String(port),
        SMTP_URL: smtp.url,
        LOG_LEVEL: 'warn',
        ARGON2_MEMORY_KIB: '1024',
        ARGON2_TIME_COST: '1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  }

  async function start(): Promise<void> {
    serverErrors = '';
    const child = warm ?? loadServer();
    warm = null;
    child.stdin!.write('serve\n');
    // Warnings and errors only (LOG_LEVEL): kept to explain a failure.
    for (const stream of [child.stdout!, child.stderr!])
      stream.on('data', (chunk: Buffer) => {
        serverErrors = (serverErrors + chunk.toString()).slice(-4000);
      });
    server = child;
    // Ready when /healthz answers (it reads the database); a hard limit whatever happens.
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server stopped (${child.exitCode}): ${serverErrors}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`no /healthz within 20 s: ${serverErrors}`);
      await sleep(50);
    }
    warm = loadServer();
  }

  async function kill(): Promise<void> {
    const child = server;
    server = null;
    if (!child) return;
    // A server that stopped before it was killed crashed on its own: that is a failure to show.
    if (child.exitCode !== null) throw new Error(`the server stopped by itself (${child.exitCode}): ${serverErrors}`);
    if (child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async function stop(): Promise<void> {
    const child = server;
    server = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    await exited;
  }

  const api = (path: string, init: { headers: Record<string, string>; body: string; type: string }) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { ...init.headers, 'content-type': init.type },
      body: init.body,
    }).then(async (r) => ({ status: r.status, body: await r.text() }));

  function peopleCsv(prefix: string): string {
    const lines = Array.from({ length: IMPORT_ROWS }, (_v, i) => `Personne ${prefix} ${i},${prefix}.${i}@example.org,${i % 4 === 0 ? 'communaute' : ''}`);
    return `displayName,email,teams\n${lines.join('\n')}\n`;
  }

  /** Sends one import and reports whether the server acknowledged every row of it. */
  async function sendImport(prefix: string): Promise<boolean> {
    const res = await api('/api/v1/people/import', { headers: adminHeaders, body: peopleCsv(prefix), type: 'text/csv' });
    if (res.status !== 200) throw new Error(`import ${prefix}: ${res.status} ${res.body}`);
    expect(JSON.parse(res.body)).toMatchObject({ imported: IMPORT_ROWS, errors: [] });
    return true;
  }

  /** Decides waiting applications, a few at once, until told to stop or the server is gone. */
  async function decideUntilStopped(stopped: (attempted: Decision[]) => boolean): Promise<Decision[]> {
    const attempted: Decision[] = [];
    const worker = async () => {
      while (!stopped(attempted) && waiting.length > 0) {
        const next = waiting.shift()!;
        const decision: Decision = { ...next, outcome: random() < 0.5 ? 'accepted' : 'rejected', acknowledged: false };
        attempted.push(decision);
        try {
          const res = await api(`/api/v1/bureau/sessions/${sessionId}/decisions`, {
            headers: bureauHeaders,
            body: JSON.stringify({ applicationId: decision.applicationId, outcome: decision.outcome, rationale: 'Vu en séance' }),
            type: 'application/json',
          });
          if (res.status !== 200 && res.status !== 201) throw new Error(`decision: ${res.status} ${res.body}`);
          decision.acknowledged = true;
        } catch (error) {
          // The server was killed under this request: its fate is read from the database.
          if (!(error instanceof TypeError)) throw error;
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: DECIDING_AT_ONCE }, worker));
    return attempted;
  }

  /** An import is every row of its file, each with its audit entry and team role, or nothing at all. */
  async function checkImport(database: Database, entry: { prefix: string; acknowledged: boolean }): Promise<number> {
    const ids = (await database.db.selectFrom('people').select('id').where('email', 'like', `${entry.prefix}.%`).execute()).map((r) => r.id);
    expect([0, IMPORT_ROWS], `people of ${entry.prefix}`).toContain(ids.length);
    if (entry.acknowledged) expect(ids.length, `acknowledged import ${entry.prefix}`).toBe(IMPORT_ROWS);
    const prefixed = database.db.selectFrom('people').select('id').where('email', 'like', `${entry.prefix}.%`);
    const audited = await database.db
      .selectFrom('audit_log')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('action', '=', 'person.imported')
      .where('subject_id', 'in', prefixed)
      .executeTakeFirstOrThrow();
    const roles = await database.db
      .selectFrom('team_roles')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('person_id', 'in', prefixed)
      .executeTakeFirstOrThrow();
    expect(Number(audited.n), `audit entries of ${entry.prefix}`).toBe(ids.length);
    expect(Number(roles.n), `team roles of ${entry.prefix}`).toBe(ids.length === 0 ? 0 : IMPORT_ROWS / 4);
    return ids.length;
  }

  /** A decision is all of its writes or none; returns whether it was made. */
  async function checkDecision(database: Database, d: Decision): Promise<boolean> {
    const { db } = database;
    const application = await db.selectFrom('applications').select(['status', 'decision_id']).where('id', '=', d.applicationId).executeTakeFirstOrThrow();
    const item = await db.selectFrom('agenda_items').select('state').where('application_id', '=', d.applicationId).executeTakeFirstOrThrow();
    const rows = await db.selectFrom('decisions').select(['id', 'outcome']).where('application_id', '=', d.applicationId).execute();
    const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string }> }) => Number((await q.executeTakeFirstOrThrow()).n);
    const audit = await count(
      db
        .selectFrom('audit_log')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('subject_type', '=', 'application')
        .where('subject_id', '=', d.applicationId)
        .where('action', 'in', ['application.accepted', 'application.rejected']),
    );
    const mails = await count(
      db
        .selectFrom('mail_log')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('person_id', '=', d.personId)
        .where('kind', 'in', ['welcome', 'application_accepted', 'application_rejected']),
    );
    const memberships = await count(
      db
        .selectFrom('memberships')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('person_id', '=', d.personId),
    );
    const membershipEvents = await count(
      db
        .selectFrom('outbox')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('subject_id', '=', d.personId)
        .where('topic', 'in', ['membership.started', 'room.invite']),
    );
    const seen = { status: application.status, item: item.state, decisions: rows.length, audit, mails, memberships, membershipEvents };
    const made = rows.length > 0;
    if (!made) {
      expect(d.acknowledged, `acknowledged decision on ${d.applicationId} is missing`).toBe(false);
      expect(seen, `undecided ${d.applicationId}`).toEqual({
        status: scheduledStatus,
        item: 'open',
        decisions: 0,
        audit: 0,
        mails: 0,
        memberships: 0,
        membershipEvents: 0,
      });
      return false;
    }
    const accepted = d.outcome === 'accepted';
    expect(seen, `decided ${d.applicationId}`).toEqual({
      status: d.outcome,
      item: 'decided',
      decisions: 1,
      audit: 1,
      mails: accepted ? 2 : 1,
      memberships: accepted ? 1 : 0,
      membershipEvents: accepted ? 2 : 0,
    });
    expect(application.decision_id).toBe(rows[0].id);
    expect(rows[0].outcome).toBe(d.outcome);
    return true;
  }

  async function checkAfterRestart(pending: Decision[]): Promise<void> {
    await withDatabase(async (database) => {
      // What the last round wrote or not; earlier rounds are looked at again at the end.
      for (const entry of imports.slice(-1)) await checkImport(database, entry);
      for (const d of pending) {
        // An attempt the server never made goes back to the queue, for a later round.
        if (!(await checkDecision(database, d))) waiting.push({ applicationId: d.applicationId, personId: d.personId });
        else decisions.push(d);
      }
      const services = buildServices({ database, clock: systemClock, config: testConfig({ DATABASE_URL: url }) });
      expect(await services.audit.verify(), 'audit chain').toMatchObject({ ok: true });
    });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'equipage-durability-'));
    const pg = process.env.DATABASE_URL;
    if (pg?.startsWith('postgres')) {
      const schema = `dur_${randomBytes(5).toString('hex')}`;
      await createSchema(pg, schema);
      const withSchema = new URL(pg);
      withSchema.searchParams.set('options', `-c search_path=${schema}`);
      url = withSchema.toString();
      dropDatabase = () => dropTestSchema(pg, schema);
    } else {
      url = `sqlite:${join(dir, 'equipage.sqlite')}`;
    }
    smtp = await startSmtpServer();
    port = await freeLoopbackPort();

    // The setup an operator does before serving: an administrator, a token, a bureau, a session.
    await withDatabase(async (database) => {
      await migrate(database);
      const config = testConfig({ DATABASE_URL: url });
      const services = buildServices({ database, clock: systemClock, config });
      const adminId = await services.accounts.setup({
        associationName: 'Durable',
        displayName: 'Ada Admin',
        email: 'ada@example.org',
        password: 'correct horse battery staple',
        locale: 'fr',
      });
      adminHeaders = { authorization: `Bearer ${(await services.accounts.createToken(adminId, 'durability')).token}` };
      const carol = await services.people.create(system, { displayName: 'Carol Présidente', email: 'carol@example.org' });
      await services.bureau.appoint(system, { personId: carol.id, office: 'president' });
      bureauHeaders = { authorization: `Bearer ${(await services.accounts.createToken(carol.id, 'durability')).token}` };
      const now = new Date().toISOString();
      sessionId = (await services.sessions.create(system, { scheduledAt: new Date(Date.now() + 10 * 86_400_000).toISOString() })).id;
      const applicants = Array.from({ length: APPLICANTS }, (_v, i) => `Candidat ${i},candidat.${i}@example.org`);
      await services.people.importCsv(system, `displayName,email\n${applicants.join('\n')}\n`);
      const people = await database.db.selectFrom('people').select('id').where('email', 'like', 'candidat.%').orderBy('email').execute();
      const applications = createApplicationsRepository(database.db);
      for (const { id: personId } of people) {
        const applicationId = await applications.submit({ personId, motivation: 'Pour participer', now });
        await placeOnAgenda(database.db, database.dialect, (await applications.findById(applicationId))!, sessionId, now, null);
        waiting.push({ applicationId, personId });
      }
      scheduledStatus = (await applications.findById(waiting[0].applicationId))!.status;
      const president: Actor = { ...system, isAdmin: false, personId: carol.id, office: 'president' };
      await services.sessions.open(president, sessionId, [carol.id]);
    });
  });

  afterAll(async () => {
    await kill();
    warm?.kill('SIGKILL');
    await smtp?.close();
    await dropDatabase();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write, half-writes nothing, and delivers the outbox after twenty SIGKILLs', async () => {
    await start();
    // How long an import and a decision take here: the kills are spread over that much time.
    let started = Date.now();
    imports.push({ prefix: 'calibration', acknowledged: await sendImport('calibration') });
    const importMs = Date.now() - started;
    started = Date.now();
    const warmup = await decideUntilStopped((attempted) => attempted.length >= 2 * DECIDING_AT_ONCE);
    const decisionMs = (Date.now() - started) / Math.max(1, warmup.length);
    expect(warmup.every((d) => d.acknowledged)).toBe(true);
    decisions.push(...warmup);

    const kills = [...Array(KILLS_DURING_IMPORTS).fill('import'), ...Array(KILLS_DURING_DECISIONS).fill('decisions')] as ('import' | 'decisions')[];
    // Interleaved, in a seeded order (Fisher–Yates).
    for (let i = kills.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [kills[i], kills[j]] = [kills[j], kills[i]];
    }
    let acknowledgedImports = 0;
    let interruptedDecisions = 0;
    for (const [round, during] of kills.entries()) {
      let pending: Decision[] = [];
      if (during === 'import') {
        const entry = { prefix: `round${round}`, acknowledged: false };
        imports.push(entry);
        const sent = sendImport(entry.prefix).then(
          (ok) => (entry.acknowledged = ok),
          (error: unknown) => {
            if (!(error instanceof TypeError)) throw error;
          },
        );
        await sleep(importMs * (0.05 + random() * 1.5));
        await kill();
        await sent;
        if (entry.acknowledged) acknowledgedImports++;
      } else {
        let killed = false;
        const deciding = decideUntilStopped(() => killed);
        await sleep(decisionMs * DECIDING_AT_ONCE * (1 + random() * 4));
        killed = true;
        await kill();
        pending = await deciding;
        interruptedDecisions += pending.filter((d) => !d.acknowledged).length;
      }
      await start();
      await checkAfterRestart(pending);
    }
    // Not assertions (they would be about timing): what the kills hit, for whoever reads the log.
    console.info(
      `durability (${dialectUnderTest}): import ${importMs} ms, decision ${decisionMs.toFixed(0)} ms; ` +
        `${acknowledgedImports}/${KILLS_DURING_IMPORTS} imports acknowledged before their kill, ` +
        `${decisions.length} decisions made, ${interruptedDecisions} cut short by a kill`,
    );
    // Every round again, now that all the kills are over: nothing acknowledged went missing since.
    await withDatabase(async (database) => {
      for (const entry of imports) await checkImport(database, entry);
      for (const d of decisions) expect(await checkDecision(database, d)).toBe(true);
    });

    // The outbox resumes: the restarted server delivers what waited, except the events a killed
    // server held (their lease runs a minute); a dispatcher a minute later delivers those.
    const due = (database: Database) =>
      database.db
        .selectFrom('outbox')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('delivered_at', 'is', null)
        .where('dead_at', 'is', null)
        .where('available_at', '<=', new Date().toISOString())
        .executeTakeFirstOrThrow();
    // Bounded, generously: on a busy machine each mail to the SMTP server takes tens of milliseconds.
    const deadline = Date.now() + 60_000;
    while (Number((await withDatabase(due)).n) > 0 && Date.now() < deadline) await sleep(200);
    expect(Number((await withDatabase(due)).n), `events the restarted server left undelivered: ${serverErrors}`).toBe(0);
    await stop();
    await withDatabase(async (database) => {
      const later = new Date(Date.now() + 5 * 60_000).toISOString();
      const clock = { now: () => later, today: () => later.slice(0, 10) };
      const config = testConfig({ DATABASE_URL: url, SMTP_URL: smtp.url });
      const dispatcher = buildDispatcher({ database, clock, config }, buildServices({ database, clock, config }));
      await dispatcher.drain();
      const outbox = await database.db.selectFrom('outbox').select(['topic', 'delivered_at', 'dead_at']).execute();
      expect(outbox.length).toBeGreaterThan(decisions.length);
      expect(outbox.filter((e) => e.delivered_at === null || e.dead_at !== null)).toEqual([]);
      const mails = await database.db.selectFrom('mail_log').select(['id', 'status']).execute();
      expect(mails.length).toBeGreaterThanOrEqual(decisions.length);
      expect(mails.filter((m) => m.status !== 'sent')).toEqual([]);
      // At least once: a kill between the SMTP server's answer and the log's update sends a mail twice.
      const received = smtp.messages.map((m) => m.messageId);
      expect(mails.filter((m) => !received.some((id) => id.includes(m.id))).map((m) => m.id)).toEqual([]);
    });
  });
});
