import SQLite from 'better-sqlite3';
const N = 200000;
const db = new SQLite(':memory:');
db.exec(
  `create table contributions (id text primary key, person_id text not null, team_id text, kind text not null, occurred_on text not null, summary text not null, evidence_url text, amount_cents integer, source text not null, external_id text, status text not null, recorded_by text, reviewed_by text, reviewed_at text, rejection_reason text, created_at text not null, updated_at text not null, version integer not null default 1)`,
);
const now = new Date().toISOString();
for (const R of [1, 10, 50, 200]) {
  db.exec('delete from contributions');
  const one = `(${Array(18).fill('?').join(',')})`;
  const stmt = db.prepare(`insert into contributions values ${Array(R).fill(one).join(',')}`);
  const all: unknown[][] = [];
  let seq = 0;
  let t0 = performance.now();
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
    all.push(params);
  }
  const gen = performance.now() - t0;
  t0 = performance.now();
  db.transaction(() => {
    for (const p of all) stmt.run(p);
  })();
  const ins = performance.now() - t0;
  console.log('R', R, 'gen', Math.round(gen), 'insert', Math.round(ins), 'rows/s', Math.round(N / (ins / 1000)));
}
