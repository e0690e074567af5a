/**
 * The application as `equipage serve` starts it (open the database, migrate, build the app, listen),
 * on the bench's database, in a process of its own. Left out on purpose: the request log (writing
 * a line per request would be measured too) and the scheduler and outbox dispatcher (their hourly
 * work would land in the middle of a measurement). Listens on 127.0.0.1, on a free port, and prints
 * `{"port":N}` on stdout once it does; SIGTERM closes it.
 *
 * Environment: BENCH_DATABASE_URL (sqlite:PATH or postgres://…), BENCH_SCHEMA (PostgreSQL, optional).
 */
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { buildApp } from '../src/app.js';
import { parseConfig, type Config } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db.js';
import { migrate } from '../src/platform/migrations.js';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is required');
const schema = process.env.BENCH_SCHEMA || undefined;

const config: Config = {
  ...parseConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0' }),
  // Signs CSRF tokens only: sessions and API tokens are stored as digests, whatever the secret.
  EQUIPAGE_SECRET: 'bench-server-secret-bench-server-secret',
  dataDir: tmpdir(),
};
const database = openDatabase(url, { schema });
await migrate(database);
const { app } = await buildApp({ database, config, logger: false });
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: (app.server.address() as AddressInfo).port })}\n`);
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
