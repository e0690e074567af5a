import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in homeserver that follows the Matrix client-server specification
 * (https://spec.matrix.org/latest/client-server-api/), for the endpoints the Matrix provider uses:
 * whoami, the room directory, room members, room state, invite and kick. No real homeserver can be
 * installed where the tests run, so this one keeps the parts of the spec the provider relies on:
 *
 * - responses and errors shaped as the spec shapes them (`{ errcode, error }`, M_LIMIT_EXCEEDED
 *   with `retry_after_ms`), access tokens in `Authorization: Bearer` (or the deprecated
 *   `access_token` query parameter), M_MISSING_TOKEN / M_UNKNOWN_TOKEN as 401;
 * - rooms as state: m.room.create, m.room.join_rules, m.room.power_levels and one m.room.member
 *   event per user, read back through GET /members and GET /state;
 * - the membership rules the provider meets: only joined members with enough power may invite or
 *   kick (the bot has 100, everyone else 0), inviting someone already invited answers 200, someone
 *   already joined 403 M_FORBIDDEN, kicking someone not in the room 403, a kick of an invited user
 *   revokes the invitation (invite → leave).
 *
 * Controls for tests: createRoom, joinByHand, rateLimitNext, down/up, a request log.
 */

export type JoinRule = 'public' | 'invite' | 'knock' | 'restricted' | 'knock_restricted' | 'private';
export type Membership = 'invite' | 'join' | 'leave' | 'ban' | 'knock';

/** A state event in the client-server "ClientEvent" format. */
export interface StandInStateEvent {
  type: string;
  state_key: string;
  content: Record<string, any>;
  sender: string;
  event_id: string;
  origin_server_ts: number;
  room_id: string;
}

export interface LoggedMatrixRequest {
  method: string;
  /** The raw path as sent (still percent-encoded), without the query string. */
  path: string;
  body: unknown;
  /** The status answered; 0 when the connection was closed or left hanging. */
  status: number;
}

/** How the homeserver is down: a reverse proxy answering 502, connections reset, or no answer at all. */
export type DownMode = 'bad-gateway' | 'reset' | 'hang';

export interface MatrixStandIn {
  /** The homeserver's base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly serverName: string;
  readonly botUserId: string;
  readonly botToken: string;
  readonly requests: LoggedMatrixRequest[];
  /** A new room; the bot created it and is joined (unless botInRoom is false). Returns its room id. */
  createRoom(options?: { joinRule?: JoinRule; botInRoom?: boolean; alias?: string }): string;
  /** Someone who joined by other means (a link, a moderator's invitation): in the room, unknown to Équipage. */
  joinByHand(roomId: string, userId: string): void;
  /** The m.room.member event content for a user, or null when they never had one. */
  memberContent(roomId: string, userId: string): { membership: Membership; reason?: string } | null;
  /** An access token for some other, powerless user. */
  issueToken(userId: string): string;
  /** The next n requests answer 429 M_LIMIT_EXCEEDED; `via` says where the delay is given. */
  rateLimitNext(n: number, retryAfterMs: number, via?: 'body' | 'header' | 'both'): void;
  down(mode?: DownMode): void;
  up(): void;
  close(): Promise<void>;
}

interface StandInRoom {
  id: string;
  state: Map<string, StandInStateEvent>;
}

class MatrixError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
  ) {
    super(message);
  }
}

const CLIENT_PREFIX = '/_matrix/client/v3';

