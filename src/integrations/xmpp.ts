// @ts-expect-error -- @xmpp/client ships no type declarations; XmppLibrary below types the part we use.
import * as untypedXmpp from '@xmpp/client';
import { randomBytes } from 'node:crypto';
import { DeliveryError, type DeliveryContext, type RoomPerson, type RoomProvider } from './rooms.js';

/**
 * XMPP multi-user chat (XEP-0045) as a room provider. Belonging to a members-only room is the
 * `member` affiliation, so inviting and removing are affiliation changes made by a bot account
 * that owns the room. The bot never joins: Prosody accepts muc#admin requests from an owner's
 * bare JID whether or not it is an occupant. One client connection serves every call, because a
 * login costs about a second of CPU (SCRAM-SHA-1 hashing in @xmpp/client).
 */
export interface XmppProviderOptions {
  /** Where to connect, e.g. `xmpp://chat.example.org:5222` (STARTTLS when offered) or `xmpps://…:5223`. */
  service?: string;
  /** The XMPP domain the bot's account lives on; defaults to the domain of `jid`. */
  domain?: string;
  /** The bot's account, e.g. `equipage@example.org`. */
  jid?: string;
  password?: string;
  /** Per request and for the login; defaults to 10 s. */
  timeoutMs?: number;
  log?: (msg: string, err?: unknown) => void;
}

const NS_MUC_ADMIN = 'http://jabber.org/protocol/muc#admin';
const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';
const DEFAULT_TIMEOUT_MS = 10_000;
/** Conditions that name a passing trouble even when a server types them `cancel`: worth retrying. */
const TRANSIENT_CONDITIONS = new Set(['internal-server-error', 'remote-server-timeout', 'resource-constraint']);

export function createXmppProvider(options: XmppProviderOptions): RoomProvider {
  const { service, jid, password } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const log = options.log ?? ((msg: string, err?: unknown) => console.warn(msg, err ?? ''));
  const bot = jid ? bareJid(jid) : null;
  const configured = Boolean(service && bot && password);
  const session = configured ? createSession({ service: service!, jid: jid!, password: password!, domain: options.domain, timeoutMs, log }) : null;

  function connected(): XmppSession {
    if (!session) throw new Error('XMPP provider not configured (service, jid and password are needed)');
    return session;
  }

  async function affiliationList(room: string, affiliation: string): Promise<string[]> {
    const result = await connected().request('get', room, xml('query', { xmlns: NS_MUC_ADMIN }, xml('item', { affiliation })), `listing ${affiliation}s of`);
    const handles = (result?.getChildren('item') ?? []).flatMap((item) => {
      const listed = (item.attrs.affiliation ?? affiliation) === affiliation;
      const handle = listed && item.attrs.jid ? bareJid(item.attrs.jid) : null;
      return handle && handle !== bot ? [handle] : [];
    });
    return [...new Set(handles)].sort();
  }

  /**
   * Owners and admins run the room by hand and are not the register's to manage: granting them
   * `member` would demote them, and removing them would strip their rights.
   */
  async function runsTheRoom(room: string, handle: string): Promise<boolean> {
    if (handle === bot) return true;
    const [owners, admins] = await Promise.all([affiliationList(room, 'owner'), affiliationList(room, 'admin')]);
    return owners.includes(handle) || admins.includes(handle);
  }

  async function setAffiliation(room: string, handle: string, affiliation: 'member' | 'none', ctx: DeliveryContext): Promise<void> {
    if (await runsTheRoom(room, handle)) {
      log(`xmpp: ${handle} is an owner or admin of ${room}; their affiliation stays as it is (${ctx.reason})`);
      return;
    }
    const item = xml('item', { affiliation, jid: handle }, xml('reason', {}, ctx.reason));
    await connected().request('set', room, xml('query', { xmlns: NS_MUC_ADMIN }, item), `setting ${handle} to ${affiliation} in`);
  }

  return {
    kind: 'xmpp',
    configured,
    handleOf: (person: RoomPerson) => (person.xmppJid ? bareJid(person.xmppJid) : null),
    parseAddress: (address: string) => bareJid(address, { allowResource: false }),
    members: (address) => affiliationList(address, 'member'),
    invite: (address, handle, ctx) => setAffiliation(address, handle, 'member', ctx),
    remove: (address, handle, ctx) => setAffiliation(address, handle, 'none', ctx),
    async check(address) {
      let info: XmlElement | undefined;
      try {
        info = await connected().request('get', address, xml('query', { xmlns: NS_DISCO_INFO }), 'discovering');
      } catch (err) {
        if (err instanceof XmppRefusal && err.condition === 'item-not-found') return ['room_not_found'];
        throw err;
      }
      const isRoom = (info?.getChildren('identity') ?? []).some((identity) => identity.attrs.category === 'conference');
      if (!isRoom) return ['room_not_found'];
      const features = new Set((info?.getChildren('feature') ?? []).map((feature) => feature.attrs.var));
      const problems: string[] = [];
      if (!features.has('muc_membersonly')) problems.push('room_not_members_only');
      // Only owners may read the owner list (XEP-0045 §10.5), and only owners are sure to manage members:
      // a refusal, or a list without the bot, means it cannot keep the room in step.
      const isOwner = await connected()
        .request('get', address, xml('query', { xmlns: NS_MUC_ADMIN }, xml('item', { affiliation: 'owner' })), 'listing owners of')
        .then((result) => (result?.getChildren('item') ?? []).some((item) => item.attrs.jid && bareJid(item.attrs.jid) === bot))
        .catch((err: unknown) => {
          if (err instanceof XmppRefusal) return false;
          throw err;
        });
      if (!isOwner) problems.push('room_not_accessible');
      return problems;
    },
    async close() {
      await session?.close();
    },
  };
}

