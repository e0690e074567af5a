import SQLite from 'better-sqlite3';
import { rmSync } from 'node:fs';
const N = Number(process.argv[2] ?? 200000);
const path = process.argv[3] ?? ':memory:';
const now = new Date().toISOString();
const R = 50,
  CH = 5000;
const one = `(${Array(18).fill('?').join(',')})`;
for (const sorted of [false, true]) {
  if (path !== ':memory:') for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  if (process.env.CACHE) db.pragma('cache_size = ' + process.env.CACHE);
  db.exec(
    `create table contributions (id text primary key, person_id text not null, team_id text, kind text not null, occurred_on text not null, summary text not null, evidence_url text, amount_cents integer, source text not null, external_id text, status text not null, recorded_by text, reviewed_by text, reviewed_at text, rejection_reason text, created_at text not null, updated_at text not null, version integer not null default 1)`,
  );
  db.exec('create unique index u on contributions(source, external_id)');
  db.exec('create index a2 on contributions(person_id, occurred_on, status, kind)');
  db.exec("create index b2 on contributions(team_id, occurred_on) where status = 'declared'");
  const stmt = db.prepare(`insert into contributions values ${Array(R).fill(one).join(',')}`);
  let seq = 0;
  const t0 = performance.now();
  db.transaction(() => {
    for (let c = 0; c < N; c += CH) {
      const rows: unknown[][] = [];
      for (let j = 0; j < CH; j++) {
        seq++;
        rows.push([
          `0190${seq.toString(16).padStart(12, '0')}-0000-7000-8000-000000000000`,
          'p' + String((seq * 7919) % 100000).padStart(6, '0'),
          null,
          'moderation',
          '2026-0' + (1 + (seq % 9)) + '-1' + (seq % 10),
          'Modération du forum, semaine ' + seq,
          null,
          null,
          'import',
          'imp-' + String(seq).padStart(9, '0'),
          'confirmed',
          null,
          null,
          now,
          null,
          now,
          now,
          1,
        ]);
      }
      if (sorted) rows.sort((x, y) => ((x[1] as string) < (y[1] as string) ? -1 : x[1] === y[1] ? 0 : 1));
      for (let i = 0; i < CH; i += R) stmt.run(rows.slice(i, i + R).flat());
    }
  })();
  const ins = performance.now() - t0;
  console.log(sorted ? 'sorted' : 'unsorted', Math.round(ins), 'ms', Math.round(N / (ins / 1000)), 'rows/s');
  db.close();
}
