import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, expectProblem, stateFingerprint, system, type TestAssociation } from '../../../test/harness.js';
import { http, inBureau, lastMailTo, ok, onTeam, submitted, type Teammate } from '../../../test/requests.js';

/** Joining a team (docs/requests.md): a join request accepted by a lead of the team asked puts the person on its roster. */
describe(`requests: joining a team (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let tess: Teammate;
  let theo: Teammate;
  let carl: Teammate;
  beforeEach(async () => {
    a = await buildAssociation();
    tess = await onTeam(a, 'technique', 'lead', 'Tess Responsable');
    theo = await onTeam(a, 'technique', 'member', 'Théo Technique');
    carl = await onTeam(a, 'communaute', 'lead', 'Carl Communauté');
  });
  afterEach(async () => a?.close());

  const roster = async (slug: string) => (await a.services.teams.get(system, slug)).roster;

  it('accepted by the Technique lead: a newcomer becomes a person on Technique’s roster, and is told', async () => {
    const { id } = await submitted(a, {
      email: 'Nina.Nouvelle@example.org',
      name: 'Nina Nouvelle',
      category: 'join',
      teamSlug: 'technique',
      subject: 'Je sais administrer Kubernetes',
      message: 'Je voudrais aider l’équipe technique.',
      locale: 'en',
    });
    // Neither a plain member of Technique nor the lead of another team decides.
    expectProblem(await http(a).post(`/api/v1/requests/${id}/accept-join`, {}, theo.headers), 403, 'forbidden');
    expectProblem(await http(a).post(`/api/v1/requests/${id}/accept-join`, {}, carl.headers), 404, 'not_found');
    expect(ok(await http(a).get(`/api/v1/requests/${id}`, theo.headers)).allowedActions).not.toContain('acceptJoin');
    expect(ok(await http(a).get(`/api/v1/requests/${id}`, tess.headers)).allowedActions).toContain('acceptJoin');

    const view = ok(await http(a).post(`/api/v1/requests/${id}/accept-join`, {}, tess.headers));
    expect(view).toMatchObject({ status: 'resolved', join: { outcome: 'accepted' } });
    const nina = (await roster('technique')).find((r) => r.displayName === 'Nina Nouvelle');
    expect(nina).toMatchObject({ role: 'member', until: null });
    const person = await a.services.people.get(system, nina!.personId);
    expect(person).toMatchObject({ email: 'Nina.Nouvelle@example.org', locale: 'en' });
    expect(view.join.personId).toBe(person.id);
    const mail = await lastMailTo(a, 'nina.nouvelle@example.org');
    expect(mail).toMatchObject({ kind: 'request_join_accepted', locale: 'en' });
    expect(mail.body).toContain('/password/forgot');
    // She is a contributor now: her roles say so, and the lead's handling counted once.
    const me = ok(await http(a).get('/api/v1/me', await a.bearer(person.id)));
    expect(me.teams).toEqual([{ slug: 'technique', role: 'member' }]);
    const contributions = await a.database.db.selectFrom('contributions').selectAll().where('external_id', '=', `request:${id}`).execute();
    expect(contributions).toEqual([expect.objectContaining({ person_id: tess.id, kind: 'requests', status: 'confirmed' })]);
    // The roster change goes to the rooms through the outbox, in the same transaction.
    const events = await a.database.db.selectFrom('outbox').select(['topic', 'subject_id']).where('subject_id', '=', person.id).execute();
    expect(events).toContainEqual({ topic: 'rooms.person', subject_id: person.id });
    const actions = (await a.services.audit.list({ subjectType: 'person', subjectId: person.id })).items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['person.created', 'team.role_started']));
    expectProblem(await http(a).post(`/api/v1/requests/${id}/accept-join`, {}, tess.headers), 409, 'already_decided');
  });

  it('reuses the person of an existing email, and changes nothing for someone already on the team', async () => {
    const known = await a.person({ displayName: 'Karim Connu', email: 'karim@example.org' });
    const { id } = await submitted(a, { email: 'KARIM@example.org', category: 'join', teamSlug: 'technique' });
    ok(await http(a).post(`/api/v1/requests/${id}/accept-join`, {}, tess.headers));
    expect((await roster('technique')).filter((r) => r.personId === known.id)).toHaveLength(1);
    const again = await submitted(a, { email: 'karim@example.org', category: 'join', teamSlug: 'technique' });
    const bureau = await inBureau(a, 'Béa Bureau');
    ok(await http(a).post(`/api/v1/requests/${again.id}/accept-join`, {}, bureau.headers));
    expect((await roster('technique')).filter((r) => r.personId === known.id)).toHaveLength(1);
  });

  it('refused with a reason: mailed, nobody added, and a reason is required', async () => {
    const { id, email } = await submitted(a, { category: 'join', teamSlug: 'technique' });
    const before = await stateFingerprint(a);
    expectProblem(await http(a).post(`/api/v1/requests/${id}/refuse-join`, { reason: ' ' }, tess.headers), 400, 'validation_failed');
    expect(await stateFingerprint(a)).toBe(before);
    const view = ok(await http(a).post(`/api/v1/requests/${id}/refuse-join`, { reason: 'Revenez après l’atelier de janvier.' }, tess.headers));
    expect(view).toMatchObject({ status: 'resolved', join: { outcome: 'refused', reason: 'Revenez après l’atelier de janvier.' } });
    const mail = await lastMailTo(a, email);
    expect(mail.kind).toBe('request_join_refused');
    expect(mail.body).toContain('Revenez après l’atelier de janvier.');
    expect((await roster('technique')).map((r) => r.displayName).sort()).toEqual(['Tess Responsable', 'Théo Technique']);
    expect(await a.database.db.selectFrom('people').select('id').where('email_normalized', '=', email).execute()).toEqual([]);
  });

  it('refuses to accept what is not a join request', async () => {
    const { id } = await submitted(a);
    expectProblem(await http(a).post(`/api/v1/requests/${id}/accept-join`, {}, carl.headers), 409, 'illegal_transition');
  });
});
