import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/cursor.js';
import { createTeamsRepository } from '../teams/repository.js';
import { createRequestsRepository } from './repository.js';
import { assigneeRefusal, isDueForClosing, LIMITS, OPEN_STATUSES, REQUEST_STATUSES, requestScope, type StatusFilter } from './rules.js';
import { viewerOf } from './policy.js';
import { listItem, type RequestListItem, type RequestView } from './views.js';
import { refuse, requiredText, type RequestsKit } from './kit.js';

export interface InboxFilter {
  team?: string;
  /** A status, or `open` for new, in progress and waiting together. */
  status?: StatusFilter;
  /** A person's id, `me`, or `none` for the requests nobody took yet. */
  assignee?: string;
  category?: string;
  limit?: number;
  cursor?: string;
}

export interface ReplyInput {
  body: string;
  /** An internal note: never shown nor mailed to the requester. */
  internal?: boolean;
  /** A public reply that asks the requester something: the request waits on them (default). */
  waiting?: boolean;
}

/**
 * The teams' inbox (docs/requests.md, "The inbox"): lists scoped to what the actor may see inside the query, one
 * request with its whole thread, public replies (mailed) and internal notes (never), assignment
 * within the team, resolution (one contribution), closing and reopening.
 */
export function createInbox(kit: RequestsKit) {
  const { database, clock, config } = kit;

  const get = kit.view;

  return {
    async list(actor: Actor, filter: InboxFilter = {}): Promise<{ items: RequestListItem[]; nextCursor: string | null }> {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
      const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
      const statuses = filter.status === 'open' ? OPEN_STATUSES : filter.status && REQUEST_STATUSES.includes(filter.status) ? [filter.status] : undefined;
      const rows = await createRequestsRepository(database.db).list({
        scope: requestScope(viewerOf(actor)),
        teamId: await kit.teamFilter(filter.team),
        statuses,
        assignee: filter.assignee === 'me' ? (actor.personId ?? 'none') : filter.assignee || undefined,
        category: filter.category || undefined,
        afterId: after?.id,
        limit: limit + 1,
      });
      const now = clock.now();
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page.map((r) => listItem(r, now)), nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
    },

    get,

    /** The people a request of this team may be given to: its roster (for the assignment form). */
    async teammates(actor: Actor, id: string): Promise<{ personId: string; displayName: string }[]> {
      const r = await kit.loadFor(database.db, actor, id);
      const roster = await createTeamsRepository(database.db).roster([r.teamId]);
      return roster.filter((p) => p.personId !== r.reportedPersonId).map((p) => ({ personId: p.personId, displayName: p.displayName }));
    },

    /** Open requests (and open consultations) of each team the actor is on, for their home page. */
    async openCounts(actor: Actor): Promise<{ teamSlug: string; teamName: { fr: string; en: string }; requests: number; consultations: number }[]> {
      if (!actor.personId || actor.teamIds.length === 0) return [];
      const repo = createRequestsRepository(database.db);
      const [requests, consultations, teams] = await Promise.all([
        repo.openCounts(actor.teamIds, actor.personId),
        repo.openConsultationCounts(actor.teamIds, actor.personId),
        createTeamsRepository(database.db).list(),
      ]);
      return teams
        .filter((t) => actor.teamIds.includes(t.id))
        .map((t) => ({ teamSlug: t.slug, teamName: t.name, requests: requests.get(t.id) ?? 0, consultations: consultations.get(t.id) ?? 0 }));
    },

    async reply(actor: Actor, id: string, input: ReplyInput): Promise<RequestView> {
      const internal = input.internal === true;
      await kit.transaction(async (trx) => {
        const r = await kit.loadFor(trx, actor, id);
        const body = requiredText(input.body, '/body', LIMITS.reply);
        const now = clock.now();
        const event = internal ? 'note' : input.waiting === false ? 'reply' : 'reply_and_wait';
        const status = await kit.move(trx, r, event, !internal && r.firstResponseAt === null ? { first_response_at: now } : {});
        const messageId = await createRequestsRepository(trx).addMessage({ requestId: id, authorKind: 'team', authorId: actor.personId, internal, body, now });
        await kit.audit(trx, actor.personId, internal ? 'request.noted' : 'request.replied', id, { messageId, status });
        if (!internal) await kit.mailRequester(trx, r, 'request_reply', 'requests.mail.reply', { reply: body });
      });
      return get(actor, id);
    },

    /** Gives the request to someone on the team (oneself by default), or to nobody with null. */
    async assign(actor: Actor, id: string, input: { personId?: string | null }): Promise<RequestView> {
      const target = input.personId === undefined ? actor.personId : input.personId;
      await kit.transaction(async (trx) => {
        const r = await kit.loadFor(trx, actor, id);
        if (target !== null) {
          if (!target) throw new AppError('validation_failed', 'Whom to?', [{ path: '/personId', code: 'required', message: 'required' }]);
          const onRoster = Boolean(await createTeamsRepository(trx).currentRole(r.teamId, target));
          refuse(assigneeRefusal({ onRoster, isReported: target === r.reportedPersonId }));
        }
        const status = await kit.move(trx, r, target === null ? 'note' : 'assign', { assignee_id: target });
        await kit.audit(trx, actor.personId, 'request.assigned', id, { from: r.assigneeId, to: target, status });
        if (target && target !== actor.personId)
          await kit.mailPerson(trx, target, r, 'request_assigned', 'requests.mail.assigned', { by: actor.displayName ?? '' });
      });
      return get(actor, id);
    },

    /** Resolved: the requester is told, and the handler's work counts as one contribution. */
    async resolve(actor: Actor, id: string): Promise<RequestView> {
      await kit.transaction(async (trx) => {
        const r = await kit.loadFor(trx, actor, id);
        if (r.status === 'resolved' || r.status === 'closed') throw new AppError('illegal_transition', 'This request is already resolved');
        await kit.resolveIn(trx, r, actor.personId);
      });
      return get(actor, id);
    },

    async reopen(actor: Actor, id: string): Promise<RequestView> {
      await kit.transaction(async (trx) => {
        const r = await kit.loadFor(trx, actor, id);
        await kit.move(trx, r, 'reopen', { resolved_at: null, resolved_by: null });
        await kit.audit(trx, actor.personId, 'request.reopened', id);
      });
      return get(actor, id);
    },

    /**
     * Daily: resolved requests nobody answered for REQUEST_CLOSE_AFTER_DAYS close by themselves
     * (the system closes them: no actor). Idempotent; a request reopened meanwhile is left alone.
     */
    async closeResolved(): Promise<number> {
      const days = config.REQUEST_CLOSE_AFTER_DAYS;
      if (days === 0) return 0;
      const now = clock.now();
      const due = await createRequestsRepository(database.db).resolvedBefore(new Date(Date.parse(now) - days * 86_400_000).toISOString());
      let closed = 0;
      for (const id of due) {
        await kit.transaction(async (trx) => {
          const r = await kit.load(trx, id);
          if (r.status !== 'resolved' || !isDueForClosing(r.resolvedAt, now, days)) return;
          await kit.move(trx, r, 'close', { closed_at: now, closed_by: null });
          await kit.audit(trx, null, 'request.closed', id, { from: r.status, afterDays: days });
          closed++;
        });
      }
      return closed;
    },

    /** Closed: final. The private link keeps working 30 days, for reading. */
    async close(actor: Actor, id: string): Promise<RequestView> {
      await kit.transaction(async (trx) => {
        const r = await kit.loadFor(trx, actor, id);
        const now = clock.now();
        await kit.move(trx, r, 'close', { closed_at: now, closed_by: actor.personId });
        await kit.audit(trx, actor.personId, 'request.closed', id, { from: r.status });
      });
      return get(actor, id);
    },
  };
}
