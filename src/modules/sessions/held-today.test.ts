import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';
import { seatBureau, type Someone } from '../../../test/members.js';

/** Nothing is ever dated in the future: a session opened before its planned day is held today. */
const NOW = '2026-12-01T10:00:00.000Z';
const PLANNED = '2026-12-22T18:00:00.000Z';

describe(`a session held before its planned day (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let bureau: Someone[];
  beforeEach(async () => {
    a = await buildAssociation();
    bureau = await seatBureau(a);
    a.clock.set(NOW);
  });
  afterEach(async () => a?.close());

  const post = async (url: string, payload: object, headers: Record<string, string>) => {
    const res = await a.app.inject({ method: 'POST', url, headers, payload });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };

  it('a session opened before its planned day is held today: the membership it grants starts today, and the minutes say it was brought forward', async () => {
    const session = await post('/api/v1/bureau/sessions', { scheduledAt: PLANNED }, bureau[0].headers);
    const applicant = await a.services.people.create(system, { displayName: 'Awa Candidate', email: 'awa@example.org' });
    await post('/api/v1/contributions', { personId: applicant.id, kind: 'moderation', occurredOn: '2026-11-30', summary: 'Modération' }, a.admin.headers);
    const application = await post('/api/v1/applications', { motivation: 'Je modère le forum' }, await a.bearer(applicant.id));

    a.clock.set('2026-12-03T19:00:00.000Z');
    const opened = await post(`/api/v1/bureau/sessions/${session.id}/open`, { presentPersonIds: bureau.map((b) => b.id) }, bureau[0].headers);
    expect(opened).toMatchObject({ scheduledAt: '2026-12-03T19:00:00.000Z', plannedAt: PLANNED });
    await post(`/api/v1/bureau/sessions/${session.id}/decisions`, { applicationId: application.id, outcome: 'accepted' }, bureau[1].headers);

    const membership = (await a.app.inject({ method: 'GET', url: `/api/v1/people/${applicant.id}/membership`, headers: a.admin.headers })).json();
    // "Member since" the day the bureau actually met, never the planned day to come.
    expect(membership).toMatchObject({ status: 'active', since: '2026-12-03' });

    await post(`/api/v1/bureau/sessions/${session.id}/close`, {}, bureau[0].headers);
    const minutes = await a.app.inject({ method: 'GET', url: `/api/v1/bureau/sessions/${session.id}/minutes`, headers: bureau[0].headers });
    expect(minutes.body).toContain('Séance avancée');
    expect(minutes.body).toContain('22 décembre 2026');
  });

  it('a session opened on its planned day keeps its date', async () => {
    const session = await post('/api/v1/bureau/sessions', { scheduledAt: '2026-12-01T18:00:00.000Z' }, bureau[0].headers);
    const opened = await post(`/api/v1/bureau/sessions/${session.id}/open`, { presentPersonIds: bureau.map((b) => b.id) }, bureau[0].headers);
    expect(opened.scheduledAt).toBe('2026-12-01T18:00:00.000Z');
    expect(opened.plannedAt ?? null).toBeNull();
  });
});
