/**
 * One server instance's dispatcher, as `equipage serve` runs it, in its own process: the test of
 * several instances on PostgreSQL starts two of these on one schema. It delivers until the
 * outbox has had nothing due for a while, then prints how many events it delivered.
 */
import { openDatabase } from '../../src/platform/db.js';
import { parseConfig } from '../../src/platform/config.js';
import { systemClock } from '../../src/platform/time.js';
import { buildDispatcher, buildServices } from '../../src/container.js';

const url = process.env.DATABASE_URL!;
const schema = process.env.TEST_SCHEMA!;
const config = { ...parseConfig({ ...process.env, LOG_LEVEL: 'silent' }), EQUIPAGE_SECRET: 'x'.repeat(40), dataDir: '/tmp' };
const database = openDatabase(url, { schema });
const ctx = { database, clock: systemClock, config };
const dispatcher = buildDispatcher(ctx, buildServices(ctx), { onError: (topic, error) => console.error(topic, (error as Error).message) });

let delivered = 0;
let idleSince = Date.now();
// Bounded: stops after 60 s whatever happens, so a broken test never leaves a process behind.
const deadline = Date.now() + 60_000;
while (Date.now() < deadline && Date.now() - idleSince < 1_500) {
  const r = await dispatcher.runOnce();
  delivered += r.delivered;
  if (r.claimed > 0) idleSince = Date.now();
  else await new Promise((resolve) => setTimeout(resolve, 50));
}
console.log(JSON.stringify({ instance: dispatcher.instance, delivered }));
await database.close();
