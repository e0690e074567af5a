import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, expectProblem, stateFingerprint, system, type TestAssociation } from '../../../test/harness.js';
import { acceptMembers, seatBureau, type Someone } from '../../../test/members.js';
import { startMatrixStandIn, type MatrixStandIn } from '../../../test/peers/matrix-stand-in.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/peers/webhook-receiver.js';
import { verifyWebhookSignature } from '../../integrations/webhook.js';

const SECRET = 'webhook-secret-for-tests-1234';

/** Moves the association's clock by `ms` (retries become due). */
function advance(a: TestAssociation, ms: number): void {
  a.clock.set(new Date(Date.parse(a.clock.now()) + ms).toISOString());
}

/**
 * Delivers what is due, then lets time pass and delivers again, a few rounds: what a running
 * server's dispatcher does over the next half hour. A request that was in flight when a peer
 * came back may still fail once; the next round retries it.
 */
async function settle(a: TestAssociation, rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await a.dispatcher().drain();
    advance(a, 5 * 60_000);
  }
}

describe(`rooms follow the register — Matrix through a stand-in homeserver that follows the Matrix client-server specification (${dialectUnderTest})`, () => {
  let matrix: MatrixStandIn;
  let a: TestAssociation;
  let bureau: Someone[];

  beforeAll(async () => {
    matrix = await startMatrixStandIn({ serverName: 'tedomum.net' });
  });
  afterAll(async () => matrix?.close());
  beforeEach(async () => {
    matrix.up();
    a = await buildAssociation({ config: { MATRIX_HOMESERVER_URL: matrix.url, MATRIX_ACCESS_TOKEN: matrix.botToken } });
    bureau = await seatBureau(a);
  });
  afterEach(async () => a?.close());

  const post = (url: string, payload: object = {}, headers = a.admin.headers) => a.app.inject({ method: 'POST', url, headers, payload });
  const get = (url: string, headers = a.admin.headers) => a.app.inject({ method: 'GET', url, headers });

  async function membersRoom(): Promise<{ id: string; roomId: string }> {
    const roomId = matrix.createRoom({ joinRule: 'invite' });
    const res = await post('/api/v1/rooms', { provider: 'matrix', address: roomId, audience: 'members', name: 'Salon des membres' });
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json().id, roomId };
  }
  const successfulInvites = (roomId: string, userId: string) =>
    matrix.requests.filter(
      (r) =>
        r.method === 'POST' &&
        r.path.includes(encodeURIComponent(roomId)) &&
        r.path.endsWith('/invite') &&
        r.status === 200 &&
        (r.body as { user_id?: string })?.user_id === userId,
    );

  it('accepting applicants invites those with a Matrix ID; the others are unreachable; someone added by hand is extra, and reconciling removes them', async () => {
    const room = await membersRoom();
    const [camille, dominique] = await acceptMembers(a, bureau, [{ displayName: 'Camille', matrixId: '@camille:tedomum.net' }, { displayName: 'Dominique' }]);
    await a.dispatcher().drain();
    expect(matrix.memberContent(room.roomId, '@camille:tedomum.net')?.membership).toBe('invite');

    matrix.joinByHand(room.roomId, '@intrus:example.org');
    const drift = await get(`/api/v1/rooms/${room.id}/drift`);
    expect(drift.statusCode, drift.body).toBe(200);
    expect(drift.json()).toMatchObject({
      missing: [],
      extra: [{ handle: '@intrus:example.org', personId: null }],
      unreachable: [{ personId: dominique.id, displayName: 'Dominique', handle: null }],
      membersFromProvider: true,
      problems: [],
    });

    const repaired = await post(`/api/v1/rooms/${room.id}/reconcile`);
    expect(repaired.json()).toMatchObject({ queued: 1 });
    await a.dispatcher().drain();
    expect(matrix.memberContent(room.roomId, '@intrus:example.org')).toMatchObject({ membership: 'leave', reason: 'reconcile' });
    expect((await get(`/api/v1/rooms/${room.id}/drift`)).json()).toMatchObject({ missing: [], extra: [] });
    expect(successfulInvites(room.roomId, '@camille:tedomum.net')).toHaveLength(1);

    const deliveries = (await get(`/api/v1/rooms/${room.id}/deliveries`)).json().items;
    expect(deliveries.map((d: { action: string; handle: string }) => `${d.action} ${d.handle}`)).toEqual([
      'remove @intrus:example.org',
      'invite @camille:tedomum.net',
    ]);
    expect(camille.id).toBe(deliveries[1].personId);
  });

  it('a resignation kicks the member with the reason; a new Matrix ID on a profile is invited', async () => {
    const room = await membersRoom();
    const [camille, dominique] = await acceptMembers(a, bureau, [{ displayName: 'Camille', matrixId: '@camille:tedomum.net' }, { displayName: 'Dominique' }]);
    await a.dispatcher().drain();
    const resigned = await post(`/api/v1/people/${camille.id}/membership/resign`, {}, camille.headers);
    expect(resigned.statusCode, resigned.body).toBe(200);
    await a.services.people.update(system, dominique.id, { matrixId: '@dominique:tedomum.net' });
    await a.dispatcher().drain();
    expect(matrix.memberContent(room.roomId, '@camille:tedomum.net')).toMatchObject({ membership: 'leave', reason: 'membership_resigned' });
    expect(matrix.memberContent(room.roomId, '@dominique:tedomum.net')?.membership).toBe('invite');
  });

  it('a homeserver that answers 429 with retry_after_ms is waited for, and the member is invited once', async () => {
    const room = await membersRoom();
    matrix.rateLimitNext(1, 2_000);
    await acceptMembers(a, bureau, [{ displayName: 'Camille', matrixId: '@camille:tedomum.net' }]);
    const first = await a.dispatcher().drain();
    expect(first.retried).toBe(1);
    const waiting = (await get('/api/v1/outbox?topic=room.sync&state=pending')).json().items;
    expect(waiting).toHaveLength(1);
    expect(Date.parse(waiting[0].availableAt) - Date.parse(a.clock.now())).toBe(2_000);
    expect(waiting[0].lastError).toMatch(/M_LIMIT_EXCEEDED|429/);
    advance(a, 2_000);
    await a.dispatcher().drain();
    expect(matrix.memberContent(room.roomId, '@camille:tedomum.net')?.membership).toBe('invite');
    expect(successfulInvites(room.roomId, '@camille:tedomum.net')).toHaveLength(1);
  });

  it('a homeserver that is down never blocks the decision nor loses the invitation; after recovery the room converges with no duplicate', async () => {
    const room = await membersRoom();
    matrix.down();
    const [camille] = await acceptMembers(a, bureau, [{ displayName: 'Camille', matrixId: '@camille:tedomum.net' }]);
    expect((await get(`/api/v1/people/${camille.id}/membership`)).json().status).toBe('active');
    for (let i = 0; i < 4; i++) {
      await a.dispatcher().drain();
      advance(a, 60_000);
    }
    expect((await get('/api/v1/outbox?topic=room.sync&state=pending')).json().items[0].attempts).toBeGreaterThan(1);
    const down = await get(`/api/v1/rooms/${room.id}/drift`);
    expectProblem(down, 502, 'provider_unavailable');
    matrix.up();
    await settle(a);
    expect(matrix.memberContent(room.roomId, '@camille:tedomum.net')?.membership).toBe('invite');
    expect(successfulInvites(room.roomId, '@camille:tedomum.net')).toHaveLength(1);
    expect((await get(`/api/v1/rooms/${room.id}/drift`)).json()).toMatchObject({ missing: [], extra: [], unreachable: [] });
  });

  it('a room that is not invite-only is reported; an invitation the homeserver refuses goes to the dead letters at once', async () => {
    const open = matrix.createRoom({ joinRule: 'public' });
    const created = await post('/api/v1/rooms', { provider: 'matrix', address: open, audience: 'team:communaute' });
    expect((await get(`/api/v1/rooms/${created.json().id}/drift`)).json().problems).toEqual(['room_not_invite_only']);

    // The bot was never let into this room: the homeserver refuses its invitations for good.
    const roomId = matrix.createRoom({ joinRule: 'invite', botInRoom: false });
    await post('/api/v1/rooms', { provider: 'matrix', address: roomId, audience: 'team:technique' });
    const p = await a.services.people.create(system, { displayName: 'Lou', email: 'lou@example.org', matrixId: '@lou:tedomum.net' });
    await a.services.teams.addToRoster(system, 'technique', p.id, 'member');
    await a.dispatcher().drain();
    const dead = (await get('/api/v1/outbox?state=dead')).json().items;
    expect(dead.map((e: { topic: string }) => e.topic)).toEqual(['room.sync']);
    expect(dead[0].lastError).toMatch(/M_FORBIDDEN/);
    const page = await a.app.inject({ method: 'GET', url: '/admin/outbox', headers: a.admin.headers });
    expect(page.body).toContain(`/admin/outbox/${dead[0].id}/retry`);

    expect(matrix.memberContent(roomId, '@lou:tedomum.net')).toBeNull();
  });

  it('the team room follows the roster', async () => {
    const roomId = matrix.createRoom({ joinRule: 'invite' });
    await post('/api/v1/rooms', { provider: 'matrix', address: roomId, audience: 'team:technique' });
    const p = await a.services.people.create(system, { displayName: 'Lou', email: 'lou@example.org', matrixId: '@lou:tedomum.net' });
    await a.services.teams.addToRoster(system, 'technique', p.id, 'member');
    await a.dispatcher().drain();
    expect(matrix.memberContent(roomId, '@lou:tedomum.net')?.membership).toBe('invite');
    await a.services.teams.removeFromRoster(system, 'technique', p.id);
    await a.dispatcher().drain();
    expect(matrix.memberContent(roomId, '@lou:tedomum.net')).toMatchObject({ membership: 'leave', reason: 'roster_changed' });
  });

  it('refuses a bad room and changes nothing; a provider without credentials says so', async () => {
    const roomId = matrix.createRoom();
    await post('/api/v1/rooms', { provider: 'matrix', address: roomId, audience: 'members' });
    const before = await stateFingerprint(a);
    const address = expectProblem(await post('/api/v1/rooms', { provider: 'matrix', address: 'not a room', audience: 'members' }), 400, 'validation_failed');
    expect(address.errors).toEqual([expect.objectContaining({ path: '/address', code: 'invalid_address' })]);
    const team = expectProblem(
      await post('/api/v1/rooms', { provider: 'matrix', address: '!other:tedomum.net', audience: 'team:nope' }),
      400,
      'validation_failed',
    );
    expect(team.errors).toEqual([expect.objectContaining({ path: '/audience', code: 'unknown_team' })]);
    expectProblem(await post('/api/v1/rooms', { provider: 'matrix', address: roomId, audience: 'members' }), 409, 'room_exists');
    expectProblem(await post('/api/v1/rooms', { provider: 'irc', address: '#x', audience: 'members' }), 400, 'validation_failed');
    expectProblem(await get('/api/v1/rooms/nope/drift'), 404, 'not_found');
    expect(await stateFingerprint(a)).toBe(before);

    const xmpp = await post('/api/v1/rooms', { provider: 'xmpp', address: 'membres@conference.tedomum.net', audience: 'members' });
    expect(xmpp.json()).toMatchObject({ configured: false });
    expectProblem(await get(`/api/v1/rooms/${xmpp.json().id}/drift`), 422, 'provider_not_configured');
    const page = await a.app.inject({ method: 'GET', url: `/rooms/${xmpp.json().id}`, headers: a.admin.headers });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('n’est pas configuré');
  });
});

