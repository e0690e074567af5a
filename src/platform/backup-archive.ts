import { createReadStream, existsSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Dialect } from './db.js';

/**
 * The backup archive (see backup.ts): gzip'd JSON lines. The first line is the header
 * `{ format, version, createdAt, source, migrations }`; then, for each table, `{ table, columns }`
 * naming its columns and their kinds, followed by one JSON array per row; the last line is
 * `{ end: { tables, rows, counts } }`. A value is JSON as it is, except bytes, written
 * `{ "base64": … }`, and JSON columns, kept as their text.
 */

export const BACKUP_FORMAT = 'equipage-backup';
export const BACKUP_VERSION = 1;

/** A file or a database that restore refuses: the CLI prints the message and exits 2, nothing changed. */
export class BackupRefusal extends Error {}

export type Kind = 'text' | 'integer' | 'real' | 'boolean' | 'json' | 'blob';

export interface Column {
  name: string;
  kind: Kind;
}

export function kindOf(declared: string): Kind {
  const t = declared.toLowerCase();
  if (t === 'json' || t === 'jsonb') return 'json';
  if (t === 'bytea' || t.includes('blob') || t === '') return 'blob';
  if (t === 'boolean' || t === 'bool') return 'boolean';
  if (t.includes('int')) return 'integer';
  if (/real|floa|doub|numeric|decimal/.test(t)) return 'real';
  return 'text';
}

/** A value as the archive holds it: JSON as its text, bytes as `{ base64 }`, times as ISO text. */
export function encode(value: unknown): unknown {
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  return value;
}

/** A value from the archive, for a column of this kind (the source's kind may differ across databases). */
export function decode(value: unknown, source: Kind, target: Kind, dialect: Dialect): unknown {
  if (value === null) return null;
  if (typeof value === 'object' && typeof (value as { base64?: unknown }).base64 === 'string')
    return Buffer.from((value as { base64: string }).base64, 'base64');
  if (target === 'boolean') return dialect === 'postgres' ? value === true || value === 1 : value ? 1 : 0;
  if (typeof value === 'boolean') return dialect === 'postgres' ? value : value ? 1 : 0;
  // PostgreSQL writes jsonb as `{"a": 1}`; the application writes compact JSON into SQLite's text.
  if (source === 'json' && target !== 'json' && typeof value === 'string') return JSON.stringify(JSON.parse(value));
  if (target === 'json' && typeof value !== 'string') return JSON.stringify(value);
  return value;
}

export interface ArchiveHeader {
  format: string;
  version: number;
  createdAt: string;
  source: Dialect;
  migrations: string[];
}

export interface ArchiveSummary {
  header: ArchiveHeader;
  tables: { name: string; columns: Column[]; rows: number }[];
  rows: number;
}

export interface ArchiveVisitor {
  table?(name: string, columns: Column[]): Promise<void>;
  rows?(rows: unknown[][]): Promise<void>;
}

const kinds: Kind[] = ['text', 'integer', 'real', 'boolean', 'json', 'blob'];
/** A blob can make a long line; anything far beyond is not a backup of ours. */
const MAX_LINE = 512 * 1024 * 1024;

function isHeader(v: unknown): v is ArchiveHeader {
  const h = v as ArchiveHeader;
  return typeof h === 'object' && h !== null && h.format === BACKUP_FORMAT && typeof h.version === 'number';
}

/**
 * Reads an archive line by line, checking it as it goes: its header, that every row belongs to a
 * table and has its columns, and that the last line's counts match what came before (a file cut
 * short has no last line). Refuses with a message fit for an operator.
 */
