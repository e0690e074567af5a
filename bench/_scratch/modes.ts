import { CompiledQuery } from 'kysely';
import { openDatabase } from '../../src/platform/db.js';
import { migrate } from '../../src/platform/migrations.js';
import { contributionChunks, peopleChunks } from '../synthetic.js';
const N = Number(process.argv[3] ?? 200000);
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
const jsonSql = `insert into contributions (${cols.join(',')}) select ${cols.map((_, k) => `value->>${k}`).join(',')} from json_each(?)`;
const jsonbSql = `insert into contributions (${cols.join(',')}) select ${cols.map((_, k) => `j.value->>${k}`).join(',')} from json_each(jsonb(?)) j`;
const valuesSql = (n: number) =>
  `insert into contributions (${cols.join(',')}) values ${Array(n)
    .fill(`(${cols.map(() => '?').join(',')})`)
    .join(',')}`;
for (const mode of process.argv[2].split(',')) {
  const database = openDatabase('sqlite::memory:');
  await migrate(database);
  if (process.env.DROP) for (const ix of process.env.DROP.split(',')) await database.db.schema.dropIndex(ix).execute();
  await database.transaction(async (trx) => {
    for (const rows of peopleChunks(10000, 1000)) await trx.insertInto('people').values(rows).execute();
  });
  let cpuTotal = 0,
    wall = 0;
  await database.transaction(async (trx) => {
    for (const rows of contributionChunks(N, 10000, 20, { chunk: 10000 })) {
      for (const r of rows) r.team_id = null;
      if (mode.endsWith('s')) rows.sort((a, b) => (a.person_id < b.person_id ? -1 : a.person_id > b.person_id ? 1 : a.occurred_on < b.occurred_on ? -1 : 1));
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      const B = mode.startsWith('v100') ? 100 : mode === 'v500' ? 500 : mode === 'v25' ? 25 : 2000;
      if (mode.startsWith('v')) {
        for (let i = 0; i < rows.length; i += B) {
          const part = rows.slice(i, i + B);
          const ps: unknown[] = [];
          for (const r of part) for (const c of cols) ps.push(r[c]);
          await trx.executeQuery(CompiledQuery.raw(valuesSql(part.length), ps));
        }
      } else {
        for (let i = 0; i < rows.length; i += B) {
          const part = rows.slice(i, i + B);
          await trx.executeQuery(CompiledQuery.raw(mode === 'json' ? jsonSql : jsonbSql, [JSON.stringify(part.map((r) => cols.map((c) => r[c])))]));
        }
      }
      const c = process.cpuUsage(c0);
      cpuTotal += (c.user + c.system) / 1000;
      wall += performance.now() - w0;
    }
  });
  const n = (
    await database.db
      .selectFrom('contributions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
  ).n;
  console.log(mode.padEnd(6), 'rows', n, 'cpu', Math.round(cpuTotal), 'ms', Math.round(N / (cpuTotal / 1000)), 'rows/cpu-s; wall', Math.round(wall));
  await database.close();
}
