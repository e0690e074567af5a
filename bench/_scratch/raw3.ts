import SQLite from 'better-sqlite3';
const N = Number(process.argv[2] ?? 200000);
const now = new Date().toISOString();
const R = 50;
const one = `(${Array(18).fill('?').join(',')})`;
const all: unknown[][] = [];
let seq = 0;
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
      'imp-' + String(seq).padStart(9, '0'),
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
for (const v of ['none', 'unique', 'person', 'personcover', 'queue', 'partialqueue', 'new', 'old']) {
  const db = new SQLite(':memory:');
  db.exec(
    `create table contributions (id text primary key, person_id text not null, team_id text, kind text not null, occurred_on text not null, summary text not null, evidence_url text, amount_cents integer, source text not null, external_id text, status text not null, recorded_by text, reviewed_by text, reviewed_at text, rejection_reason text, created_at text not null, updated_at text not null, version integer not null default 1)`,
  );
  const idx: Record<string, string> = {
    unique: 'create unique index u on contributions(source, external_id)',
    person: 'create index a on contributions(person_id, occurred_on)',
    personcover: 'create index a2 on contributions(person_id, occurred_on, status, kind)',
    queue: 'create index b on contributions(status, team_id, occurred_on)',
    partialqueue: "create index b2 on contributions(team_id, occurred_on) where status = 'declared'",
  };
  const sets: Record<string, string[]> = { new: ['unique', 'personcover', 'partialqueue'], old: ['unique', 'person', 'queue'] };
  for (const k of sets[v] ?? (v === 'none' ? [] : [v])) db.exec(idx[k]);
  const stmt = db.prepare(`insert into contributions values ${Array(R).fill(one).join(',')}`);
  const t0 = performance.now();
  db.transaction(() => {
    for (const p of all) stmt.run(p);
  })();
  const ins = performance.now() - t0;
  console.log(v.padEnd(14), Math.round(ins), 'ms', Math.round(N / (ins / 1000)), 'rows/s');
  db.close();
}
