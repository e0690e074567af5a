import { sql } from 'kysely';
import { createSchema, dropSchema, openDatabase } from '../../src/platform/db.js';
import { migrate } from '../../src/platform/migrations.js';
import { createContributionsRepository } from '../../src/modules/contributions/repository.js';
import { contributionChunks, peopleChunks } from '../synthetic.js';
const url = 'postgres://postgres@127.0.0.1:5432/equipage_dev';
const N = Number(process.argv[2] ?? 200000);
for (const variant of process.argv[3].split(',')) {
  const schema = 'bx_' + Math.random().toString(16).slice(2, 8);
  await createSchema(url, schema);
  const database = openDatabase(url, { schema });
  await migrate(database);
  if (variant === 'noidx') {
    await sql`drop index contributions_person_activity`.execute(database.db);
    await sql`drop index contributions_awaiting_review`.execute(database.db);
  }
  if (variant === 'nofk') {
    await sql`alter table contributions drop constraint contributions_person_id_fkey`.execute(database.db);
    await sql`alter table contributions drop constraint contributions_team_id_fkey`.execute(database.db);
  }
  await database.transaction(async (trx) => {
    for (const rows of peopleChunks(10000, 1000)) await trx.insertInto('people').values(rows).execute();
  });
  const t = performance.now();
  const c0 = process.cpuUsage();
  let gen = 0;
  await database.transaction(async (trx) => {
    const repo = createContributionsRepository(trx);
    const it = contributionChunks(N, 10000, 20, { chunk: 10000 });
    for (;;) {
      const g = performance.now();
      const x = it.next();
      gen += performance.now() - g;
      if (x.done) break;
      const rows = x.value;
      for (const r of rows) r.team_id = null;
      await repo.insertMany(rows);
    }
  });
  const ms = performance.now() - t;
  const c = process.cpuUsage(c0);
  console.log('node cpu', Math.round((c.user + c.system) / 1000), 'gen', Math.round(gen));
  console.log(variant.padEnd(8), Math.round(ms), 'ms', Math.round(N / (ms / 1000)), 'rows/s');
  await database.close();
  await dropSchema(url, schema);
}
