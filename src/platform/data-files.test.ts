import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './db.js';
import { migrate } from './migrations.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

/** The SQLite data folder holds the database, its secret and its journals: its owner's alone. */
describe('the data folder and the database files', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a new data folder is 0700 and the database and its WAL files 0600', async () => {
    root = mkdtempSync(join(tmpdir(), 'equipage-data-'));
    const folder = join(root, 'data');
    const database = openDatabase(`sqlite:${join(folder, 'equipage.sqlite')}`);
    try {
      await migrate(database);
      expect(modeOf(folder)).toBe(0o700);
      for (const file of ['equipage.sqlite', 'equipage.sqlite-wal', 'equipage.sqlite-shm']) expect(modeOf(join(folder, file)), file).toBe(0o600);
    } finally {
      await database.close();
    }
  });

  it('a database file left readable by others by an older version is narrowed to 0600', async () => {
    root = mkdtempSync(join(tmpdir(), 'equipage-data-'));
    const folder = join(root, 'data');
    mkdirSync(folder);
    writeFileSync(join(folder, 'equipage.sqlite'), '', { mode: 0o644 });
    const database = openDatabase(`sqlite:${join(folder, 'equipage.sqlite')}`);
    try {
      expect(modeOf(join(folder, 'equipage.sqlite'))).toBe(0o600);
    } finally {
      await database.close();
    }
  });
});
