import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type TestAssociation, expectProblem, stateFingerprint } from '../../../test/harness.js';
import { addDays } from '../../platform/time.js';

const T0 = '2026-11-28T10:00:00.000Z';
const DEC_1 = '2026-12-01T19:00:00.000Z';

describe(`membership applications (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  /** The one bureau member of each test (a bureau of one reaches its quorum alone): sessions are the bureau's. */
  let bureauOfOne: Promise<{ id: string | null; headers: Record<string, string> }> | null;
  const bureauMember = () => (bureauOfOne ??= a.actingAs('bureau'));
  beforeEach(async () => {
    a = await buildAssociation({ config: { APPLICATION_COOLDOWN_DAYS: '30' } });
    a.clock.set(T0);
    bureauOfOne = null;
  });
  afterEach(async () => {
    await a?.close();
  });

  /** Someone on the Communauté roster: an active contributor for as long as the role is held. */
  async function contributor(displayName?: string) {
    const p = await a.person({ displayName });
    await a.services.teams.addToRoster(system, 'communaute', p.id, 'member');
    return { ...p, headers: await a.bearer(p.id) };
  }
  const apply = (headers: Record<string, string>, motivation = 'Je modère le forum depuis un an et je voudrais voter en AG.') =>
    a.app.inject({ method: 'POST', url: '/api/v1/applications', headers, payload: { motivation } });
  const getApplication = (id: string, headers: Record<string, string>) => a.app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers });
  const withdraw = (id: string, headers: Record<string, string>) => a.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/withdraw`, headers });
  async function planSession(scheduledAt: string) {
    const res = await a.app.inject({ method: 'POST', url: '/api/v1/bureau/sessions', headers: (await bureauMember()).headers, payload: { scheduledAt } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; status: string; scheduledAt: string };
  }
  const session = async (id: string) =>
    (await a.app.inject({ method: 'GET', url: `/api/v1/bureau/sessions/${id}`, headers: (await bureauMember()).headers })).json();

  /** A bureau of one, holding the session at its date and deciding this application. */
  async function decideInSession(sessionId: string, applicationId: string, outcome: 'accepted' | 'rejected', at = DEC_1) {
    const bureau = await bureauMember();
    a.clock.set(at);
    const opened = await a.app.inject({
      method: 'POST',
      url: `/api/v1/bureau/sessions/${sessionId}/open`,
      headers: bureau.headers,
      payload: { presentPersonIds: [bureau.id] },
    });
    expect(opened.statusCode, opened.body).toBe(200);
    const decided = await a.app.inject({
      method: 'POST',
      url: `/api/v1/bureau/sessions/${sessionId}/decisions`,
      headers: bureau.headers,
      payload: { applicationId, outcome, ...(outcome === 'rejected' ? { rationale: 'Trop tôt : revenez après quelques mois.' } : {}) },
    });
    expect(decided.statusCode, decided.body).toBe(201);
    return bureau;
  }

  describe('applying and being placed on an agenda', () => {
    it('goes on the agenda of the next session whose agenda is open, and says which one and when', async () => {
      const s = await planSession(DEC_1);
      const c = await contributor('Camille Candidate');
      const res = await apply(c.headers);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        id: expect.any(String),
        personId: c.id,
        status: 'scheduled',
        sessionId: s.id,
        sessionScheduledAt: DEC_1,
        allowedActions: ['withdraw'],
      });
      const agenda = (await session(s.id)).agenda;
      expect(agenda).toEqual([
        expect.objectContaining({ kind: 'application', applicationId: res.json().id, state: 'open', applicantName: 'Camille Candidate' }),
      ]);
    });

    it('with no session planned, it waits (submitted, no session) and is placed as soon as one is created', async () => {
      const c = await contributor();
      const res = await apply(c.headers);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ status: 'submitted', sessionId: null, sessionScheduledAt: null });

      const s = await planSession(DEC_1);
      expect((await getApplication(res.json().id, c.headers)).json()).toMatchObject({ status: 'scheduled', sessionId: s.id, sessionScheduledAt: DEC_1 });
      expect((await session(s.id)).agenda.map((i: { applicationId: string }) => i.applicationId)).toEqual([res.json().id]);
    });

    it('a waiting application is placed when the regular sessions are set', async () => {
      const c = await contributor();
      const id = (await apply(c.headers)).json().id;
      const put = await a.app.inject({
        method: 'PUT',
        url: '/api/v1/bureau/recurrence',
        headers: (await bureauMember()).headers,
        payload: { rrule: 'FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20;BYMINUTE=0' },
      });
      expect(put.statusCode, put.body).toBe(200);
      expect((await getApplication(id, c.headers)).json()).toMatchObject({ status: 'scheduled', sessionScheduledAt: DEC_1 });
    });

    it('skips a session whose agenda is closed (24 h away, cut-off 48 h) for the next one', async () => {
      const soon = await planSession('2026-11-29T10:00:00.000Z');
      const later = await planSession('2026-12-05T10:00:00.000Z');
      const c = await contributor();
      const res = await apply(c.headers);
      expect(res.json()).toMatchObject({ status: 'scheduled', sessionId: later.id, sessionScheduledAt: '2026-12-05T10:00:00.000Z' });
      expect((await session(soon.id)).agenda).toEqual([]);
    });

    it('a session whose agenda closed is not given waiting applications when it is planned', async () => {
      const c = await contributor();
      const id = (await apply(c.headers)).json().id;
      await planSession('2026-11-29T10:00:00.000Z');
      expect((await getApplication(id, c.headers)).json()).toMatchObject({ status: 'submitted', sessionId: null });
    });
  });

  describe('refusals: problem+json, and nothing changed', () => {
    it('422 not_active_contributor for someone who never contributed, saying what would make them active', async () => {
      await planSession(DEC_1);
      const p = await a.person();
      const headers = await a.bearer(p.id);
      const before = await stateFingerprint(a);
      const problem = expectProblem(await apply(headers), 422, 'not_active_contributor');
      expect(problem.detail).toMatch(/not an active contributor yet/);
      expect(problem.detail).toMatch(/would make you active/);
      expect(problem.errors.map((e) => e.code)).toContain('no_contribution');
      expect(await stateFingerprint(a)).toBe(before);
    });

    it('422 not_active_contributor for a former contributor, saying since when', async () => {
      const p = await a.person();
      const on = addDays('2026-11-28', -400);
      await a.services.contributions.record(system, { personId: p.id, kind: 'moderation', occurredOn: on, summary: 'Modération du forum' });
      const headers = await a.bearer(p.id);
      const before = await stateFingerprint(a);
      const problem = expectProblem(await apply(headers), 422, 'not_active_contributor');
      expect(problem.detail).toContain(`since ${addDays(on, 366)}`);
      expect(problem.errors).toEqual([expect.objectContaining({ code: 'last_contribution_too_old' })]);
      expect(await stateFingerprint(a)).toBe(before);
    });

    it('a recent confirmed contribution is enough to apply', async () => {
      const p = await a.person();
      await a.services.contributions.record(system, { personId: p.id, kind: 'donation', occurredOn: '2026-11-20', summary: 'Don', amountCents: 2000 });
      expect((await apply(await a.bearer(p.id))).statusCode).toBe(201);
    });

    it('409 already_member for a current member', async () => {
      const member = await a.actingAs('member');
      await a.services.teams.addToRoster(system, 'communaute', member.id!, 'member');
      const before = await stateFingerprint(a);
      expectProblem(await apply(member.headers), 409, 'already_member');
      expect(await stateFingerprint(a)).toBe(before);
    });

    it('409 application_already_open while one waits, whether submitted or scheduled', async () => {
      const c = await contributor();
      const first = await apply(c.headers);
      expect(first.json().status).toBe('submitted');
      let before = await stateFingerprint(a);
      expect(expectProblem(await apply(c.headers), 409, 'application_already_open').detail).toContain(first.json().id);
      expect(await stateFingerprint(a)).toBe(before);

      await planSession(DEC_1);
      before = await stateFingerprint(a);
      expectProblem(await apply(c.headers), 409, 'application_already_open');
      expect(await stateFingerprint(a)).toBe(before);
    });

    it('422 application_cooldown after a rejection, until the configured number of days has passed', async () => {
      const s = await planSession(DEC_1);
      const c = await contributor();
      const id = (await apply(c.headers)).json().id;
      await decideInSession(s.id, id, 'rejected', '2026-12-01T19:30:00.000Z');

      a.clock.set('2026-12-30T23:59:59.999Z');
      const before = await stateFingerprint(a);
      expect(expectProblem(await apply(c.headers), 422, 'application_cooldown').detail).toContain('2026-12-31');
      expect(await stateFingerprint(a)).toBe(before);

      a.clock.set('2026-12-31T00:00:00.000Z');
      const again = await apply(c.headers);
      expect(again.statusCode, again.body).toBe(201);
      expect(again.json().id).not.toBe(id);
    });

    it('400 validation_failed for a blank motivation, 401 for someone not signed in', async () => {
      const c = await contributor();
      const before = await stateFingerprint(a);
      const problem = expectProblem(await apply(c.headers, '   '), 400, 'validation_failed');
      expect(problem.errors).toEqual([expect.objectContaining({ path: '/motivation' })]);
      expectProblem(await apply({}), 401, 'unauthenticated');
      expect(await stateFingerprint(a)).toBe(before);
    });
  });

  describe('reading and withdrawing', () => {
    it('the applicant and the bureau read it; anyone else is told it does not exist', async () => {
      const c = await contributor();
      const id = (await apply(c.headers)).json().id;
      const bureau = await a.actingAs('bureau');
      const other = await contributor();

      expect((await getApplication(id, c.headers)).json()).toMatchObject({ id, personId: c.id, allowedActions: ['withdraw'] });
      const byBureau = await getApplication(id, bureau.headers);
      expect(byBureau.statusCode).toBe(200);
      expect(byBureau.json().allowedActions).toEqual(['withdraw', 'assignRapporteur']);
      expectProblem(await getApplication(id, other.headers), 404, 'not_found');
      expectProblem(await getApplication(id, {}), 401, 'unauthenticated');
    });

    it('lists only the applications a plain person may see: their own', async () => {
      const mine = await contributor();
      const theirs = await contributor();
      const myId = (await apply(mine.headers)).json().id;
      const theirId = (await apply(theirs.headers)).json().id;
      const p = await a.person();

      const list = async (headers: Record<string, string>) =>
        ((await a.app.inject({ method: 'GET', url: '/api/v1/applications', headers })).json().items as { id: string }[]).map((i) => i.id);
      expect(await list(mine.headers)).toEqual([myId]);
      expect(await list(await a.bearer(p.id))).toEqual([]);
      expect((await list((await a.actingAs('bureau')).headers)).sort()).toEqual([myId, theirId].sort());
    });

    it('the applicant withdraws until the decision: it leaves the agenda, and a second withdrawal is refused', async () => {
      const s = await planSession(DEC_1);
      const c = await contributor();
      const id = (await apply(c.headers)).json().id;

      const other = await contributor();
      let before = await stateFingerprint(a);
      expectProblem(await withdraw(id, other.headers), 404, 'not_found');
      expect(await stateFingerprint(a)).toBe(before);

      const res = await withdraw(id, c.headers);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'withdrawn', withdrawnAt: T0, allowedActions: [] });
      expect((await session(s.id)).agenda).toEqual([expect.objectContaining({ applicationId: id, state: 'withdrawn' })]);

      before = await stateFingerprint(a);
      expectProblem(await withdraw(id, c.headers), 409, 'application_closed');
      expect(await stateFingerprint(a)).toBe(before);

      // A withdrawn application is closed: the person may apply again.
      expect((await apply(c.headers)).statusCode).toBe(201);
    });

    it('after the decision, withdrawal is refused with application_closed', async () => {
      const s = await planSession(DEC_1);
      const c = await contributor();
      const id = (await apply(c.headers)).json().id;
      await decideInSession(s.id, id, 'accepted');
      expect((await getApplication(id, c.headers)).json()).toMatchObject({ status: 'accepted', allowedActions: [] });

      const before = await stateFingerprint(a);
      expectProblem(await withdraw(id, c.headers), 409, 'application_closed');
      expect(await stateFingerprint(a)).toBe(before);
    });
  });
});
