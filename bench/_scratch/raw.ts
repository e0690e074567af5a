import SQLite from 'better-sqlite3';
import { rmSync } from 'node:fs';
const [variant, nArg] = [process.argv[2], process.argv[3]];
const N = Number(nArg ?? 200000);
const path = process.env.P ?? `/tmp/braw.db`;
if (path !== ':memory:') for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
const db = new SQLite(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
if (variant.includes('cache')) db.pragma('cache_size = -262144');
db.exec(
  `create table contributions (id text primary key, person_id text not null, team_id text, kind text not null, occurred_on text not null, summary text not null, evidence_url text, amount_cents integer, source text not null, external_id text, status text not null, recorded_by text, reviewed_by text, reviewed_at text, rejection_reason text, created_at text not null, updated_at text not null, version integer not null default 1, unique(source, external_id))`,
);
if (!variant.includes('noidx')) {
  db.exec(`create index a on contributions(person_id, occurred_on); create index b on contributions(status, team_id, occurred_on)`);
}
const now = new Date().toISOString();
const cols = 18;
const R = 50;
const one = `(${Array(cols).fill('?').join(',')})`;
const stmt = db.prepare(`insert into contributions values ${Array(R).fill(one).join(',')}`);
const t0 = performance.now();
let seq = 0;
db.transaction(() => {
  for (let i = 0; i < N; i += R) {
    const params: unknown[] = [];
    for (let j = 0; j < R; j++) {
      seq++;
      params.push(
        `0190${seq.toString(16).padStart(12, '0')}-0000-7000-8000-000000000000`,
        'p' + String((seq * 7919) % 100000).padStart(6, '0'),
        null,
        'moderation',
        '2026-0' + (1 + (seq % 9)) + '-1' + (seq % 10),
        'Modération du forum, semaine ' + seq,
        null,
        null,
        'import',
        'x' + seq,
        'confirmed',
        null,
        null,
        now,
        null,
        now,
        now,
        1,
      );
    }
    stmt.run(params);
  }
})();
const ms = performance.now() - t0;
console.log(variant, N, Math.round(ms), 'ms', Math.round(N / (ms / 1000)), 'rows/s');
