import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/peers/webhook-receiver.js';
import { DeliveryError, type DeliveryContext } from './rooms.js';
import { createWebhookProvider, postWebhookEvent, signWebhookBody, verifyWebhookSignature } from './webhook.js';

const SECRET = 'webhook-secret-0123456789';
const ctx = (eventId = 'evt-01', reason = 'membership_started'): DeliveryContext => ({ eventId, roomId: 'room-1', personId: 'person-1', reason });

/** The DeliveryError a promise rejects with (fails the test when it resolves or throws anything else). */
async function deliveryErrorOf(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('webhook signatures', () => {
  const body = '{"id":"evt-01","type":"room.invite"}';

  it('verify with the secret that signed', () => {
    const signature = signWebhookBody(SECRET, body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, body, signature)).toBe(true);
    expect(verifyWebhookSignature(SECRET, Buffer.from(body), signature)).toBe(true);
  });

  it('fail with another secret, a changed body, or a malformed header', () => {
    const signature = signWebhookBody(SECRET, body);
    expect(verifyWebhookSignature('another-secret-0123456789', body, signature)).toBe(false);
    expect(verifyWebhookSignature(SECRET, body.replace('invite', 'remove'), signature)).toBe(false);
    expect(verifyWebhookSignature(SECRET, `${body} `, signature)).toBe(false);
    expect(verifyWebhookSignature(SECRET, body, signature.slice('sha256='.length))).toBe(false);
    expect(verifyWebhookSignature(SECRET, body, signature.slice(0, -2))).toBe(false);
    expect(verifyWebhookSignature(SECRET, body, `sha1=${signature.slice('sha256='.length)}`)).toBe(false);
    expect(verifyWebhookSignature(SECRET, body, '')).toBe(false);
    expect(verifyWebhookSignature(SECRET, body, undefined)).toBe(false);
  });
});

