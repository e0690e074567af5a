import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type TestAssociation, expectProblem, stateFingerprint } from '../../../test/harness.js';
import type { LifecycleReport } from './lifecycle.js';

/**
 * Time travel through the daily membership checks, on the service and on the API.
 * Every member here is active through one confirmed contribution on 5 January 2026, not through
 * a team (a team role keeps one active for as long as it is held): with the default window of
 * 365 days they stay active until 5 January 2027, are warned 30 days before (6 December 2026),
 * put on notice the day after (6 January 2027), in grace until 7 March 2027, reviewed from 8 March.
 */
const CONTRIBUTED_ON = '2026-01-05';
const APPLIED_AT = '2026-01-10T10:00:00.000Z';
const ACCEPTED_AT = '2026-01-20T19:00:00.000Z';
const WARNING_DAY = '2026-12-06';
const NOTICE_DAY = '2027-01-06';
const GRACE_UNTIL = '2027-03-07';
const REVIEW_DAY = '2027-03-08';
const REVIEW_SESSION = '2027-03-16T19:00:00.000Z';

type Headers = Record<string, string>;
interface Someone {
  id: string;
  email: string;
  headers: Headers;
}

const nothing = { warned: 0, lapsing: 0, resumed: 0, reviews: 0, lapsed: 0 };

