import { createWriteStream, existsSync } from 'node:fs';
import { open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type RawBuilder } from 'kysely';
import type { Database, Dialect } from './db.js';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupRefusal,
  decode,
  encode,
  kindOf,
  readArchive,
  type ArchiveSummary,
  type Column,
  type Kind,
} from './backup-archive.js';

export { BackupRefusal, inspectBackup, type ArchiveSummary } from './backup-archive.js';

/**
 * `equipage backup` and `equipage restore` (durability). One portable archive for both
 * databases: gzip'd JSON lines, a header (format, version, the migrations the data was made
 * under), then each table in foreign-key order — a line naming its columns, a line per row — and
 * a last line with the counts. A backup of SQLite restores into PostgreSQL and back.
 *
 * Consistency: on SQLite the online backup API copies the database page by page into a private
 * snapshot, which is then read at leisure; on PostgreSQL every table is read inside one
 * REPEATABLE READ READ ONLY transaction. Neither blocks the server's writes.
 *
 * The archive keeps values as stored (JSON columns as their text, bytes as base64), so the audit
 * chain, whose hashes cover the parsed values (audit/chain.ts), verifies after a restore.
 */

interface TableInfo {
  name: string;
  columns: Column[];
  primaryKey: string[];
  parents: string[];
}

export interface BackupSummary {
  file: string;
  tables: number;
  rows: number;
  bytes: number;
  migrations: string[];
}

const PAGE = 2000;
/** Kysely's own tables: the migrations travel in the header instead. */
const internal = (name: string) => name.startsWith('kysely_') || name.startsWith('sqlite_');

/**
 * SQLite's tables that hold data, in name order. A virtual table (the people's full-text search
 * index) and every table named after it (SQLite's own shadow tables, and `<name>_rows`, which maps
 * its rows) are derived from the tables they index, and kept in step by triggers: they are left
 * out, and a restore fills them again as it inserts the rows they index. Their rows in a backup
 * would meet the rows those triggers wrote, and PostgreSQL has no such tables.
 */
async function sqliteTableNames(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string; type: string }>`select name, type from pragma_table_list where schema = 'main' order by name`.execute(db);
  const indexes = rows.filter((r) => r.type === 'virtual').map((r) => `${r.name}_`);
  return rows.filter((r) => r.type === 'table' && !indexes.some((prefix) => r.name.startsWith(prefix))).map((r) => r.name);
}