/**
 * A JID in its bare, lowercase form (`local@domain`), or null when it is not one. Accepts what
 * people paste from their client: an `xmpp:` URI (with `?join`) and, for people, a resource,
 * which is dropped. Lowercasing stands in for stringprep, which folds case the same way for the
 * addresses people actually use.
 */
export function bareJid(input: string, { allowResource = true } = {}): string | null {
  let text = input.trim();
  if (/^xmpp:/i.test(text)) text = text.slice(5).replace(/\?[^/]*$/, '');
  const at = text.indexOf('@');
  const slash = text.indexOf('/');
  if (slash !== -1) {
    if (!allowResource || slash < at) return null;
    text = text.slice(0, slash);
  }
  const match = /^([^\s"&'/:<>@]{1,1023})@([\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*)$/u.exec(text);
  return match ? `${match[1]}@${match[2]}`.toLowerCase() : null;
}

interface XmlElement {
  name: string;
  attrs: Record<string, string | undefined>;
  getChild(name: string, xmlns?: string): XmlElement | undefined;
  getChildren(name: string, xmlns?: string): XmlElement[];
}
interface XmppClient {
  status: string;
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  on(event: 'error', listener: (err: Error) => void): void;
  on(event: 'disconnect' | 'offline' | 'close', listener: () => void): void;
  socket?: { destroy?(): void } | null;
  reconnect: { stop(): void };
  iqCaller: {
    get(payload: XmlElement, to: string, timeoutMs?: number): Promise<XmlElement | undefined>;
    set(payload: XmlElement, to: string, timeoutMs?: number): Promise<XmlElement | undefined>;
  };
}
interface XmppLibrary {
  client(options: { service: string; domain: string; username: string; password: string; resource: string; timeout: number }): XmppClient;
  xml(name: string, attrs?: Record<string, string>, ...children: (XmlElement | string)[]): XmlElement;
}
const { client: createClient, xml } = untypedXmpp as XmppLibrary;

interface XmppSession {
  request(type: 'get' | 'set', room: string, payload: XmlElement, what: string): Promise<XmlElement | undefined>;
  close(): Promise<void>;
}

interface LiveConnection {
  client: XmppClient;
  online: Promise<XmppClient>;
  /** Rejects when this connection drops, so requests in flight fail at once instead of at their timeout. */
  lost: Promise<never>;
  stopped?: Promise<void>;
}

/**
 * The one connection, opened at the first request. When it drops, the next request opens a new
 * one; nothing reconnects in the background, so an idle provider holds no timers and a server
 * that is down costs one failed attempt per delivery, which the outbox retries with its backoff.
 */
function createSession(o: {
  service: string;
  jid: string;
  password: string;
  domain?: string;
  timeoutMs: number;
  log: (msg: string, err?: unknown) => void;
}): XmppSession {
  const [localAndDomain, resourceOfJid] = splitResource(o.jid);
  const [username, jidDomain] = localAndDomain.split('@') as [string, string];
  const domain = o.domain ?? jidDomain;
  // A random resource, so two running instances with the same account do not kick each other out.
  const resource = resourceOfJid ?? `equipage-${randomBytes(4).toString('hex')}`;
  let live: LiveConnection | null = null;
  let closed = false;

  /** Forgets the connection and closes it; the next request opens a new one. */
  function drop(connection: LiveConnection): Promise<void> {
    if (live === connection) live = null;
    connection.stopped ??= (async () => {
      connection.client.reconnect.stop();
      await withTimeout(connection.client.stop(), 2_000, 'XMPP disconnect').catch(() => connection.client.socket?.destroy?.());
    })();
    return connection.stopped;
  }

  function connect(): LiveConnection {
    const xmpp = createClient({ service: o.service, domain, username, password: o.password, resource, timeout: o.timeoutMs });
    xmpp.reconnect.stop();
    let wasOnline = false;
    let markLost: (err: Error) => void = () => {};
    const lost = new Promise<never>((_, reject) => (markLost = reject));
    lost.catch(() => {});
    const connection: LiveConnection = { client: xmpp, lost, online: Promise.resolve(xmpp) };
    xmpp.on('error', (err) => {
      if (wasOnline) o.log(`xmpp: connection error on ${o.service}`, err);
    });
    const onGone = () => {
      markLost(new Error(`XMPP connection to ${o.service} lost`));
      if (live === connection) {
        live = null;
        if (wasOnline && !closed) o.log(`xmpp: connection to ${o.service} lost; the next request reconnects`);
      }
    };
    xmpp.on('disconnect', onGone);
    xmpp.on('offline', onGone);
    // The server closed the stream (restart, admin kick): @xmpp/client does not answer by closing
    // its side, so Prosody would hold the socket until its close timeout (5 s). We close it now.
    xmpp.on('close', () => {
      onGone();
      void drop(connection);
    });
    connection.online = withTimeout(xmpp.start(), o.timeoutMs, `XMPP login to ${o.service}`).then(
      () => {
        wasOnline = true;
        return xmpp;
      },
      (err: unknown) => {
        void drop(connection);
        throw new Error(`XMPP login as ${o.jid} on ${o.service} failed: ${describeError(err)}`, { cause: err });
      },
    );
    return connection;
  }

  return {
    async request(type, room, payload, what) {
      if (closed) throw new Error('XMPP provider closed');
      const connection = (live ??= connect());
      const xmpp = await connection.online;
      try {
        return await Promise.race([xmpp.iqCaller[type](payload, room, o.timeoutMs), connection.lost]);
      } catch (err) {
        if (isStanzaError(err)) {
          const message = `XMPP refused ${what} ${room}: ${err.condition}${err.text ? ` (${err.text})` : ''}`;
          const retrying = err.type === 'wait' || TRANSIENT_CONDITIONS.has(err.condition);
          throw retrying ? new Error(message, { cause: err }) : new XmppRefusal(message, err.condition);
        }
        // A request without an answer may mean a dead TCP connection that nobody noticed: start afresh.
        void drop(connection);
        throw new Error(`XMPP ${what} ${room} failed: ${describeError(err)}`, { cause: err });
      }
    },
    async close() {
      closed = true;
      const connection = live;
      if (!connection) return;
      await connection.online.catch(() => {});
      await drop(connection);
    },
  };
}

function splitResource(jid: string): [string, string | undefined] {
  const slash = jid.indexOf('/');
  return slash === -1 ? [jid.trim(), undefined] : [jid.slice(0, slash).trim(), jid.slice(slash + 1)];
}

/** The server said no for good (forbidden, item-not-found, not-allowed, …): retrying cannot help. */
class XmppRefusal extends DeliveryError {
  constructor(
    message: string,
    readonly condition: string,
  ) {
    super(message, { permanent: true });
  }
}

interface StanzaError extends Error {
  condition: string;
  text?: string;
  /** cancel, auth, modify, wait or continue (RFC 6120 §8.3.2). */
  type?: string;
}

function isStanzaError(err: unknown): err is StanzaError {
  return err instanceof Error && err.name === 'StanzaError' && typeof (err as StanzaError).condition === 'string';
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const condition = (err as { condition?: unknown }).condition;
    return typeof condition === 'string' && !err.message.includes(condition) ? `${condition}: ${err.message}` : err.message || err.name;
  }
  return String(err);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
