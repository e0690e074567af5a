import { AppError } from '../../platform/errors.js';
import { createRequestsRepository, type RequestRecord } from './repository.js';
import { canRequesterReply, isFollowLinkValid, LIMITS } from './rules.js';
import { followView, type FollowView } from './views.js';
import { requiredText, type RequestsKit } from './kit.js';

/**
 * The requester's side: the private link mailed to them shows their request and the
 * team's public replies, and takes their answers, without an account. The token is the
 * credential; only its digest is stored, and it works until the request is closed + 30 days.
 */
export function createFollow(kit: RequestsKit) {
  const { database, clock } = kit;

  async function byToken(token: string): Promise<RequestRecord> {
    // A token is 43 base64url characters; anything else cannot be one (and needs no look-up).
    const r = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await createRequestsRepository(database.db).findByTokenHash(kit.tokenHash(token)) : undefined;
    if (!r || !isFollowLinkValid(r.closedAt, clock.now())) throw new AppError('invalid_follow_token', 'This link is not valid, or no longer');
    return r;
  }

  async function view(token: string): Promise<FollowView> {
    const r = await byToken(token);
    const messages = await createRequestsRepository(database.db).messages(r.id, { includeInternal: false });
    return followView(r, messages);
  }

  return {
    /** The token of a request's link (tests and fixtures; mails carry it in the link). */
    followToken: (r: Pick<RequestRecord, 'id' | 'tokenSalt'>) => kit.followToken(r.id, r.tokenSalt),

    followView: view,

    /**
     * The requester answers: a request waiting on them goes back to the team, and so does a
     * resolved one (the answer says it is not); the person it is assigned to gets a mail.
     */
    async followReply(token: string, input: { body: string }): Promise<FollowView> {
      const found = await byToken(token);
      const body = requiredText(input.body, '/body', LIMITS.reply);
      if (!canRequesterReply(found.status)) throw new AppError('illegal_transition', 'This request is closed: write a new one');
      await kit.transaction(async (trx) => {
        const r = await kit.load(trx, found.id);
        const status = await kit.move(trx, r, 'requester_reply');
        const messageId = await createRequestsRepository(trx).addMessage({
          requestId: r.id,
          authorKind: 'requester',
          authorId: r.requesterPersonId,
          internal: false,
          body,
          now: clock.now(),
        });
        // As for the submission, the audit names no requester.
        await kit.audit(trx, null, 'request.requester_replied', r.id, { messageId, status });
        if (r.assigneeId) await kit.mailPerson(trx, r.assigneeId, r, 'request_requester_replied', 'requests.mail.requesterReplied', { reply: body });
      });
      return view(token);
    },
  };
}
