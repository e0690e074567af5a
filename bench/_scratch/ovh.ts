import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
const N = 200000;
const now = new Date().toISOString();
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
];
function rows(from: number, n: number) {
  const out: Record<string, unknown>[] = [];
  for (let seq = from; seq < from + n; seq++)
    out.push({
      id: `0190${seq.toString(16).padStart(12, '0')}-0000-7000-8000-000000000000`,
      person_id: 'p' + String((seq * 7919) % 100000).padStart(6, '0'),
      team_id: null,
      kind: 'moderation',
      occurred_on: '2026-0' + (1 + (seq % 9)) + '-1' + (seq % 10),
      summary: 'Modération du forum, semaine ' + seq,
      evidence_url: null,
      amount_cents: null,
      source: 'import',
      external_id: 'imp-' + String(seq).padStart(9, '0'),
      status: 'confirmed',
      recorded_by: null,
      reviewed_by: null,
      reviewed_at: now,
      rejection_reason: null,
      created_at: now,
      updated_at: now,
      version: 1,
    });
  return out;
}
for (let round = 0; round < 2; round++)
  for (const mode of ['kysely1000', 'kysely100', 'json', 'raw50', 'rawsql50']) {
    const raw = new SQLite(':memory:');
    raw.exec(
      `create table contributions (id text primary key, person_id text not null, team_id text, kind text not null, occurred_on text not null, summary text not null, evidence_url text, amount_cents integer, source text not null, external_id text, status text not null, recorded_by text, reviewed_by text, reviewed_at text, rejection_reason text, created_at text not null, updated_at text not null, version integer not null default 1)`,
    );
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
    const one = `(${Array(18).fill('?').join(',')})`;
    const stmt = raw.prepare(`insert into contributions values ${Array(50).fill(one).join(',')}`);
    const stmtText = `insert into contributions (${cols.join(',')}) values ${Array(50).fill(one).join(',')}`;
    let t0 = 0,
      total = 0;
    await db.transaction().execute(async (trx) => {
      for (let c = 0; c < N; c += 10000) {
        const rs = rows(c, 10000);
        t0 = performance.now();
        if (mode.startsWith('kysely')) {
          const k = Number(mode.slice(6));
          for (let i = 0; i < rs.length; i += k)
            await trx
              .insertInto('contributions')
              .values(rs.slice(i, i + k))
              .execute();
        } else if (mode === 'json')
          await sql`insert into contributions (${sql.raw(cols.join(','))}) select ${sql.raw(cols.map((_, k) => `value->>${k}`).join(','))} from json_each(${JSON.stringify(rs.map((r) => cols.map((c) => r[c])))})`.execute(
            trx,
          );
        else if (mode === 'raw50') for (let i = 0; i < rs.length; i += 50) stmt.run(rs.slice(i, i + 50).flatMap((r) => cols.map((c) => r[c])));
        else if (mode === 'rawsql50')
          for (let i = 0; i < rs.length; i += 50)
            await trx.executeQuery({
              sql: stmtText,
              parameters: rs.slice(i, i + 50).flatMap((r) => cols.map((c) => r[c])),
              query: { kind: 'RawNode' } as never,
              queryId: { queryId: 'x' } as never,
            });
        total += performance.now() - t0;
      }
    });
    console.log(mode.padEnd(12), Math.round(total), 'ms', Math.round(N / (total / 1000)), 'rows/s');
    await db.destroy();
  }
