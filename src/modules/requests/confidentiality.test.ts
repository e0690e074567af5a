import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, expectProblem, system, type TestAssociation } from '../../../test/harness.js';
import { http, inBureau, lastMailTo, ok, onTeam, submitted, tokenOf, type Teammate } from '../../../test/requests.js';

/**
 * What must never leak (docs/requests.md, "Who sees what"): internal notes and the answers of other teams never
 * reach the requester; a follow link sees its own request and nothing else; a moderation report
 * is seen only by the team that handles moderation and the bureau, and never, in any way, by the
 * person it is about, even when that person is on that team.
 */
describe(`requests: what stays private (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let clara: Teammate;
  let theo: Teammate;
  beforeEach(async () => {
    a = await buildAssociation();
    clara = await onTeam(a, 'communaute', 'member', 'Clara Communauté');
    theo = await onTeam(a, 'technique', 'member', 'Théo Technique');
  });
  afterEach(async () => a?.close());

  it('never shows nor mails an internal note or a consultation to the requester', async () => {
    const { id, email } = await submitted(a, { subject: 'Mon compte' });
    const token = await tokenOf(a, id);
    await http(a).post(`/api/v1/requests/${id}/replies`, { body: 'INTERNE-1 à vérifier', internal: true }, clara.headers);
    const consultation = ok(await http(a).post(`/api/v1/requests/${id}/consult`, { teamSlug: 'technique', question: 'INTERNE-2 ?' }, clara.headers), 201);
    await http(a).post(`/api/v1/requests/consultations/${consultation.id}/answer`, { answer: 'INTERNE-3 ok' }, theo.headers);
    await http(a).post(`/api/v1/requests/${id}/replies`, { body: 'Réponse publique', waiting: false }, clara.headers);
    const api = (await http(a).get(`/api/v1/requests/follow/${token}`)).body;
    const page = (await http(a).page(`/requests/follow/${token}`)).body;
    const mails = (await a.services.audit.mails({ to: email })).items;
    expect(mails.map((m) => m.kind).sort()).toEqual(['request_received', 'request_reply']);
    for (const seen of [api, page, ...mails.map((m) => `${m.subject}\n${m.body}`)]) {
      for (const secret of ['INTERNE-1', 'INTERNE-2', 'INTERNE-3', 'Clara', 'Théo', clara.email]) expect(seen).not.toContain(secret);
    }
    expect(api).toContain('Réponse publique');
    // The team sees all of it.
    const team = (await http(a).get(`/api/v1/requests/${id}`, clara.headers)).body;
    for (const text of ['INTERNE-1', 'INTERNE-2', 'INTERNE-3', 'Réponse publique']) expect(team).toContain(text);
  });

  it('lets a follow link see only its own request, and not after closed + 30 days', async () => {
    const mine = await submitted(a, { subject: 'La mienne' });
    const other = await submitted(a, { subject: 'Celle d’une autre' });
    const token = await tokenOf(a, mine.id);
    const view = ok(await http(a).get(`/api/v1/requests/follow/${token}`));
    expect(view.id).toBe(mine.id);
    expect(JSON.stringify(view)).not.toContain('Celle d’une autre');
    // A forged token, another request's id, or a token with a character changed: not found, the same way.
    for (const forged of [other.id, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, 'a'.repeat(43), '..%2F..%2Fapi']) {
      expectProblem(await http(a).get(`/api/v1/requests/follow/${forged}`), 404, 'invalid_follow_token');
      expectProblem(await http(a).post(`/api/v1/requests/follow/${forged}/replies`, { body: 'Hop' }), 404, 'invalid_follow_token');
    }
    expect((await http(a).page(`/requests/follow/${other.id}`)).statusCode).toBe(404);
    // The token is not a key to the inbox either.
    expectProblem(await http(a).get(`/api/v1/requests/${mine.id}`, { authorization: `Bearer ${token}` }), 401, 'unauthenticated');

    await http(a).post(`/api/v1/requests/${mine.id}/close`, {}, clara.headers);
    const closedAt = (await a.services.requests.get(system, mine.id)).closedAt!;
    a.clock.set(new Date(Date.parse(closedAt) + 29 * 86_400_000).toISOString());
    expect(ok(await http(a).get(`/api/v1/requests/follow/${token}`))).toMatchObject({ status: 'closed', canReply: false });
    a.clock.set(new Date(Date.parse(closedAt) + 30 * 86_400_000).toISOString());
    expectProblem(await http(a).get(`/api/v1/requests/follow/${token}`), 404, 'invalid_follow_token');
  });

  describe('a moderation report about someone on the moderation team', () => {
    let reported: Teammate;
    let reportId: string;
    const REPORTER = 'reporter.secret@example.org';
    beforeEach(async () => {
      reported = await onTeam(a, 'communaute', 'lead', 'Rémi Signalé');
      await a.services.bureau.appoint(system, { personId: reported.id, office: 'member' });
      reportId = (
        await submitted(a, {
          email: REPORTER,
          name: 'Rita Rapporteuse',
          category: 'moderation',
          subject: 'Propos insultants',
          message: 'Dans le salon public, hier soir.',
          concerns: 'remi signale',
        })
      ).id;
    });

    it('is handled by the rest of the moderation team and the bureau', async () => {
      const view = ok(await http(a).get(`/api/v1/requests/${reportId}`, clara.headers));
      expect(view).toMatchObject({ category: 'moderation', concerns: 'remi signale', concernsMatched: true, requester: { email: REPORTER } });
      const bureau = await inBureau(a, 'Béa Bureau');
      ok(await http(a).get(`/api/v1/requests/${reportId}`, bureau.headers));
      // An administrator off the moderation team does not see it, and nor does another team.
      expectProblem(await http(a).get(`/api/v1/requests/${reportId}`, a.admin.headers), 404, 'not_found');
      expectProblem(await http(a).get(`/api/v1/requests/${reportId}`, theo.headers), 404, 'not_found');
      expect(ok(await http(a).get('/api/v1/requests', a.admin.headers)).items).toEqual([]);
      // Nobody can give it to the person it is about.
      expectProblem(await http(a).post(`/api/v1/requests/${reportId}/assign`, { personId: reported.id }, clara.headers), 403, 'forbidden');
      const page = await http(a).page(`/requests/${reportId}`, clara.headers);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`value="${clara.id}"`);
      expect(page.body).not.toContain(`value="${reported.id}"`);
    });

    it('is invisible to the person it is about, in every list, page, count and consultation', async () => {
      const consultation = ok(
        await http(a).post(`/api/v1/requests/${reportId}/consult`, { teamSlug: 'technique', question: 'Logs du salon ?' }, clara.headers),
        201,
      );
      await a.services.teams.addToRoster(system, 'technique', reported.id, 'member');
      const as = reported.headers;
      expectProblem(await http(a).get(`/api/v1/requests/${reportId}`, as), 404, 'not_found');
      expect((await http(a).page(`/requests/${reportId}`, as)).statusCode).toBe(404);
      for (const action of ['replies', 'assign', 'consult', 'resolve', 'close', 'accept-join']) {
        const res = await http(a).post(`/api/v1/requests/${reportId}/${action}`, { body: 'x', teamSlug: 'technique', question: 'x' }, as);
        expect([400, 404], `${action}: ${res.body}`).toContain(res.statusCode);
      }
      expectProblem(await http(a).get(`/api/v1/requests/consultations/${consultation.id}`, as), 404, 'not_found');
      expect((await http(a).page(`/requests/consultations/${consultation.id}`, as)).statusCode).toBe(404);
      expectProblem(await http(a).post(`/api/v1/requests/consultations/${consultation.id}/answer`, { answer: 'Rien vu' }, as), 404, 'not_found');
      const seen = [
        (await http(a).get('/api/v1/requests', as)).body,
        (await http(a).get('/api/v1/requests?category=moderation&status=new', as)).body,
        (await http(a).get('/api/v1/requests/consultations', as)).body,
        (await http(a).page('/requests', as)).body,
        (await http(a).page('/', as)).body,
        (await http(a).get(`/api/v1/audit?subjectType=request&subjectId=${reportId}`, a.admin.headers)).body,
      ];
      for (const text of seen) for (const secret of ['Propos insultants', REPORTER, 'Rita', 'Logs du salon']) expect(text).not.toContain(secret);
      // Her home counts neither the report nor the question about it (a team with nothing open has no
      // line), where a teammate's home counts the report.
      expect(seen[4]).not.toMatch(/Communauté : [1-9]|Technique : \d+ demandes? ouvertes?, [1-9]/);
      expect((await http(a).page('/', clara.headers)).body).toContain('Communauté : 1 demande ouverte');
      // Theo, on Technique, sees the question but not the report's subject nor the reporter.
      const asked = ok(await http(a).get(`/api/v1/requests/consultations?team=technique`, theo.headers)).items;
      expect(asked).toHaveLength(1);
      expect(asked[0].request.subject).toBeNull();
      expect(JSON.stringify(asked)).not.toContain(REPORTER);
      // No mail about the report ever goes to the person it is about.
      expect((await a.services.audit.mails({ to: reported.email })).items).toEqual([]);
      expect((await lastMailTo(a, REPORTER)).kind).toBe('report_received');
    });
  });
});
