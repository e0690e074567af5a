import { describeNetworkError, retryAfterHeaderMs } from './http-failures.js';
import { DeliveryError, type DeliveryContext, type RoomPerson, type RoomProvider } from './rooms.js';

/**
 * The Matrix provider: a bot account, through the client-server API v3
 * (https://spec.matrix.org/latest/client-server-api/), invites people into the association's rooms
 * and kicks them out. The bot needs power to invite and to kick in each room.
 *
 * Room addresses are room ids (`!opaque:server`, or `!hash` since room version 12, MSC4291) or
 * aliases (`#name:server`); aliases are resolved at each call through the room directory, so
 * repointing an alias takes effect without touching Équipage. matrix.to links to either are accepted.
 */

// Server names: a DNS name, an IPv4 address or a bracketed IPv6 literal, with an optional port (spec, "Server Name").
const SERVER_NAME = String.raw`(?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,255})(?::\d{1,5})?`;
// Localparts: the spec asks clients to accept historical ids, i.e. any printable ASCII but ':'.
const LOCALPART = String.raw`[\x21-\x39\x3B-\x7E]+`;
const USER_ID = new RegExp(`^@${LOCALPART}:${SERVER_NAME}$`);
const ROOM_ID = new RegExp(`^!${LOCALPART}(?::${SERVER_NAME})?$`);
const ROOM_ALIAS = new RegExp(`^#${LOCALPART}:${SERVER_NAME}$`);
const MATRIX_TO = /^https:\/\/matrix\.to\/#\/([^/?]+)/;
// "The length of a user ID, including the @ sigil and the domain, MUST NOT exceed 255 characters"; the same for rooms.
const MAX_ID_LENGTH = 255;

const DEFAULT_TIMEOUT_MS = 10_000;

