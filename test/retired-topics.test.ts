import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/platform/db.js';
import { migrate } from '../src/platform/migrations.js';
import { up as retireWelcomeTopic } from '../migrations/2026-12-11-retired-welcome-topic.js';

describe('a retired outbox topic', () => {
  it('sets its waiting events aside in the dead letters, with a note, and leaves the others alone', async () => {
    const database = openDatabase('sqlite::memory:');
    await migrate(database);
    const row = (id: string, topic: string, deliveredAt: string | null) => ({
      id,
      topic,
      subject_type: null,
      subject_id: null,
      payload: '{}',
      created_at: '2026-12-01T10:00:00.000Z',
      available_at: '2026-12-01T10:00:00.000Z',
      attempts: 0,
      delivered_at: deliveredAt,
      last_error: null,
      dead_at: null,
      claimed_by: null,
      first_attempt_at: null,
    });
    await database.db
      .insertInto('outbox')
      .values([row('w1', 'mail.welcome', null), row('w2', 'mail.welcome', '2026-12-01T11:00:00.000Z'), row('m1', 'mail.send', null)])
      .execute();
    await retireWelcomeTopic(database.db, database.dialect);
    const rows = await database.db.selectFrom('outbox').select(['id', 'dead_at', 'last_error']).orderBy('id').execute();
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId.w1.dead_at).not.toBeNull();
    expect(byId.w1.last_error).toContain('retired topic');
    expect(byId.w2.dead_at).toBeNull();
    expect(byId.m1.dead_at).toBeNull();
    await database.close();
  });
});
