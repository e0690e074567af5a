import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../src/platform/db.js';
import { freshDatabase } from './harness.js';

/** The drivers' codes read in one place: both databases' refusals are told apart from other errors. */
describe('isUniqueViolation', () => {
  it('recognises a unique refusal, by index where the database names it, and nothing else', async () => {
    const { database, drop } = await freshDatabase();
    try {
      const row = { key_hash: 'k', window_started_at: '2026-12-05T10:00:00.000Z', attempts: 1 };
      const insert = () => database.db.insertInto('attempt_counters').values(row).execute();
      await insert();
      const clash = await insert().then(
        () => null,
        (e: unknown) => e,
      );
      expect(clash).not.toBeNull();
      expect(isUniqueViolation(clash)).toBe(true);
      if (database.dialect === 'postgres') expect(isUniqueViolation(clash, 'some_other_index')).toBe(false);
      // SQLite names the columns instead of the index: given them, only their refusal counts.
      if (database.dialect === 'sqlite') {
        expect(isUniqueViolation(clash, 'some_index', 'attempt_counters.key_hash')).toBe(true);
        expect(isUniqueViolation(clash, 'some_index', 'attempt_counters.other_column')).toBe(false);
      }
      expect(isUniqueViolation(new Error('duplicate key value violates unique constraint'))).toBe(false);
      expect(isUniqueViolation(null)).toBe(false);
    } finally {
      await drop();
    }
  });
});