describe(`webhook rooms: signed events, each once per idempotency key (${dialectUnderTest})`, () => {
  let receiver: WebhookReceiver;
  let a: TestAssociation;
  let bureau: Someone[];

  beforeEach(async () => {
    receiver = await startWebhookReceiver({ secret: SECRET });
    a = await buildAssociation({ config: { WEBHOOK_SECRET: SECRET } });
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

  it('the receiver verifies every event; a receiver down for a while gets every event afterwards, once per key', async () => {
    receiver.down();
    const [camille] = await acceptMembers(a, bureau, [{ displayName: 'Camille' }]);
    for (let i = 0; i < 3; i++) {
      await a.dispatcher().drain();
      advance(a, 30_000);
    }
    expect(receiver.deliveries.length).toBeGreaterThan(2);
    expect(receiver.acceptedKeys()).toEqual([]);
    receiver.up();
    advance(a, 5 * 60_000);
    await a.dispatcher().drain();
    const resigned = await a.app.inject({ method: 'POST', url: `/api/v1/people/${camille.id}/membership/resign`, headers: camille.headers, payload: {} });
    expect(resigned.statusCode, resigned.body).toBe(200);
    await a.dispatcher().drain();

    const accepted = receiver.deliveries.filter((d) => d.status < 300);
    expect(accepted.map((d) => d.body?.type).sort()).toEqual(['membership.ended', 'membership.started', 'room.invite', 'room.remove']);
    // Every accepted event once: as many distinct keys as accepted deliveries, each key the event id.
    expect(new Set(receiver.acceptedKeys()).size).toBe(accepted.length);
    for (const d of accepted) {
      expect(verifyWebhookSignature(SECRET, d.rawBody, String(d.headers['x-equipage-signature']))).toBe(true);
      expect(verifyWebhookSignature('another-secret-entirely', d.rawBody, String(d.headers['x-equipage-signature']))).toBe(false);
      expect(d.headers['idempotency-key']).toBe(d.body?.id);
    }
    expect(accepted.find((d) => d.body?.type === 'room.invite')?.body?.data).toMatchObject({ personId: camille.id });
    expect(accepted.find((d) => d.body?.type === 'membership.ended')?.body?.data).toMatchObject({ personId: camille.id, status: 'resigned' });
    // Retries of one event carry the same key.
    const keysTried = receiver.deliveries.filter((d) => d.body?.type === 'room.invite').map((d) => d.headers['idempotency-key']);
    expect(new Set(keysTried).size).toBe(1);
    expect(keysTried.length).toBeGreaterThan(1);
    // …and the same bytes: a receiver may compare or cache them.
    expect(new Set(receiver.deliveries.filter((d) => d.body?.type === 'room.invite').map((d) => d.rawBody.toString('utf8'))).size).toBe(1);
  });

  it('a receiver that refuses for good sends the event to the dead letters; once mended, a retry by hand delivers it once', async () => {
    receiver.respondWith(410);
    await acceptMembers(a, bureau, [{ displayName: 'Camille' }]);
    await settle(a, 2);
    const get = (url: string) => a.app.inject({ method: 'GET', url, headers: a.admin.headers });
    const dead = (await get('/api/v1/outbox?state=dead')).json().items;
    expect(dead.map((e: { topic: string }) => e.topic).sort()).toEqual(['room.sync', 'webhook.notify']);
    expect(dead[0].lastError).toMatch(/410/);
    const page = await get('/admin/outbox');
    for (const e of dead) expect(page.body).toContain(`/admin/outbox/${e.id}/retry`);

    receiver.up();
    for (const e of dead) {
      const retried = await a.app.inject({ method: 'POST', url: `/api/v1/outbox/${e.id}/retry`, headers: a.admin.headers, payload: {} });
      expect(retried.json()).toEqual({ id: e.id, state: 'pending' });
    }
    expectProblem(
      await a.app.inject({ method: 'POST', url: `/api/v1/outbox/${dead[0].id}/retry`, headers: a.admin.headers, payload: {} }),
      409,
      'not_dead_letter',
    );
    await settle(a, 2);
    expect((await get('/api/v1/outbox?state=dead')).json().items).toEqual([]);
    const accepted = receiver.deliveries.filter((d) => d.status < 300);
    expect(accepted.map((d) => d.body?.type).sort()).toEqual(['membership.started', 'room.invite']);
  });
});
