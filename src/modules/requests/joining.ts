import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { normaliseEmail } from '../../platform/text.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { createPeopleRepository } from '../people/repository.js';
import { newPersonRow } from '../people/rules.js';
import { createTeamsRepository } from '../teams/repository.js';
import { queueRoomsFor } from '../rooms/queue.js';
import { canDecideJoin, canHandleRequest, isJoin, LIMITS } from './rules.js';
import { viewerOf } from './policy.js';
import type { RequestRecord } from './repository.js';
import type { RequestView } from './views.js';
import { requiredText, subjectOf, type RequestsKit } from './kit.js';

/**
 * Joining a team (docs/requests.md): a lead of the team asked accepts (the person, created from the
 * request if new, is put on the roster: a contributor from today) or refuses with a reason, which
 * is mailed. Either way the request is resolved, and counts for whoever handled it.
 *
 * The roster change reuses the teams and people modules' rules and repositories inside this
 * transaction (their services each open their own), so that the person, the roster, the request,
 * the mail and the room invitations commit together ("Nothing is lost").
 */
export function createJoining(kit: RequestsKit) {
  const { database, clock } = kit;

  async function loadDecidable(trx: Kysely<DB>, actor: Actor, id: string): Promise<RequestRecord> {
    const r = await kit.load(trx, id);
    const viewer = viewerOf(actor);
    if (!canHandleRequest(viewer, subjectOf(r))) throw new AppError('not_found', `No request ${id}`);
    if (!isJoin(r.category)) throw new AppError('illegal_transition', 'This is not a request to join a team');
    if (!canDecideJoin(viewer, subjectOf(r))) throw new AppError('forbidden', 'A lead of this team decides who joins it');
    if (r.joinOutcome !== null) throw new AppError('already_decided', 'This request was already decided');
    if (r.status === 'closed') throw new AppError('illegal_transition', 'This request is closed');
    return r;
  }

  /** The requester as a person: found by email, or created from the request (name, language). */
  async function personFor(trx: Kysely<DB>, r: RequestRecord, actorId: string | null, now: string): Promise<string> {
    const people = createPeopleRepository(trx);
    const existing = await people.findByEmail(normaliseEmail(r.requesterEmail));
    if (existing) return existing.id;
    const row = newPersonRow(newId(), { displayName: r.requesterName ?? r.requesterEmail.split('@')[0], email: r.requesterEmail, locale: r.locale }, now);
    await people.insert(row);
    await createAuditRepository(trx, database.dialect).append({
      actorId,
      action: 'person.created',
      subjectType: 'person',
      subjectId: row.id,
      after: await people.findById(row.id),
      at: now,
    });
    return row.id;
  }

  return {
    async acceptJoin(actor: Actor, id: string): Promise<RequestView> {
      await kit.transaction(async (trx) => {
        const r = await loadDecidable(trx, actor, id);
        const now = clock.now();
        const personId = await personFor(trx, r, actor.personId, now);
        const teams = createTeamsRepository(trx);
        const current = await teams.currentRole(r.teamId, personId);
        // Already on the team (as member or lead): accepting changes nothing on the roster.
        if (!current) {
          await teams.addRole({ teamId: r.teamId, personId, role: 'member', since: clock.today(), now });
          await createAuditRepository(trx, database.dialect).append({
            actorId: actor.personId,
            action: 'team.role_started',
            subjectType: 'person',
            subjectId: personId,
            before: null,
            after: { team: r.teamSlug, role: 'member', request: r.id },
            at: now,
          });
          await queueRoomsFor(trx, personId, 'roster_changed', now);
        }
        await kit.resolveIn(trx, r, actor.personId, { join_outcome: 'accepted', join_person_id: personId, requester_person_id: personId }, false);
        await kit.audit(trx, actor.personId, 'request.join_accepted', id, { personId, team: r.teamSlug, alreadyOnTeam: Boolean(current) });
        await kit.mailRequester(trx, r, 'request_join_accepted', 'requests.mail.joinAccepted', { loginLink: `${kit.publicUrl}/password/forgot` });
      });
      return kit.view(actor, id);
    },

    async refuseJoin(actor: Actor, id: string, input: { reason: string }): Promise<RequestView> {
      await kit.transaction(async (trx) => {
        const r = await loadDecidable(trx, actor, id);
        const reason = requiredText(input.reason, '/reason', LIMITS.reason);
        await kit.resolveIn(trx, r, actor.personId, { join_outcome: 'refused', join_reason: reason }, false);
        await kit.audit(trx, actor.personId, 'request.join_refused', id, { team: r.teamSlug });
        await kit.mailRequester(trx, r, 'request_join_refused', 'requests.mail.joinRefused', { reason });
      });
      return kit.view(actor, id);
    },
  };
}
