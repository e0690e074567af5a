import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, expectProblem, stateFingerprint, system, type TestAssociation } from '../../../test/harness.js';
import { http, lastMailTo, ok, onTeam, submitted, tokenOf, type Teammate } from '../../../test/requests.js';
import { parseJsonColumn } from '../../platform/db.js';

const PAULA_EMAIL = 'paula.privee@example.org';
const REPORTER = 'reporter.secret@example.org';

interface Person {
  id: string;
  email: string;
  displayName: string;
  headers: Record<string, string>;
}

/**
 * The requests to the teams under the GDPR: in the export of the person who
 * wrote them and of those who handled them, each seeing only their part; pseudonymised by an
 * erasure; emptied by the retention purge once closed long enough; and a moderation report never
 * reaching the person it is about, not even through their export or the mail log.
 */
describe(`requests and personal data (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let clara: Teammate;
  let theo: Teammate;

  const exportOf = async (headers: Record<string, string>) => {
    const res = await http(a).get('/api/v1/me/export', headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const post = (url: string, body: object, headers: Record<string, string>) => http(a).post(url, body, headers);

  /** A question answered publicly, noted, asked to Technique, answered by the requester's link, and resolved. */
  async function handledQuestion(email: string, as: { reply: string; note: string; question: string; answer: string; requesterAnswer: string }) {
    const { id } = await submitted(a, { email, subject: 'Mon accès au cloud', message: 'MESSAGE-INITIAL', link: 'https://cloud.example.org/paula' });
    ok(await post(`/api/v1/requests/${id}/replies`, { body: as.reply }, clara.headers), 201);
    ok(await post(`/api/v1/requests/${id}/replies`, { body: as.note, internal: true }, clara.headers), 201);
    const consultation = ok(await post(`/api/v1/requests/${id}/consult`, { teamSlug: 'technique', question: as.question }, clara.headers), 201);
    ok(await post(`/api/v1/requests/consultations/${consultation.id}/answer`, { answer: as.answer }, theo.headers));
    ok(await http(a).post(`/api/v1/requests/follow/${await tokenOf(a, id)}/replies`, { body: as.requesterAnswer }), 201);
    ok(await post(`/api/v1/requests/${id}/resolve`, {}, clara.headers));
    return id;
  }

  async function report(concerns: string): Promise<string> {
    const { id } = await submitted(a, {
      email: REPORTER,
      name: 'Rita Rapporteuse',
      category: 'moderation',
      subject: 'Propos blessants',
      message: 'MESSAGE-DU-SIGNALEMENT',
      concerns,
    });
    ok(await post(`/api/v1/requests/${id}/replies`, { body: 'Merci pour le signalement' }, clara.headers), 201);
    ok(await post(`/api/v1/requests/${id}/replies`, { body: 'NOTE-SIGNALEMENT', internal: true }, clara.headers), 201);
    return id;
  }

  beforeEach(async () => {
    a = await buildAssociation();
    a.clock.set('2026-01-05T10:00:00.000Z');
    clara = await onTeam(a, 'communaute', 'member', 'Clara Communauté');
    theo = await onTeam(a, 'technique', 'member', 'Théo Technique');
  });
  afterEach(async () => a?.close());

  describe('the export', () => {
    let paula: Person;
    let before: string;
    let question: string;
    let reportId: string;
    let fromHerAddress: string;

    beforeEach(async () => {
      // Written before Paula had a record: nothing shows the address was hers then, so it is not
      // hers to read (whoever later puts an address on their record must not read its past).
      before = (await submitted(a, { email: PAULA_EMAIL, subject: 'Avant mon compte', message: 'ÉCRIT-AVANT' })).id;
      const p = await a.person({ displayName: 'Paula Privée', email: PAULA_EMAIL });
      paula = { ...p, headers: await a.bearer(p.id) };
      question = await handledQuestion(' Paula.Privee@Example.org ', {
        reply: 'Réponse publique à la demandeuse',
        note: 'NOTE-INTERNE',
        question: 'QUESTION-TECHNIQUE ?',
        answer: 'REPONSE-TECHNIQUE',
        requesterAnswer: 'Ma réponse par le lien',
      });
      reportId = await report('paula privee');
      // A report about her sent from her own address (by her, or by someone using it): still none of her export's business.
      fromHerAddress = (
        await submitted(a, { email: PAULA_EMAIL, category: 'moderation', subject: 'Signalement', message: 'AUTRE-SIGNALEMENT', concerns: 'Paula Privée' })
      ).id;
      const rows = await a.database.db.selectFrom('requests').select('reported_person_id').where('id', 'in', [reportId, fromHerAddress]).execute();
      expect(rows).toEqual([{ reported_person_id: paula.id }, { reported_person_id: paula.id }]);
    });

    it('gives the requester their requests with their messages and the public replies, never a note, a consultation nor a report about them', async () => {
      const data = await exportOf(paula.headers);
      expect(data.requests.map((r: { id: string }) => r.id)).toEqual([question]);
      expect(JSON.stringify(data)).not.toContain(before);
      expect(JSON.stringify(data)).not.toContain('ÉCRIT-AVANT');
      expect(data.requests[0]).toMatchObject({
        category: 'question',
        team: 'communaute',
        status: 'resolved',
        subject: 'Mon accès au cloud',
        message: 'MESSAGE-INITIAL',
        link: 'https://cloud.example.org/paula',
        join: null,
      });
      expect(data.requests[0].messages.map((m: { from: string; body: string }) => `${m.from}: ${m.body}`)).toEqual([
        'team: Réponse publique à la demandeuse',
        'you: Ma réponse par le lien',
      ]);
      expect(data.requestsHandled).toEqual([]);
      const text = JSON.stringify(data);
      for (const secret of [
        'NOTE-INTERNE',
        'QUESTION-TECHNIQUE',
        'REPONSE-TECHNIQUE',
        // The report about her: nothing of it, least of all who made it.
        reportId,
        fromHerAddress,
        'AUTRE-SIGNALEMENT',
        REPORTER,
        'Rita',
        'Propos blessants',
        'MESSAGE-DU-SIGNALEMENT',
        'Merci pour le signalement',
        'NOTE-SIGNALEMENT',
        // Nobody of the team by name, address or id.
        clara.id,
        clara.displayName,
        clara.email,
        theo.id,
        theo.displayName,
        theo.email,
      ])
        expect(text, secret).not.toContain(secret);
    });

    it('gives those who handled a request their own messages only', async () => {
      const claras = (await exportOf(clara.headers)).requestsHandled;
      expect(claras.map((r: { id: string }) => r.id)).toEqual([question, reportId]);
      expect(claras[0]).toMatchObject({ category: 'question', team: 'communaute', status: 'resolved', assignedToYou: false, resolvedByYou: true });
      expect(claras[0].messages.map((m: { kind: string; body: string }) => `${m.kind}: ${m.body}`)).toEqual([
        'reply: Réponse publique à la demandeuse',
        'note: NOTE-INTERNE',
      ]);
      expect(claras[0].questions).toEqual([expect.objectContaining({ team: 'technique', question: 'QUESTION-TECHNIQUE ?' })]);
      expect(claras[1].messages.map((m: { body: string }) => m.body)).toEqual(['Merci pour le signalement', 'NOTE-SIGNALEMENT']);
      const text = JSON.stringify(claras);
      for (const theirs of [
        'MESSAGE-INITIAL',
        'Mon accès au cloud',
        'Ma réponse par le lien',
        'REPONSE-TECHNIQUE',
        PAULA_EMAIL,
        paula.id,
        REPORTER,
        'Rita',
        'Propos',
      ]) {
        expect(text, theirs).not.toContain(theirs);
      }
      const theos = (await exportOf(theo.headers)).requestsHandled;
      expect(theos).toEqual([
        expect.objectContaining({
          id: question,
          assignedToYou: false,
          resolvedByYou: false,
          messages: [expect.objectContaining({ kind: 'answer', body: 'REPONSE-TECHNIQUE' })],
          questions: [],
        }),
      ]);
      expect(JSON.stringify(theos)).not.toContain('QUESTION-TECHNIQUE');
    });
  });

  describe('erasure', () => {
    let paula: Person;
    let before: string;
    let question: string;
    let given: string;
    let reportId: string;

    beforeEach(async () => {
      before = (await submitted(a, { email: PAULA_EMAIL, subject: 'Avant mon compte', message: 'ÉCRIT-AVANT' })).id;
      const p = await a.person({ displayName: 'Paula Privée', email: PAULA_EMAIL });
      paula = { ...p, headers: await a.bearer(p.id) };
      await a.services.teams.addToRoster(system, 'communaute', paula.id, 'member');
      question = await handledQuestion(PAULA_EMAIL, {
        reply: 'Réponse publique à la demandeuse',
        note: 'NOTE-INTERNE',
        question: 'QUESTION-TECHNIQUE ?',
        answer: 'REPONSE-TECHNIQUE',
        requesterAnswer: 'Ma réponse par le lien',
      });
      // Paula handles someone else's request too, still open when she is erased.
      given = (await submitted(a, { email: 'victor.visiteur@example.org', subject: 'Question de Victor' })).id;
      ok(await post(`/api/v1/requests/${given}/assign`, { personId: paula.id }, clara.headers));
      ok(await post(`/api/v1/requests/${given}/replies`, { body: 'Réponse écrite par l’équipe' }, paula.headers), 201);
      reportId = await report('paula privee');
    });

    it('pseudonymises her as a requester, empties her messages, ends her links, and leaves the team’s work whole', async () => {
      const oldToken = await tokenOf(a, question);
      const audit = (await a.database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()).map((r) => JSON.stringify(r));
      const res = await post(`/api/v1/people/${paula.id}/erase`, { confirm: 'Paula Privée', reason: 'request' }, a.admin.headers);
      expect(res.statusCode, res.body).toBe(200);
      const { displayName, removed } = res.json();
      expect(removed).toMatchObject({ requests: 1, requestMessages: 1, reportsRenamed: 1, requestsUnassigned: 1 });

      // Her request, as the team reads it: the pseudonym, placeholders, and the team's own texts unchanged.
      const view = ok(await http(a).get(`/api/v1/requests/${question}`, clara.headers));
      expect(view).toMatchObject({
        subject: 'Demande effacée',
        message: 'Message effacé',
        link: null,
        requester: { email: `erased-${paula.id}@invalid`, name: displayName, personId: paula.id },
      });
      expect(view.messages.map((m: { author: string; body: string }) => `${m.author}: ${m.body}`)).toEqual([
        'team: Réponse publique à la demandeuse',
        'team: NOTE-INTERNE',
        'consultation: REPONSE-TECHNIQUE',
        'requester: Message effacé',
      ]);
      expect(JSON.stringify(view)).not.toMatch(/Paula|paula\.privee|Ma réponse|MESSAGE-INITIAL|cloud\.example/);
      // Written from her address before anything showed it was hers: it may be someone else's, and stays as written.
      expect(ok(await http(a).get(`/api/v1/requests/${before}`, clara.headers))).toMatchObject({ subject: 'Avant mon compte', message: 'ÉCRIT-AVANT' });

      // Her private links no longer open anything, old or written anew.
      expectProblem(await http(a).get(`/api/v1/requests/follow/${oldToken}`), 404, 'invalid_follow_token');
      expectProblem(await http(a).get(`/api/v1/requests/follow/${await tokenOf(a, question)}`), 404, 'invalid_follow_token');

      // What she wrote as a handler keeps its text under her pseudonym; the open request goes back to the team.
      const handled = ok(await http(a).get(`/api/v1/requests/${given}`, clara.headers));
      expect(handled.assignee).toBeNull();
      expect(handled.messages).toEqual([expect.objectContaining({ author: 'team', authorName: displayName, body: 'Réponse écrite par l’équipe' })]);
      const history = await a.services.audit.list({ subjectType: 'request', subjectId: given });
      expect(history.items[0]).toMatchObject({ action: 'request.assigned', actorId: a.admin.id, after: { from: paula.id, to: null, reason: 'person_erased' } });

      // The report about her names her by the pseudonym; it stays hidden from her record.
      const reported = ok(await http(a).get(`/api/v1/requests/${reportId}`, clara.headers));
      expect(reported).toMatchObject({ concerns: displayName, concernsMatched: true, requester: { email: REPORTER } });

      // No row of the requests tables holds her name or address any more, but for that earlier request.
      const db = a.database.db;
      const rows = JSON.stringify([
        await db.selectFrom('requests').selectAll().where('id', '!=', before).execute(),
        await db.selectFrom('request_messages').selectAll().where('request_id', '!=', before).execute(),
        await db.selectFrom('mail_log').selectAll().where('person_id', '=', paula.id).execute(),
      ]);
      expect(rows).not.toMatch(/Paula|paula\.privee|Ma réponse/);
      const left = await db.selectFrom('mail_log').select(['person_id', 'subject']).where('to_address', '=', PAULA_EMAIL).execute();
      // The acknowledgement of that earlier request (it quotes nothing of what was submitted).
      expect(left).toEqual([{ person_id: null, subject: 'Demande reçue par TeDomum' }]);

      // The audit chain: nothing rewritten, and whole.
      const after = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
      expect(after.slice(0, audit.length).map((r) => JSON.stringify(r))).toEqual(audit);
      const erased = after.find((e) => e.action === 'person.erased')!;
      expect(JSON.stringify(parseJsonColumn(erased.after))).not.toMatch(/paula|example\.org/i);
      expect(await a.services.audit.verify()).toMatchObject({ ok: true });
    });
  });

  describe('the retention purge', () => {
    const CLOSED = '2025-03-10T09:00:00.000Z';
    let resolvedThenClosed: string;
    let closedUnresolved: string;
    let closedLater: string;
    let resolvedOnly: string;
    let open: string;

    const requestRows = () => a.database.db.selectFrom('requests').selectAll().orderBy('id').execute();

    beforeEach(async () => {
      a.clock.set(CLOSED);
      resolvedThenClosed = await handledQuestion('ana@example.org', {
        reply: 'Réponse publique',
        note: 'NOTE-INTERNE',
        question: 'QUESTION-TECHNIQUE ?',
        answer: 'REPONSE-TECHNIQUE',
        requesterAnswer: 'Merci',
      });
      ok(await post(`/api/v1/requests/${resolvedThenClosed}/close`, {}, clara.headers));
      closedUnresolved = (await submitted(a, { email: 'spam@example.org', subject: 'Achetez', message: 'PUBLICITÉ' })).id;
      ok(await post(`/api/v1/requests/${closedUnresolved}/replies`, { body: 'Hors sujet', internal: true }, clara.headers), 201);
      ok(await post(`/api/v1/requests/${closedUnresolved}/close`, {}, clara.headers));
      resolvedOnly = (await submitted(a, { email: 'bea@example.org', subject: 'Résolue seulement' })).id;
      ok(await post(`/api/v1/requests/${resolvedOnly}/resolve`, {}, clara.headers));
      open = (await submitted(a, { email: 'carl@example.org', subject: 'Toujours ouverte' })).id;
      a.clock.set('2025-06-01T10:00:00.000Z');
      closedLater = (await submitted(a, { email: 'dora@example.org', subject: 'Close en juin' })).id;
      ok(await post(`/api/v1/requests/${closedLater}/close`, {}, clara.headers));
      a.clock.set('2026-07-01T08:00:00.000Z');
    });

    it('empties a closed request kept by its contribution, deletes one nothing points at, once, and keeps the rest', async () => {
      const db = a.database.db;
      const contribution = await db.selectFrom('contributions').selectAll().where('external_id', '=', `request:${resolvedThenClosed}`).execute();
      expect(contribution).toHaveLength(1);
      const untouched = (await requestRows()).filter((r) => [resolvedOnly, open, closedLater].includes(r.id));

      const quiet = await stateFingerprint(a);
      expect(await a.services.privacy.purge('2026-03-09')).toMatchObject({ requestsPurged: 0, requestsDeleted: 0 });
      expect(await stateFingerprint(a)).toBe(quiet);

      expect(await a.services.privacy.purge('2026-03-10')).toMatchObject({ requestsPurged: 1, requestsDeleted: 1 });
      const rows = new Map((await requestRows()).map((r) => [r.id, r]));
      expect(rows.has(closedUnresolved)).toBe(false);
      expect(await db.selectFrom('request_messages').select('id').where('request_id', '=', closedUnresolved).execute()).toEqual([]);
      const purged = rows.get(resolvedThenClosed)!;
      expect(purged).toMatchObject({
        status: 'closed',
        closed_at: CLOSED,
        resolved_by: clara.id,
        requester_email: `purged-${resolvedThenClosed}@invalid`,
        requester_email_normalized: `PURGED-${resolvedThenClosed}@INVALID`,
        requester_name: null,
        requester_person_id: null,
        subject: 'Texte supprimé (durée de conservation)',
        message: 'Texte supprimé (durée de conservation)',
        link: null,
      });
      const thread = await db.selectFrom('request_messages').select('body').where('request_id', '=', resolvedThenClosed).execute();
      expect(thread).toHaveLength(4);
      for (const m of thread) expect(m.body).toBe('Texte supprimé (durée de conservation)');
      const questions = await db.selectFrom('request_consultations').select(['question', 'answer']).where('request_id', '=', resolvedThenClosed).execute();
      expect(questions).toEqual([{ question: 'Texte supprimé (durée de conservation)', answer: 'Texte supprimé (durée de conservation)' }]);
      expect(JSON.stringify(await requestRows())).not.toMatch(/ana@example|spam@example|PUBLICITÉ|REPONSE-TECHNIQUE|cloud\.example/);
      // The handler's contribution stays as it was, and the request still opens for the team.
      expect(await db.selectFrom('contributions').selectAll().where('external_id', '=', `request:${resolvedThenClosed}`).execute()).toEqual(contribution);
      expect(ok(await http(a).get(`/api/v1/requests/${resolvedThenClosed}`, clara.headers))).toMatchObject({
        status: 'closed',
        subject: 'Texte supprimé (durée de conservation)',
      });
      // Resolved but never closed, open, or closed later: untouched.
      expect((await requestRows()).filter((r) => [resolvedOnly, open, closedLater].includes(r.id))).toEqual(untouched);

      const actions = (await db.selectFrom('audit_log').select(['action', 'subject_id', 'after']).execute()).map((e) => `${e.action} ${e.subject_id}`);
      expect(actions).toEqual(
        expect.arrayContaining([`request.purged ${resolvedThenClosed}`, `request.deleted ${closedUnresolved}`, 'privacy.purged 2026-03-10']),
      );
      const run = await db.selectFrom('audit_log').select('after').where('action', '=', 'privacy.purged').executeTakeFirstOrThrow();
      expect(parseJsonColumn(run.after)).toMatchObject({ requestsPurged: 1, requestsDeleted: 1 });
      expect(await a.services.audit.verify()).toMatchObject({ ok: true });

      // Idempotent: the same day again changes nothing.
      const settled = await stateFingerprint(a);
      expect(await a.services.privacy.purge('2026-03-10')).toMatchObject({ requestsPurged: 0, requestsDeleted: 0 });
      expect(await stateFingerprint(a)).toBe(settled);
      // June: the one closed then goes too.
      expect(await a.services.privacy.purge('2026-06-01')).toMatchObject({ requestsPurged: 0, requestsDeleted: 1 });
      expect((await requestRows()).map((r) => r.id).sort()).toEqual([resolvedThenClosed, resolvedOnly, open].sort());
    });
  });

  describe('the mail log', () => {
    let chloe: Teammate;
    let reportId: string;
    beforeEach(async () => {
      chloe = await onTeam(a, 'communaute', 'member', 'Chloé Communauté');
      // A report about the administrator herself: she must not learn who made it.
      reportId = await report('ada admin');
      ok(await post(`/api/v1/requests/${reportId}/assign`, { personId: chloe.id }, clara.headers));
      await submitted(a, { email: 'question@example.org', subject: 'Une question ordinaire' });
    });

    it('shows that mails about a moderation report left, never to whom nor what they say', async () => {
      const row = await a.database.db.selectFrom('requests').select('reported_person_id').where('id', '=', reportId).executeTakeFirstOrThrow();
      expect(row.reported_person_id).toBe(a.admin.id);
      // They did go: to the reporter and to Chloé.
      expect((await lastMailTo(a, REPORTER)).kind).toBe('report_reply');
      const toChloe = await a.database.db.selectFrom('mail_log').select('kind').where('to_address', '=', chloe.email).execute();
      expect(toChloe.map((m) => m.kind)).toContain('report_assigned');

      const res = await http(a).get('/api/v1/mail?limit=200', a.admin.headers);
      expect(res.statusCode).toBe(200);
      const items = res.json().items as {
        kind: string;
        to: string;
        personId: string | null;
        subject: string;
        body: string;
        recipientWithheld: boolean;
        bodyWithheld: boolean;
      }[];
      const reports = items.filter((m) => m.kind.startsWith('report_'));
      // report_new: the two people of the moderation team told of the report (docs/requests.md, "Who is told of a new request"), never the administrator it is about.
      expect(reports.map((m) => m.kind).sort()).toEqual(['report_assigned', 'report_new', 'report_new', 'report_received', 'report_reply']);
      for (const m of reports) expect(m).toMatchObject({ to: '', personId: null, subject: '', body: '', recipientWithheld: true, bodyWithheld: true });
      expect(items.find((m) => m.kind === 'request_received')).toMatchObject({ to: 'question@example.org', recipientWithheld: false, bodyWithheld: false });
      for (const secret of [REPORTER, 'Rita', 'Propos blessants', 'Merci pour le signalement']) expect(res.body, secret).not.toContain(secret);
      // Chloé's address shows only on the ordinary question's mail, the one her team got (request_new).
      expect(items.filter((m) => m.to === chloe.email).map((m) => m.kind)).toEqual(['request_new']);
      // Looking an address up does not tell either: nothing of the report.
      for (const to of [REPORTER, chloe.email]) {
        const found = ok(await http(a).get(`/api/v1/mail?to=${encodeURIComponent(to)}`, a.admin.headers)).items as { kind: string }[];
        expect(
          found.filter((m) => !m.kind.startsWith('request_new')),
          to,
        ).toEqual([]);
      }

      const admin = a.browser();
      expect((await admin.login(a.admin.email, ADMIN_PASSWORD)).statusCode).toBe(303);
      const page = await admin.get('/admin/mail');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Masqué (signalement)');
      expect(page.body).toContain('question@example.org');
      for (const secret of [REPORTER, 'Propos blessants']) expect(page.body, secret).not.toContain(secret);
    });
  });
});