export async function readArchive(file: string, visitor: ArchiveVisitor = {}, batch = 500): Promise<ArchiveSummary> {
  if (!existsSync(file)) throw new BackupRefusal(`Cannot read ${file}: no such file`);
  const gunzip = createGunzip();
  const done = pipeline(createReadStream(file), gunzip);
  done.catch(() => undefined);
  gunzip.setEncoding('utf8');
  let header: ArchiveHeader | null = null;
  const tables: ArchiveSummary['tables'] = [];
  let current: ArchiveSummary['tables'][number] | null = null;
  let pending: unknown[][] = [];
  let ended = false;
  let total = 0;
  let lineNo = 0;
  const corrupt = (why: string) => new BackupRefusal(`${file} is damaged (line ${lineNo}: ${why}); nothing was restored`);
  const flush = async () => {
    if (pending.length && visitor.rows) await visitor.rows(pending);
    pending = [];
  };
  const line = async (text: string) => {
    lineNo++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (lineNo === 1) throw new BackupRefusal(`${file} is not an Équipage backup`);
      throw corrupt('not JSON');
    }
    if (lineNo === 1) {
      if (!isHeader(value)) throw new BackupRefusal(`${file} is not an Équipage backup`);
      if (value.version !== BACKUP_VERSION)
        throw new BackupRefusal(`${file} is a backup in format ${value.version}, which this version of Équipage does not read (it reads ${BACKUP_VERSION})`);
      if (!Array.isArray(value.migrations) || !value.migrations.every((m) => typeof m === 'string')) throw corrupt('no list of migrations');
      header = value;
      return;
    }
    if (ended) throw corrupt('lines after the end');
    if (Array.isArray(value)) {
      if (!current) throw corrupt('a row before any table');
      if (value.length !== current.columns.length) throw corrupt(`${value.length} values for ${current.columns.length} columns of ${current.name}`);
      current.rows++;
      total++;
      pending.push(value);
      if (pending.length >= batch) await flush();
      return;
    }
    const record = value as { table?: unknown; columns?: unknown; end?: { rows?: unknown; counts?: Record<string, unknown> } };
    if (typeof record?.table === 'string') {
      const columns = record.columns;
      if (!Array.isArray(columns) || !columns.every((c) => Array.isArray(c) && typeof c[0] === 'string' && kinds.includes(c[1]))) throw corrupt('bad columns');
      if (tables.some((t) => t.name === record.table)) throw corrupt(`table ${record.table} twice`);
      await flush();
      current = { name: record.table, columns: columns.map(([name, kind]) => ({ name, kind })), rows: 0 };
      tables.push(current);
      if (visitor.table) await visitor.table(current.name, current.columns);
      return;
    }
    if (record?.end && typeof record.end === 'object') {
      await flush();
      const counts = record.end.counts ?? {};
      if (record.end.rows !== total || tables.some((t) => counts[t.name] !== t.rows) || Object.keys(counts).length !== tables.length)
        throw corrupt('the counts at the end do not match the rows');
      ended = true;
      return;
    }
    throw corrupt('an unknown record');
  };
  let rest = '';
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      rest += chunk;
      let at: number;
      while ((at = rest.indexOf('\n')) >= 0) {
        const text = rest.slice(0, at);
        rest = rest.slice(at + 1);
        await line(text);
      }
      if (rest.length > MAX_LINE) throw corrupt('a line too long');
    }
    await done;
  } catch (error) {
    if (error instanceof BackupRefusal) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' && lineNo === 0) throw new BackupRefusal(`${file} is not an Équipage backup (not gzip)`);
    if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR')
      throw new BackupRefusal(`${file} is truncated or damaged (${(error as Error).message}); nothing was restored`);
    if (code === 'EACCES' || code === 'EISDIR') throw new BackupRefusal(`Cannot read ${file}: ${(error as Error).message}`);
    throw error;
  }
  if (rest.length) await line(rest);
  if (!header) throw new BackupRefusal(`${file} is not an Équipage backup (it is empty)`);
  if (!ended) throw new BackupRefusal(`${file} is truncated: it stops before its end (line ${lineNo}); nothing was restored`);
  return { header, tables, rows: total };
}

/** Checks a backup from end to end without touching any database. */
export function inspectBackup(file: string): Promise<ArchiveSummary> {
  return readArchive(file);
}
