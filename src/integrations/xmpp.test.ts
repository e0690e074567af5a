import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasProsody, startProsody, type RunningProsody } from '../../test/peers/prosody.js';
import { DeliveryError, type DeliveryContext, type RoomPerson } from './rooms.js';
import { bareJid, createXmppProvider } from './xmpp.js';
import { freeLoopbackPort } from '../../test/ports.js';

const ctx = (reason: string): DeliveryContext => ({ eventId: `event-${reason}`, roomId: 'room-1', personId: 'person-1', reason });
const person = (xmppJid: string | null): RoomPerson => ({ id: 'p1', displayName: 'Camille', matrixId: null, xmppJid });

describe('XMPP provider without a server', () => {
  it('is configured only with a service, a JID and a password', () => {
    expect(createXmppProvider({}).configured).toBe(false);
    expect(createXmppProvider({ service: 'xmpp://127.0.0.1:5222', jid: 'bot@example.org' }).configured).toBe(false);
    expect(createXmppProvider({ jid: 'bot@example.org', password: 'x' }).configured).toBe(false);
    expect(createXmppProvider({ service: 'xmpp://127.0.0.1:5222', jid: 'bot', password: 'x' }).configured).toBe(false);
    expect(createXmppProvider({ service: 'xmpp://127.0.0.1:5222', jid: 'bot@example.org', password: 'x' }).configured).toBe(true);
  });

  it('refuses to deliver when unconfigured, without connecting anywhere', async () => {
    const provider = createXmppProvider({ jid: 'bot@example.org' });
    await expect(provider.members('room@conference.example.org')).rejects.toThrow(/not configured/);
    await provider.close?.();
  });

  it('normalises handles to lowercase bare JIDs', () => {
    const provider = createXmppProvider({});
    expect(provider.handleOf(person(' Camille@Example.ORG/Gajim '))).toBe('camille@example.org');
    expect(provider.handleOf(person('xmpp:camille@example.org'))).toBe('camille@example.org');
    expect(provider.handleOf(person(null))).toBeNull();
    for (const invalid of [
      '',
      'camille',
      '@example.org',
      'camille@',
      'ca mille@example.org',
      'camille@exa_mple.org',
      'a@b@example.org',
      'https://example.org/@camille',
    ]) {
      expect(provider.handleOf(person(invalid)), invalid).toBeNull();
    }
  });

  it('accepts bare room JIDs only', () => {
    const provider = createXmppProvider({});
    expect(provider.parseAddress('Bureau@Conference.Example.org')).toBe('bureau@conference.example.org');
    expect(provider.parseAddress('xmpp:bureau@conference.example.org?join')).toBe('bureau@conference.example.org');
    expect(provider.parseAddress('bureau@conference.example.org/nick')).toBeNull();
    expect(provider.parseAddress('#bureau:example.org')).toBeNull();
    expect(provider.parseAddress('conference.example.org')).toBeNull();
    expect(bareJid('a@b.example/res@x')).toBe('a@b.example');
  });

  it('fails transiently, without hanging, when nothing listens on the port', async () => {
    const port = await freeLoopbackPort();
    const logged: string[] = [];
    const provider = createXmppProvider({
      service: `xmpp://127.0.0.1:${port}`,
      jid: 'bot@example.org',
      password: 'x',
      timeoutMs: 3_000,
      log: (msg) => logged.push(msg),
    });
    const failure = await provider.members('room@conference.example.org').then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure instanceof DeliveryError && failure.options.permanent).toBe(false);
    expect(String(failure)).toMatch(/XMPP login as bot@example.org/);
    // Each call tries again rather than remembering the failure.
    await expect(provider.check('room@conference.example.org')).rejects.toThrow(/XMPP login/);
    await provider.close?.();
  });

  it('gives up on a server that accepts the connection but never answers, and lets go of the socket', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket.resume()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const provider = createXmppProvider({ service: `xmpp://127.0.0.1:${port}`, jid: 'bot@example.org', password: 'x', timeoutMs: 300, log: () => {} });
    try {
      const failure = await provider.invite('room@conference.example.org', 'camille@example.org', ctx('membership_started')).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(Error);
      expect(failure instanceof DeliveryError && failure.options.permanent).toBe(false);
      expect(String(failure)).toMatch(/timed out/);
      await expect.poll(() => sockets.length > 0 && sockets.every((socket) => socket.closed || socket.readableEnded), { timeout: 5_000 }).toBe(true);
    } finally {
      await provider.close?.();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe.skipIf(!hasProsody)('XMPP provider against a real Prosody', () => {
  let prosody: RunningProsody;
  let provider: ReturnType<typeof createXmppProvider>;
  let admin: string;
  let bot: string;
  let room: string;
  const logged: string[] = [];

  beforeAll(async () => {
    prosody = await startProsody();
    try {
      [admin, bot] = await Promise.all([prosody.register('admin', 'admin-password'), prosody.register('bot', 'bot-password')]);
      // A person made the room and then the bot a co-owner, as a room admin sets it up by hand.
      room = await prosody.createMembersOnlyRoom('bureau', admin, 'admin-password', [bot]);
      provider = createXmppProvider({ service: prosody.service, jid: bot, password: 'bot-password', timeoutMs: 5_000, log: (msg) => logged.push(msg) });
    } catch (err) {
      throw new Error(`${String(err)}\n--- prosody log ---\n${prosody.logTail()}`, { cause: err });
    }
  });

  afterAll(async () => {
    await provider?.close?.();
    await prosody?.stop();
  });

  it('invites by granting the member affiliation, listed by members(), and removes by revoking it', async () => {
    const camille = `camille@${prosody.domain}`;
    await provider.invite(room, camille, ctx('membership_started'));
    expect(await prosody.affiliations(room, 'member')).toEqual([camille]);
    expect(await provider.members(room)).toEqual([camille]);

    await provider.remove(room, camille, ctx('membership_lapsed'));
    expect(await prosody.affiliations(room, 'member')).toEqual([]);
    expect(await provider.members(room)).toEqual([]);
  });

  it('invites twice without error, leaving one member', async () => {
    const dominique = 'dominique@elsewhere.example';
    await provider.invite(room, dominique, ctx('membership_started'));
    await provider.invite(room, dominique, ctx('reconcile'));
    expect(await prosody.affiliations(room, 'member')).toEqual([dominique]);
    await provider.remove(room, dominique, ctx('membership_lapsed'));
    await provider.remove(room, dominique, ctx('membership_lapsed'));
    expect(await prosody.affiliations(room, 'member')).toEqual([]);
  });

  it('sees members granted by hand, never the bot or the owners', async () => {
    await prosody.grantByHand(room, 'Eden@Elsewhere.example');
    expect(await provider.members(room)).toEqual(['eden@elsewhere.example']);
    expect(await prosody.affiliations(room, 'owner')).toEqual([admin, bot].sort());
    await prosody.grantByHand(room, 'eden@elsewhere.example', 'none');
    expect(await provider.members(room)).toEqual([]);
  });

  it('leaves owners and admins as they are instead of demoting them', async () => {
    await prosody.grantByHand(room, `moderation@${prosody.domain}`, 'admin');
    await provider.invite(room, admin, ctx('membership_started'));
    await provider.invite(room, `moderation@${prosody.domain}`, ctx('membership_started'));
    await provider.remove(room, `moderation@${prosody.domain}`, ctx('membership_lapsed'));
    expect(await prosody.affiliations(room, 'owner')).toEqual([admin, bot].sort());
    expect(await prosody.affiliations(room, 'admin')).toEqual([`moderation@${prosody.domain}`]);
    expect(await prosody.affiliations(room, 'member')).toEqual([]);
  });

  it('checks that the room is members-only and owned by the bot', async () => {
    expect(await provider.check(room)).toEqual([]);
    const open = await prosody.createOpenRoom('accueil', admin, 'admin-password', [bot]);
    expect(await provider.check(open)).toEqual(['room_not_members_only']);
    const notOurs = await prosody.createMembersOnlyRoom('prive', admin, 'admin-password');
    expect(await provider.check(notOurs)).toEqual(['room_not_accessible']);
    expect(await provider.check(`absent@${prosody.mucDomain}`)).toEqual(['room_not_found']);
  });

  it('fails permanently where retrying cannot help', async () => {
    const absent = provider.invite(`absent@${prosody.mucDomain}`, `camille@${prosody.domain}`, ctx('membership_started'));
    await expect(absent).rejects.toSatisfy((err) => err instanceof DeliveryError && err.options.permanent === true);
    const notOurs = await prosody.createMembersOnlyRoom('tresorerie', admin, 'admin-password');
    const forbidden = provider.invite(notOurs, `camille@${prosody.domain}`, ctx('membership_started'));
    await expect(forbidden).rejects.toSatisfy((err) => err instanceof DeliveryError && err.options.permanent === true && /forbidden/.test(err.message));
    expect(await prosody.affiliations(notOurs, 'member')).toEqual([]);
  });

  it('reconnects at the next request after the server drops the connection', async () => {
    await provider.members(room);
    await prosody.disconnectSessions(bot);
    await expect.poll(() => logged.some((msg) => msg.includes('connection to') && msg.includes('lost')), { timeout: 5_000 }).toBe(true);
    await provider.invite(room, `florence@${prosody.domain}`, ctx('membership_started'));
    expect(await prosody.affiliations(room, 'member')).toEqual([`florence@${prosody.domain}`]);
  });
});
