import type { Consultation, RequestMessage, RequestRecord } from './repository.js';
import {
  canDecideJoin,
  canRequesterReply,
  followLinkValidUntil,
  isJoin,
  isOpen,
  isReport,
  minutesBetween,
  type RequestStatus,
  type RequestSubject,
  type Viewer,
  type ConsultationStatus,
} from './rules.js';

/*
 * What each reader gets of a request: the team's inbox line and full view (thread with internal
 * notes, consultations, the requester's address), and the requester's view through the private
 * link (public replies only: no internal note, no consultation, no name from the team).
 */

export interface RequestListItem {
  id: string;
  category: string;
  teamSlug: string;
  teamName: { fr: string; en: string };
  status: RequestStatus;
  subject: string;
  assignee: { personId: string; displayName: string } | null;
  createdAt: string;
  /** Minutes since it arrived, until it was resolved or closed. */
  ageMinutes: number;
  /** Minutes until the team's first public reply; null while nobody replied. */
  firstResponseMinutes: number | null;
}

export interface ConsultationView {
  id: string;
  teamSlug: string;
  teamName: { fr: string; en: string };
  question: string;
  askedBy: string | null;
  askedAt: string;
  status: ConsultationStatus;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
}

export interface RequestView extends RequestListItem {
  message: string;
  link: string | null;
  locale: 'fr' | 'en';
  requester: { email: string; name: string | null; personId: string | null };
  /** A moderation report: whom it is about, as written, and whether it matched someone. */
  concerns: string | null;
  concernsMatched: boolean;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  join: { outcome: 'accepted' | 'refused' | null; reason: string | null; personId: string | null } | null;
  messages: {
    id: string;
    author: 'requester' | 'team' | 'consultation';
    authorName: string | null;
    internal: boolean;
    body: string;
    /** For an answer from another team: the consultation it answers. */
    consultationId: string | null;
    createdAt: string;
  }[];
  consultations: ConsultationView[];
  /** Until when the requester's private link works (null: as long as the request is not closed). */
  followLinkValidUntil: string | null;
  allowedActions: string[];
}

export interface FollowView {
  id: string;
  category: string;
  teamName: { fr: string; en: string };
  status: RequestStatus;
  subject: string;
  message: string;
  link: string | null;
  createdAt: string;
  messages: { author: 'requester' | 'team'; body: string; createdAt: string }[];
  canReply: boolean;
  validUntil: string | null;
}

/** The end of a request's age: it stops when the request is resolved or closed. */
function ageEnd(r: RequestRecord, now: string): string {
  if (isOpen(r.status)) return now;
  return r.resolvedAt ?? r.closedAt ?? now;
}

export function listItem(r: RequestRecord, now: string): RequestListItem {
  return {
    id: r.id,
    category: r.category,
    teamSlug: r.teamSlug,
    teamName: r.teamName,
    status: r.status,
    subject: r.subject,
    assignee: r.assigneeId ? { personId: r.assigneeId, displayName: r.assigneeName ?? '' } : null,
    createdAt: r.createdAt,
    ageMinutes: minutesBetween(r.createdAt, ageEnd(r, now)),
    firstResponseMinutes: r.firstResponseAt ? minutesBetween(r.createdAt, r.firstResponseAt) : null,
  };
}

export function consultationView(c: Consultation): ConsultationView {
  return {
    id: c.id,
    teamSlug: c.teamSlug,
    teamName: c.teamName,
    question: c.question,
    askedBy: c.askedByName,
    askedAt: c.askedAt,
    status: c.status,
    answer: c.answer,
    answeredBy: c.answeredByName,
    answeredAt: c.answeredAt,
  };
}

/** The buttons this viewer may use now: the page shows exactly these (honest buttons). */
export function allowedActions(viewer: Viewer, r: RequestRecord, subject: RequestSubject): string[] {
  if (r.status === 'closed') return [];
  const actions = ['reply', 'note', 'assign', 'consult', 'close'];
  if (isOpen(r.status)) actions.push('resolve');
  if (r.status === 'resolved') actions.push('reopen');
  if (isJoin(r.category) && r.joinOutcome === null && canDecideJoin(viewer, subject)) actions.push('acceptJoin', 'refuseJoin');
  return actions;
}

export function requestView(
  r: RequestRecord,
  thread: { messages: RequestMessage[]; consultations: Consultation[] },
  viewer: Viewer,
  subject: RequestSubject,
  now: string,
): RequestView {
  return {
    ...listItem(r, now),
    message: r.message,
    link: r.link,
    locale: r.locale,
    requester: { email: r.requesterEmail, name: r.requesterName, personId: r.requesterPersonId },
    concerns: isReport(r.category) ? r.concerns : null,
    concernsMatched: r.reportedPersonId !== null,
    firstResponseAt: r.firstResponseAt,
    resolvedAt: r.resolvedAt,
    closedAt: r.closedAt,
    join: isJoin(r.category) ? { outcome: r.joinOutcome, reason: r.joinReason, personId: r.joinPersonId } : null,
    messages: thread.messages.map((m) => ({
      id: m.id,
      author: m.authorKind,
      authorName: m.authorName,
      internal: m.internal,
      body: m.body,
      consultationId: m.consultationId,
      createdAt: m.createdAt,
    })),
    consultations: thread.consultations.map(consultationView),
    followLinkValidUntil: followLinkValidUntil(r.closedAt),
    allowedActions: allowedActions(viewer, r, subject),
  };
}

/**
 * The requester's view. Built from public messages only (the repository never reads internal
 * notes for it) and without any team member's name or any consultation.
 */
export function followView(r: RequestRecord, publicMessages: RequestMessage[]): FollowView {
  return {
    id: r.id,
    category: r.category,
    teamName: r.teamName,
    status: r.status,
    subject: r.subject,
    message: r.message,
    link: r.link,
    createdAt: r.createdAt,
    messages: publicMessages
      .filter((m) => !m.internal && m.authorKind !== 'consultation')
      .map((m) => ({ author: m.authorKind === 'requester' ? ('requester' as const) : ('team' as const), body: m.body, createdAt: m.createdAt })),
    canReply: canRequesterReply(r.status),
    validUntil: followLinkValidUntil(r.closedAt),
  };
}
