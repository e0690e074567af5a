import { sql } from 'kysely';
import { rmSync } from 'node:fs';
import { openDatabase } from '../../src/platform/db.js';
import { migrate } from '../../src/platform/migrations.js';
import { createContributionsRepository } from '../../src/modules/contributions/repository.js';
import { contributionChunks, peopleChunks } from '../synthetic.js';
const mode = process.argv[2];
const N = Number(process.argv[3] ?? 200000);
const path = '/tmp/im.db';
for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
const database = openDatabase(mode.includes('mem') ? 'sqlite::memory:' : `sqlite:${path}`);
await migrate(database);
if (process.env.CACHE) await sql.raw(`pragma cache_size = ${process.env.CACHE}`).execute(database.db);
await database.transaction(async (trx) => {
  for (const rows of peopleChunks(10000, 1000)) await trx.insertInto('people').values(rows).execute();
});
const chunks = [...contributionChunks(N, 10000, 20, { chunk: 50000 })].map((c) => c.map((r) => ({ ...r, team_id: null })));
let t = performance.now();
const cpu0 = process.cpuUsage();
await database.transaction(async (trx) => {
  const repo = createContributionsRepository(trx);
  for (const rows of chunks) await repo.insertMany(rows);
});
const cpu = process.cpuUsage(cpu0);
console.log('cpu', Math.round((cpu.user + cpu.system) / 1000), 'ms', Math.round(N / ((cpu.user + cpu.system) / 1e6)), 'rows/cpu-s');
console.log(mode, N, Math.round(performance.now() - t), 'ms', Math.round(N / ((performance.now() - t) / 1000)), 'rows/s');
await database.close();
