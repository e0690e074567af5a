import { CompiledQuery, sql } from 'kysely';
import { createSchema, dropSchema, openDatabase } from '../../src/platform/db.js';
import { migrate } from '../../src/platform/migrations.js';
import { contributionChunks, peopleChunks } from '../synthetic.js';
const url = 'postgres://postgres@127.0.0.1:5432/equipage_dev';
const N = Number(process.argv[2] ?? 200000);
const COLUMNS = [
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
const types = COLUMNS.map((c) => (c === 'amount_cents' || c === 'version' ? 'integer' : 'text'));
const unnestSql = `insert into contributions (${COLUMNS.join(', ')}) select * from unnest(${COLUMNS.map((c, i) => `$${i + 1}::${types[i]}[]`).join(', ')})`;
const jsonSql = `insert into contributions (${COLUMNS.join(', ')}) select ${COLUMNS.join(', ')} from json_to_recordset($1::json) as x(${COLUMNS.map((c, i) => `${c} ${types[i]}`).join(', ')})`;
const special = /[\\"]/;
function literal(values: unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'number') out += String(v);
    else {
      const s = String(v);
      out += '"' + (special.test(s) ? s.replace(/[\\"]/g, '\\$&') : s) + '"';
    }
  }
  return out + '}';
}
for (const variant of process.argv[3].split(',')) {
  const schema = 'bx_' + Math.random().toString(16).slice(2, 8);
  await createSchema(url, schema);
  const database = openDatabase(url, { schema });
  await migrate(database);
  await database.transaction(async (trx) => {
    for (const rows of peopleChunks(10000, 1000)) await trx.insertInto('people').values(rows).execute();
  });
  const chunks = [...contributionChunks(N, 10000, 20, { chunk: 10000 })];
  for (const ch of chunks) for (const r of ch) r.team_id = null;
  const t = performance.now();
  const c0 = process.cpuUsage();
  await database.transaction(async (trx) => {
    for (const rows of chunks) {
      if (variant === 'unnest')
        await trx.executeQuery(
          CompiledQuery.raw(
            unnestSql,
            COLUMNS.map((c) => rows.map((r) => r[c])),
          ),
        );
      else if (variant === 'literal')
        await trx.executeQuery(
          CompiledQuery.raw(
            unnestSql,
            COLUMNS.map((c) => literal(rows.map((r) => r[c]))),
          ),
        );
      else if (variant === 'json') await trx.executeQuery(CompiledQuery.raw(jsonSql, [JSON.stringify(rows)]));
    }
  });
  const ms = performance.now() - t;
  const c = process.cpuUsage(c0);
  const n = (await sql<{ n: number }>`select count(*)::int n from contributions`.execute(database.db)).rows[0].n;
  console.log(variant.padEnd(8), n, Math.round(ms), 'ms', Math.round(N / (ms / 1000)), 'rows/s; node cpu', Math.round((c.user + c.system) / 1000));
  await database.close();
  await dropSchema(url, schema);
}
