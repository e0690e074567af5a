import SQLite from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { openDatabase } from '../../src/platform/db.js';
import { migrate } from '../../src/platform/migrations.js';
import { contributionChunks, peopleChunks, teamRoles, teams } from '../synthetic.js';
const path = process.argv[2] ?? '/tmp/b5m.db';
const P = Number(process.argv[3] ?? 100000),
  C = Number(process.argv[4] ?? 5000000);
for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
const database = openDatabase(`sqlite:${path}`);
await migrate(database);
await database.close();
const db = new SQLite(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = OFF');
db.pragma('cache_size = -262144');
const ins = (table: string, rows: Record<string, unknown>[]) => {
  const cols = Object.keys(rows[0]);
  const st = db.prepare(`insert into ${table} (${cols.join(',')}) values (${cols.map(() => '?').join(',')})`);
  for (const r of rows) st.run(cols.map((c) => r[c]));
};
const t0 = performance.now();
db.exec('drop index contributions_person_date; drop index contributions_review_queue');
db.transaction(() => {
  for (const ch of peopleChunks(P)) ins('people', ch);
  ins('teams', teams(20));
  ins('team_roles', teamRoles(P, 20));
  for (const ch of contributionChunks(C, P, 20)) ins('contributions', ch as never);
})();
console.log('rows', Math.round(performance.now() - t0));
db.exec('create index contributions_person_date on contributions(person_id, occurred_on)');
db.exec('create index contributions_review_queue on contributions(status, team_id, occurred_on)');
console.log('indexed', Math.round(performance.now() - t0));
db.exec('analyze');
db.close();