/** The application's tables, each with its columns, primary key and the tables it references. */
async function tablesOf(db: Kysely<any>, dialect: Dialect): Promise<TableInfo[]> {
  const tables: TableInfo[] = [];
  if (dialect === 'sqlite') {
    for (const name of (await sqliteTableNames(db)).filter((n) => !internal(n))) {
      const cols = await sql<{ name: string; type: string; pk: number }>`select name, type, pk from pragma_table_info(${name}) order by cid`.execute(db);
      const fks = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${name})`.execute(db);
      tables.push({
        name,
        columns: cols.rows.map((c) => ({ name: c.name, kind: kindOf(c.type) })),
        primaryKey: cols.rows
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name),
        parents: fks.rows.map((f) => f.table),
      });
    }
    return tables;
  }
  const names = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  for (const { name } of names.rows.filter((r) => !internal(r.name))) {
    const cols = await sql<{ name: string; type: string }>`
      select column_name as name, data_type as type from information_schema.columns
      where table_schema = current_schema() and table_name = ${name} order by ordinal_position`.execute(db);
    const pk = await sql<{ name: string }>`
      select a.attname as name from pg_index i
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = (quote_ident(current_schema()) || '.' || quote_ident(${name}))::regclass and i.indisprimary
      order by array_position(i.indkey::int2[], a.attnum)`.execute(db);
    const fks = await sql<{ parent: string }>`
      select p.relname as parent from pg_constraint c
      join pg_class p on p.oid = c.confrelid
      where c.contype = 'f' and c.conrelid = (quote_ident(current_schema()) || '.' || quote_ident(${name}))::regclass`.execute(db);
    tables.push({
      name,
      columns: cols.rows.map((c) => ({ name: c.name, kind: kindOf(c.type) })),
      primaryKey: pk.rows.map((r) => r.name),
      parents: fks.rows.map((f) => f.parent),
    });
  }
  return tables;
}

/** Parents before children, so that a restore never inserts a row before the row it references. */
function inForeignKeyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: TableInfo) => {
    if (state.get(t.name) === 'done') return;
    if (state.get(t.name) === 'visiting') throw new Error(`Foreign keys form a cycle through ${t.name}: no order restores it`);
    state.set(t.name, 'visiting');
    for (const p of t.parents) if (p !== t.name && byName.has(p)) visit(byName.get(p)!);
    state.set(t.name, 'done');
    ordered.push(t);
  };
  for (const t of tables) visit(t);
  return ordered;
}

async function migrationsOf(db: Kysely<any>, tables: string[]): Promise<string[]> {
  if (!tables.includes('kysely_migration')) return [];
  return (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name);
}

async function allTableNames(db: Kysely<any>, dialect: Dialect): Promise<string[]> {
  if (dialect === 'sqlite') return sqliteTableNames(db);
  const q = sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`;
  return (await q.execute(db)).rows.map((r) => r.name);
}

/** Writes every table of `db` (already a consistent snapshot) as archive lines. */
async function exportTables(
  db: Kysely<any>,
  dialect: Dialect,
  write: (text: string) => Promise<void>,
): Promise<{ tables: number; rows: number; migrations: string[] }> {
  const tables = inForeignKeyOrder(await tablesOf(db, dialect));
  const migrations = await migrationsOf(db, await allTableNames(db, dialect));
  await write(`${JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), source: dialect, migrations })}\n`);
  const counts: Record<string, number> = {};
  let total = 0;
  for (const t of tables) {
    await write(`${JSON.stringify({ table: t.name, columns: t.columns.map((c) => [c.name, c.kind]) })}\n`);
    const select = sql.join(
      t.columns.map((c) => (c.kind === 'json' && dialect === 'postgres' ? sql`${sql.ref(c.name)}::text as ${sql.ref(c.name)}` : sql.ref(c.name))),
    );
    // Keyset pages in primary-key order (every table has one; SQLite's rowid otherwise).
    const key = t.primaryKey.length ? t.primaryKey : dialect === 'sqlite' ? ['rowid'] : t.columns.map((c) => c.name);
    const order = sql.join(key.map((k) => sql.ref(k)));
    let after: unknown[] | null = null;
    let count = 0;
    for (;;) {
      const where: RawBuilder<unknown> = after ? sql`where (${order}) > (${sql.join(after)})` : sql``;
      const keyColumns = key.includes('rowid') ? sql`, rowid as ${sql.ref('__rowid')}` : sql``;
      const { rows } = await sql<
        Record<string, unknown>
      >`select ${select}${keyColumns} from ${sql.table(t.name)} ${where} order by ${order} limit ${PAGE}`.execute(db);
      if (rows.length === 0) break;
      await write(rows.map((r) => `${JSON.stringify(t.columns.map((c) => encode(r[c.name])))}\n`).join(''));
      count += rows.length;
      const last = rows[rows.length - 1];
      after = key.map((k) => (k === 'rowid' ? last.__rowid : last[k]));
      if (rows.length < PAGE) break;
    }
    counts[t.name] = count;
    total += count;
  }
  await write(`${JSON.stringify({ end: { tables: tables.length, rows: total, counts } })}\n`);
  return { tables: tables.length, rows: total, migrations };
}

/**
 * Backs the database up into `file` (gzip'd JSON lines), online. The file appears complete or not
 * at all: it is written beside, flushed to disk, then renamed. An existing file is not replaced.
 */
export async function backupDatabase(database: Database, file: string): Promise<BackupSummary> {
  const target = resolve(file);
  if (existsSync(target)) throw new BackupRefusal(`${file} already exists: choose another name (a backup never replaces a file)`);
  if (!existsSync(dirname(target))) throw new BackupRefusal(`The folder ${dirname(file)} does not exist`);
  const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
  const gzip = createGzip({ level: 6 });
  // A backup holds every personal datum of the database: readable by its owner only (0600).
  const written = pipeline(gzip, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
  const write = async (text: string) => {
    if (!gzip.write(text)) await Promise.race([once(gzip, 'drain'), written]);
  };
  const snapshot = `${target}.snapshot-${randomBytes(4).toString('hex')}`;
  try {
    let result: { tables: number; rows: number; migrations: string[] };
    if (database.dialect === 'sqlite') {
      if (!database.sqlite) throw new Error('This SQLite database does not expose its connection for a backup');
      // The snapshot is a whole copy of the database: made 0600 before SQLite fills it (its
      // journal files take the same mode).
      await writeFile(snapshot, '', { flag: 'wx', mode: 0o600 });
      // One step copies every page (the progress callback asks for all of them), so writes by the
      // server in between cannot make the copy start over and over.
      await database.sqlite.backup(snapshot, { progress: () => 0x7fffffff });
      const copy = new SQLite(snapshot);
      const db = new Kysely<any>({ dialect: new SqliteDialect({ database: copy }) });
      try {
        result = await exportTables(db, 'sqlite', write);
      } finally {
        await db.destroy();
      }
    } else {
      result = await database.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .setAccessMode('read only')
        .execute((trx) => exportTables(trx, 'postgres', write));
    }
    gzip.end();
    await written;
    const handle = await open(partial, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, target);
    return { file: target, tables: result.tables, rows: result.rows, bytes: (await stat(target)).size, migrations: result.migrations };
  } catch (error) {
    gzip.destroy();
    await written.catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(`${snapshot}${suffix}`, { force: true });
  }
}

async function tablesWithRows(db: Kysely<any>, names: string[]): Promise<string[]> {
  const full: string[] = [];
  for (const name of names) if ((await sql`select 1 from ${sql.table(name)} limit 1`.execute(db)).rows.length) full.push(name);
  return full;
}

/** PostgreSQL: serial and identity columns continue after the restored rows, not at 1. */
async function advanceSequences(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ table: string; column: string }>`
    select table_name as table, column_name as column from information_schema.columns
    where table_schema = current_schema() and (column_default like 'nextval(%' or is_identity = 'YES')`.execute(db);
  for (const { table, column } of rows) {
    const qualified = sql`quote_ident(current_schema()) || '.' || quote_ident(${table})`;
    await sql`select setval(pg_get_serial_sequence(${qualified}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(
      db,
    );
  }
}

export interface RestoreSummary extends ArchiveSummary {
  file: string;
}

/**
 * Restores `file` into an empty database (migrated to the backup's migrations, or with no tables
 * at all: it is migrated first), in one transaction. Refuses a damaged file, a backup of another
 * version, and a database that holds any row, before changing anything.
 */
export async function restoreDatabase(database: Database, file: string, migrate: (database: Database) => Promise<unknown>): Promise<RestoreSummary> {
  const summary = await readArchive(file);
  await migrate(database);
  const { db, dialect } = database;
  const names = await allTableNames(db, dialect);
  const applied = await migrationsOf(db, names);
  const newer = summary.header.migrations.filter((m) => !applied.includes(m));
  if (newer.length)
    throw new BackupRefusal(`This backup was made by a newer version of Équipage (migration ${newer[0]} is unknown here): upgrade Équipage, then restore it`);
  const older = applied.filter((m) => !summary.header.migrations.includes(m));
  if (older.length)
    throw new BackupRefusal(
      `This backup was made by an older version of Équipage (it lacks migration ${older[0]}): restore it with that version, then upgrade`,
    );
  const target = new Map((await tablesOf(db, dialect)).map((t) => [t.name, t]));
  for (const t of summary.tables) {
    const here = target.get(t.name);
    if (!here) throw new BackupRefusal(`The backup holds a table ${t.name} that this database does not have`);
    const missing = t.columns.find((c) => !here.columns.some((h) => h.name === c.name));
    if (missing) throw new BackupRefusal(`The backup's table ${t.name} has a column ${missing.name} that this database does not have`);
  }
  const appTables = [...target.keys()];
  const refuseFull = (full: string[]) =>
    new BackupRefusal(
      `The database is not empty (rows in ${full.join(', ')}): restore only into an empty database, a new one or one just migrated; nothing was changed`,
    );
  const full = await tablesWithRows(db, appTables);
  if (full.length) throw refuseFull(full);

  await database.transaction(async (trx) => {
    if (dialect === 'postgres') await sql`lock table ${sql.join(appTables.map((n) => sql.table(n)))} in exclusive mode`.execute(trx);
    // Checked again under the transaction: a server started meanwhile may have written.
    const fullNow = await tablesWithRows(trx, appTables);
    if (fullNow.length) throw refuseFull(fullNow);
    if (dialect === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(trx);
    let table = '';
    let columns: Column[] = [];
    let kinds: Kind[] = [];
    try {
      await readArchive(
        file,
        {
          async table(name, cols) {
            table = name;
            columns = cols;
            const here = target.get(name)!;
            kinds = cols.map((c) => here.columns.find((h) => h.name === c.name)!.kind);
          },
          async rows(rows) {
            const names = sql.join(columns.map((c) => sql.ref(c.name)));
            const per = Math.max(1, Math.floor(8000 / columns.length));
            for (let i = 0; i < rows.length; i += per) {
              const values = rows.slice(i, i + per).map((r) => sql`(${sql.join(r.map((v, j) => decode(v, columns[j].kind, kinds[j], dialect)))})`);
              await sql`insert into ${sql.table(table)} (${names}) values ${sql.join(values)}`.execute(trx);
            }
          },
        },
        1000,
      );
    } catch (error) {
      if (error instanceof BackupRefusal) throw error;
      throw new BackupRefusal(`The backup does not fit this database (table ${table}: ${(error as Error).message}); nothing was restored`);
    }
    if (dialect === 'postgres') await advanceSequences(trx);
  });
  return { ...summary, file: resolve(file) };
}
