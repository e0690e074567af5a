import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { buildServices } from '../container.js';
import { ADMIN_PASSWORD, buildAssociation, databaseFingerprint, dialectUnderTest, freshDatabase, system, type TestAssociation } from '../../test/harness.js';
import { webhookRoomRegisteredEarlier } from '../../test/rooms-fixture.js';
import { acceptMembers, seatBureau } from '../../test/members.js';
import { backupDatabase, BackupRefusal, inspectBackup, restoreDatabase } from './backup.js';
import { openDatabase, type Database } from './db.js';
import { migrate } from './migrations.js';
import type { Actor } from './auth/actor.js';

/** Every byte value, to see a file's content come back exactly. */
const pdf = Buffer.from(Array.from({ length: 256 }, (_v, i) => i));

/** An association with rows in most tables, audited all along, and enough of them to page through. */
async function populate(a: TestAssociation): Promise<void> {
  const bureau = await seatBureau(a);
  const [alix] = await acceptMembers(a, bureau, [{ displayName: 'Alix Membre', matrixId: '@alix:example.org' }, { displayName: 'Bérénice Membre' }]);
  a.clock.set('2026-12-01T10:00:00.000Z');
  const president: Actor = { ...system, isAdmin: false, personId: bureau[0].id, office: 'president' };
  await a.services.teams.addToRoster(system, 'technique', alix.id, 'member');
  await a.services.sessionPlanning.setRecurrence(president, { rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20;BYMINUTE=0' });
  await webhookRoomRegisteredEarlier(a, { address: 'https://hooks.example.org/members', audience: 'members' });
  await a.services.forges.link(system, alix.id, { forge: 'email', identity: 'alix@example.org' });
  await a.services.accounts.requestPasswordReset(a.admin.email, 'http://localhost');
  await a.browser().login(a.admin.email, ADMIN_PASSWORD);
  const assembly = (await a.services.assemblies.create(president, { kind: 'ordinary', title: 'AG 2027', scheduledAt: '2026-12-31T18:00:00.000Z' })).id;
  await a.services.assemblies.addItem(president, assembly, { title: 'Rapport moral' });
  await a.services.assemblies.addDocument(president, assembly, { title: 'Comptes', filename: 'comptes.pdf', contentType: 'application/pdf', content: pdf });
  await a.services.assemblies.convene(president, assembly);
  // More people than one page of the backup's reads (2000 rows), each with an audit entry.
  const lines = Array.from({ length: 2100 }, (_v, i) => `Personne ${i},personne.${i}@example.org${i % 3 === 0 ? ',communaute' : ','}`);
  await a.services.people.importCsv(system, `displayName,email,teams\n${lines.join('\n')}\n`);
}

/** Restores into a database and returns it with its services, on the association's clock and config. */
function servicesOf(a: TestAssociation, database: Database) {
  return buildServices({ database, clock: a.clock, config: a.config });
}

describe(`backup and restore (${dialectUnderTest})`, { timeout: 120_000 }, () => {
  let a: TestAssociation;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    a = await buildAssociation();
    await populate(a);
    dir = mkdtempSync(join(tmpdir(), 'equipage-backup-'));
    file = join(dir, 'backup.jsonl.gz');
    const summary = await backupDatabase(a.database, file);
    expect(summary.rows).toBeGreaterThan(4000);
  });

  afterAll(async () => {
    await a?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('restores into a fresh database the very same rows; the audit chain verifies and writes go on after it', async () => {
    const { database, drop } = await freshDatabase();
    try {
      const restored = await restoreDatabase(database, file, migrate);
      const tablesWithRows = restored.tables.filter((t) => t.rows > 0).map((t) => t.name);
      // Most tables hold rows, so the round trip says something about each of them.
      expect(tablesWithRows.length, tablesWithRows.join(', ')).toBeGreaterThanOrEqual(24);
      expect(await databaseFingerprint(database)).toBe(await databaseFingerprint(a.database));
      const document = await database.db.selectFrom('assembly_documents').select('content').executeTakeFirstOrThrow();
      expect(Buffer.from(document.content!)).toEqual(pdf);

      const services = servicesOf(a, database);
      // The search index is no part of the archive: on SQLite the restore's inserts fill it again.
      const found = await services.people.directory(system, { q: 'personne 2099' });
      expect(found.items.map((p) => p.displayName)).toEqual(['Personne 2099']);
      const verdict = await services.audit.verify();
      expect(verdict).toMatchObject({ ok: true, entries: (await a.services.audit.verify()).entries });
      const last = await database.db
        .selectFrom('audit_log')
        .select(({ fn }) => fn.max('seq').as('seq'))
        .executeTakeFirstOrThrow();
      await services.people.create(system, { displayName: 'Après Restauration', email: 'apres@example.org' });
      const appended = await database.db.selectFrom('audit_log').selectAll().where('seq', '>', Number(last.seq)).execute();
      expect(appended.map((e) => [Number(e.seq), e.action])).toEqual([[Number(last.seq) + 1, 'person.created']]);
      expect(await services.audit.verify()).toMatchObject({ ok: true, entries: verdict.entries + 1 });
    } finally {
      await drop();
    }
  });

  it('refuses a database that holds rows, and changes nothing', async () => {
    const before = await databaseFingerprint(a.database);
    await expect(restoreDatabase(a.database, file, migrate)).rejects.toThrow(/not empty \(rows in .*people/);
    expect(await databaseFingerprint(a.database)).toBe(before);
  });

  it('refuses what is not a whole backup of this version — garbage, a cut file, a damaged line, another format — and changes nothing', async () => {
    const { database, drop } = await freshDatabase();
    const gz = readFileSync(file);
    const text = gunzipSync(gz).toString('utf8');
    const lines = text.split('\n');
    const variant = (name: string, content: Buffer | string) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    const withHeader = (change: (h: Record<string, unknown>) => void) => {
      const header = JSON.parse(lines[0]);
      change(header);
      return gzipSync([JSON.stringify(header), ...lines.slice(1)].join('\n'));
    };
    const rowLine = lines.findIndex((l) => l.startsWith('['));
    const cases: [string, Buffer | string, RegExp][] = [
      ['garbage.gz', Buffer.from('%PDF-1.4 not a backup at all\n'), /is not an Équipage backup \(not gzip\)/],
      ['plain.json', gzipSync('{"hello":"world"}\n'), /is not an Équipage backup/],
      ['empty.gz', gzipSync(''), /is not an Équipage backup \(it is empty\)/],
      ['cut.gz', gz.subarray(0, Math.floor(gz.length / 2)), /is truncated/],
      ['cut-at-a-line.gz', gzipSync(lines.slice(0, -3).join('\n')), /is truncated: it stops before its end/],
      ['damaged.gz', gzipSync([...lines.slice(0, rowLine), '[1,2', ...lines.slice(rowLine + 1)].join('\n')), /is damaged \(line \d+: not JSON\)/],
      ['dropped-row.gz', gzipSync([...lines.slice(0, rowLine), ...lines.slice(rowLine + 1)].join('\n')), /counts at the end do not match/],
      ['future-format.gz', withHeader((h) => (h.version = 99)), /in format 99, which this version of Équipage does not read/],
      ['newer.gz', withHeader((h) => (h.migrations = [...(h.migrations as string[]), '2099-01-01-from-the-future'])), /newer version of Équipage/],
      ['older.gz', withHeader((h) => (h.migrations = (h.migrations as string[]).slice(0, -1))), /older version of Équipage/],
    ];
    try {
      const empty = await databaseFingerprint(database);
      for (const [name, content, message] of cases) {
        const error = await restoreDatabase(database, variant(name, content), migrate).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, name).toBeInstanceOf(BackupRefusal);
        expect((error as Error).message, name).toMatch(message);
        expect(await databaseFingerprint(database), name).toBe(empty);
      }
      await expect(restoreDatabase(database, join(dir, 'nowhere.gz'), migrate)).rejects.toThrow(/no such file/);
      // After all those refusals, the good file still restores.
      await restoreDatabase(database, file, migrate);
      expect(await databaseFingerprint(database)).toBe(await databaseFingerprint(a.database));
    } finally {
      await drop();
    }
  });

  it('a backup is readable by its owner only (0600), and leaves no snapshot behind', async () => {
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((name) => /snapshot|partial/.test(name))).toEqual([]);
  });

  it('never replaces an existing file', async () => {
    await expect(backupDatabase(a.database, file)).rejects.toThrow(/already exists/);
    expect((await inspectBackup(file)).rows).toBeGreaterThan(4000);
  });

  it('takes a consistent snapshot while writes go on', async () => {
    const { database, drop } = await freshDatabase();
    const services = servicesOf(a, database);
    try {
      await services.accounts.setup({ associationName: 'Pendant', displayName: 'Ada', email: 'ada@example.org', password: ADMIN_PASSWORD, locale: 'fr' });
      let writing = true;
      const writes = (async () => {
        for (let i = 0; writing && i < 2000; i++) await services.people.create(system, { displayName: `Pendant ${i}`, email: `pendant.${i}@example.org` });
      })();
      await new Promise((resolve) => setTimeout(resolve, 30));
      const during = join(dir, `during-${Date.now()}.gz`);
      await backupDatabase(database, during);
      writing = false;
      await writes;
      const target = await freshDatabase();
      try {
        await restoreDatabase(target.database, during, migrate);
        // Each person came with an audit entry in the same transaction: the snapshot has both or neither.
        const people = await target.database.db
          .selectFrom('people')
          .select(({ fn }) => fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        const created = await target.database.db
          .selectFrom('audit_log')
          .select(({ fn }) => fn.countAll<number>().as('n'))
          .where('action', '=', 'person.created')
          .executeTakeFirstOrThrow();
        expect(Number(people.n)).toBeGreaterThan(1);
        expect(Number(people.n)).toBe(Number(created.n));
        expect(await servicesOf(a, target.database).audit.verify()).toMatchObject({ ok: true });
      } finally {
        await target.drop();
      }
    } finally {
      await drop();
    }
  });

  it('continues serial and autoincrement columns after the restored rows', async () => {
    const counter =
      dialectUnderTest === 'postgres'
        ? sql`create table extra_counter (id serial primary key, label text not null)`
        : sql`create table extra_counter (id integer primary key autoincrement, label text not null)`;
    const source = await freshDatabase();
    const target = await freshDatabase();
    try {
      await counter.execute(source.database.db);
      await sql`insert into extra_counter (label) values ('one'), ('two'), ('three')`.execute(source.database.db);
      const path = join(dir, `counter-${Date.now()}.gz`);
      await backupDatabase(source.database, path);
      await counter.execute(target.database.db);
      await restoreDatabase(target.database, path, migrate);
      await sql`insert into extra_counter (label) values ('four')`.execute(target.database.db);
      const { rows } = await sql<{ id: number; label: string }>`select id, label from extra_counter order by id`.execute(target.database.db);
      expect(rows.map((r) => [Number(r.id), r.label])).toEqual([
        [1, 'one'],
        [2, 'two'],
        [3, 'three'],
        [4, 'four'],
      ]);
    } finally {
      await source.drop();
      await target.drop();
    }
  });

  // Both databases are at hand only on the PostgreSQL run (SQLite always is).
  it.runIf(dialectUnderTest === 'postgres')('carries a PostgreSQL backup into SQLite and back, unchanged', async () => {
    const sqlite = openDatabase('sqlite::memory:');
    const back = await freshDatabase();
    try {
      await restoreDatabase(sqlite, file, migrate);
      expect(await buildServices({ database: sqlite, clock: a.clock, config: a.config }).audit.verify()).toMatchObject({ ok: true });
      const count = async (d: Database) =>
        (
          await d.db
            .selectFrom('people')
            .select(({ fn }) => fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n;
      expect(Number(await count(sqlite))).toBe(Number(await count(a.database)));
      const viaSqlite = join(dir, 'via-sqlite.gz');
      await backupDatabase(sqlite, viaSqlite);
      expect((await inspectBackup(viaSqlite)).header.source).toBe('sqlite');
      await restoreDatabase(back.database, viaSqlite, migrate);
      expect(await databaseFingerprint(back.database)).toBe(await databaseFingerprint(a.database));
    } finally {
      await sqlite.close();
      await back.drop();
    }
  });
});
