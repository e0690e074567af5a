import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, type TestAssociation } from './harness.js';
import { acceptMembers, seatBureau, type Someone } from './members.js';

/**
 * The role × route matrix with state (beside test/authorization/, which tests each role fresh):
 * a member who resigned, a member whose membership lapsed, and an administrator who is not on the
 * bureau — what each can and cannot do in the bureau, sessions and assemblies routes.
 */
const NOW = '2026-12-01T10:00:00.000Z';
const DAY = 86_400_000;

describe(`who may do what, by the state they are in (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let bureau: Someone[];
  let resigned: Someone;
  let lapsed: Someone;
  let member: Someone;
  let assemblyId: string;
  let resolutionId: string;
  let closedSessionId: string;

  const post = (url: string, payload: object, headers: Record<string, string>) => a.app.inject({ method: 'POST', url, headers, payload });
  const get = (url: string, headers: Record<string, string>) => a.app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    a = await buildAssociation();
    bureau = await seatBureau(a);
    [resigned, lapsed, member] = await acceptMembers(a, bureau, [
      { displayName: 'Rémi Démission' },
      { displayName: 'Léa Échue' },
      { displayName: 'Maud Membre' },
    ]);
    a.clock.set(NOW);
    // A session held and closed: its minutes are for members and the bureau.
    const session = await post('/api/v1/bureau/sessions', { scheduledAt: '2026-12-01T09:00:00.000Z' }, bureau[0].headers);
    closedSessionId = session.json().id;
    await post(`/api/v1/bureau/sessions/${closedSessionId}/open`, { presentPersonIds: bureau.map((b) => b.id) }, bureau[0].headers);
    await post(`/api/v1/bureau/sessions/${closedSessionId}/close`, {}, bureau[0].headers);
    // An assembly convened while all three were members, then opened with a resolution to vote.
    const scheduledAt = new Date(Date.parse(NOW) + 20 * DAY).toISOString();
    assemblyId = (await post('/api/v1/assemblies', { kind: 'ordinary', title: 'AG', scheduledAt }, bureau[0].headers)).json().id;
    expect((await post(`/api/v1/assemblies/${assemblyId}/items`, { title: 'Rapport moral' }, bureau[0].headers)).statusCode).toBe(201);
    await post(`/api/v1/assemblies/${assemblyId}/convene`, {}, bureau[0].headers);
    // Then one resigns, and another's membership lapses.
    expect((await post(`/api/v1/people/${resigned.id}/membership/resign`, {}, resigned.headers)).statusCode).toBe(200);
    await a.database.db.updateTable('memberships').set({ status: 'lapsed', until: '2026-12-01' }).where('person_id', '=', lapsed.id).execute();
    a.clock.set(scheduledAt);
    await post(`/api/v1/assemblies/${assemblyId}/open`, {}, bureau[0].headers);
    resolutionId = (await post(`/api/v1/assemblies/${assemblyId}/resolutions`, { title: 'Comptes', majority: 'simple' }, bureau[0].headers)).json().id;
    await post(`/api/v1/assemblies/${assemblyId}/resolutions/${resolutionId}/open`, {}, bureau[0].headers);
  });
  afterAll(async () => a?.close());

  describe.each([
    ['a member who resigned', () => resigned],
    ['a member whose membership lapsed', () => lapsed],
  ])('%s', (_label, who) => {
    it('reads no more minutes of the bureau', async () => {
      expect((await get(`/api/v1/bureau/sessions/${closedSessionId}/minutes`, who().headers)).statusCode).toBe(403);
    });
    it('votes no more, and gives or holds no proxy', async () => {
      const vote = await post(`/api/v1/assemblies/${assemblyId}/resolutions/${resolutionId}/vote`, { choice: 'for' }, who().headers);
      expect([vote.statusCode, vote.json().code]).toEqual([422, 'not_a_voter']);
      const give = await post(`/api/v1/assemblies/${assemblyId}/proxy`, { holderId: member.id }, who().headers);
      expect([give.statusCode, give.json().code]).toEqual([422, 'not_a_voter']);
      const hold = await post(`/api/v1/assemblies/${assemblyId}/proxy`, { holderId: who().id }, member.headers);
      expect(hold.statusCode).toBe(422);
    });
    it('changes nothing of the bureau, its sessions or the assembly', async () => {
      expect((await post('/api/v1/bureau/members', { personId: member.id, office: 'member' }, who().headers)).statusCode).toBe(403);
      expect((await post('/api/v1/bureau/sessions', { scheduledAt: '2027-02-01T18:00:00.000Z' }, who().headers)).statusCode).toBe(403);
      expect((await post(`/api/v1/assemblies/${assemblyId}/check-in`, { personId: who().id }, who().headers)).statusCode).toBe(403);
      expect((await post(`/api/v1/assemblies/${assemblyId}/close`, {}, who().headers)).statusCode).toBe(403);
    });
  });

  it('a member on the day still votes', async () => {
    expect((await post(`/api/v1/assemblies/${assemblyId}/check-in`, { personId: member.id }, bureau[0].headers)).statusCode).toBe(200);
    const vote = await post(`/api/v1/assemblies/${assemblyId}/resolutions/${resolutionId}/vote`, { choice: 'for' }, member.headers);
    expect(vote.statusCode, vote.body).toBe(200);
  });

  describe('an administrator who is not on the bureau', () => {
    it('proposes a change of the bureau but neither confirms it nor gives themself an office', async () => {
      const newcomer = await a.person();
      const proposed = await post('/api/v1/bureau/members', { personId: newcomer.id, office: 'member' }, a.admin.headers);
      expect(proposed.statusCode, proposed.body).toBe(202);
      expect((await post(`/api/v1/bureau/changes/${proposed.json().id}/confirm`, {}, a.admin.headers)).statusCode).toBe(403);
      expect((await post('/api/v1/bureau/members', { personId: a.admin.id, office: 'member' }, a.admin.headers)).json().code).toBe('self_appointment');
      // A bureau member may still turn it down.
      expect((await post(`/api/v1/bureau/changes/${proposed.json().id}/cancel`, {}, bureau[2].headers)).statusCode).toBe(200);
    });
    it('neither plans, opens nor decides in a bureau session, but reads its minutes', async () => {
      expect((await post('/api/v1/bureau/sessions', { scheduledAt: '2027-02-01T18:00:00.000Z' }, a.admin.headers)).statusCode).toBe(403);
      expect((await post(`/api/v1/bureau/sessions/${closedSessionId}/open`, { presentPersonIds: [] }, a.admin.headers)).statusCode).toBe(403);
      expect((await get(`/api/v1/bureau/sessions/${closedSessionId}/minutes`, a.admin.headers)).statusCode).toBe(200);
    });
    it('prepares assemblies but does not hold them', async () => {
      expect((await post(`/api/v1/assemblies/${assemblyId}/check-in`, { personId: member.id }, a.admin.headers)).statusCode).toBe(403);
      expect((await post(`/api/v1/assemblies/${assemblyId}/resolutions/${resolutionId}/close`, {}, a.admin.headers)).statusCode).toBe(403);
      const draft = await post('/api/v1/assemblies', { kind: 'ordinary', title: 'AG 2028', scheduledAt: '2027-06-01T18:00:00.000Z' }, a.admin.headers);
      expect(draft.statusCode).toBe(201);
    });
  });
});