describe(`membership lifecycle: the daily run (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let bureau: Someone[];

  async function setUp(config: Record<string, string> = {}) {
    a = await buildAssociation({ config });
    a.clock.set(APPLIED_AT);
    bureau = [];
    for (const office of ['president', 'secretary', 'treasurer'] as const) {
      const p = await a.person({ displayName: `Bureau ${office}` });
      await a.services.bureau.appoint(system, { personId: p.id, office });
      bureau.push({ id: p.id, email: p.email, headers: await a.bearer(p.id) });
    }
  }
  beforeEach(() => setUp());
  afterEach(async () => {
    await a?.close();
  });

  const post = (url: string, headers: Headers, payload?: object) => a.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const get = (url: string, headers: Headers = a.admin.headers) => a.app.inject({ method: 'GET', url, headers });

  /** A confirmed contribution, recorded by an administrator for the person on the day the clock says. */
  async function contribution(personId: string, occurredOn: string) {
    const res = await post('/api/v1/contributions', a.admin.headers, { personId, kind: 'moderation', occurredOn, summary: 'Modération du forum' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'confirmed' });
  }

  async function plan(scheduledAt: string): Promise<string> {
    const res = await post('/api/v1/bureau/sessions', bureau[0].headers, { scheduledAt });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }
  async function openWithQuorum(sessionId: string) {
    const res = await post(`/api/v1/bureau/sessions/${sessionId}/open`, bureau[0].headers, { presentPersonIds: bureau.map((b) => b.id) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().quorum).toMatchObject({ reached: true });
  }
  const decide = (sessionId: string, payload: object) => post(`/api/v1/bureau/sessions/${sessionId}/decisions`, bureau[1].headers, payload);
  const session = async (id: string) => (await get(`/api/v1/bureau/sessions/${id}`, bureau[0].headers)).json();

  /** Members as the bylaws make them: each applies, and the bureau accepts them in a session. */
  async function acceptMembers(names: string[]): Promise<Someone[]> {
    a.clock.set(APPLIED_AT);
    const sessionId = await plan(ACCEPTED_AT);
    const people: Someone[] = [];
    for (const displayName of names) {
      const p = await a.person({ displayName });
      await contribution(p.id, CONTRIBUTED_ON);
      const headers = await a.bearer(p.id);
      const applied = await post('/api/v1/applications', headers, { motivation: 'Je modère le forum' });
      expect(applied.statusCode, applied.body).toBe(201);
      people.push({ id: p.id, email: p.email, headers });
    }
    a.clock.set(ACCEPTED_AT);
    await openWithQuorum(sessionId);
    for (const item of (await session(sessionId)).agenda) {
      expect((await decide(sessionId, { applicationId: item.applicationId, outcome: 'accepted' })).statusCode).toBe(201);
    }
    for (const p of people) expect(await membership(p.id)).toMatchObject({ status: 'active', since: '2026-01-20' });
    return people;
  }

  /** The daily run as of `date`, the clock on that morning. */
  async function run(date: string): Promise<LifecycleReport> {
    a.clock.set(`${date}T05:00:00.000Z`);
    return a.services.lifecycle.run(date);
  }
  /** The same through the API, as an administrator, whatever the clock says. */
  async function runApi(date: string): Promise<LifecycleReport> {
    const res = await post('/api/v1/lifecycle/run', a.admin.headers, { date });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  const membership = async (personId: string) => (await get(`/api/v1/people/${personId}/membership`)).json();
  const mails = async (email: string): Promise<{ kind: string; subject: string; body: string }[]> =>
    (await get(`/api/v1/mail?to=${encodeURIComponent(email)}`)).json().items.reverse();
  const mailKinds = async (email: string) => (await mails(email)).map((m) => m.kind);
  const outboxTopics = async (personId: string): Promise<string[]> =>
    (await get(`/api/v1/outbox?subjectId=${personId}`))
      .json()
      .items.map((e: { topic: string }) => e.topic)
      .reverse();
  async function counts() {
    const count = async (table: 'mail_log' | 'audit_log' | 'outbox' | 'agenda_items') =>
      Number(
        (
          await a.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { mails: await count('mail_log'), audit: await count('audit_log'), outbox: await count('outbox'), agenda: await count('agenda_items') };
  }

  it('journey A (service): warning → lapsing → contribution resumed → active again, each told by mail', async () => {
    const [m] = await acceptMembers(['Maëlle Membre']);
    expect(await mailKinds(m.email)).toEqual(['welcome', 'application_accepted']);

    expect(await run('2026-12-05')).toEqual({ date: '2026-12-05', members: 1, ...nothing });
    expect(await run(WARNING_DAY)).toEqual({ date: WARNING_DAY, members: 1, ...nothing, warned: 1 });
    const warning = (await mails(m.email)).at(-1)!;
    expect(warning.kind).toBe('membership_warning');
    expect(warning.body).toContain('mardi 5 janvier 2027');
    expect(warning.body).toContain('/contributions/new');
    expect(await membership(m.id)).toMatchObject({ status: 'active', graceUntil: null });

    // Warned once for that last day, not every day until it.
    expect(await run('2026-12-20')).toEqual({ date: '2026-12-20', members: 1, ...nothing });
    expect(await run('2027-01-05')).toEqual({ date: '2027-01-05', members: 1, ...nothing });

    expect(await run(NOTICE_DAY)).toEqual({ date: NOTICE_DAY, members: 1, ...nothing, lapsing: 1 });
    expect(await membership(m.id)).toMatchObject({ status: 'lapsing', since: '2026-01-20', until: null, graceUntil: GRACE_UNTIL });
    const notice = (await mails(m.email)).at(-1)!;
    expect(notice.kind).toBe('membership_lapsing');
    expect(notice.body).toContain('dimanche 7 mars 2027');
    expect(notice.body).toContain('/contributions/new');
    // Lapsing is still a member: still in the room.
    expect(await outboxTopics(m.id)).not.toContain('room.remove');
    expect((await get('/api/v1/me', m.headers)).json().roles).toContain('member');

    a.clock.set('2027-01-20T10:00:00.000Z');
    await contribution(m.id, '2027-01-20');
    expect(await run('2027-01-21')).toEqual({ date: '2027-01-21', members: 1, ...nothing, resumed: 1 });
    expect(await membership(m.id)).toMatchObject({ status: 'active', since: '2026-01-20', until: null, graceUntil: null });
    expect(await mailKinds(m.email)).toEqual(['welcome', 'application_accepted', 'membership_warning', 'membership_lapsing', 'membership_resumed']);
    expect(await outboxTopics(m.id)).toEqual(['membership.started', 'room.invite']);

    const actions = (await get(`/api/v1/audit?subjectType=person&subjectId=${m.id}`)).json().items.map((e: { action: string }) => e.action);
    expect(actions.filter((x: string) => x.startsWith('membership.')).reverse()).toEqual([
      'membership.started',
      'membership.warned',
      'membership.notice',
      'membership.resume',
    ]);
    // Active until 20 January 2028 now: the next warning comes 30 days before that, not before.
    expect(await run('2027-12-20')).toEqual({ date: '2027-12-20', members: 1, ...nothing });
    expect(await run('2027-12-21')).toEqual({ date: '2027-12-21', members: 1, ...nothing, warned: 1 });
  });

  it('the run through the API: administrators only, a real calendar date only', async () => {
    await acceptMembers(['Maëlle Membre']);
    const before = await stateFingerprint(a);
    expectProblem(await post('/api/v1/lifecycle/run', bureau[0].headers, { date: WARNING_DAY }), 403, 'forbidden');
    expectProblem(await post('/api/v1/lifecycle/run', {}, { date: WARNING_DAY }), 401, 'unauthenticated');
    const invalid = expectProblem(await post('/api/v1/lifecycle/run', a.admin.headers, { date: '2027-02-31' }), 400, 'validation_failed');
    expect(invalid.errors.map((e) => e.path)).toEqual(['/date']);
    expectProblem(await post('/api/v1/lifecycle/run', a.admin.headers, { date: '6/12/2026' }), 400, 'validation_failed');
    expect(await stateFingerprint(a)).toBe(before);
    // Without a date: as of today.
    a.clock.set(`${WARNING_DAY}T08:00:00.000Z`);
    const today = await post('/api/v1/lifecycle/run', a.admin.headers, {});
    expect(today.statusCode, today.body).toBe(200);
    expect(today.json()).toEqual({ date: WARNING_DAY, members: 1, ...nothing, warned: 1 });
  });

  describe('journey B (API): grace ends → the bureau reviews in its next session', () => {
    /** Warning, notice, grace, review requested: the member on the bureau's desk. */
    async function throughGrace(m: Someone) {
      expect(await runApi(WARNING_DAY)).toMatchObject({ warned: 1 });
      expect(await runApi(NOTICE_DAY)).toMatchObject({ lapsing: 1 });
      expect(await runApi(GRACE_UNTIL)).toEqual({ date: GRACE_UNTIL, members: 1, ...nothing });
      expect(await runApi(REVIEW_DAY)).toEqual({ date: REVIEW_DAY, members: 1, ...nothing, reviews: 1 });
      // Under review, still a member until the bureau says otherwise.
      expect(await membership(m.id)).toMatchObject({ status: 'lapsing', graceUntil: GRACE_UNTIL });
      expect(await runApi(REVIEW_DAY)).toEqual({ date: REVIEW_DAY, members: 1, ...nothing });
      expect(await runApi('2027-03-09')).toEqual({ date: '2027-03-09', members: 1, ...nothing });
    }

    /** A session with the review on its agenda: planned before the review (placed at once by the run) or after (placed when created). */
    async function reviewOnAgenda(m: Someone, when: 'before' | 'after'): Promise<{ sessionId: string; itemId: string }> {
      let sessionId = '';
      if (when === 'before') {
        a.clock.set('2027-02-01T10:00:00.000Z');
        sessionId = await plan(REVIEW_SESSION);
      }
      await throughGrace(m);
      if (when === 'after') {
        expect(await a.database.db.selectFrom('agenda_items').selectAll().where('kind', '=', 'membership').execute()).toEqual([]);
        a.clock.set('2027-03-09T10:00:00.000Z');
        sessionId = await plan(REVIEW_SESSION);
      }
      const agenda = (await session(sessionId)).agenda;
      const current = (await membership(m.id)).history[0];
      expect(agenda).toEqual([expect.objectContaining({ kind: 'membership', membershipId: current.id, memberName: 'Maëlle Membre', state: 'open' })]);
      return { sessionId, itemId: agenda[0].id };
    }

    it.each(['before', 'after'] as const)('session planned %s the review: the bureau confirms the lapse', async (when) => {
      const [m] = await acceptMembers(['Maëlle Membre']);
      const { sessionId, itemId } = await reviewOnAgenda(m, when);
      // A second run puts the review on no second agenda.
      expect(await runApi('2027-03-10')).toEqual({ date: '2027-03-10', members: 1, ...nothing });
      expect((await session(sessionId)).agenda).toHaveLength(1);

      a.clock.set(REVIEW_SESSION);
      await openWithQuorum(sessionId);
      const res = await decide(sessionId, { agendaItemId: itemId, outcome: 'lapse_confirmed', votes: { for: 3, against: 0, abstain: 0 } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ agendaItemId: itemId, outcome: 'lapse_confirmed', applicationId: null });

      const view = await membership(m.id);
      expect(view).toMatchObject({ status: 'lapsed', since: '2026-01-20', until: '2027-03-16', graceUntil: null });
      expect(view.history[0]).toMatchObject({ endedReason: 'lapsed', endedDecisionId: res.json().id });
      const removal = (await get(`/api/v1/outbox?subjectId=${m.id}&topic=room.remove`)).json().items;
      expect(removal).toEqual([expect.objectContaining({ topic: 'room.remove', payload: expect.objectContaining({ personId: m.id, audience: 'members' }) })]);
      const last = (await mails(m.email)).at(-1)!;
      expect(last.kind).toBe('membership_lapse_confirmed');
      expect(last.body).toContain('mardi 16 mars 2027');
      expect((await get('/api/v1/me', m.headers)).json().roles).not.toContain('member');
      // An ended membership is no longer the run's business.
      expect(await runApi('2027-03-17')).toEqual({ date: '2027-03-17', members: 0, ...nothing });
    });

    it('keeping the member needs a rationale (400 /rationale), and brings them back to active', async () => {
      const [m] = await acceptMembers(['Maëlle Membre']);
      const { sessionId, itemId } = await reviewOnAgenda(m, 'before');
      a.clock.set(REVIEW_SESSION);
      await openWithQuorum(sessionId);
      const before = await stateFingerprint(a);
      const refused = expectProblem(await decide(sessionId, { agendaItemId: itemId, outcome: 'kept' }), 400, 'validation_failed');
      expect(refused.errors).toEqual([expect.objectContaining({ path: '/rationale', code: 'required' })]);
      expect(await stateFingerprint(a)).toBe(before);

      const rationale = 'Contribue aux traductions, hors du suivi';
      expect((await decide(sessionId, { agendaItemId: itemId, outcome: 'kept', rationale })).statusCode).toBe(201);
      expect(await membership(m.id)).toMatchObject({ status: 'active', until: null, graceUntil: null });
      const last = (await mails(m.email)).at(-1)!;
      expect(last.kind).toBe('membership_kept');
      expect(last.body).toContain(rationale);
      expect(await outboxTopics(m.id)).not.toContain('room.remove');
      // The bureau's word holds for one grace period: the next runs put nobody on notice again.
      expect(await run('2027-03-21')).toMatchObject({ lapsing: 0 });
      expect(await membership(m.id)).toMatchObject({ status: 'active' });
    });
  });

  it('with autoLapse, the membership ends the day after the grace, without a session', async () => {
    await a.close();
    await setUp({ LIFECYCLE_AUTO_LAPSE: 'true' });
    const [m] = await acceptMembers(['Maëlle Membre']);
    a.clock.set('2027-02-01T10:00:00.000Z');
    const sessionId = await plan(REVIEW_SESSION);
    expect(await run(WARNING_DAY)).toMatchObject({ warned: 1 });
    expect(await run(NOTICE_DAY)).toMatchObject({ lapsing: 1 });
    expect(await run(GRACE_UNTIL)).toEqual({ date: GRACE_UNTIL, members: 1, ...nothing });
    expect(await run(REVIEW_DAY)).toEqual({ date: REVIEW_DAY, members: 1, ...nothing, lapsed: 1 });

    expect(await membership(m.id)).toMatchObject({ status: 'lapsed', until: REVIEW_DAY });
    expect((await membership(m.id)).history[0]).toMatchObject({ endedReason: 'lapsed', endedDecisionId: null });
    expect((await session(sessionId)).agenda).toEqual([]);
    expect(await outboxTopics(m.id)).toEqual(['membership.started', 'room.invite', 'room.remove', 'membership.ended']);
    const last = (await mails(m.email)).at(-1)!;
    expect(last.kind).toBe('membership_lapsed');
    expect(last.body).toContain('dimanche 7 mars 2027');
    expect(await run(REVIEW_DAY)).toEqual({ date: REVIEW_DAY, members: 0, ...nothing });
  });

  it('idempotent: twice on the same date, the second run changes nothing and mails nobody', async () => {
    const [stops, resumes, late] = await acceptMembers(['Sacha Stoppe', 'Rémi Reprend', 'Lou Tardive']);
    a.clock.set('2027-02-01T10:00:00.000Z');
    await plan(REVIEW_SESSION);

    async function twice(date: string, expected: Partial<LifecycleReport>) {
      expect(await run(date)).toEqual({ date, members: 3, ...nothing, ...expected });
      const [before, state] = [await counts(), await stateFingerprint(a)];
      expect(await run(date)).toEqual({ date, members: 3, ...nothing });
      expect(await runApi(date)).toEqual({ date, members: 3, ...nothing });
      expect(await counts()).toEqual(before);
      expect(await stateFingerprint(a)).toBe(state);
    }
    await twice(WARNING_DAY, { warned: 3 });
    await twice(NOTICE_DAY, { lapsing: 3 });
    a.clock.set('2027-01-20T10:00:00.000Z');
    await contribution(resumes.id, '2027-01-20');
    // Recorded late: a contribution of 1 February 2026 keeps Lou active only until 1 February 2027,
    // so the resumption comes with the warning (a second run that day must not send it).
    await contribution(late.id, '2026-02-01');
    await twice('2027-01-21', { resumed: 2 });
    expect(await mailKinds(late.email)).toEqual([
      'welcome',
      'application_accepted',
      'membership_warning',
      'membership_lapsing',
      'membership_resumed',
      'membership_warning',
    ]);
    expect((await mails(late.email)).at(-1)!.body).toContain('lundi 1 février 2027');
    await twice('2027-02-02', { lapsing: 1 });
    await twice(REVIEW_DAY, { reviews: 1 });
    expect(await mailKinds(stops.email)).toEqual(['welcome', 'application_accepted', 'membership_warning', 'membership_lapsing']);
  });

  it('a deferred review goes on the next agenda once, even when the daily run passes before the session closes', async () => {
    await acceptMembers(['Maëlle Membre']);
    a.clock.set('2027-02-01T10:00:00.000Z');
    const first = await plan(REVIEW_SESSION);
    const second = await plan('2027-04-20T18:00:00.000Z');
    await run(WARNING_DAY);
    await run(NOTICE_DAY);
    expect(await run(REVIEW_DAY)).toMatchObject({ reviews: 1 });
    const [item] = (await session(first)).agenda;
    a.clock.set(REVIEW_SESSION);
    await openWithQuorum(first);
    expect((await decide(first, { agendaItemId: item.id, outcome: 'deferred' })).statusCode).toBe(201);
    // The session is still open when the run passes: the review waits for a session again.
    await a.services.lifecycle.run('2027-03-16');
    a.clock.set('2027-03-16T21:00:00.000Z');
    expect((await post(`/api/v1/bureau/sessions/${first}/close`, bureau[0].headers)).statusCode).toBe(200);
    expect((await session(second)).agenda).toEqual([expect.objectContaining({ kind: 'membership', membershipId: item.membershipId, state: 'open' })]);
  });

  it('a member who resumes before the review is decided: the review leaves the agenda (withdrawn)', async () => {
    const [m] = await acceptMembers(['Maëlle Membre']);
    a.clock.set('2027-02-01T10:00:00.000Z');
    const sessionId = await plan(REVIEW_SESSION);
    await run(WARNING_DAY);
    await run(NOTICE_DAY);
    expect(await run(REVIEW_DAY)).toMatchObject({ reviews: 1 });
    const [item] = (await session(sessionId)).agenda;
    expect(item).toMatchObject({ kind: 'membership', state: 'open' });

    a.clock.set('2027-03-10T10:00:00.000Z');
    await contribution(m.id, '2027-03-10');
    expect(await run('2027-03-11')).toMatchObject({ resumed: 1 });
    expect(await membership(m.id)).toMatchObject({ status: 'active', graceUntil: null });
    expect((await session(sessionId)).agenda).toEqual([expect.objectContaining({ id: item.id, state: 'withdrawn' })]);

    a.clock.set(REVIEW_SESSION);
    await openWithQuorum(sessionId);
    expectProblem(await decide(sessionId, { agendaItemId: item.id, outcome: 'lapse_confirmed' }), 409, 'already_decided');
    expect(await membership(m.id)).toMatchObject({ status: 'active' });
  });
});
