import type { LightMyRequestResponse } from 'fastify';
import type { Transaction } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type TestAssociation, expectProblem, stateFingerprint } from '../../../test/harness.js';
import type { DB } from '../../platform/schema.js';
import type { Office } from '../../platform/auth/actor.js';

const T0 = '2026-11-28T10:00:00.000Z';
const DEC_1 = '2026-12-01T19:00:00.000Z';
const JAN_5 = '2027-01-05T19:00:00.000Z';
const FEB_2 = '2027-02-02T19:00:00.000Z';
const MOTIVATION = 'Je modère le forum depuis un an, motivation confidentielle';

type Headers = Record<string, string>;
interface Seat {
  id: string;
  displayName: string;
  officeId: string;
  headers: Headers;
}

describe(`bureau sessions (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  /** Who plans and reads the sessions: the first bureau member of the test (sessions are the bureau's alone). */
  let clerk: Headers;
  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set(T0);
    clerk = {};
  });
  afterEach(async () => {
    await a?.close();
  });

  async function bureauOf(size: number): Promise<Seat[]> {
    const offices: Office[] = ['president', 'secretary', 'treasurer', 'member', 'member', 'member'];
    const seats: Seat[] = [];
    for (const office of offices.slice(0, size)) {
      const p = await a.person({ displayName: `Bureau ${office} ${seats.length + 1}` });
      const term = await a.services.bureau.appoint(system, { personId: p.id, office });
      seats.push({ id: p.id, displayName: p.displayName, officeId: term.id, headers: await a.bearer(p.id) });
    }
    if (!clerk.authorization) clerk = seats[0].headers;
    return seats;
  }
  async function contributor(displayName: string, personId?: string) {
    const p = personId ? { id: personId, email: '', displayName } : await a.person({ displayName });
    await a.services.teams.addToRoster(system, 'communaute', p.id, 'member');
    return { ...p, headers: await a.bearer(p.id) };
  }
  const post = (url: string, headers: Headers, payload?: object) => a.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const get = (url: string, headers: Headers = a.admin.headers) => a.app.inject({ method: 'GET', url, headers });
  /** What a decision queued about the person (their roster's room updates left aside). */
  const decisionEffects = async (personId: string) =>
    (await get(`/api/v1/outbox?subjectId=${personId}`)).json().items.filter((e: { topic: string }) => e.topic !== 'rooms.person');
  async function apply(headers: Headers): Promise<string> {
    const res = await post('/api/v1/applications', headers, { motivation: MOTIVATION });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }
  async function plan(scheduledAt: string): Promise<string> {
    const res = await post('/api/v1/bureau/sessions', clerk, { scheduledAt });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'planned', scheduledAt });
    return res.json().id;
  }
  const open = (id: string, by: Seat, present: Seat[]) =>
    post(`/api/v1/bureau/sessions/${id}/open`, by.headers, { presentPersonIds: present.map((p) => p.id) });
  const decide = (id: string, by: Seat, payload: object) => post(`/api/v1/bureau/sessions/${id}/decisions`, by.headers, payload);
  const close = (id: string, by: Seat) => post(`/api/v1/bureau/sessions/${id}/close`, by.headers);
  const session = async (id: string) => (await get(`/api/v1/bureau/sessions/${id}`, clerk)).json();
  /** What the applicant receives, read where the mail leaves from. */
  const mailedTo = (email: string) => a.database.db.selectFrom('mail_log').select(['kind', 'body_text as body']).where('to_address', '=', email).execute();
  const application = async (id: string, headers: Headers) => (await get(`/api/v1/applications/${id}`, headers)).json();

  /** A bureau of four, a session, and a contributor's application on its agenda; the clock at the session. */
  async function ready(at = DEC_1) {
    const bureau = await bureauOf(4);
    const sessionId = await plan(at);
    const applicant = await contributor('Camille Candidate');
    const applicationId = await apply(applicant.headers);
    a.clock.set(at);
    return { bureau, sessionId, applicant, applicationId };
  }

  describe('opening and deciding', () => {
    it('opens with quorum when 3 of the 4 bureau members are present (majority)', async () => {
      const { bureau, sessionId } = await ready();
      const res = await open(sessionId, bureau[0], bureau.slice(0, 3));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'open', quorum: { required: 3, present: 3, reached: true } });
      expect(
        res
          .json()
          .attendance.map((s: { personId: string; present: boolean }) => [s.personId, s.present])
          .sort(),
      ).toEqual(bureau.map((b, i) => [b.id, i < 3]).sort());
      expectProblem(await open(sessionId, bureau[0], bureau), 409, 'session_not_planned');
    });

    it('without quorum the session opens, but deciding is refused with quorum_not_reached', async () => {
      const { bureau, sessionId, applicationId } = await ready();
      expect((await open(sessionId, bureau[0], bureau.slice(0, 2))).json()).toMatchObject({ quorum: { required: 3, present: 2, reached: false } });
      const before = await stateFingerprint(a);
      expectProblem(await decide(sessionId, bureau[0], { applicationId, outcome: 'accepted' }), 422, 'quorum_not_reached');
      expect(await stateFingerprint(a)).toBe(before);
    });

    it('deciding in a planned or a closed session is refused with session_not_open', async () => {
      const { bureau, sessionId, applicationId } = await ready();
      let before = await stateFingerprint(a);
      expectProblem(await decide(sessionId, bureau[0], { applicationId, outcome: 'accepted' }), 409, 'session_not_open');
      expect(await stateFingerprint(a)).toBe(before);

      await open(sessionId, bureau[0], bureau);
      expect((await close(sessionId, bureau[0])).statusCode).toBe(200);
      before = await stateFingerprint(a);
      expectProblem(await decide(sessionId, bureau[0], { applicationId, outcome: 'accepted' }), 409, 'session_not_open');
      expect(await stateFingerprint(a)).toBe(before);
    });

    it('refuses a rejection without rationale, votes beyond those present, and a second decision', async () => {
      const { bureau, sessionId, applicationId } = await ready();
      await open(sessionId, bureau[0], bureau.slice(0, 3));
      const before = await stateFingerprint(a);
      const noRationale = expectProblem(await decide(sessionId, bureau[0], { applicationId, outcome: 'rejected', rationale: ' ' }), 400, 'validation_failed');
      expect(noRationale.errors).toEqual([expect.objectContaining({ path: '/rationale', code: 'required' })]);
      const tooMany = expectProblem(
        await decide(sessionId, bureau[0], { applicationId, outcome: 'accepted', votes: { for: 4, against: 0, abstain: 0 } }),
        400,
        'validation_failed',
      );
      expect(tooMany.errors).toEqual([expect.objectContaining({ path: '/votes', code: 'more_votes_than_present' })]);
      expect(await stateFingerprint(a)).toBe(before);

      expect((await decide(sessionId, bureau[0], { applicationId, outcome: 'deferred' })).statusCode).toBe(201);
      const decided = await stateFingerprint(a);
      expectProblem(await decide(sessionId, bureau[1], { applicationId, outcome: 'accepted' }), 409, 'already_decided');
      expect(await stateFingerprint(a)).toBe(decided);
    });

    it('a bureau member does not decide on their own application (403); another member does', async () => {
      const bureau = await bureauOf(4);
      const sessionId = await plan(DEC_1);
      const own = await contributor(bureau[3].displayName, bureau[3].id);
      const applicationId = await apply(own.headers);
      a.clock.set(DEC_1);
      await open(sessionId, bureau[0], bureau);
      const before = await stateFingerprint(a);
      expectProblem(await decide(sessionId, bureau[3], { applicationId, outcome: 'accepted' }), 403, 'forbidden');
      expect(await stateFingerprint(a)).toBe(before);
      expect((await decide(sessionId, bureau[0], { applicationId, outcome: 'accepted' })).statusCode).toBe(201);
    });

    it('an acceptance starts the membership on the day of the session where it sits, with the welcome and the invitation queued', async () => {
      // 23:30 UTC on 1 December is already 2 December in Paris (the configured time zone).
      const { bureau, sessionId, applicant, applicationId } = await ready('2026-12-01T23:30:00.000Z');
      await open(sessionId, bureau[0], bureau.slice(0, 3));
      const res = await decide(sessionId, bureau[1], { applicationId, outcome: 'accepted', votes: { for: 3, against: 0, abstain: 0 } });
      expect(res.statusCode, res.body).toBe(201);
      const decision = res.json();
      expect(decision).toMatchObject({ applicationId, outcome: 'accepted', votes: { for: 3, against: 0, abstain: 0 }, decidedBy: bureau[1].id });
      expect(decision.session.agenda).toEqual([expect.objectContaining({ applicationId, state: 'decided' })]);
      expect(await application(applicationId, applicant.headers)).toMatchObject({ status: 'accepted', decisionId: decision.id, allowedActions: [] });

      const memberships = await a.database.db.selectFrom('memberships').selectAll().where('person_id', '=', applicant.id).execute();
      expect(memberships).toEqual([expect.objectContaining({ status: 'active', since: '2026-12-02', until: null, decision_id: decision.id })]);
      expect((await get('/api/v1/me', applicant.headers)).json().roles).toContain('member');

      const outbox = await decisionEffects(applicant.id);
      expect(outbox.map((e: { topic: string }) => e.topic).sort()).toEqual(['membership.started', 'room.invite']);
      expect(outbox.find((e: { topic: string }) => e.topic === 'membership.started').payload).toMatchObject({
        personId: applicant.id,
        since: '2026-12-02',
        decisionId: decision.id,
      });
      expect(outbox.find((e: { topic: string }) => e.topic === 'room.invite').payload).toMatchObject({ personId: applicant.id, audience: 'members' });

      const mails = (await get(`/api/v1/mail?to=${encodeURIComponent(applicant.email)}`)).json().items;
      expect(mails).toHaveLength(2);
      expect(mails).toEqual(
        expect.arrayContaining([
          // The administrators' mail log shows the decision left, not what it says (applications are private to the applicant and the bureau).
          expect.objectContaining({ kind: 'application_accepted', personId: applicant.id, status: 'queued', body: '', bodyWithheld: true }),
          expect.objectContaining({ kind: 'welcome', personId: applicant.id, status: 'queued', bodyWithheld: false }),
        ]),
      );
      expect(await mailedTo(applicant.email)).toContainEqual({
        kind: 'application_accepted',
        body: expect.stringContaining('séance du mercredi 2 décembre 2026'),
      });

      const audit = async (type: string, id: string) =>
        (await get(`/api/v1/audit?subjectType=${type}&subjectId=${id}`)).json().items.map((e: { action: string }) => e.action);
      expect(await audit('application', applicationId)).toEqual(['application.accepted', 'application.scheduled', 'application.submitted']);
      expect(await audit('person', applicant.id)).toContain('membership.started');
    });

    it('a rejection tells the applicant why, and makes no member', async () => {
      const { bureau, sessionId, applicant, applicationId } = await ready();
      await open(sessionId, bureau[0], bureau.slice(0, 3));
      const rationale = 'Pas encore assez de recul sur le projet';
      const res = await decide(sessionId, bureau[0], { applicationId, outcome: 'rejected', rationale, votes: { for: 0, against: 2, abstain: 1 } });
      expect(res.statusCode, res.body).toBe(201);
      expect(await application(applicationId, applicant.headers)).toMatchObject({ status: 'rejected', decidedAt: DEC_1 });
      expect(await mailedTo(applicant.email)).toEqual([{ kind: 'application_rejected', body: expect.stringContaining(rationale) }]);
      expect(await a.database.db.selectFrom('memberships').selectAll().where('person_id', '=', applicant.id).execute()).toEqual([]);
      expect(await decisionEffects(applicant.id)).toEqual([]);
    });
  });

  describe('closing: carry-over and minutes', () => {
    it('moves an undecided and a deferred application to the next planned session', async () => {
      const { bureau, sessionId, applicant, applicationId } = await ready();
      const next = await plan(JAN_5);
      a.clock.set(T0);
      const other = await contributor('Dominique Différée');
      const deferredId = await apply(other.headers);
      a.clock.set(DEC_1);
      await open(sessionId, bureau[0], bureau);
      expect((await decide(sessionId, bureau[0], { applicationId: deferredId, outcome: 'deferred' })).statusCode).toBe(201);

      const closed = await close(sessionId, bureau[0]);
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json()).toMatchObject({ status: 'closed', minutes: expect.stringContaining('# ') });

      for (const [id, headers] of [
        [applicationId, applicant.headers],
        [deferredId, other.headers],
      ] as const) {
        expect(await application(id, headers)).toMatchObject({ status: 'scheduled', sessionId: next, sessionScheduledAt: JAN_5 });
      }
      expect((await session(sessionId)).agenda).toEqual([
        expect.objectContaining({ applicationId, state: 'carried_over', carriedTo: next }),
        expect.objectContaining({ applicationId: deferredId, state: 'decided' }),
      ]);
      expect((await session(next)).agenda).toEqual([
        expect.objectContaining({ applicationId, state: 'open' }),
        expect.objectContaining({ applicationId: deferredId, state: 'open' }),
      ]);
    });

    it('with no next session they wait, and go on the agenda of the next one planned', async () => {
      const { bureau, sessionId, applicant, applicationId } = await ready();
      a.clock.set(T0);
      const other = await contributor('Dominique Différée');
      const deferredId = await apply(other.headers);
      a.clock.set(DEC_1);
      await open(sessionId, bureau[0], bureau);
      await decide(sessionId, bureau[0], { applicationId: deferredId, outcome: 'deferred' });
      expect((await close(sessionId, bureau[0])).statusCode).toBe(200);

      expect(await application(applicationId, applicant.headers)).toMatchObject({ status: 'submitted', sessionId: null, sessionScheduledAt: null });
      expect(await application(deferredId, other.headers)).toMatchObject({ status: 'deferred', sessionId: null });
      expect((await session(sessionId)).agenda[0]).toMatchObject({ applicationId, state: 'carried_over', carriedTo: null });

      const next = await plan(JAN_5);
      expect(await application(applicationId, applicant.headers)).toMatchObject({ status: 'scheduled', sessionId: next, sessionScheduledAt: JAN_5 });
      expect(await application(deferredId, other.headers)).toMatchObject({ status: 'scheduled', sessionId: next });
    });

    it('an application withdrawn after its deferral is not carried over, and the session still closes', async () => {
      const { bureau, sessionId, applicant, applicationId } = await ready();
      const next = await plan(JAN_5);
      await open(sessionId, bureau[0], bureau);
      await decide(sessionId, bureau[0], { applicationId, outcome: 'deferred' });
      expect((await post(`/api/v1/applications/${applicationId}/withdraw`, applicant.headers)).statusCode).toBe(200);

      const closed = await close(sessionId, bureau[0]);
      expect(closed.statusCode, closed.body).toBe(200);
      expect(await application(applicationId, applicant.headers)).toMatchObject({ status: 'withdrawn' });
      expect((await session(next)).agenda).toEqual([]);
    });

    it('minutes: the bureau reads votes and rationale; members read names and outcomes once closed; others are refused', async () => {
      const { bureau, sessionId, applicant, applicationId } = await ready();
      a.clock.set(T0);
      const rejected = await contributor('Rémi Refusé');
      const rejectedId = await apply(rejected.headers);
      a.clock.set(DEC_1);
      await open(sessionId, bureau[0], bureau.slice(0, 3));
      await decide(sessionId, bureau[0], {
        applicationId,
        outcome: 'accepted',
        votes: { for: 3, against: 0, abstain: 0 },
        rationale: 'Très présente sur le forum',
      });
      const rationale = 'Pas encore assez de recul sur le projet';
      await decide(sessionId, bureau[0], { applicationId: rejectedId, outcome: 'rejected', votes: { for: 0, against: 3, abstain: 0 }, rationale });

      const member = await a.actingAs('member');
      const person = await a.actingAs('person');
      const minutes = (headers: Headers) => get(`/api/v1/bureau/sessions/${sessionId}/minutes`, headers);
      expectProblem(await minutes(member.headers), 404, 'not_found');
      expectProblem(await minutes(person.headers), 403, 'forbidden');

      const closed = await close(sessionId, bureau[0]);
      expect(closed.json()).toMatchObject({ status: 'closed', minutes: expect.stringContaining(rationale) });

      const forBureau = await minutes(bureau[2].headers);
      expect(forBureau.statusCode).toBe(200);
      expect(forBureau.headers['content-type']).toMatch(/^text\/markdown/);
      expect(forBureau.body).toContain('Camille Candidate');
      expect(forBureau.body).toContain('3 pour, 0 contre, 0 abstention(s)');
      expect(forBureau.body).toContain(rationale);
      expect(forBureau.body).toBe(closed.json().minutes);

      const forMember = await minutes(member.headers);
      expect(forMember.statusCode).toBe(200);
      expect(forMember.body).toContain('Camille Candidate');
      expect(forMember.body).toContain('Rémi Refusé');
      expect(forMember.body).toMatch(/acceptée/);
      expect(forMember.body).toMatch(/refusée/);
      for (const secret of ['pour, 0 contre', rationale, 'Très présente', MOTIVATION]) expect(forMember.body).not.toContain(secret);
      // The newly accepted member reads them too (membership opens the minutes).
      expect((await minutes(applicant.headers)).statusCode).toBe(200);
      expectProblem(await minutes(person.headers), 403, 'forbidden');
    });
  });

  describe('calendar and recurrence', () => {
    it('serves the sessions as iCalendar for a current bureau member’s key, and nothing for a wrong or former key', async () => {
      const bureau = await bureauOf(2);
      await plan(DEC_1);
      await plan(JAN_5);
      const feed = (key: string) => a.app.inject({ method: 'GET', url: `/api/v1/bureau/calendar.ics?key=${encodeURIComponent(key)}` });

      const key = a.services.sessionDocuments.calendarKeyFor(bureau[0].id);
      const res = await feed(key);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/calendar/);
      expect(res.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
      expect(res.body.match(/^DTSTART:.*$/gm)).toEqual(['DTSTART:20261201T190000Z', 'DTSTART:20270105T190000Z']);

      const tampered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
      expectProblem(await feed(tampered), 404, 'not_found');
      const outsider = await a.person();
      expectProblem(await feed(a.services.sessionDocuments.calendarKeyFor(outsider.id)), 404, 'not_found');

      const former = a.services.sessionDocuments.calendarKeyFor(bureau[1].id);
      expect((await feed(former)).statusCode).toBe(200);
      await a.services.bureau.end(system, bureau[1].officeId);
      expectProblem(await feed(former), 404, 'not_found');
    });

    it('plans the next three sessions from the recurrence, once, and refuses a bad RRULE', async () => {
      await bureauOf(1);
      const put = (rrule: string) => a.app.inject({ method: 'PUT', url: '/api/v1/bureau/recurrence', headers: clerk, payload: { rrule } });
      const res = await put('FREQ=MONTHLY;BYDAY=1TU;BYHOUR=20;BYMINUTE=0');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ timezone: 'Europe/Paris', sessionsAhead: 3 });
      const upcoming = async () =>
        (await get('/api/v1/bureau/sessions?when=upcoming', clerk))
          .json()
          .items.map((s: { scheduledAt: string; status: string; origin: string }) => [s.scheduledAt, s.status, s.origin]);
      const expected = [DEC_1, JAN_5, FEB_2].map((at) => [at, 'planned', 'recurrence']);
      expect(await upcoming()).toEqual(expected);

      expect(await a.services.sessionPlanning.ensureSessionsAhead()).toBe(0);
      expect(await a.services.sessionPlanning.ensureSessionsAhead()).toBe(0);
      expect(await upcoming()).toEqual(expected);

      // Once the first has passed, the next occurrence (first Tuesday of March, still winter time) is added.
      a.clock.set('2026-12-02T08:00:00.000Z');
      expect(await a.services.sessionPlanning.ensureSessionsAhead()).toBe(1);
      expect((await upcoming()).map((s: string[]) => s[0])).toEqual([JAN_5, FEB_2, '2027-03-02T19:00:00.000Z']);

      const before = await stateFingerprint(a);
      const problem = expectProblem(await put('FREQ=SOMETIMES'), 400, 'validation_failed');
      expect(problem.errors.map((e) => e.path)).toContain('/rrule');
      expect(await stateFingerprint(a)).toBe(before);
    });
  });

  describe('race', () => {
    it('20 concurrent decisions on one application, from several bureau members: exactly one decision', async () => {
      const { bureau, sessionId, applicant, applicationId } = await ready();
      await open(sessionId, bureau[0], bureau.slice(0, 3));

      // On PostgreSQL each decision runs in its own pooled connection; hold every transaction until
      // several are open at once, so that they really read the open item together and race for it.
      // SQLite has one writer at a time: there the transactions take turns.
      const original = a.database.transaction.bind(a.database);
      let inFlight = 0;
      let maxInFlight = 0;
      a.database.transaction = <T>(fn: (trx: Transaction<DB>) => Promise<T>) =>
        original(async (trx) => {
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          try {
            if (dialectUnderTest === 'postgres') {
              const until = Date.now() + 2000;
              while (inFlight < 4 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
            }
            return await fn(trx);
          } finally {
            inFlight--;
          }
        });
      const payloads = [
        { outcome: 'accepted', votes: { for: 3, against: 0, abstain: 0 } },
        { outcome: 'rejected', votes: { for: 0, against: 3, abstain: 0 }, rationale: 'Pas maintenant' },
        { outcome: 'deferred' },
      ];
      let responses: LightMyRequestResponse[];
      try {
        responses = await Promise.all(
          Array.from({ length: 20 }, (_, i) => decide(sessionId, bureau[i % bureau.length], { applicationId, ...payloads[i % payloads.length] })),
        );
      } finally {
        a.database.transaction = original;
      }

      const won = responses.filter((r) => r.statusCode === 201);
      const lost = responses.filter((r) => r.statusCode !== 201);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const r of lost) expectProblem(r, 409, 'already_decided');
      if (dialectUnderTest === 'postgres') {
        expect(maxInFlight).toBeGreaterThanOrEqual(4);
        // Some lost the race inside the database (the item's state or the unique decision), not before it.
        expect(lost.some((r) => r.json().detail === 'Decided meanwhile')).toBe(true);
      }

      const outcome = won[0].json().outcome as string;
      const decisions = await a.database.db.selectFrom('decisions').selectAll().where('application_id', '=', applicationId).execute();
      expect(decisions).toEqual([expect.objectContaining({ id: won[0].json().id, outcome })]);
      const memberships = await a.database.db.selectFrom('memberships').selectAll().where('person_id', '=', applicant.id).execute();
      expect(memberships).toHaveLength(outcome === 'accepted' ? 1 : 0);
      expect(await application(applicationId, applicant.headers)).toMatchObject({ status: outcome, decisionId: won[0].json().id });
      // One outcome mail, and the welcome mail when accepted.
      expect((await get(`/api/v1/mail?to=${encodeURIComponent(applicant.email)}`)).json().items).toHaveLength(outcome === 'accepted' ? 2 : 1);
      expect(await decisionEffects(applicant.id)).toHaveLength(outcome === 'accepted' ? 2 : 0);
      const actions = (await get(`/api/v1/audit?subjectType=application&subjectId=${applicationId}`)).json().items.map((e: { action: string }) => e.action);
      expect(actions.filter((x: string) => x === `application.${outcome}`)).toHaveLength(1);
      expect((await session(sessionId)).agenda).toEqual([expect.objectContaining({ applicationId, state: 'decided' })]);
    });
  });
});
