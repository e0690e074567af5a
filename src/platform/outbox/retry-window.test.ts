import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';
import { acceptMembers, seatBureau, type Someone } from '../../../test/members.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/peers/webhook-receiver.js';
import { HOUR_MS } from './rules.js';

const SECRET = 'webhook-secret-for-tests-1234';

/**
 * The retry window as an operator sets it (OUTBOX_GIVE_UP_AFTER_HOURS) and an administrator sees
 * it: a webhook receiver that stays down past the window, its events in the dead letters on
 * Envois, and a retry by hand once it is back. Two hours here, so the test walks fewer rounds.
 */
describe(`outbox retry window with a real webhook receiver (${dialectUnderTest})`, () => {
  let receiver: WebhookReceiver;
  let a: TestAssociation;
  let bureau: Someone[];

  beforeEach(async () => {
    receiver = await startWebhookReceiver({ secret: SECRET });
    a = await buildAssociation({ config: { WEBHOOK_SECRET: SECRET, OUTBOX_GIVE_UP_AFTER_HOURS: '2' } });
    bureau = await seatBureau(a);
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/rooms',
      headers: a.admin.headers,
      payload: { provider: 'webhook', address: receiver.url, audience: 'members' },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterEach(async () => {
    await a?.close();
    await receiver?.close();
  });

  const get = (url: string) => a.app.inject({ method: 'GET', url, headers: a.admin.headers });
  const advance = (ms: number) => a.clock.set(new Date(Date.parse(a.clock.now()) + ms).toISOString());

  it('a receiver down past the configured window: its events become dead letters shown on Envois, and a retry by hand delivers them once', async () => {
    receiver.down();
    await acceptMembers(a, bureau, [{ displayName: 'Camille' }]);
    const start = a.clock.now();
    // What a running server does over the next hours: deliver what is due, every few minutes.
    let hours = 0;
    while ((await get('/api/v1/outbox?state=dead')).json().items.length < 2) {
      await a.dispatcher().drain();
      advance(5 * 60_000);
      hours = (Date.parse(a.clock.now()) - Date.parse(start)) / HOUR_MS;
      if (hours > 1.9 && hours < 2) expect((await get('/api/v1/outbox?state=dead')).json().items).toEqual([]);
      expect(hours).toBeLessThan(3);
    }
    expect(hours).toBeGreaterThanOrEqual(2);
    const dead = (await get('/api/v1/outbox?state=dead')).json().items;
    expect(dead.map((e: { topic: string }) => e.topic).sort()).toEqual(['room.sync', 'webhook.notify']);
    expect(dead[0].lastError).toMatch(/503/);
    for (const e of dead) expect(Date.parse(e.deadAt) - Date.parse(e.firstAttemptAt)).toBeGreaterThanOrEqual(2 * HOUR_MS);
    expect(receiver.deliveries.filter((d) => d.status < 300)).toEqual([]);

    const page = await get('/admin/outbox');
    expect(page.body).toContain('Après 2 heures d’essais sans succès');
    for (const e of dead) expect(page.body).toContain(`/admin/outbox/${e.id}/retry`);

    receiver.up();
    for (const e of dead) {
      const retried = await a.app.inject({ method: 'POST', url: `/api/v1/outbox/${e.id}/retry`, headers: a.admin.headers, payload: {} });
      expect(retried.json()).toEqual({ id: e.id, state: 'pending' });
    }
    for (let i = 0; i < 3; i++) {
      await a.dispatcher().drain();
      advance(5 * 60_000);
    }
    expect((await get('/api/v1/outbox?state=dead')).json().items).toEqual([]);
    const accepted = receiver.deliveries.filter((d) => d.status < 300);
    expect(accepted.map((d) => d.body?.type).sort()).toEqual(['membership.started', 'room.invite']);
  });
});
