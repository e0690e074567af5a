import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/peers/webhook-receiver.js';
import { createOutboxRepository } from './repository.js';
import { bundled } from '../../../test/cli-process.js';

const SECRET = 'webhook-secret-for-tests-1234';
const EVENTS = 1_000;

/** Runs one instance (test/instances/outbox-instance.ts) in its own Node process; resolves with what it printed. */
function runInstance(env: Record<string, string>): Promise<{ instance: string; delivered: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundled('test/instances/outbox-instance.ts')], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`instance exited ${code}: ${err.slice(-2000)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!));
      } catch {
        reject(new Error(`instance printed no result: ${out}${err}`));
      }
    });
  });
}

describe.skipIf(dialectUnderTest !== 'postgres')('two server instances on PostgreSQL share the outbox (FOR UPDATE SKIP LOCKED)', () => {
  let a: TestAssociation;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ secret: SECRET });
    a = await buildAssociation({ config: { WEBHOOK_SECRET: SECRET } });
  });
  afterAll(async () => {
    await a?.close();
    await receiver?.close();
  });

  it(`deliver ${EVENTS} webhook events, each exactly once, the work split between them`, async () => {
    const created = await a.app.inject({
      method: 'POST',
      url: '/api/v1/rooms',
      headers: a.admin.headers,
      payload: { provider: 'webhook', address: receiver.url, audience: 'members' },
    });
    const room = created.json();
    const now = new Date().toISOString();
    await a.database.transaction(async (trx) => {
      const outbox = createOutboxRepository(trx);
      // The room's own first reconciliation is delivered too; the events are what is counted.
      for (let i = 0; i < EVENTS; i++) {
        await outbox.enqueue({
          topic: 'webhook.notify',
          subjectType: 'room',
          subjectId: room.id,
          payload: { roomId: room.id, type: 'membership.started', data: { n: i }, occurredAt: now },
          now,
        });
      }
    });
    const schema = (await a.database.db.selectNoFrom((eb) => eb.fn<string>('current_schema', []).as('s')).executeTakeFirstOrThrow()).s;
    const env = { DATABASE_URL: process.env.DATABASE_URL!, TEST_SCHEMA: schema, WEBHOOK_SECRET: SECRET };
    const results = await Promise.all([runInstance(env), runInstance(env)]);

    const accepted = receiver.deliveries.filter((d) => d.status < 300);
    const numbers = accepted.map((d) => d.body?.data?.n as number).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: EVENTS }, (_, i) => i));
    expect(receiver.deliveries).toHaveLength(EVENTS);
    expect(new Set(receiver.acceptedKeys()).size).toBe(EVENTS);
    expect(results[0].delivered + results[1].delivered).toBe(EVENTS + 1);
    expect(results[0].instance).not.toBe(results[1].instance);
    // Both took a share: the lock skipped, it did not serialise them onto one instance.
    expect(Math.min(results[0].delivered, results[1].delivered)).toBeGreaterThan(0);
    expect(await createOutboxRepository(a.database.db).counts()).toEqual({ pending: 0, dead: 0 });
  }, 120_000);
});
