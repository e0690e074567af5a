import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, expectProblem, stateFingerprint, type TestAssociation } from '../../../test/harness.js';

/**
 * Nobody alone changes the bureau: an administrator records the elected bureau until its first
 * session; from then on a change waits for a second bureau member, never for oneself, never
 * dated in the past, and never leaves the bureau unable to reach its quorum.
 */
const NOW = '2026-12-01T10:00:00.000Z';

describe(`the bureau's composition (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set(NOW);
  });
  afterEach(async () => a?.close());

  const post = (url: string, payload: object, headers: Record<string, string>) => a.app.inject({ method: 'POST', url, headers, payload });
  const current = async () =>
    ((await a.app.inject({ method: 'GET', url: '/api/v1/bureau/members', headers: a.admin.headers })).json().items as { id: string; personId: string }[]).map(
      (t) => t.personId,
    );

  /** The elected bureau, recorded by the administrator while setting up; then its first session. */
  async function electedBureauThatMet(size = 3) {
    const seats: { id: string; officeId: string; headers: Record<string, string> }[] = [];
    const offices = ['president', 'secretary', 'treasurer', 'member', 'member'] as const;
    for (const office of offices.slice(0, size)) {
      const p = await a.person({ displayName: `Élu ${office} ${seats.length}` });
      const res = await post('/api/v1/bureau/members', { personId: p.id, office }, a.admin.headers);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().source).toBe('setup');
      seats.push({ id: p.id, officeId: res.json().id, headers: await a.bearer(p.id) });
    }
    const session = await post('/api/v1/bureau/sessions', { scheduledAt: '2026-12-01T18:00:00.000Z' }, seats[0].headers);
    expect(session.statusCode, session.body).toBe(201);
    const opened = await post(`/api/v1/bureau/sessions/${session.json().id}/open`, { presentPersonIds: seats.map((s) => s.id) }, seats[0].headers);
    expect(opened.statusCode, opened.body).toBe(200);
    return seats;
  }

  it('nobody gives themself an office, not even an administrator setting up the bureau', async () => {
    const before = await stateFingerprint(a);
    const self = expectProblem(await post('/api/v1/bureau/members', { personId: a.admin.id, office: 'president' }, a.admin.headers), 403, 'self_appointment');
    // The refusal names the person chosen, so that a form can say it beside that field.
    expect(self.errors).toEqual([expect.objectContaining({ path: '/personId', code: 'self_appointment' })]);
    expect(await stateFingerprint(a)).toBe(before);
    expect(await current()).toEqual([]);
  });

  it('from the first session on, a change of the bureau takes effect only when a second bureau member confirms it', async () => {
    const [president, secretary] = await electedBureauThatMet();
    const newcomer = await a.person({ displayName: 'Nina Nouvelle' });

    const proposed = await post('/api/v1/bureau/members', { personId: newcomer.id, office: 'member' }, a.admin.headers);
    expect(proposed.statusCode, proposed.body).toBe(202);
    expect(proposed.json()).toMatchObject({ kind: 'appoint', personId: newcomer.id, status: 'pending', proposedBy: a.admin.id });
    // Nina is no member: the proposal goes ahead, with the warning.
    expect(proposed.json().warnings.map((w: { code: string }) => w.code)).toEqual(['not_a_member']);
    expect(await current()).not.toContain(newcomer.id);
    const changeId = proposed.json().id as string;
    const listed = await a.app.inject({ method: 'GET', url: '/api/v1/bureau/changes', headers: president.headers });
    expect(listed.json().items.map((c: { id: string }) => c.id)).toEqual([changeId]);

    // The administrator is not on the bureau: they cannot be the second pair of eyes.
    expect((await post(`/api/v1/bureau/changes/${changeId}/confirm`, {}, a.admin.headers)).statusCode).toBe(403);
    expect(await current()).not.toContain(newcomer.id);

    // A bureau member confirms: the office starts today, recorded as confirmed.
    const confirmed = await post(`/api/v1/bureau/changes/${changeId}/confirm`, {}, secretary.headers);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().term).toMatchObject({ personId: newcomer.id, since: '2026-12-01', source: 'confirmed' });
    expect(await current()).toContain(newcomer.id);
    expectProblem(await post(`/api/v1/bureau/changes/${changeId}/confirm`, {}, president.headers), 409, 'change_not_pending');
  });

  it('the member who proposed a change does not confirm it, nor does the person it is about', async () => {
    const [president, secretary, treasurer] = await electedBureauThatMet();
    const move = await post('/api/v1/bureau/members', { personId: treasurer.id, office: 'member' }, president.headers);
    expect(move.statusCode, move.body).toBe(202);
    const id = move.json().id as string;
    expectProblem(await post(`/api/v1/bureau/changes/${id}/confirm`, {}, president.headers), 403, 'second_member_required');
    expectProblem(await post(`/api/v1/bureau/changes/${id}/confirm`, {}, treasurer.headers), 403, 'self_appointment');
    expect((await post(`/api/v1/bureau/changes/${id}/confirm`, {}, secretary.headers)).statusCode).toBe(200);
  });

  it('no office starts or ends on a past day', async () => {
    const tenDaysAgo = '2026-11-21';
    const early = await a.person();
    const before = await stateFingerprint(a);
    const refused = expectProblem(
      await post('/api/v1/bureau/members', { personId: early.id, office: 'member', since: tenDaysAgo }, a.admin.headers),
      400,
      'validation_failed',
    );
    expect(refused.errors).toEqual([expect.objectContaining({ path: '/since', code: 'in_the_past' })]);
    expect(await stateFingerprint(a)).toBe(before);

    const [president] = await electedBureauThatMet();
    const other = (await a.app.inject({ method: 'GET', url: '/api/v1/bureau/members', headers: a.admin.headers })).json().items[1];
    const ended = expectProblem(await post(`/api/v1/bureau/members/${other.id}/end`, { until: tenDaysAgo }, president.headers), 400, 'validation_failed');
    expect(ended.errors).toEqual([expect.objectContaining({ path: '/until', code: 'in_the_past' })]);
  });

  it('a change that would leave the bureau unable to reach its quorum is refused', async () => {
    const [president, secretary, treasurer] = await electedBureauThatMet();
    // Three seats, quorum two: one may go, and then nobody else until someone is appointed.
    const first = await post(`/api/v1/bureau/members/${treasurer.officeId}/end`, {}, president.headers);
    expect(first.statusCode, first.body).toBe(202);
    expect((await post(`/api/v1/bureau/changes/${first.json().id}/confirm`, {}, secretary.headers)).statusCode).toBe(200);
    expect(await current()).toHaveLength(2);
    const before = await stateFingerprint(a);
    expectProblem(await post(`/api/v1/bureau/members/${secretary.officeId}/end`, {}, a.admin.headers), 409, 'bureau_quorum_at_risk');
    expect(await stateFingerprint(a)).toBe(before);
  });

  it('an administrator cannot make themself the bureau and admit members alone', async () => {
    const seats = await electedBureauThatMet();
    const before = await current();
    expectProblem(await post('/api/v1/bureau/members', { personId: a.admin.id, office: 'president' }, a.admin.headers), 403, 'self_appointment');
    for (const seat of seats) {
      expectProblem(await post(`/api/v1/bureau/members/${seat.officeId}/end`, { until: '2026-11-21' }, a.admin.headers), 400, 'validation_failed');
      const proposed = await post(`/api/v1/bureau/members/${seat.officeId}/end`, {}, a.admin.headers);
      // Proposed at most, never applied: the bureau is as it was.
      expect([202, 409]).toContain(proposed.statusCode);
    }
    expect(await current()).toEqual(before);
    const session = await post('/api/v1/bureau/sessions', { scheduledAt: '2026-12-08T18:00:00.000Z' }, a.admin.headers);
    expect(session.statusCode).toBe(403);
  });

  it('shows the changes waiting on the bureau page, where a second member confirms one', async () => {
    const [president, secretary] = await electedBureauThatMet();
    const newcomer = await a.person({ email: 'nouvelle@example.org', displayName: 'Nina Nouvelle' });
    const admin = a.browser();
    await admin.login(a.admin.email, ADMIN_PASSWORD);
    await admin.get('/bureau');
    const proposed = await admin.post('/bureau/offices', { email: 'nouvelle@example.org', office: 'member', since: '' });
    expect(proposed.statusCode).toBe(303);
    expect(proposed.headers.location).toContain('notice.officeProposed');
    expect(await current()).not.toContain(newcomer.id);

    const secretaryPage = await a.app.inject({ method: 'GET', url: '/bureau', headers: secretary.headers });
    expect(secretaryPage.body).toContain('Changements en attente de confirmation');
    expect(secretaryPage.body).toContain('Nina Nouvelle');
    const changeId = (await a.app.inject({ method: 'GET', url: '/api/v1/bureau/changes', headers: president.headers })).json().items[0].id;
    expect(secretaryPage.body).toContain(`/bureau/changes/${changeId}/confirm`);
    // The buttons name the change, typeset as the reader's language does.
    expect(secretaryPage.body).toContain('aria-label="Confirmer : Nina Nouvelle : Membre du bureau"');
    await a.app.inject({ method: 'PATCH', url: `/api/v1/people/${secretary.id}`, headers: secretary.headers, payload: { locale: 'en' } });
    const inEnglish = (await a.app.inject({ method: 'GET', url: '/bureau', headers: secretary.headers })).body;
    expect(inEnglish).toContain('aria-label="Confirm: Nina Nouvelle: Bureau member"');
    expect(inEnglish).toContain('aria-label="Cancel: Nina Nouvelle: Bureau member"');

    const confirmed = await a.app.inject({
      method: 'POST',
      url: `/bureau/changes/${changeId}/confirm`,
      headers: { ...secretary.headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(303);
    expect(await current()).toContain(newcomer.id);
  });
});
