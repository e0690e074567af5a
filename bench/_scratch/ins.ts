import { openDatabase, sql } from '../../src/platform/db.js';
import { migrate } from '../../src/platform/migrations.js';
import { createContributionsRepository, type ContributionRow } from '../../src/modules/contributions/repository.js';
import { rmSync } from 'node:fs';

const mode = process.argv[2];
const N = Number(process.argv[3] ?? 200000);
const path = `/tmp/bx-${mode}.db`;
for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
const database = openDatabase(`sqlite:${path}`);
await migrate(database);
const now = new Date().toISOString();
const people: string[] = [];
for (let i = 0; i < 1000; i++) people.push(`p${String(i).padStart(6, '0')}`);
await database.db
  .insertInto('people')
  .values(
    people.map((id) => ({
      id,
      display_name: id,
      email: `${id}@x`,
      email_normalized: `${id}@x`,
      pseudonym: null,
      pronouns: null,
      locale: 'fr',
      matrix_id: null,
      xmpp_jid: null,
      public_consent: 0,
      search_key: id,
      sort_key: id,
      created_at: now,
      updated_at: now,
      version: 1,
    })),
  )
  .execute();
let seq = 0;
function row(): ContributionRow {
  seq++;
  const id = `0190${seq.toString(16).padStart(12, '0')}-0000-7000-8000-000000000000`;
  return {
    id,
    person_id: people[seq % 1000],
    team_id: null,
    kind: 'moderation',
    occurred_on: '2026-0' + (1 + (seq % 9)) + '-1' + (seq % 10),
    summary: 'Modération du forum, semaine ' + seq,
    evidence_url: null,
    amount_cents: null,
    source: 'import',
    external_id: 'x' + seq,
    status: 'confirmed',
    recorded_by: null,
    reviewed_by: null,
    reviewed_at: now,
    rejection_reason: null,
    created_at: now,
    updated_at: now,
    version: 1,
  };
}
const t0 = performance.now();
const CH = 10000;
await database.transaction(async (trx) => {
  const repo = createContributionsRepository(trx);
  for (let i = 0; i < N; i += CH) {
    const rows: ContributionRow[] = [];
    for (let j = 0; j < CH; j++) rows.push(row());
    if (mode === 'kysely') await repo.insertMany(rows);
    else if (mode === 'json') {
      const cols = [
        'id',
        'person_id',
        'team_id',
        'kind',
        'occurred_on',
        'summary',
        'evidence_url',
        'amount_cents',
        'source',
        'external_id',
        'status',
        'recorded_by',
        'reviewed_by',
        'reviewed_at',
        'rejection_reason',
        'created_at',
        'updated_at',
        'version',
      ] as const;
      const data = JSON.stringify(rows.map((r) => cols.map((c) => r[c])));
      await sql`insert into contributions (${sql.raw(cols.join(','))}) select ${sql.raw(cols.map((_, k) => `value->>${k}`).join(','))} from json_each(${data})`.execute(
        trx,
      );
    }
  }
});
const ms = performance.now() - t0;
console.log(mode, N, Math.round(ms), 'ms', Math.round(N / (ms / 1000)), 'rows/s');
await database.close();
