import type { ServiceContext } from '../../platform/services.js';
import { createRequestsKit } from './kit.js';
import { createSubmission } from './submission.js';
import { createFollow } from './follow.js';
import { createInbox } from './inbox.js';
import { createConsultations } from './consultations.js';
import { createJoining } from './joining.js';
import { createNotifications } from './notifications.js';

export type { InboxFilter, ReplyInput } from './inbox.js';
export type { Submission, Submitted } from './submission.js';
export type { ConsultationPage } from './consultations.js';

/**
 * Requests (docs/requests.md): the one inbox where every request to the association has a team, an owner,
 * a state and an age. Its parts live beside this file: submitting (submission.ts), the requester's
 * private link (follow.ts), the teams' inbox (inbox.ts), questions to another team
 * (consultations.ts), join requests (joining.ts) and who is told of them (notifications.ts), all
 * on one kit (kit.ts).
 */
export function createRequestsService(ctx: ServiceContext, settings?: Parameters<typeof createRequestsKit>[1]) {
  const kit = createRequestsKit(ctx, settings);
  const notifications = createNotifications(kit);
  const consultations = createConsultations(kit, notifications);
  return {
    ...createSubmission(kit, notifications),
    ...createFollow(kit),
    ...createInbox(kit),
    ...createJoining(kit),
    consult: consultations.consult,
    consultations: consultations.list,
    consultation: consultations.get,
    answerConsultation: consultations.answer,
    sendDigests: notifications.sendDigests,
    teamsWithNobody: notifications.teamsWithNobody,
  };
}

export type RequestsService = ReturnType<typeof createRequestsService>;
