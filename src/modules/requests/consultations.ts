import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { createTeamsRepository } from '../teams/repository.js';
import { createRequestsRepository, type Consultation, type RequestRecord } from './repository.js';
import { canAnswerConsultation, isReport, LIMITS, requestScope, type RequestStatus, type ConsultationStatus } from './rules.js';
import { viewerOf } from './policy.js';
import { consultationView, type ConsultationView } from './views.js';
import { requiredText, subjectOf, type RequestsKit } from './kit.js';
import type { Notifications } from './notifications.js';

/**
 * What the team asked sees of the request: its category, its team and (unless it is a moderation
 * report) its subject. Never the requester's address, message or thread: the question says what
 * is needed.
 */
export interface ConsultationPage extends ConsultationView {
  request: { id: string; category: string; teamSlug: string; teamName: { fr: string; en: string }; subject: string | null; status: RequestStatus };
  canAnswer: boolean;
}

function pageOf(c: Consultation, r: RequestRecord): ConsultationPage {
  return {
    ...consultationView(c),
    request: {
      id: r.id,
      category: r.category,
      teamSlug: r.teamSlug,
      teamName: r.teamName,
      subject: isReport(r.category) ? null : r.subject,
      status: r.status,
    },
    canAnswer: c.status === 'open',
  };
}

/**
 * Asking another team (docs/requests.md): from a request, a member of the owning team asks another team
 * a question; it waits in that team's inbox; a member of that team answers; the answer comes back
 * into the request as an internal note. The request stays with the team that asked.
 */
export function createConsultations(kit: RequestsKit, notifications: Pick<Notifications, 'tellOfQuestion'>) {
  const { database, clock } = kit;

  async function loadFor(actor: Actor, id: string): Promise<{ consultation: Consultation; request: RequestRecord }> {
    const consultation = await createRequestsRepository(database.db).consultationById(id);
    const request = consultation ? await kit.load(database.db, consultation.requestId) : undefined;
    if (!consultation || !request || !canAnswerConsultation(viewerOf(actor), { teamId: consultation.teamId, request: subjectOf(request) }))
      throw new AppError('not_found', `No consultation ${id}`);
    return { consultation, request };
  }

  async function get(actor: Actor, id: string): Promise<ConsultationPage> {
    const { consultation, request } = await loadFor(actor, id);
    return pageOf(consultation, request);
  }

  return {
    async consult(actor: Actor, id: string, input: { teamSlug: string; question: string }): Promise<ConsultationView> {
      const r = await kit.loadFor(database.db, actor, id);
      const question = requiredText(input.question, '/question', LIMITS.reply);
      const team = await createTeamsRepository(database.db).findBySlug(input.teamSlug.trim());
      if (!team) throw new AppError('validation_failed', 'No such team', [{ path: '/teamSlug', code: 'unknown_team', message: 'no such team' }]);
      if (team.id === r.teamId)
        throw new AppError('validation_failed', 'Ask another team', [
          { path: '/teamSlug', code: 'same_team', message: 'this request is already with that team' },
        ]);
      if (r.status === 'closed') throw new AppError('illegal_transition', 'This request is closed');
      // Read back once, in the transaction: the team's mail and the answer show the same question.
      const consultation = await kit.transaction(async (trx) => {
        const repo = createRequestsRepository(trx);
        const cid = await repo.addConsultation({ requestId: id, teamId: team.id, question, askedBy: actor.personId, now: clock.now() });
        await kit.audit(trx, actor.personId, 'request.consulted', id, { consultationId: cid, team: team.slug });
        const asked = (await repo.consultationById(cid))!;
        await notifications.tellOfQuestion(trx, r, asked);
        return asked;
      });
      return consultationView(consultation);
    },

    /** The consultations asked to the actor's teams (or to one of them), scoped inside the query. */
    async list(actor: Actor, filter: { team?: string; status?: ConsultationStatus; limit?: number } = {}): Promise<ConsultationPage[]> {
      const repo = createRequestsRepository(database.db);
      const rows = await repo.consultationsFor(requestScope(viewerOf(actor)), {
        teamId: await kit.teamFilter(filter.team),
        status: filter.status,
        limit: Math.min(Math.max(filter.limit ?? 100, 1), 200),
      });
      // Their requests in one query, not one each.
      const requests = new Map((await repo.findByIds([...new Set(rows.map((c) => c.requestId))])).map((r) => [r.id, r]));
      return rows.map((c) => pageOf(c, requests.get(c.requestId)!));
    },

    get,

    async answer(actor: Actor, id: string, input: { answer: string }): Promise<ConsultationPage> {
      const { consultation, request } = await loadFor(actor, id);
      const text = requiredText(input.answer, '/answer', LIMITS.reply);
      if (consultation.status !== 'open') throw new AppError('already_decided', 'This question was already answered');
      await kit.transaction(async (trx) => {
        const now = clock.now();
        const repo = createRequestsRepository(trx);
        if (!(await repo.answerConsultation(id, consultation.version, { text, by: actor.personId, at: now })))
          throw new AppError('already_decided', 'This question was answered meanwhile');
        const messageId = await repo.addMessage({
          requestId: request.id,
          authorKind: 'consultation',
          authorId: actor.personId,
          internal: true,
          body: text,
          consultationId: id,
          now,
        });
        await kit.audit(trx, actor.personId, 'request.consultation_answered', request.id, { consultationId: id, messageId, team: consultation.teamSlug });
        if (consultation.askedBy && consultation.askedBy !== actor.personId)
          await kit.mailPerson(trx, consultation.askedBy, request, 'request_consultation_answered', 'requests.mail.consultationAnswered', (locale) => ({
            team: consultation.teamName[locale],
          }));
      });
      return get(actor, id);
    },
  };
}