export interface MatrixProviderOptions {
  homeserverUrl?: string;
  /** The bot account's access token. */
  accessToken?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** One answer from the homeserver; HTTP failures are kept as answers so callers can look at the errcode. */
interface MatrixAnswer {
  status: number;
  body: Record<string, any> | null;
  retryAfterHeader: string | null;
}

/** A Matrix user id in its normal form, or null. */
export function matrixUserIdOf(value: string | null | undefined): string | null {
  const id = value?.trim() ?? '';
  return id.length <= MAX_ID_LENGTH && USER_ID.test(id) ? id : null;
}

export function createMatrixProvider(options: MatrixProviderOptions): RoomProvider {
  const baseUrl = options.homeserverUrl?.trim().replace(/\/+$/, '') ?? '';
  const accessToken = options.accessToken?.trim() ?? '';
  const configured = baseUrl !== '' && accessToken !== '';
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let botUserId: Promise<string> | null = null;

  /** One request; throws only when no answer came (network, timeout), which is always worth retrying. */
  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<MatrixAnswer> {
    if (!configured) throw new DeliveryError('Matrix is not configured (homeserver URL and access token)');
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(`${baseUrl}/_matrix/client/v3${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${accessToken}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new DeliveryError(`Matrix ${method} ${path}: homeserver unreachable (${describeNetworkError(error)})`);
    }
    let parsed: Record<string, any> | null = null;
    try {
      const json: unknown = JSON.parse(text);
      if (json !== null && typeof json === 'object' && !Array.isArray(json)) parsed = json as Record<string, any>;
    } catch {
      // A proxy in front of the homeserver may answer HTML (502 pages): the status still decides.
    }
    return { status: response.status, body: parsed, retryAfterHeader: response.headers.get('retry-after') };
  }

  async function expectOk(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, any>> {
    const answer = await call(method, path, body);
    if (answer.status < 200 || answer.status > 299) throw failureOf(`${method} ${path}`, answer);
    return answer.body ?? {};
  }

  function whoami(): Promise<string> {
    botUserId ??= expectOk('GET', '/account/whoami').then(
      (body) => {
        if (typeof body.user_id !== 'string') throw new DeliveryError('Matrix whoami answered without a user_id', { permanent: true });
        return body.user_id;
      },
      (error: unknown) => {
        // Not cached: the next call asks again (the homeserver may be back, the token replaced).
        botUserId = null;
        throw error;
      },
    );
    return botUserId;
  }

  /** The room id behind an address; an alias is looked up now, so a repointed alias is followed. */
  async function roomIdOf(address: string): Promise<string> {
    const parsed = parseRoomAddress(address);
    if (!parsed) throw new DeliveryError(`Not a Matrix room address: ${address}`, { permanent: true });
    if (parsed.startsWith('!')) return parsed;
    const body = await expectOk('GET', `/directory/room/${encodeURIComponent(parsed)}`);
    if (typeof body.room_id !== 'string') throw new DeliveryError(`Matrix alias ${parsed} resolved to no room id`, { permanent: true });
    return body.room_id;
  }

  /**
   * The target's membership as the room's state holds it: a string, null when there is no member
   * event (never in the room), undefined when the bot could not read it.
   */
  async function membershipOf(roomId: string, userId: string): Promise<string | null | undefined> {
    const answer = await call('GET', `/rooms/${encodeURIComponent(roomId)}/state/m.room.member/${encodeURIComponent(userId)}`);
    if (answer.status === 200) return typeof answer.body?.membership === 'string' ? answer.body.membership : undefined;
    if (answer.status === 404 && answer.body?.errcode === 'M_NOT_FOUND') return null;
    return undefined;
  }

  function userIdOrRefuse(handle: string): string {
    const userId = matrixUserIdOf(handle);
    if (!userId) throw new DeliveryError(`Not a Matrix user id: ${handle}`, { permanent: true });
    return userId;
  }

  return {
    kind: 'matrix',
    configured,

    handleOf(person: RoomPerson): string | null {
      return matrixUserIdOf(person.matrixId);
    },

    parseAddress(address: string): string | null {
      return parseRoomAddress(address);
    },

    async members(address: string): Promise<string[]> {
      const roomId = await roomIdOf(address);
      const bot = await whoami();
      const body = await expectOk('GET', `/rooms/${encodeURIComponent(roomId)}/members`);
      const events: unknown[] = Array.isArray(body.chunk) ? body.chunk : [];
      const handles = new Set<string>();
      for (const event of events) {
        if (!isObject(event) || event.type !== 'm.room.member' || typeof event.state_key !== 'string') continue;
        const membership = isObject(event.content) ? event.content.membership : undefined;
        // An invitation pending is a place promised: counting it keeps the rooms module from inviting twice.
        if ((membership === 'join' || membership === 'invite') && event.state_key !== bot) handles.add(event.state_key);
      }
      return [...handles];
    },

    async invite(address: string, handle: string, ctx: DeliveryContext): Promise<void> {
      const userId = userIdOrRefuse(handle);
      const roomId = await roomIdOf(address);
      if (userId === (await whoami())) return;
      const answer = await call('POST', `/rooms/${encodeURIComponent(roomId)}/invite`, { user_id: userId, reason: ctx.reason });
      if (answer.status === 200) return;
      // The spec answers 200 for someone already invited but 403 for someone already joined; asking
      // the room's state tells that apart from a real refusal without parsing server-specific texts.
      if (answer.status === 403) {
        const membership = await membershipOf(roomId, userId);
        if (membership === 'join' || membership === 'invite') return;
      }
      throw failureOf(`POST /rooms/${roomId}/invite`, answer);
    },

    async remove(address: string, handle: string, ctx: DeliveryContext): Promise<void> {
      const userId = userIdOrRefuse(handle);
      const roomId = await roomIdOf(address);
      if (userId === (await whoami())) throw new DeliveryError('The Matrix bot does not kick itself out of a room', { permanent: true });
      // A kick also revokes a pending invitation: the member event goes from invite to leave.
      const answer = await call('POST', `/rooms/${encodeURIComponent(roomId)}/kick`, { user_id: userId, reason: ctx.reason });
      if (answer.status === 200) return;
      // "The kickee is not currently in the room" is a 403 too: gone already is what was asked.
      if (answer.status === 403) {
        const membership = await membershipOf(roomId, userId);
        if (membership === null || membership === 'leave' || membership === 'ban') return;
      }
      throw failureOf(`POST /rooms/${roomId}/kick`, answer);
    },

    async check(address: string): Promise<string[]> {
      const parsed = parseRoomAddress(address);
      if (!parsed) return ['room_not_found'];
      let roomId = parsed;
      if (parsed.startsWith('#')) {
        const answer = await call('GET', `/directory/room/${encodeURIComponent(parsed)}`);
        if (answer.status === 404) return ['room_not_found'];
        if (answer.status !== 200 || typeof answer.body?.room_id !== 'string') throw failureOf(`GET /directory/room/${parsed}`, answer);
        roomId = answer.body.room_id;
      }
      // The state key of m.room.join_rules is empty; the trailing slash is then optional (spec).
      const answer = await call('GET', `/rooms/${encodeURIComponent(roomId)}/state/m.room.join_rules`);
      if (answer.status === 200) return answer.body?.join_rule === 'invite' ? [] : ['room_not_invite_only'];
      if (answer.status === 404) return ['room_not_found'];
      if (answer.status === 403) return ['room_not_accessible'];
      throw failureOf(`GET /rooms/${roomId}/state/m.room.join_rules`, answer);
    },
  };
}

/** A room id or alias in its normal form (matrix.to links unwrapped), or null. */
function parseRoomAddress(address: string): string | null {
  let candidate = address.trim();
  const link = MATRIX_TO.exec(candidate);
  if (link) {
    try {
      candidate = decodeURIComponent(link[1]);
    } catch {
      return null;
    }
  }
  if (candidate.length > MAX_ID_LENGTH) return null;
  return ROOM_ID.test(candidate) || ROOM_ALIAS.test(candidate) ? candidate : null;
}

/**
 * What a failed answer means for the outbox: 429 waits as long as the homeserver asked, 5xx (and a
 * proxy's 502 while the homeserver restarts) are worth retrying, any other 4xx will not get better.
 */
function failureOf(request: string, answer: MatrixAnswer): DeliveryError {
  const errcode = typeof answer.body?.errcode === 'string' ? answer.body.errcode : 'no errcode';
  const detail = typeof answer.body?.error === 'string' ? `: ${answer.body.error}` : '';
  const message = `Matrix ${request} answered ${answer.status} ${errcode}${detail}`;
  const retryAfterMs = retryAfterMsOf(answer);
  if (answer.status === 429 || answer.status === 408 || answer.status >= 500)
    return new DeliveryError(message, retryAfterMs === undefined ? {} : { retryAfterMs });
  return new DeliveryError(message, { permanent: true });
}

/** retry_after_ms from the body (M_LIMIT_EXCEEDED), else the Retry-After header (seconds or an HTTP date). */
function retryAfterMsOf(answer: MatrixAnswer): number | undefined {
  const fromBody = answer.body?.retry_after_ms;
  if (typeof fromBody === 'number' && Number.isFinite(fromBody) && fromBody >= 0) return Math.ceil(fromBody);
  return retryAfterHeaderMs(answer.retryAfterHeader);
}

function isObject(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
