import { spawn, execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
// @ts-expect-error -- @xmpp/client ships no type declarations; XmppClient below types the part the peer uses.
import * as untypedXmpp from '@xmpp/client';
import { freeLoopbackPort } from '../ports.js';

/**
 * A real Prosody (Debian's package; CI installs it) for the XMPP provider's tests: one private
 * server per test file, on a free loopback port, with a multi-user chat component. Room admins
 * act through their own client, like a person in a chat client would, so what the tests read back
 * never goes through the provider under test.
 */
export const PROSODY = process.env.PROSODY_PATH ?? '/usr/bin/prosody';
const PROSODYCTL = join(dirname(PROSODY), 'prosodyctl');
export const hasProsody = existsSync(PROSODY) && existsSync(PROSODYCTL);
if (!hasProsody) {
  const missing = `no prosody at ${PROSODY} (apt-get install prosody, or set PROSODY_PATH)`;
  if (process.env.CI) throw new Error(`XMPP tests cannot run: ${missing}; CI must install it`);
  console.warn(`XMPP tests skipped: ${missing}`);
}

export type Affiliation = 'owner' | 'admin' | 'member' | 'outcast';

export interface RunningProsody {
  /** For the provider's `service` option, e.g. `xmpp://127.0.0.1:40123`. */
  service: string;
  domain: string;
  mucDomain: string;
  /** Creates an account with prosodyctl; returns its bare JID. */
  register(user: string, password: string): Promise<string>;
  /** Creates a persistent members-only room as `ownerJid`, who stays joined; `coOwners` get the owner affiliation too. */
  createMembersOnlyRoom(name: string, ownerJid: string, ownerPassword: string, coOwners?: string[]): Promise<string>;
  /** Same, but open to anyone: what check() must complain about. */
  createOpenRoom(name: string, ownerJid: string, ownerPassword: string, coOwners?: string[]): Promise<string>;
  /** What the room's creator does by hand in a chat client: gives a JID an affiliation (member by default). */
  grantByHand(room: string, jid: string, affiliation?: Affiliation | 'none'): Promise<void>;
  /** The room's affiliation list as its creator reads it, sorted. */
  affiliations(room: string, affiliation: Affiliation): Promise<string[]>;
  /** Closes every session of `jid` from the server side (admin shell), as a server restart or a network cut would. */
  disconnectSessions(jid: string): Promise<void>;
  /** The end of Prosody's log, for error messages. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

interface XmlElement {
  name: string;
  attrs: Record<string, string | undefined>;
  getChild(name: string, xmlns?: string): XmlElement | undefined;
  getChildren(name: string, xmlns?: string): XmlElement[];
}
interface XmppClient {
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  send(element: XmlElement): Promise<void>;
  on(event: 'stanza', listener: (stanza: XmlElement) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  removeListener(event: 'stanza', listener: (stanza: XmlElement) => void): void;
  reconnect: { stop(): void };
  iqCaller: {
    get(payload: XmlElement, to: string, timeoutMs?: number): Promise<XmlElement | undefined>;
    set(payload: XmlElement, to: string, timeoutMs?: number): Promise<XmlElement | undefined>;
  };
}
type Credentials = (
  authenticate: (credentials: { username: string; password: string }, mechanism: string) => Promise<void>,
  mechanisms: string[],
) => Promise<void>;
const { client, xml } = untypedXmpp as {
  client(options: { service: string; domain: string; resource: string; credentials: Credentials }): XmppClient;
  xml(name: string, attrs?: Record<string, string>, ...children: (XmlElement | string)[]): XmlElement;
};

const NS_MUC = 'http://jabber.org/protocol/muc';
const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';
const NS_MUC_ADMIN = 'http://jabber.org/protocol/muc#admin';
const NS_MUC_OWNER = 'http://jabber.org/protocol/muc#owner';
const STEP_TIMEOUT_MS = 10_000;
const STARTUP_TIMEOUT_MS = 15_000;

export async function startProsody(): Promise<RunningProsody> {
  if (!hasProsody) throw new Error(`no prosody at ${PROSODY}`);
  // A free port can be taken between our probe and Prosody's bind: Prosody says so in its log, and we try another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(await freeLoopbackPort());
    } catch (err) {
      if (!(err instanceof PortTaken) || attempt === 3) throw err;
    }
  }
}

class PortTaken extends Error {}

async function startOnce(port: number): Promise<RunningProsody> {
  const domain = 'equipage.test';
  const mucDomain = `conference.${domain}`;
  const dir = mkdtempSync(join(tmpdir(), 'equipage-prosody-'));
  const configFile = join(dir, 'prosody.cfg.lua');
  const logFile = join(dir, 'prosody.log');
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'certs'));
  writeFileSync(configFile, prosodyConfig({ dir, port, domain, mucDomain }));
  // Prosody refuses to run as root; as root we hand the folder to its own system user.
  const owner = process.getuid?.() === 0 ? systemUser('prosody') : null;
  if (owner) for (const path of [dir, join(dir, 'data'), join(dir, 'certs'), configFile]) chownSync(path, owner.uid, owner.gid);

  const logTail = (lines = 30) => {
    try {
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  };
  const logFd = openSync(logFile, 'a');
  // A shell holds Prosody and waits on its stdin, a pipe from this process: if the test worker
  // dies without running afterAll, the pipe closes and the shell stops Prosody. Its own process
  // group (detached), so stop() reaches both.
  const watchdog = 'prosody="$1"; shift; "$prosody" "$@" & read _; kill $! 2>/dev/null; wait';
  const child = spawn('/bin/sh', ['-c', watchdog, 'prosody-watchdog', PROSODY, '-F', '--config', configFile], {
    cwd: dir,
    detached: true,
    stdio: ['pipe', logFd, logFd],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' },
    ...(owner ?? {}),
  });
  closeSync(logFd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const clients = new Map<string, Promise<XmppClient>>();
  const roomCreators = new Map<string, XmppClient>();
  let stopped = false;

  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    await Promise.all(
      [...clients.values()].map(async (pending) => {
        const admin = await pending.catch(() => null);
        if (admin) await withTimeout(admin.stop(), 2_000, 'client stop').catch(() => {});
      }),
    );
    // Closing the watchdog's stdin makes it stop Prosody and reap it; signals only if that stalls.
    child.stdin?.end();
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const gone = await withTimeout(exited, 5_000, 'prosody exit').then(
        () => true,
        () => false,
      );
      if (gone) break;
      killGroup(child, signal);
    }
    await withTimeout(exited, 5_000, 'prosody exit').catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }

  try {
    await waitForListening(port, logTail, exited);
  } catch (err) {
    await stop();
    throw err;
  }

  const asProsody = (args: string[]) =>
    new Promise<string>((resolve, reject) => {
      execFile(
        PROSODYCTL,
        ['--config', configFile, ...args],
        { cwd: dir, timeout: STEP_TIMEOUT_MS, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir }, ...(owner ?? {}) },
        (err, stdout, stderr) => (err ? reject(new Error(`prosodyctl ${args[0]} failed: ${err.message}\n${stderr}${stdout}`)) : resolve(stdout)),
      );
    });

  /** One logged-in client per account for the whole run; PLAIN is allowed on this loopback-only server and skips the client-side SCRAM hashing. */
  function clientOf(jid: string, password: string): Promise<XmppClient> {
    let pending = clients.get(jid);
    if (!pending) {
      const [username] = jid.split('@');
      const admin = client({
        service: `xmpp://127.0.0.1:${port}`,
        domain,
        resource: 'by-hand',
        credentials: (authenticate) => authenticate({ username: username!, password }, 'PLAIN'),
      });
      admin.reconnect.stop();
      admin.on('error', () => {});
      pending = withTimeout(admin.start(), STEP_TIMEOUT_MS, `login of ${jid}`).then(() => admin);
      clients.set(jid, pending);
    }
    return pending;
  }

  async function createRoom(name: string, ownerJid: string, ownerPassword: string, membersOnly: boolean, coOwners: string[]) {
    const room = `${name}@${mucDomain}`;
    const creator = await clientOf(ownerJid, ownerPassword);
    const occupant = `${room}/${ownerJid.split('@')[0]}`;
    const joined = new Promise<void>((resolve) => {
      const onStanza = (stanza: XmlElement) => {
        if (stanza.name === 'presence' && stanza.attrs.from === occupant && stanza.getChild('x', NS_MUC_USER)) {
          creator.removeListener('stanza', onStanza);
          resolve();
        }
      };
      creator.on('stanza', onStanza);
    });
    await creator.send(xml('presence', { to: occupant }, xml('x', { xmlns: NS_MUC })));
    await withTimeout(joined, STEP_TIMEOUT_MS, `joining ${room}`);
    const field = (name: string, value: string) => xml('field', { var: name }, xml('value', {}, value));
    const form = xml(
      'x',
      { xmlns: 'jabber:x:data', type: 'submit' },
      field('FORM_TYPE', 'http://jabber.org/protocol/muc#roomconfig'),
      field('muc#roomconfig_persistentroom', '1'),
      field('muc#roomconfig_membersonly', membersOnly ? '1' : '0'),
    );
    await creator.iqCaller.set(xml('query', { xmlns: NS_MUC_OWNER }, form), room, STEP_TIMEOUT_MS);
    roomCreators.set(room, creator);
    for (const coOwner of coOwners) await grantByHand(room, coOwner, 'owner');
    return room;
  }

  function creatorOf(room: string): XmppClient {
    const creator = roomCreators.get(room);
    if (!creator) throw new Error(`${room} was not created by this peer`);
    return creator;
  }

  async function grantByHand(room: string, jid: string, affiliation: Affiliation | 'none' = 'member'): Promise<void> {
    const item = xml('item', { affiliation, jid });
    await creatorOf(room).iqCaller.set(xml('query', { xmlns: NS_MUC_ADMIN }, item), room, STEP_TIMEOUT_MS);
  }

  return {
    service: `xmpp://127.0.0.1:${port}`,
    domain,
    mucDomain,
    async register(user, password) {
      await asProsody(['register', user, domain, password]);
      return `${user}@${domain}`;
    },
    createMembersOnlyRoom: (name, ownerJid, ownerPassword, coOwners = []) => createRoom(name, ownerJid, ownerPassword, true, coOwners),
    createOpenRoom: (name, ownerJid, ownerPassword, coOwners = []) => createRoom(name, ownerJid, ownerPassword, false, coOwners),
    grantByHand,
    async affiliations(room, affiliation) {
      const query = xml('query', { xmlns: NS_MUC_ADMIN }, xml('item', { affiliation }));
      const result = await creatorOf(room).iqCaller.get(query, room, STEP_TIMEOUT_MS);
      return (result?.getChildren('item') ?? []).flatMap((item) => (item.attrs.jid ? [item.attrs.jid] : [])).sort();
    },
    async disconnectSessions(jid) {
      await asProsody(['shell', `c2s:close(${JSON.stringify(jid)})`]);
    },
    logTail,
    stop,
  };
}

/** No network beyond one loopback c2s port: no s2s, no HTTP, no certificates, no daemon. */
function prosodyConfig(o: { dir: string; port: number; domain: string; mucDomain: string }): string {
  const lua = (s: string) => JSON.stringify(s);
  return `-- Written by test/peers/prosody.ts for one test run.
pidfile = ${lua(join(o.dir, 'prosody.pid'))}
data_path = ${lua(join(o.dir, 'data'))}
certificates = ${lua(join(o.dir, 'certs'))}
plugin_paths = {}
log = { { levels = { min = "info" }, to = "console" } }
interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { ${o.port} }
c2s_interfaces = { "127.0.0.1" }
c2s_direct_tls_ports = {}
legacy_ssl_ports = {}
s2s_ports = {}
component_ports = {}
http_ports = {}
https_ports = {}
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_hashed"
storage = "internal"
admins = {}
-- admin_shell listens on a unix socket in data_path: disconnectSessions() uses it.
modules_enabled = { "roster", "saslauth", "disco", "ping", "posix", "admin_shell" }
modules_disabled = { "s2s", "s2s_auth_certs", "offline" }

VirtualHost ${lua(o.domain)}

Component ${lua(o.mucDomain)} "muc"
  restrict_room_creation = false
`;
}

async function waitForListening(port: number, logTail: (lines?: number) => string, exited: Promise<void>): Promise<void> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    const log = logTail(200);
    if (log.includes(`Activated service 'c2s' on [127.0.0.1]:${port}`)) return;
    if (log.includes('Failed to open server port')) throw new PortTaken(`port ${port} taken:\n${logTail()}`);
    if (hasExited) throw new Error(`prosody exited at startup:\n${logTail()}`);
    if (Date.now() > deadline) throw new Error(`prosody did not listen on ${port} within ${STARTUP_TIMEOUT_MS} ms:\n${logTail()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function systemUser(name: string): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