export async function startMatrixStandIn(options: { serverName?: string; botLocalpart?: string } = {}): Promise<MatrixStandIn> {
  const serverName = options.serverName ?? 'stand-in.test';
  const botUserId = `@${options.botLocalpart ?? 'equipage'}:${serverName}`;
  const botToken = `syt_${randomBytes(12).toString('hex')}`;
  const tokens = new Map<string, string>([[botToken, botUserId]]);
  const rooms = new Map<string, StandInRoom>();
  const aliases = new Map<string, string>();
  const requests: LoggedMatrixRequest[] = [];
  let rateLimit = { remaining: 0, retryAfterMs: 0, via: 'body' as 'body' | 'header' | 'both' };
  let downMode: DownMode | null = null;

  const opaque = () => randomBytes(9).toString('base64url');

  function setState(room: StandInRoom, type: string, stateKey: string, content: Record<string, any>, sender: string): void {
    room.state.set(`${type}\u0000${stateKey}`, {
      type,
      state_key: stateKey,
      content,
      sender,
      event_id: `$${opaque()}`,
      origin_server_ts: Date.now(),
      room_id: room.id,
    });
  }
  const stateOf = (room: StandInRoom, type: string, stateKey: string) => room.state.get(`${type}\u0000${stateKey}`) ?? null;
  const membershipIn = (room: StandInRoom, userId: string) => (stateOf(room, 'm.room.member', userId)?.content.membership as Membership | undefined) ?? null;
  const powerOf = (room: StandInRoom, userId: string): number => {
    const levels = stateOf(room, 'm.room.power_levels', '')?.content ?? {};
    return Number(levels.users?.[userId] ?? levels.users_default ?? 0);
  };
  const levelFor = (room: StandInRoom, action: 'invite' | 'kick'): number => Number(stateOf(room, 'm.room.power_levels', '')?.content[action] ?? 50);

  function roomFor(roomId: string): StandInRoom {
    const room = rooms.get(roomId);
    if (!room) throw new MatrixError(404, 'M_NOT_FOUND', 'Unknown room');
    return room;
  }
  function requireJoined(room: StandInRoom, userId: string): void {
    if (membershipIn(room, userId) !== 'join') throw new MatrixError(403, 'M_FORBIDDEN', `User ${userId} not in room ${room.id}`);
  }
  function targetOf(body: unknown): { userId: string; reason?: string } {
    if (!body || typeof body !== 'object') throw new MatrixError(400, 'M_NOT_JSON', 'Content not JSON.');
    const { user_id: userId, reason } = body as Record<string, unknown>;
    if (userId === undefined) throw new MatrixError(400, 'M_MISSING_PARAM', 'Missing user_id');
    if (typeof userId !== 'string' || !/^@[^:]+:.+$/.test(userId)) throw new MatrixError(400, 'M_INVALID_PARAM', 'Invalid user_id');
    if (reason !== undefined && typeof reason !== 'string') throw new MatrixError(400, 'M_BAD_JSON', 'reason must be a string');
    return { userId, reason };
  }
  const memberContentOf = (membership: Membership, reason?: string) => (reason === undefined ? { membership } : { membership, reason });

  /** The endpoints, after authentication; path segments already percent-decoded. */
  function route(method: string, segments: string[], sender: string, body: unknown): Record<string, any> {
    const [first, roomId, action, ...rest] = segments;
    if (method === 'GET' && first === 'account' && roomId === 'whoami' && segments.length === 2) {
      return { user_id: sender, device_id: 'STANDIN', is_guest: false };
    }
    if (first !== 'rooms' || roomId === undefined) throw new MatrixError(404, 'M_UNRECOGNIZED', 'Unrecognized request');
    if (method === 'GET' && action === 'members' && rest.length === 0) {
      const room = roomFor(roomId);
      requireJoined(room, sender);
      return { chunk: [...room.state.values()].filter((event) => event.type === 'm.room.member') };
    }
    if (method === 'GET' && action === 'state' && (rest.length === 1 || rest.length === 2)) {
      const room = roomFor(roomId);
      requireJoined(room, sender);
      const event = stateOf(room, rest[0], rest[1] ?? '');
      if (!event) throw new MatrixError(404, 'M_NOT_FOUND', 'Event not found.');
      return event.content;
    }
    if (method === 'POST' && action === 'invite' && rest.length === 0) {
      const room = roomFor(roomId);
      const { userId, reason } = targetOf(body);
      requireJoined(room, sender);
      if (powerOf(room, sender) < levelFor(room, 'invite')) throw new MatrixError(403, 'M_FORBIDDEN', 'You do not have permission to invite users');
      const current = membershipIn(room, userId);
      if (current === 'ban') throw new MatrixError(403, 'M_FORBIDDEN', `${userId} is banned from the room`);
      if (current === 'join') throw new MatrixError(403, 'M_FORBIDDEN', `${userId} is already in the room.`);
      // Invite → invite answers 200 and changes nothing (spec clarification, matrix-spec#1084).
      if (current !== 'invite') setState(room, 'm.room.member', userId, memberContentOf('invite', reason), sender);
      return {};
    }
    if (method === 'POST' && action === 'kick' && rest.length === 0) {
      const room = roomFor(roomId);
      const { userId, reason } = targetOf(body);
      requireJoined(room, sender);
      const current = membershipIn(room, userId);
      if (current !== 'join' && current !== 'invite') throw new MatrixError(403, 'M_FORBIDDEN', `${userId} is not in the room.`);
      if (powerOf(room, sender) < levelFor(room, 'kick') || powerOf(room, sender) <= powerOf(room, userId)) {
        throw new MatrixError(403, 'M_FORBIDDEN', 'You do not have a high enough power level to kick from this room.');
      }
      setState(room, 'm.room.member', userId, memberContentOf('leave', reason), sender);
      return {};
    }
    throw new MatrixError(404, 'M_UNRECOGNIZED', 'Unrecognized request');
  }

  function answer(response: ServerResponse, log: LoggedMatrixRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
    log.status = status;
    response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = undefined;
    let bodyIsJson = true;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        bodyIsJson = false;
        body = raw;
      }
    }
    const log: LoggedMatrixRequest = { method: request.method ?? 'GET', path: url.pathname, body, status: 0 };
    requests.push(log);

    if (downMode === 'reset') {
      request.socket.destroy();
      return;
    }
    if (downMode === 'hang') return;
    if (downMode === 'bad-gateway') {
      log.status = 502;
      response.writeHead(502, { 'Content-Type': 'text/html' });
      response.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return;
    }
    if (rateLimit.remaining > 0) {
      rateLimit.remaining -= 1;
      const { retryAfterMs, via } = rateLimit;
      const error: Record<string, unknown> = { errcode: 'M_LIMIT_EXCEEDED', error: 'Too many requests' };
      if (via !== 'header') error.retry_after_ms = retryAfterMs;
      answer(response, log, 429, error, via === 'body' ? {} : { 'Retry-After': String(Math.ceil(retryAfterMs / 1000)) });
      return;
    }

    try {
      if (!url.pathname.startsWith(`${CLIENT_PREFIX}/`)) throw new MatrixError(404, 'M_UNRECOGNIZED', 'Unrecognized request');
      const segments = url.pathname
        .slice(CLIENT_PREFIX.length + 1)
        .split('/')
        .map((segment) => decodeURIComponent(segment));
      // The room directory answers without authentication (spec: GET /directory/room/{roomAlias}).
      if (request.method === 'GET' && segments[0] === 'directory' && segments[1] === 'room' && segments.length === 3) {
        const roomId = aliases.get(segments[2]);
        if (!roomId) throw new MatrixError(404, 'M_NOT_FOUND', `Room alias ${segments[2]} not found.`);
        answer(response, log, 200, { room_id: roomId, servers: [serverName] });
        return;
      }
      const authorization = request.headers.authorization;
      const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : url.searchParams.get('access_token');
      if (!token) throw new MatrixError(401, 'M_MISSING_TOKEN', 'Missing access token.');
      const sender = tokens.get(token);
      if (!sender) {
        answer(response, log, 401, { errcode: 'M_UNKNOWN_TOKEN', error: 'Unknown access token.', soft_logout: false });
        return;
      }
      if (!bodyIsJson) throw new MatrixError(400, 'M_NOT_JSON', 'Content not JSON.');
      answer(response, log, 200, route(request.method ?? 'GET', segments, sender, body));
    } catch (error) {
      if (error instanceof MatrixError) answer(response, log, error.status, { errcode: error.errcode, error: error.message });
      else if (error instanceof URIError) answer(response, log, 400, { errcode: 'M_UNRECOGNIZED', error: 'Malformed path' });
      else answer(response, log, 500, { errcode: 'M_UNKNOWN', error: 'Internal server error' });
    }
  }

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    serverName,
    botUserId,
    botToken,
    requests,
    createRoom({ joinRule = 'invite', botInRoom = true, alias } = {}) {
      const room: StandInRoom = { id: `!${opaque()}:${serverName}`, state: new Map() };
      const creator = botInRoom ? botUserId : `@admin:${serverName}`;
      setState(room, 'm.room.create', '', { room_version: '11', creator }, creator);
      setState(room, 'm.room.member', creator, { membership: 'join' }, creator);
      setState(room, 'm.room.power_levels', '', { users: { [creator]: 100 }, users_default: 0, invite: 50, kick: 50, ban: 50 }, creator);
      setState(room, 'm.room.join_rules', '', { join_rule: joinRule }, creator);
      rooms.set(room.id, room);
      if (alias) aliases.set(alias, room.id);
      return room.id;
    },
    joinByHand(roomId, userId) {
      const room = roomFor(roomId);
      setState(room, 'm.room.member', userId, { membership: 'join' }, userId);
    },
    memberContent(roomId, userId) {
      const content = stateOf(roomFor(roomId), 'm.room.member', userId)?.content;
      return content ? { membership: content.membership, ...(content.reason === undefined ? {} : { reason: content.reason }) } : null;
    },
    issueToken(userId) {
      const token = `syt_${randomBytes(12).toString('hex')}`;
      tokens.set(token, userId);
      return token;
    },
    rateLimitNext(n, retryAfterMs, via = 'body') {
      rateLimit = { remaining: n, retryAfterMs, via };
    },
    down(mode = 'bad-gateway') {
      downMode = mode;
    },
    up() {
      downMode = null;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