describe('webhook addresses and handles', () => {
  const provider = createWebhookProvider({ secret: SECRET });

  it('is configured with a secret', () => {
    expect(provider.configured).toBe(true);
    expect(createWebhookProvider({}).configured).toBe(false);
  });

  it('reaches everyone by their person id and cannot list members', async () => {
    expect(provider.handleOf({ id: 'person-1', displayName: 'Alice', matrixId: null, xmppJid: null })).toBe('person-1');
    expect(await provider.members('https://chat.example.org/hooks/equipage')).toBeNull();
    expect(await provider.check('https://chat.example.org/hooks/equipage')).toEqual([]);
  });

  it.each([
    ['https://chat.example.org/hooks/equipage', 'https://chat.example.org/hooks/equipage'],
    ['  HTTPS://Chat.Example.org:443/hooks?room=1#top ', 'https://chat.example.org/hooks?room=1'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/'],
    ['ftp://chat.example.org/hooks', null],
    ['https://user:password@chat.example.org/hooks', null],
    ['chat.example.org/hooks', null],
    ['javascript:alert(1)', null],
    ['', null],
  ])('parseAddress(%j) is %j', (address, parsed) => {
    expect(provider.parseAddress(address)).toBe(parsed);
  });
});

describe('webhook provider against a receiver that checks signatures', () => {
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    receiver = await startWebhookReceiver({ secret: SECRET });
  });
  afterEach(async () => {
    await receiver.close();
  });
  const provider = (secret = SECRET) => createWebhookProvider({ secret, timeoutMs: 5_000 });

  it('POSTs a signed room.invite event whose id is the outbox event id', async () => {
    await provider().invite(receiver.url, 'person-1', ctx('evt-01', 'membership_started'));
    expect(receiver.deliveries).toHaveLength(1);
    const [delivery] = receiver.deliveries;
    expect(delivery).toMatchObject({ signatureValid: true, status: 204 });
    expect(delivery.headers).toMatchObject({
      'content-type': 'application/json',
      'idempotency-key': 'evt-01',
      'x-equipage-event': 'room.invite',
      'x-equipage-signature': signWebhookBody(SECRET, delivery.rawBody),
    });
    expect(delivery.body).toEqual({
      id: 'evt-01',
      type: 'room.invite',
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      data: { roomId: 'room-1', personId: 'person-1', handle: 'person-1', reason: 'membership_started' },
    });
  });

  it('POSTs room.remove for a removal', async () => {
    await provider().remove(receiver.url, 'person-1', ctx('evt-02', 'membership_lapsed'));
    expect(receiver.deliveries[0].body).toMatchObject({ id: 'evt-02', type: 'room.remove', data: { reason: 'membership_lapsed' } });
    expect(receiver.acceptedKeys()).toEqual(['evt-02']);
  });

  it('posts membership events through postWebhookEvent', async () => {
    const event = { id: 'evt-03', type: 'membership.started' as const, occurredAt: '2026-12-03T10:00:00.000Z', data: { personId: 'person-1' } };
    await postWebhookEvent(receiver.url, event, { secret: SECRET });
    const [delivery] = receiver.deliveries;
    expect(delivery.signatureValid).toBe(true);
    expect(delivery.headers['x-equipage-event']).toBe('membership.started');
    expect(delivery.body).toEqual(event);
  });

  it('reports a receiver down (503) as transient, passing Retry-After on', async () => {
    receiver.down();
    const failure = await deliveryErrorOf(provider().invite(receiver.url, 'person-1', ctx()));
    expect(failure.options).toEqual({});
    expect(failure.message).toContain('503');
    receiver.down(30);
    expect((await deliveryErrorOf(provider().invite(receiver.url, 'person-1', ctx()))).options).toEqual({ retryAfterMs: 30_000 });
    receiver.respondWith(429, { 'Retry-After': '5' });
    expect((await deliveryErrorOf(provider().invite(receiver.url, 'person-1', ctx()))).options).toEqual({ retryAfterMs: 5_000 });
    expect(receiver.acceptedKeys()).toEqual([]);
  });

  it.each([400, 404, 410])('reports a %i as permanent', async (status) => {
    receiver.respondWith(status);
    const failure = await deliveryErrorOf(provider().invite(receiver.url, 'person-1', ctx()));
    expect(failure.options.permanent).toBe(true);
    expect(failure.message).toContain(String(status));
  });

  it('reports a refused signature (the receiver has another secret) as permanent', async () => {
    const failure = await deliveryErrorOf(provider('another-secret-0123456789').invite(receiver.url, 'person-1', ctx()));
    expect(failure.options.permanent).toBe(true);
    expect(receiver.deliveries.map((d) => [d.signatureValid, d.status])).toEqual([[false, 401]]);
  });

  it('does not follow a redirect with the event', async () => {
    receiver.respondWith(307, { Location: `${receiver.url}/elsewhere` });
    const failure = await deliveryErrorOf(provider().invite(receiver.url, 'person-1', ctx()));
    expect(failure.options.permanent).toBe(true);
    expect(receiver.deliveries).toHaveLength(1);
  });

  it('retries the same event with the same Idempotency-Key and id: the receiver acts once', async () => {
    const webhook = provider();
    receiver.down();
    await deliveryErrorOf(webhook.invite(receiver.url, 'person-1', ctx('evt-07')));
    receiver.up();
    await webhook.invite(receiver.url, 'person-1', ctx('evt-07'));
    await webhook.invite(receiver.url, 'person-1', ctx('evt-07'));
    expect(receiver.deliveries.map((d) => [d.headers['idempotency-key'], d.body?.id, d.status])).toEqual([
      ['evt-07', 'evt-07', 503],
      ['evt-07', 'evt-07', 204],
      ['evt-07', 'evt-07', 204],
    ]);
    expect(receiver.acceptedKeys()).toEqual(['evt-07']);
  });

  it('reports no answer (connection refused, or too slow) as transient', async () => {
    const closed = await receiver.close().then(() => receiver.url);
    receiver = await startWebhookReceiver({ secret: SECRET });
    expect((await deliveryErrorOf(provider().invite(closed, 'person-1', ctx()))).options.permanent).toBeFalsy();

    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
      const failure = await deliveryErrorOf(createWebhookProvider({ secret: SECRET, timeoutMs: 200 }).invite(url, 'person-1', ctx()));
      expect(failure.options.permanent).toBeFalsy();
      expect(failure.message).toContain('timed out');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('waits, without a request, while no secret is configured', async () => {
    const failure = await deliveryErrorOf(createWebhookProvider({}).invite(receiver.url, 'person-1', ctx()));
    expect(failure.options.permanent).toBeFalsy();
    expect(receiver.deliveries).toEqual([]);
  });

  it('refuses an address that is not a URL, without a request', async () => {
    expect((await deliveryErrorOf(provider().invite('not a url', 'person-1', ctx()))).options.permanent).toBe(true);
  });
});
