import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';
import { acceptMembers, seatBureau } from '../../../test/members.js';
import { hasProsody, startProsody, type RunningProsody } from '../../../test/peers/prosody.js';

/**
 * "The members' room holds exactly the active members", against a real XMPP server (Debian's Prosody, started here): the members'
 * room is members-only and its `member` affiliations follow the register.
 */
describe.skipIf(!hasProsody)(`the members' XMPP room follows the register, on a real Prosody (${dialectUnderTest})`, () => {
  let prosody: RunningProsody;
  let room: string;
  let a: TestAssociation;
  let roomId: string;
  const members = () => prosody.affiliations(room, 'member');

  beforeAll(async () => {
    prosody = await startProsody();
    const bot = await prosody.register('equipage', 'bot-password-123');
    room = await prosody.createMembersOnlyRoom('membres', bot, 'bot-password-123');
    a = await buildAssociation({
      config: { XMPP_SERVICE: prosody.service, XMPP_DOMAIN: prosody.domain, XMPP_JID: bot, XMPP_PASSWORD: 'bot-password-123', LIFECYCLE_AUTO_LAPSE: 'true' },
    });
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/rooms',
      headers: a.admin.headers,
      payload: { provider: 'xmpp', address: room, audience: 'members', name: 'Salon des membres' },
    });
    expect(res.statusCode, res.body).toBe(201);
    roomId = res.json().id;
    // The room's first reconciliation, queued when it was registered: the room is empty, so is the register.
    await a.dispatcher().drain();
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await prosody?.stop();
  });

  const get = (url: string) => a.app.inject({ method: 'GET', url, headers: a.admin.headers });

  it('accepting applicants grants them `member`; a resignation and a lapse revoke it; a JID added by hand is extra until reconciled', async () => {
    const bureau = await seatBureau(a);
    const camille = `camille@${prosody.domain}`;
    const dominique = `dominique@${prosody.domain}`;
    const [c] = await acceptMembers(a, bureau, [
      { displayName: 'Camille', xmppJid: camille },
      { displayName: 'Dominique', xmppJid: dominique },
    ]);
    expect(await members()).toEqual([]);
    await a.dispatcher().drain();
    expect(await members()).toEqual([camille, dominique]);

    // The room's administrator adds someone by hand, in their chat client.
    const intruder = `intrus@${prosody.domain}`;
    await prosody.grantByHand(room, intruder);
    const drift = await get(`/api/v1/rooms/${roomId}/drift`);
    expect(drift.statusCode, drift.body).toBe(200);
    expect(drift.json()).toMatchObject({
      missing: [],
      extra: [{ handle: intruder, personId: null }],
      unreachable: [],
      problems: [],
      membersFromProvider: true,
    });

    const resigned = await a.app.inject({ method: 'POST', url: `/api/v1/people/${c.id}/membership/resign`, headers: c.headers, payload: {} });
    expect(resigned.statusCode, resigned.body).toBe(200);
    await a.dispatcher().drain();
    expect(await members()).toEqual([dominique, intruder]);

    // Dominique contributes no more: a year later the notice, after the grace the membership lapses.
    for (const date of ['2027-01-12', '2027-03-14']) {
      a.clock.set(`${date}T20:00:00.000Z`);
      const run = await a.app.inject({ method: 'POST', url: '/api/v1/lifecycle/run', headers: a.admin.headers, payload: { date } });
      expect(run.statusCode, run.body).toBe(200);
    }
    expect(
      (
        await get(
          `/api/v1/people/${(await get(`/api/v1/members?history=true`)).json().items.find((m: { displayName: string }) => m.displayName === 'Dominique').personId}/membership`,
        )
      ).json().status,
    ).toBe('lapsed');
    await a.dispatcher().drain();
    expect(await members()).toEqual([intruder]);

    const repaired = await a.app.inject({ method: 'POST', url: `/api/v1/rooms/${roomId}/reconcile`, headers: a.admin.headers, payload: {} });
    expect(repaired.json()).toMatchObject({ queued: 1, extra: [{ handle: intruder }] });
    await a.dispatcher().drain();
    expect(await members()).toEqual([]);
    expect((await get(`/api/v1/rooms/${roomId}/drift`)).json()).toMatchObject({ missing: [], extra: [] });
  });
});
