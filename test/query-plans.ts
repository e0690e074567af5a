import { CompiledQuery, type Kysely, type KyselyPlugin, type RootOperationNode, type QueryId } from 'kysely';
import type { Database } from '../src/platform/db.js';
import type { DB } from '../src/platform/schema.js';

/**
 * The statements a piece of code sends through Kysely, compiled exactly as the driver receives them
 * (text and parameters): `fn` is handed a Kysely instance that records them while running them.
 */
export async function compiledQueries(db: Kysely<DB>, fn: (db: Kysely<DB>) => Promise<unknown>): Promise<CompiledQuery[]> {
  // A subquery passes through the plugin too, when it is built into its statement: only the
  // statements that come back with a result were sent.
  const built = new Map<QueryId, RootOperationNode>();
  const sent: CompiledQuery[] = [];
  const recorder: KyselyPlugin = {
    transformQuery(args) {
      built.set(args.queryId, args.node);
      return args.node;
    },
    async transformResult(args) {
      const node = built.get(args.queryId);
      if (node) sent.push(db.getExecutor().compileQuery(node, args.queryId));
      return args.result;
    },
  };
  await fn(db.withPlugin(recorder));
  return sent;
}

/**
 * The database's plan for a statement, as text: SQLite's `explain query plan`; PostgreSQL's
 * `explain` with sequential scans and sorts discouraged (or the plans named in `discouraged`), since
 * on a test's few rows a scan and a sort are cheaper, and the question is whether an index can serve
 * the statement at all.
 */
export async function queryPlan(
  database: Database,
  statement: CompiledQuery,
  discouraged: readonly ('seqscan' | 'sort' | 'indexscan')[] = ['seqscan', 'sort'],
): Promise<string> {
  return database.db.transaction().execute(async (trx) => {
    if (database.dialect === 'postgres') {
      for (const plan of discouraged) await trx.executeQuery(CompiledQuery.raw(`set local enable_${plan} = off`));
      const { rows } = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${statement.sql}`, [...statement.parameters]));
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    }
    const { rows } = await trx.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${statement.sql}`, [...statement.parameters]));
    return rows.map((r) => r.detail).join('\n');
  });
}
