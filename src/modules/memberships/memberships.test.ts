import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type TestAssociation, expectProblem, stateFingerprint } from '../../../test/harness.js';

/**
 * The membership API: one's own membership, resignation, exclusion by the bureau,
 * returning, and the register. Members are made as the bylaws make them: an application accepted
 * by the bureau in a session; each is active through one confirmed contribution.
 */
const APPLIED_AT = '2026-01-10T10:00:00.000Z';
const ACCEPTED_AT = '2026-01-20T19:00:00.000Z';
const RESIGNED_AT = '2026-03-10T10:00:00.000Z';
const EXCLUSION_SESSION = '2026-03-17T19:00:00.000Z';
/** 20:00 in Paris, summer time: still 7 April there. */
const RETURN_SESSION = '2026-04-07T18:00:00.000Z';

type Headers = Record<string, string>;
interface Someone {
  id: string;
  email: string;
  displayName: string;
  headers: Headers;
}

describe(`memberships (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let bureau: Someone[];

  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set(APPLIED_AT);
    bureau = [];
    for (const office of ['president', 'secretary', 'treasurer'] as const) {
      const p = await a.person({ displayName: `Bureau ${office}` });
      await a.services.bureau.appoint(system, { personId: p.id, office });
      bureau.push({ ...p, headers: await a.bearer(p.id) });
    }
  });
  afterEach(async () => {
    await a?.close();
  });

  const post = (url: string, headers: Headers, payload?: object) => a.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const get = (url: string, headers: Headers = a.admin.headers) => a.app.inject({ method: 'GET', url, headers });
  const membership = (personId: string, headers: Headers = a.admin.headers) => get(`/api/v1/people/${personId}/membership`, headers);
  const resign = (personId: string, headers: Headers) => post(`/api/v1/people/${personId}/membership/resign`, headers);
  const mails = async (email: string): Promise<{ kind: string; body: string }[]> =>
    (await get(`/api/v1/mail?to=${encodeURIComponent(email)}`)).json().items.reverse();
  const topics = async (personId: string): Promise<string[]> =>
    (await get(`/api/v1/outbox?subjectId=${personId}`))
      .json()
      .items.map((e: { topic: string }) => e.topic)
      .reverse();

  async function plan(scheduledAt: string): Promise<string> {
    const res = await post('/api/v1/bureau/sessions', bureau[0].headers, { scheduledAt });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }
  async function openWithQuorum(sessionId: string) {
    const res = await post(`/api/v1/bureau/sessions/${sessionId}/open`, bureau[0].headers, { presentPersonIds: bureau.map((b) => b.id) });
    expect(res.statusCode, res.body).toBe(200);
  }
  const decide = (sessionId: string, payload: object) => post(`/api/v1/bureau/sessions/${sessionId}/decisions`, bureau[1].headers, payload);

  async function apply(headers: Headers) {
    const res = await post('/api/v1/applications', headers, { motivation: 'Je modère le forum' });
    expect(res.statusCode, res.body).toBe(201);
  }
  /** Accepts every application on the session's agenda, the clock at the session. */
  async function acceptAll(sessionId: string, at: string) {
    a.clock.set(at);
    await openWithQuorum(sessionId);
    for (const item of (await get(`/api/v1/bureau/sessions/${sessionId}`, bureau[0].headers)).json().agenda) {
      const res = await decide(sessionId, { applicationId: item.applicationId, outcome: 'accepted' });
      expect(res.statusCode, res.body).toBe(201);
    }
  }
  /** People with one confirmed contribution (5 January 2026 unless said), applying, accepted on 20 January 2026. */
  async function acceptMembers(people: (string | { displayName: string; contributedOn: string })[]): Promise<Someone[]> {
    a.clock.set(APPLIED_AT);
    const sessionId = await plan(ACCEPTED_AT);
    const made: Someone[] = [];
    for (const entry of people) {
      const { displayName, contributedOn } = typeof entry === 'string' ? { displayName: entry, contributedOn: '2026-01-05' } : entry;
      const p = await a.person({ displayName });
      const recorded = await post('/api/v1/contributions', a.admin.headers, {
        personId: p.id,
        kind: 'moderation',
        occurredOn: contributedOn,
        summary: 'Modération',
      });
      expect(recorded.json()).toMatchObject({ status: 'confirmed' });
      const headers = await a.bearer(p.id);
      await apply(headers);
      made.push({ ...p, headers });
    }
    await acceptAll(sessionId, ACCEPTED_AT);
    return made;
  }

  /** "The members' room holds exactly the active members": every start of a membership queued a room invitation, every end a removal. */
  async function expectRoomFollowsMemberships() {
    const memberships = await a.database.db.selectFrom('memberships').select(['person_id', 'status']).execute();
    const outbox = await a.database.db.selectFrom('outbox').select(['subject_id', 'topic']).where('topic', 'in', ['room.invite', 'room.remove']).execute();
    /** How many of each person's ids the list holds. */
    const perPerson = (ids: (string | null)[]) => ids.reduce<Record<string, number>>((n, id) => ({ ...n, [String(id)]: (n[String(id)] ?? 0) + 1 }), {});
    const ended = memberships.filter((m) => m.status !== 'active' && m.status !== 'lapsing');
    expect(memberships.length).toBeGreaterThan(0);
    expect(perPerson(outbox.filter((o) => o.topic === 'room.invite').map((o) => o.subject_id))).toEqual(perPerson(memberships.map((m) => m.person_id)));
    expect(perPerson(outbox.filter((o) => o.topic === 'room.remove').map((o) => o.subject_id))).toEqual(perPerson(ended.map((m) => m.person_id)));
  }

  describe('one’s own membership', () => {
    it('the person, the bureau and administrators read it; anyone else gets 404; a non-member reads none', async () => {
      const [m] = await acceptMembers(['Maëlle Membre']);
      const decisionId = (await a.database.db.selectFrom('decisions').select('id').executeTakeFirstOrThrow()).id;
      const expected = {
        status: 'active',
        since: '2026-01-20',
        until: null,
        graceUntil: null,
        history: [expect.objectContaining({ status: 'active', since: '2026-01-20', until: null, decisionId, endedReason: null })],
      };
      for (const headers of [m.headers, bureau[2].headers, a.admin.headers]) {
        const res = await membership(m.id, headers);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toEqual(expected);
      }
      const other = await a.actingAs('person');
      const member = await a.actingAs('member');
      expectProblem(await membership(m.id, other.headers), 404, 'not_found');
      expectProblem(await membership(m.id, member.headers), 404, 'not_found');
      expectProblem(await membership(m.id, {}), 401, 'unauthenticated');
      expect((await membership(other.id!, other.headers)).json()).toEqual({ status: 'none', since: null, until: null, graceUntil: null, history: [] });
      expect((await membership(other.id!)).json()).toMatchObject({ status: 'none' });
      expectProblem(await membership('no-such-person'), 404, 'not_found');
    });
  });

  describe('resignation', () => {
    it('by the member, effective at once: resigned until today, out of the room, told by mail', async () => {
      const [m] = await acceptMembers(['Maëlle Membre']);
      a.clock.set(RESIGNED_AT);
      const res = await resign(m.id, m.headers);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'resigned',
        since: '2026-01-20',
        until: '2026-03-10',
        history: [expect.objectContaining({ endedReason: 'resigned' })],
      });
      expect(await topics(m.id)).toEqual(['membership.started', 'room.invite', 'room.remove', 'membership.ended']);
      const removal = (await get(`/api/v1/outbox?subjectId=${m.id}&topic=room.remove`)).json().items[0];
      expect(removal.payload).toMatchObject({ personId: m.id, audience: 'members', reason: 'membership_resigned' });
      const last = (await mails(m.email)).at(-1)!;
      expect(last.kind).toBe('membership_resigned');
      expect(last.body).toContain('mardi 10 mars 2026');
      expect((await get('/api/v1/me', m.headers)).json().roles).not.toContain('member');
      expect((await get(`/api/v1/audit?subjectType=person&subjectId=${m.id}`)).json().items[0]).toMatchObject({ action: 'membership.resign', actorId: m.id });
      // Once is enough.
      expectProblem(await resign(m.id, m.headers), 409, 'illegal_transition');
      await expectRoomFollowsMemberships();
    });

    it('by anyone else — another person, a bureau member, an administrator — 403, and nothing changes', async () => {
      const [m] = await acceptMembers(['Maëlle Membre']);
      const other = await a.actingAs('person');
      a.clock.set(RESIGNED_AT);
      const before = await stateFingerprint(a);
      for (const headers of [other.headers, bureau[0].headers, a.admin.headers]) expectProblem(await resign(m.id, headers), 403, 'forbidden');
      expectProblem(await resign(m.id, {}), 401, 'unauthenticated');
      expect(await stateFingerprint(a)).toBe(before);
      expect((await membership(m.id)).json()).toMatchObject({ status: 'active' });
    });

    it('someone who is not a member: 409 illegal_transition, and nothing changes', async () => {
      const other = await a.actingAs('contributor');
      const before = await stateFingerprint(a);
      expectProblem(await resign(other.id!, other.headers), 409, 'illegal_transition');
      expect(await stateFingerprint(a)).toBe(before);
    });
  });

  describe('exclusion', () => {
    it('a free item about a member, decided excluded with a rationale: excluded, told why, out of the room', async () => {
      const [m] = await acceptMembers(['Maëlle Membre']);
      const outsider = await a.actingAs('contributor');
      a.clock.set('2026-03-01T10:00:00.000Z');
      const sessionId = await plan(EXCLUSION_SESSION);
      const addItem = (payload: object) => post(`/api/v1/bureau/sessions/${sessionId}/agenda`, bureau[0].headers, payload);

      let before = await stateFingerprint(a);
      const notMember = expectProblem(await addItem({ title: 'Exclusion', personId: outsider.id }), 400, 'validation_failed');
      expect(notMember.errors).toEqual([expect.objectContaining({ path: '/personId', code: 'not_a_member' })]);
      expect(await stateFingerprint(a)).toBe(before);
      const added = await addItem({ title: 'Exclusion de Maëlle', body: 'Harcèlement répété sur le forum', personId: m.id });
      expect(added.statusCode, added.body).toBe(201);
      const item = added.json().agenda.at(-1);
      expect(item).toMatchObject({ kind: 'free', personId: m.id, title: 'Exclusion de Maëlle', state: 'open' });

      a.clock.set(EXCLUSION_SESSION);
      await openWithQuorum(sessionId);
      before = await stateFingerprint(a);
      const unexplained = expectProblem(await decide(sessionId, { agendaItemId: item.id, outcome: 'excluded', rationale: '  ' }), 400, 'validation_failed');
      expect(unexplained.errors).toEqual([expect.objectContaining({ path: '/rationale', code: 'required' })]);
      const wrongOutcome = expectProblem(await decide(sessionId, { agendaItemId: item.id, outcome: 'lapse_confirmed' }), 400, 'validation_failed');
      expect(wrongOutcome.errors).toEqual([expect.objectContaining({ path: '/outcome', code: 'outcome_not_for_item' })]);
      expect(await stateFingerprint(a)).toBe(before);

      const rationale = 'Harcèlement répété malgré deux avertissements';
      const res = await decide(sessionId, { agendaItemId: item.id, outcome: 'excluded', rationale, votes: { for: 3, against: 0, abstain: 0 } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ outcome: 'excluded', rationale, membershipId: (await membership(m.id)).json().history[0].id });
      expect((await membership(m.id)).json()).toMatchObject({
        status: 'excluded',
        until: '2026-03-17',
        history: [expect.objectContaining({ endedReason: 'excluded', endedDecisionId: res.json().id })],
      });
      const last = (await mails(m.email)).at(-1)!;
      expect(last.kind).toBe('membership_excluded');
      expect(last.body).toContain(rationale);
      expect(last.body).toContain('mardi 17 mars 2026');
      expect(await topics(m.id)).toEqual(['membership.started', 'room.invite', 'room.remove', 'membership.ended']);
      expectProblem(await decide(sessionId, { agendaItemId: item.id, outcome: 'excluded', rationale }), 409, 'already_decided');
      await expectRoomFollowsMemberships();
    });
  });

  it('returning: a resigned member applies again and, accepted, holds a second membership; the history keeps both', async () => {
    const [m] = await acceptMembers(['Maëlle Membre']);
    a.clock.set(RESIGNED_AT);
    expect((await resign(m.id, m.headers)).statusCode).toBe(200);

    const sessionId = await plan(RETURN_SESSION);
    await apply(m.headers);
    await acceptAll(sessionId, RETURN_SESSION);

    const view = (await membership(m.id, m.headers)).json();
    expect(view).toMatchObject({ status: 'active', since: '2026-04-07', until: null });
    expect(view.history).toEqual([
      expect.objectContaining({ status: 'active', since: '2026-04-07', until: null }),
      expect.objectContaining({ status: 'resigned', since: '2026-01-20', until: '2026-03-10' }),
    ]);
    expect(view.history[0].id).not.toBe(view.history[1].id);
    expect(await topics(m.id)).toEqual(['membership.started', 'room.invite', 'room.remove', 'membership.ended', 'membership.started', 'room.invite']);
    expect((await get('/api/v1/me', m.headers)).json().roles).toContain('member');
    await expectRoomFollowsMemberships();
  });

  describe('the register of members', () => {
    /** Alice and Zoé active, Bruno resigned on 10 March, Denis lapsing since 2 February (his contribution counted until 1 February). */
    async function register() {
      const [alice, bruno, denis, zoe] = await acceptMembers([
        'Alice Active',
        'Bruno Parti',
        { displayName: 'Denis Distant', contributedOn: '2025-02-01' },
        '=1+1 Zoé',
      ]);
      expect(await a.services.lifecycle.run('2026-02-02')).toMatchObject({ lapsing: 1 });
      a.clock.set(RESIGNED_AT);
      expect((await resign(bruno.id, bruno.headers)).statusCode).toBe(200);
      return { alice, bruno, denis, zoe };
    }
    const list = async (query = '', headers: Headers = bureau[0].headers) => {
      const res = await get(`/api/v1/members${query}`, headers);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as { personId: string; displayName: string; since: string; until: string | null; status: string }[];
    };

    it('current members with their since-dates by default; a status filter; the whole history', async () => {
      const { alice, bruno, denis, zoe } = await register();
      expect(await list()).toEqual([
        { personId: zoe.id, displayName: '=1+1 Zoé', since: '2026-01-20', until: null, status: 'active', endedReason: null },
        { personId: alice.id, displayName: 'Alice Active', since: '2026-01-20', until: null, status: 'active', endedReason: null },
        { personId: denis.id, displayName: 'Denis Distant', since: '2026-01-20', until: null, status: 'lapsing', endedReason: null },
      ]);
      expect((await list('?status=lapsing')).map((e) => e.personId)).toEqual([denis.id]);
      expect(await list('?status=resigned')).toEqual([
        { personId: bruno.id, displayName: 'Bruno Parti', since: '2026-01-20', until: '2026-03-10', status: 'resigned', endedReason: 'resigned' },
      ]);
      expect(await list('?status=excluded')).toEqual([]);
      expect((await list('?history=true')).map((e) => [e.displayName, e.status])).toEqual([
        ['=1+1 Zoé', 'active'],
        ['Alice Active', 'active'],
        ['Bruno Parti', 'resigned'],
        ['Denis Distant', 'lapsing'],
      ]);
      expect(await list('', a.admin.headers)).toHaveLength(3);
      expectProblem(await get('/api/v1/members?status=gone', bureau[0].headers), 400, 'validation_failed');
    });

    it('pages through the register with a limit and the cursor it gives, in name order, never repeating a row', async () => {
      const { alice, denis, zoe } = await register();
      const first = await get('/api/v1/members?limit=2', bureau[0].headers);
      expect(first.json().items.map((e: { personId: string }) => e.personId)).toEqual([zoe.id, alice.id]);
      const cursor = first.json().nextCursor as string;
      expect(cursor).toEqual(expect.any(String));
      const second = await get(`/api/v1/members?limit=2&cursor=${encodeURIComponent(cursor)}`, bureau[0].headers);
      expect(second.json()).toEqual({ items: [expect.objectContaining({ personId: denis.id })], nextCursor: null });
      expect((await get('/api/v1/members', bureau[0].headers)).json().nextCursor).toBeNull();
      expectProblem(await get('/api/v1/members?limit=2&cursor=not-a-cursor', bureau[0].headers), 400, 'validation_failed');
      const page = await get('/members', bureau[0].headers);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('rel="next"');
    });

    it('exports the register as CSV: a header, one line per member, a formula in a name neutralised', async () => {
      const { alice, denis, zoe } = await register();
      const res = await get('/api/v1/members/export.csv', bureau[0].headers);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename=".+\.csv"/);
      const lines = res.body.replace(/^\ufeff/, '').split('\r\n');
      expect(lines.at(-1)).toBe('');
      expect(lines.slice(0, -1)).toEqual([
        'personId;displayName;email;status;since;until;endedReason',
        `${zoe.id};'=1+1 Zoé;${zoe.email};active;2026-01-20;;`,
        `${alice.id};Alice Active;${alice.email};active;2026-01-20;;`,
        `${denis.id};Denis Distant;${denis.email};lapsing;2026-01-20;;`,
      ]);
      const history = (await get('/api/v1/members/export.csv?history=true', a.admin.headers)).body.split('\r\n');
      expect(history.filter((l) => l.includes(';resigned;'))).toEqual([expect.stringContaining('Bruno Parti')]);
    });

    it('counts the members at the end of each month and today, from the memberships’ dates', async () => {
      await register();
      a.clock.set('2026-04-15T10:00:00.000Z');
      const res = await get('/api/v1/members/counts?months=4', bureau[0].headers);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items).toEqual([
        { date: '2025-12-31', members: 0 },
        { date: '2026-01-31', members: 4 },
        { date: '2026-02-28', members: 4 },
        { date: '2026-03-31', members: 3 },
        { date: '2026-04-15', members: 3 },
      ]);
      expect((await get('/api/v1/members/counts', bureau[0].headers)).json().items).toHaveLength(25);
    });

    it('is the bureau’s and the administrators’: a plain person or a member gets 403', async () => {
      await register();
      const person = await a.actingAs('person');
      const member = await a.actingAs('member');
      for (const url of ['/api/v1/members', '/api/v1/members?history=true', '/api/v1/members/export.csv', '/api/v1/members/counts']) {
        expectProblem(await get(url, person.headers), 403, 'forbidden');
        expectProblem(await get(url, member.headers), 403, 'forbidden');
        expectProblem(await get(url, {}), 401, 'unauthenticated');
        expect((await get(url, a.admin.headers)).statusCode).toBe(200);
      }
    });
  });
});
