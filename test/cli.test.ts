import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema, openDatabase } from '../src/platform/db.js';
import { databaseFingerprint, dialectUnderTest, dropTestSchema } from './harness.js';
import { bundledMain } from './cli-process.js';

const root = new URL('..', import.meta.url).pathname;
const pahekoExport = join(root, 'test/fixtures/paheko-members-export.csv');

/** Runs the real command line (`src/main.ts`, bundled once), as an operator would from a shell. */
function equipage(args: string[], env: Record<string, string>, input?: string) {
  const r = spawnSync(process.execPath, [bundledMain(), ...args], {
    cwd: root,
    env: { ...process.env, ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1', ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each command is a real process: on a busy two-core machine a test running several commands needs
// more than the default 30 s.
describe(`equipage command line (${dialectUnderTest})`, { timeout: 120_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  let databaseUrl: string;
  let cleanup: () => Promise<void> = async () => {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'equipage-cli-'));
    const pg = process.env.DATABASE_URL;
    if (pg?.startsWith('postgres')) {
      const schema = `cli_${randomBytes(5).toString('hex')}`;
      await createSchema(pg, schema);
      const url = new URL(pg);
      url.searchParams.set('options', `-c search_path=${schema}`);
      databaseUrl = url.toString();
      cleanup = () => dropTestSchema(pg, schema);
    } else {
      databaseUrl = `sqlite:${join(dir, 'equipage.sqlite')}`;
    }
    env = { DATABASE_URL: databaseUrl, EQUIPAGE_SECRET: 'cli-test-secret-cli-test-secret-cli-test' };
  });

  afterAll(async () => {
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('explains its usage and exits 2 on a mistake, changing nothing', () => {
    const none = equipage([], env);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('Usage: equipage');
    const unknown = equipage(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command: frobnicate');
    const missing = equipage(['admin', 'create', '--name', 'Ada'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--email');
    const badOption = equipage(['admin', 'create', '--email', 'a@example.org', '--name', 'Ada', '--colour', 'red'], env);
    expect(badOption.code).toBe(2);
  });

  it('refuses an invalid environment with exit 2 naming the setting', () => {
    const r = equipage(['migrate'], { ...env, PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PORT/);
    const url = equipage(['migrate'], { ...env, DATABASE_URL: 'mysql://nope' });
    expect(url.code).toBe(2);
    expect(url.stderr).toMatch(/DATABASE_URL/);
  });

  it('creates the first administrator, which sets the association up with its two teams', async () => {
    const weak = equipage(['admin', 'create', '--email', 'ada@example.org', '--name', 'Ada', '--password-stdin'], env, 'short\n');
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('weak_password');

    const r = equipage(['admin', 'create', '--email', 'ada@example.org', '--name', 'Ada Lovelace', '--association', 'TeDomum'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Generated password: \S{20}/);

    const database = openDatabase(databaseUrl);
    try {
      const teams = await database.db.selectFrom('teams').select('slug').orderBy('position').execute();
      expect(teams.map((t) => t.slug)).toEqual(['communaute', 'technique']);
      const association = await database.db.selectFrom('association').select('name').executeTakeFirstOrThrow();
      expect(association.name).toBe('TeDomum');
    } finally {
      await database.close();
    }
  });

  it('prints a working API token on the last line', async () => {
    const r = equipage(['token', 'create', '--email', 'ada@example.org', '--label', 'scripts'], env);
    expect(r.code).toBe(0);
    const token = r.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^eqp_/);
    const unknown = equipage(['token', 'create', '--email', 'nobody@example.org'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('not_found');
  });

  it("changes a login address at once from the server's command line, the recovery path for an administrator's account", async () => {
    const created = equipage(
      ['admin', 'create', '--email', 'grace@example.org', '--name', 'Grace Hopper', '--password-stdin'],
      env,
      'une longue phrase de passe secrète\n',
    );
    expect(created.code, created.stderr).toBe(0);
    const personId = /person (\S+)\)/.exec(created.stdout)![1];
    const database = openDatabase(databaseUrl);
    try {
      // Someone holds a session of hers: the recovery ends it.
      const now = new Date().toISOString();
      await database.db
        .insertInto('sessions')
        .values({
          id: `cli-${personId}`,
          person_id: personId,
          created_at: now,
          expires_at: '2999-01-01T00:00:00.000Z',
          last_seen_at: now,
          revoked_at: null,
          user_agent: null,
        })
        .execute();

      const usage = equipage(['admin', 'set-email', '--email', 'grace@example.org'], env);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('--new-email');
      const unknown = equipage(['admin', 'set-email', '--email', 'nobody@example.org', '--new-email', 'x@example.org'], env);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('not_found');
      const invalid = equipage(['admin', 'set-email', '--email', 'grace@example.org', '--new-email', 'not-an-address'], env);
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toContain('validation_failed');
      const taken = equipage(['admin', 'set-email', '--email', 'grace@example.org', '--new-email', 'ada@example.org'], env);
      expect(taken.code).toBe(2);
      expect(taken.stderr).toContain('email_taken');
      expect((await database.db.selectFrom('people').select('email').where('id', '=', personId).executeTakeFirstOrThrow()).email).toBe('grace@example.org');

      const r = equipage(['admin', 'set-email', '--email', 'grace@example.org', '--new-email', 'grace.recovered@example.org'], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('grace.recovered@example.org; 1 session(s) ended');
      expect((await database.db.selectFrom('people').select('email').where('id', '=', personId).executeTakeFirstOrThrow()).email).toBe(
        'grace.recovered@example.org',
      );
      const login = await database.db
        .selectFrom('identities')
        .select('subject')
        .where('person_id', '=', personId)
        .where('provider', '=', 'password')
        .executeTakeFirstOrThrow();
      expect(login.subject).toBe('grace.recovered@example.org');
      const held = await database.db
        .selectFrom('person_emails')
        .select(['email_normalized', 'verified_by', 'verified_until'])
        .where('person_id', '=', personId)
        .orderBy('verified_from')
        .execute();
      expect(held.map((h) => [h.email_normalized, h.verified_by, h.verified_until === null])).toEqual([
        ['grace@example.org', 'cli', false],
        ['grace.recovered@example.org', 'cli', true],
      ]);
      const session = await database.db.selectFrom('sessions').select('revoked_at').where('id', '=', `cli-${personId}`).executeTakeFirstOrThrow();
      expect(session.revoked_at).not.toBeNull();
    } finally {
      await database.close();
    }
  });

  it('imports a Paheko export: good lines in, bad lines named, idempotent on a second run', async () => {
    const dry = equipage(['import', 'people', pahekoExport, '--dry-run'], env);
    expect(dry.stdout).toContain('Dry run: would import 9');
    const first = equipage(['import', 'people', pahekoExport], env);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('Imported 9, skipped 1, 2 error(s)');
    expect(first.stderr).toContain('line 8: email');
    expect(first.stderr).toContain('line 11: same email as line 2');
    expect(first.stderr).toContain('line 12: email');
    const second = equipage(['import', 'people', pahekoExport], env);
    expect(second.stdout).toContain('Imported 0, skipped 10');

    const database = openDatabase(databaseUrl);
    try {
      const names = (await database.db.selectFrom('people').select('display_name').execute()).map((p) => p.display_name);
      expect(names).toContain('Élodie Dupont');
      expect(names).toContain("Aïssatou N'Diaye");
      expect(names.filter((n) => n === 'Élodie Dupont')).toHaveLength(1);
    } finally {
      await database.close();
    }
    const missing = equipage(['import', 'people', join(dir, 'nope.csv')], env);
    expect(missing.code).toBe(2);
  });

  it('backs up online and restores into an empty database only; refuses a database with rows or a file that is no backup (exit 2)', async () => {
    const file = join(dir, 'equipage-backup.gz');
    const backup = equipage(['backup', file], env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up \d+ rows of \d+ tables to /);
    const full = equipage(['restore', file], env);
    expect(full.code).toBe(2);
    expect(full.stderr).toContain('The database is not empty');

    let emptyUrl = `sqlite:${join(dir, 'restored.sqlite')}`;
    let dropEmpty = async () => {};
    const pg = process.env.DATABASE_URL;
    if (pg?.startsWith('postgres')) {
      const schema = `cli_${randomBytes(5).toString('hex')}`;
      await createSchema(pg, schema);
      const url = new URL(pg);
      url.searchParams.set('options', `-c search_path=${schema}`);
      emptyUrl = url.toString();
      dropEmpty = () => dropTestSchema(pg, schema);
    }
    try {
      writeFileSync(join(dir, 'garbage.gz'), 'not a backup\n');
      const garbage = equipage(['restore', join(dir, 'garbage.gz')], { ...env, DATABASE_URL: emptyUrl });
      expect(garbage.code).toBe(2);
      expect(garbage.stderr).toContain('is not an Équipage backup');
      const restored = equipage(['restore', file], { ...env, DATABASE_URL: emptyUrl });
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toMatch(/^Restored \d+ rows of \d+ tables from .*\nAudit chain intact: \d+ entries\.$/m);
      const [source, copy] = [openDatabase(databaseUrl), openDatabase(emptyUrl)];
      try {
        expect(await databaseFingerprint(copy)).toBe(await databaseFingerprint(source));
      } finally {
        await Promise.all([source.close(), copy.close()]);
      }
    } finally {
      await dropEmpty();
    }
  });

  it('verifies the audit chain, and names the first entry that was altered', async () => {
    const ok = equipage(['audit', 'verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Audit chain intact: \d+ entries\. Head: [0-9a-f]{64}/);
    const head = /Head: ([0-9a-f]{64})/.exec(ok.stdout)![1];
    expect(equipage(['audit', 'verify', '--head', 'abc'], env).code).toBe(2);

    const database = openDatabase(databaseUrl);
    try {
      // The newest entry cut off: the chain still links, the noted head is gone.
      await database.db.deleteFrom('audit_log').where('hash', '=', head).execute();
      const cut = equipage(['audit', 'verify', '--head', head], env);
      expect(cut.code).toBe(1);
      expect(cut.stderr).toContain('entries were removed');
      await database.db.updateTable('audit_log').set({ action: 'person.deleted' }).where('seq', '=', 3).execute();
    } finally {
      await database.close();
    }
    const broken = equipage(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('Audit chain broken at entry 3');
  });

  it('loads the demo once, and refuses a non-empty database without --force', () => {
    const refused = equipage(['demo'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--force');
    // Forced, it adds the demo beside what is there, with an administrator whose generated password passes the policy.
    const forced = equipage(['demo', '--force'], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/Administrator: admin@demo\.equipage\.invalid\nPassword: \S{20}/);
  });

  it('runs the membership checks as of a given date, and refuses a date that does not exist (exit 2)', () => {
    const r = equipage(['lifecycle', 'run', '--date', '2027-01-06'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Membership checks as of 2027-01-06: \d+ member\(s\); warned \d+, on notice \d+, resumed \d+, to the bureau \d+, ended \d+\.$/m);
    const bad = equipage(['lifecycle', 'run', '--date', '2027-02-31'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--date');
  });

  it('imports contributions: a bad line refuses the file (exit 1), --skip-invalid imports the rest, a second run skips all', async () => {
    const contributions = async () => {
      const database = openDatabase(databaseUrl);
      try {
        return await database.db.selectFrom('contributions').select(['kind', 'source', 'status', 'recorded_by']).orderBy('occurred_on').execute();
      } finally {
        await database.close();
      }
    };
    const good = [
      'courriel;type;date;résumé',
      'ada@example.org;administration;02/03/2025;Mise à jour des serveurs',
      'elodie.dupont@example.org;moderation;2025-03-04;Modération',
    ];
    const goodFile = join(dir, 'contributions.csv');
    writeFileSync(goodFile, `${good.join('\n')}\n`);
    const badFile = join(dir, 'contributions-bad.csv');
    writeFileSync(badFile, `${[...good, 'nobody@example.org;moderation;2025-03-05;Inconnue', 'ada@example.org;event;2025-03-06;Stand'].join('\n')}\n`);

    const refused = equipage(['import', 'contributions', badFile], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 4: email: nobody has the email nobody@example.org');
    expect(refused.stdout).toContain('Nothing imported: 1 invalid line(s)');
    const dry = equipage(['import', 'contributions', goodFile, '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: would import 2, skipped 0');
    expect(await contributions()).toEqual([]);

    const first = equipage(['import', 'contributions', goodFile], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Imported 2, skipped 0, 0 invalid line(s)');
    expect(await contributions()).toEqual([
      { kind: 'administration', source: 'import', status: 'confirmed', recorded_by: null },
      { kind: 'moderation', source: 'import', status: 'confirmed', recorded_by: null },
    ]);
    const skipping = equipage(['import', 'contributions', badFile, '--skip-invalid'], env);
    expect(skipping.code).toBe(1);
    expect(skipping.stdout).toContain('Imported 1, skipped 2, 1 invalid line(s)');
    const again = equipage(['import', 'contributions', goodFile], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Imported 0, skipped 2');
    expect(await contributions()).toHaveLength(3);

    writeFileSync(join(dir, 'broken.csv'), 'email,kind,occurredOn,summary\nada@example.org,event,2025-01-01,"never closed\n');
    const broken = equipage(['import', 'contributions', join(dir, 'broken.csv')], env);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('line 2');
    expect(equipage(['import', 'contributions', join(dir, 'nope.csv')], env).code).toBe(2);
    expect(equipage(['import', 'people', goodFile, '--skip-invalid'], env).code).toBe(2);
    expect(await contributions()).toHaveLength(3);
  }, 180_000);
});
