import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMatrixStandIn, type MatrixStandIn } from '../../test/peers/matrix-stand-in.js';
import { createMatrixProvider } from './matrix.js';
import { DeliveryError, type DeliveryContext, type RoomPerson } from './rooms.js';

const ctx = (reason = 'membership_started'): DeliveryContext => ({ eventId: 'evt-1', roomId: 'room-1', personId: 'person-1', reason });
const person = (matrixId: string | null): RoomPerson => ({ id: 'person-1', displayName: 'Alice', matrixId, xmppJid: null });

/** The DeliveryError a promise rejects with (fails the test when it resolves or throws anything else). */
async function deliveryErrorOf(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('Matrix handles and room addresses', () => {
  const provider = createMatrixProvider({ homeserverUrl: 'http://127.0.0.1:9', accessToken: 'token' });

  it('is configured only with both a homeserver URL and an access token', () => {
    expect(provider.configured).toBe(true);
    expect(createMatrixProvider({ homeserverUrl: 'http://127.0.0.1:9' }).configured).toBe(false);
    expect(createMatrixProvider({ accessToken: 'token' }).configured).toBe(false);
    expect(createMatrixProvider({ homeserverUrl: ' ', accessToken: 'token' }).configured).toBe(false);
  });

  it.each([
    ['@alice:example.org', '@alice:example.org'],
    ['  @alice:example.org ', '@alice:example.org'],
    ['@alice:[2001:db8::1]:8448', '@alice:[2001:db8::1]:8448'],
    ['@Historical_Id:example.org', '@Historical_Id:example.org'],
    ['alice@example.org', null],
    ['@alice', null],
    ['@:example.org', null],
    ['@alice:exa mple.org', null],
    [`@${'a'.repeat(250)}:example.org`, null],
    [null, null],
  ])('handleOf(%j) is %j', (matrixId, handle) => {
    expect(provider.handleOf(person(matrixId))).toBe(handle);
  });

  it.each([
    ['!abcdef:example.org', '!abcdef:example.org'],
    [' !abcdef:example.org:8448 ', '!abcdef:example.org:8448'],
    // Room version 12 (MSC4291): the room id is the create event's hash, without a server name.
    ['!31hneApxJ_1o-63DmFrpeqnkFfWppnzWso1JvH3ogLM', '!31hneApxJ_1o-63DmFrpeqnkFfWppnzWso1JvH3ogLM'],
    ['#members:example.org', '#members:example.org'],
    ['https://matrix.to/#/%23members%3Aexample.org?via=example.org', '#members:example.org'],
    ['https://matrix.to/#/!abcdef:example.org/$event?via=example.org', '!abcdef:example.org'],
    ['#members', null],
    ['@alice:example.org', null],
    ['members', null],
    ['https://example.org/#/!abcdef:example.org', null],
    ['', null],
  ])('parseAddress(%j) is %j', (address, parsed) => {
    expect(provider.parseAddress(address)).toBe(parsed);
  });
});

describe('Matrix provider against a stand-in homeserver that follows the Matrix client-server specification', () => {
  let hs: MatrixStandIn;
  beforeEach(async () => {
    hs = await startMatrixStandIn();
  });
  afterEach(async () => {
    await hs.close();
  });
  const provider = (overrides: { accessToken?: string; timeoutMs?: number } = {}) =>
    createMatrixProvider({ homeserverUrl: hs.url, accessToken: hs.botToken, timeoutMs: 5_000, ...overrides });
  const alice = () => `@alice:${hs.serverName}`;
  const bob = () => `@bob:${hs.serverName}`;

  it('invites: the room shows the person invited, with the reason', async () => {
    const room = hs.createRoom();
    await provider().invite(room, alice(), ctx('membership_started'));
    expect(hs.memberContent(room, alice())).toEqual({ membership: 'invite', reason: 'membership_started' });
    const invite = hs.requests.find((r) => r.method === 'POST' && r.path.endsWith('/invite'));
    expect(invite).toMatchObject({ path: `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/invite`, body: { user_id: alice() }, status: 200 });
  });

  it('lists members invited or joined, someone joined by hand included, never the bot nor those who left', async () => {
    const room = hs.createRoom();
    const matrix = provider();
    await matrix.invite(room, alice(), ctx());
    hs.joinByHand(room, bob());
    const carol = `@carol:${hs.serverName}`;
    hs.joinByHand(room, carol);
    await matrix.remove(room, carol, ctx('membership_lapsed'));
    expect((await matrix.members(room))?.sort()).toEqual([alice(), bob()]);
  });

  it('asks the homeserver who the bot is once', async () => {
    const room = hs.createRoom();
    const matrix = provider();
    await matrix.members(room);
    await matrix.members(room);
    expect(hs.requests.filter((r) => r.path.endsWith('/account/whoami'))).toHaveLength(1);
  });

  it('kicks with the reason recorded on the member event', async () => {
    const room = hs.createRoom();
    hs.joinByHand(room, bob());
    await provider().remove(room, bob(), ctx('membership_lapsed'));
    expect(hs.memberContent(room, bob())).toEqual({ membership: 'leave', reason: 'membership_lapsed' });
    expect(hs.requests.find((r) => r.path.endsWith('/kick'))?.body).toEqual({ user_id: bob(), reason: 'membership_lapsed' });
  });

  it('revokes an invitation not yet accepted by kicking', async () => {
    const room = hs.createRoom();
    const matrix = provider();
    await matrix.invite(room, alice(), ctx());
    await matrix.remove(room, alice(), ctx('membership_ended'));
    expect(hs.memberContent(room, alice())?.membership).toBe('leave');
    expect(await matrix.members(room)).toEqual([]);
  });

  it('treats removing someone not in the room as done (never there, or gone already)', async () => {
    const room = hs.createRoom();
    const matrix = provider();
    await matrix.remove(room, alice(), ctx('membership_ended'));
    hs.joinByHand(room, bob());
    await matrix.remove(room, bob(), ctx('membership_ended'));
    await matrix.remove(room, bob(), ctx('membership_ended'));
    // The homeserver did refuse the kicks (403): the provider read the room's state before calling it done.
    expect(hs.requests.filter((r) => r.path.endsWith('/kick')).map((r) => r.status)).toEqual([403, 200, 403]);
    expect(hs.memberContent(room, alice())).toBeNull();
  });

  it('treats inviting someone already joined or already invited as done', async () => {
    const room = hs.createRoom();
    const matrix = provider();
    hs.joinByHand(room, bob());
    await matrix.invite(room, bob(), ctx());
    expect(hs.memberContent(room, bob())?.membership).toBe('join');
    await matrix.invite(room, alice(), ctx());
    await matrix.invite(room, alice(), ctx());
    expect(hs.memberContent(room, alice())?.membership).toBe('invite');
    expect(hs.requests.filter((r) => r.path.endsWith('/invite')).map((r) => r.status)).toEqual([403, 200, 200]);
  });

  it('URL-encodes user ids in paths (a localpart may hold a slash)', async () => {
    const room = hs.createRoom();
    const slashed = `@a/b:${hs.serverName}`;
    hs.joinByHand(room, slashed);
    await provider().invite(room, slashed, ctx());
    const lookup = hs.requests.find((r) => r.path.includes('/state/m.room.member/'));
    expect(lookup).toMatchObject({ path: `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/state/m.room.member/%40a%2Fb%3Astand-in.test`, status: 200 });
  });

  it('resolves an alias through the room directory at each call', async () => {
    const room = hs.createRoom({ alias: `#members:${hs.serverName}` });
    const matrix = provider();
    await matrix.invite(`#members:${hs.serverName}`, alice(), ctx());
    expect(hs.memberContent(room, alice())?.membership).toBe('invite');
    expect(await matrix.members(`#members:${hs.serverName}`)).toEqual([alice()]);
    expect(hs.requests.filter((r) => r.path === `/_matrix/client/v3/directory/room/${encodeURIComponent(`#members:${hs.serverName}`)}`)).toHaveLength(2);
    const unknown = await deliveryErrorOf(matrix.invite(`#nowhere:${hs.serverName}`, alice(), ctx()));
    expect(unknown.options.permanent).toBe(true);
    expect(unknown.message).toContain('M_NOT_FOUND');
  });

  it('passes on how long a 429 asks to wait: retry_after_ms from the body, else Retry-After', async () => {
    const room = hs.createRoom();
    const matrix = provider();
    await matrix.members(room);
    hs.rateLimitNext(1, 1500);
    const limited = await deliveryErrorOf(matrix.invite(room, alice(), ctx()));
    expect(limited.options).toEqual({ retryAfterMs: 1500 });
    expect(limited.message).toContain('M_LIMIT_EXCEEDED');
    expect(hs.memberContent(room, alice())).toBeNull();

    hs.rateLimitNext(1, 2000, 'header');
    expect((await deliveryErrorOf(matrix.invite(room, alice(), ctx()))).options).toEqual({ retryAfterMs: 2000 });

    await matrix.invite(room, alice(), ctx());
    expect(hs.memberContent(room, alice())?.membership).toBe('invite');
  });

  it.each(['bad-gateway', 'reset'] as const)('reports a homeserver down (%s) as a transient failure, then works once it is back', async (mode) => {
    const room = hs.createRoom();
    const matrix = provider();
    hs.down(mode);
    const failure = await deliveryErrorOf(matrix.invite(room, alice(), ctx()));
    expect(failure.options.permanent).toBeFalsy();
    hs.up();
    await matrix.invite(room, alice(), ctx());
    expect(hs.memberContent(room, alice())?.membership).toBe('invite');
  });

  it('gives up waiting after timeoutMs, as a transient failure', async () => {
    const room = hs.createRoom();
    hs.down('hang');
    const failure = await deliveryErrorOf(provider({ timeoutMs: 200 }).members(room));
    expect(failure.options.permanent).toBeFalsy();
    expect(failure.message).toContain('timed out');
  });

  it('reports a bad access token as a permanent failure naming the errcode', async () => {
    const room = hs.createRoom();
    const failure = await deliveryErrorOf(provider({ accessToken: 'syt_not_a_token' }).invite(room, alice(), ctx()));
    expect(failure.options.permanent).toBe(true);
    expect(failure.message).toContain('M_UNKNOWN_TOKEN');
    expect(hs.memberContent(room, alice())).toBeNull();
  });

  it('reports a refusal for lack of power as permanent', async () => {
    const room = hs.createRoom();
    const moderator = `@moderator:${hs.serverName}`;
    hs.joinByHand(room, moderator);
    const failure = await deliveryErrorOf(provider({ accessToken: hs.issueToken(moderator) }).invite(room, alice(), ctx()));
    expect(failure.options.permanent).toBe(true);
    expect(failure.message).toContain('M_FORBIDDEN');
    expect(hs.memberContent(room, alice())).toBeNull();
  });

  it('refuses handles that are not user ids and never kicks the bot, without asking the homeserver to', async () => {
    const room = hs.createRoom();
    const matrix = provider();
    expect((await deliveryErrorOf(matrix.invite(room, 'alice', ctx()))).options.permanent).toBe(true);
    expect((await deliveryErrorOf(matrix.remove(room, hs.botUserId, ctx()))).options.permanent).toBe(true);
    expect(hs.requests.filter((r) => r.method === 'POST')).toEqual([]);
    expect(hs.memberContent(room, hs.botUserId)?.membership).toBe('join');
  });

  it('waits, without a request, while not configured', async () => {
    const room = hs.createRoom();
    const failure = await deliveryErrorOf(createMatrixProvider({ homeserverUrl: hs.url }).invite(room, alice(), ctx()));
    expect(failure.options.permanent).toBeFalsy();
    expect(hs.requests).toEqual([]);
  });

  it('checks that a room is invite-only, exists and is open to the bot', async () => {
    const matrix = provider();
    expect(await matrix.check(hs.createRoom({ joinRule: 'invite' }))).toEqual([]);
    expect(await matrix.check(hs.createRoom({ joinRule: 'public' }))).toEqual(['room_not_invite_only']);
    expect(await matrix.check(hs.createRoom({ joinRule: 'knock' }))).toEqual(['room_not_invite_only']);
    expect(await matrix.check(`!nowhere:${hs.serverName}`)).toEqual(['room_not_found']);
    expect(await matrix.check(hs.createRoom({ botInRoom: false }))).toEqual(['room_not_accessible']);
    hs.createRoom({ joinRule: 'public', alias: `#lobby:${hs.serverName}` });
    expect(await matrix.check(`#lobby:${hs.serverName}`)).toEqual(['room_not_invite_only']);
    expect(await matrix.check(`#nowhere:${hs.serverName}`)).toEqual(['room_not_found']);
  });

  it('reports a room the bot is not in as a permanent failure when listing members', async () => {
    const failure = await deliveryErrorOf(provider().members(hs.createRoom({ botInRoom: false })));
    expect(failure.options.permanent).toBe(true);
    expect(failure.message).toContain('M_FORBIDDEN');
  });
});
