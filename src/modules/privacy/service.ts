import { AppError, type Refusal } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { createAuditRepository, type AuditInput } from '../../platform/audit/repository.js';
import { createOutboxRepository } from '../../platform/outbox/repository.js';
import { createAssociationRepository } from '../../platform/settings/identity.js';
import { matrixUserIdOf } from '../../integrations/matrix.js';
import { bareJid } from '../../integrations/xmpp.js';
import { createPrivacyRepository } from './repository.js';
import { createPrivacyRequestsRepository } from './requests-repository.js';
import { createEmailRepository } from '../people/email-repository.js';
import {
  confirmationMatches,
  erasedPersonFields,
  erasedRequesterFields,
  erasedRequestMessage,
  isPurgedRequest,
  purgedRequestFields,
  purgedRequestText,
  erasureRefusal,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  isDueForPurge,
  purgeBefore,
  type ErasureReason,
} from './rules.js';

export interface ErasureInput {
  /** The person's display name, typed again by the administrator. */
  confirm: string;
  reason: ErasureReason;
}

export interface ErasureResult {
  id: string;
  displayName: string;
  erasedAt: string;
  removed: Record<string, number>;
}

export interface PurgeResult {
  date: string;
  months: number;
  applicationsPurged: number;
  applicationsDeleted: number;
  mailsDeleted: number;
  outboxEventsDeleted: number;
  sessionsDeleted: number;
  passwordResetsDeleted: number;
  handlesRedacted: number;
  requestsPurged: number;
  requestsDeleted: number;
}

/** The handle a room's provider knows the person by, from their record before erasure. */
function handleFor(provider: string, person: { id: string; matrix_id: string | null; xmpp_jid: string | null }): string | null {
  if (provider === 'matrix') return matrixUserIdOf(person.matrix_id);
  if (provider === 'xmpp') return person.xmpp_jid ? bareJid(person.xmpp_jid) : null;
  if (provider === 'webhook') return person.id;
  return null;
}

export function createPrivacyService(ctx: ServiceContext) {
  const { database, clock, config } = ctx;
  const privacy = createPrivacyRepository(database.db);

  return {
    /** How long rejected and withdrawn applications and the mail log are kept. */
    retentionMonths: () => config.RETENTION_MONTHS,

    /** Whether the person may be erased now, as the erasure page tells before the form is filled. */
    async erasability(personId: string): Promise<{ displayName: string; refusal: Refusal | null }> {
      const read = await privacy.erasureFacts(personId, clock.today());
      if (!read) throw new AppError('not_found', `No person ${personId}`);
      return { displayName: read.displayName, refusal: erasureRefusal(read.facts) };
    },

    /** When the person was erased, or null. */
    /**
     * Everything the association holds about the signed-in person (GDPR articles 15 and 20), as
     * one JSON document. Other people appear by no name or address: what the person did to
     * others' records shows as the action and the record's id, never its content.
     */
    async exportFor(actor: Actor) {
      if (!actor.personId) throw new AppError('unauthenticated', 'Sign in to download your data');
      const id = actor.personId;
      const person = await privacy.person(id);
      if (!person) throw new AppError('not_found', `No person ${id}`);
      const association = await createAssociationRepository(database.db).association();
      const requestsOf = createPrivacyRequestsRepository(database.db);
      const [
        administratorSince,
        identities,
        loginSessions,
        apiTokens,
        passwordResets,
        secondFactor,
        teamRoles,
        bureauOffices,
        memberships,
        contributions,
        forgeAccounts,
        applications,
        agendaItems,
        bureauAttendance,
        assemblyInvitations,
        assemblyProxies,
        assemblyVotes,
        mails,
        roomDeliveries,
        audit,
        requests,
        requestsHandled,
        loginAddresses,
        signInChallenges,
        bureauChanges,
        lastRequestDigestAt,
      ] = await Promise.all([
        privacy.administratorSince(id),
        privacy.identities(id),
        privacy.loginSessions(id),
        privacy.apiTokens(id),
        privacy.passwordResets(id),
        privacy.secondFactor(id),
        privacy.teamRoles(id),
        privacy.bureauOffices(id),
        privacy.memberships(id),
        privacy.contributions(id),
        privacy.forgeAccounts(id),
        privacy.applications(id),
        privacy.agendaItems(id),
        privacy.bureauAttendance(id),
        privacy.assemblyInvitations(id),
        privacy.assemblyProxies(id),
        privacy.assemblyVotes(id),
        privacy.mails(id),
        privacy.roomDeliveries(id),
        privacy.audit(id),
        requestsOf.submitted(id),
        requestsOf.handled(id),
        privacy.loginAddresses(id),
        privacy.signInChallenges(id),
        privacy.bureauChanges(id),
        privacy.lastRequestDigestAt(id),
      ]);
      return {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exportedAt: clock.now(),
        association: association?.name ?? null,
        person: {
          id: person.id,
          displayName: person.display_name,
          email: person.email,
          pseudonym: person.pseudonym,
          pronouns: person.pronouns,
          locale: person.locale,
          matrixId: person.matrix_id,
          xmppJid: person.xmpp_jid,
          publicConsent: Number(person.public_consent) === 1,
          createdAt: person.created_at,
          updatedAt: person.updated_at,
          erasedAt: person.erased_at,
        },
        administrator: administratorSince ? { since: administratorSince } : null,
        loginAddresses,
        identities,
        loginSessions,
        apiTokens,
        passwordResets,
        signInChallenges,
        secondFactor,
        teamRoles,
        bureauOffices,
        bureauChanges,
        bureauAttendance,
        memberships,
        contributions,
        forgeAccounts,
        applications,
        agendaItems,
        assemblyInvitations,
        assemblyProxies,
        assemblyVotes,
        mails,
        roomDeliveries,
        audit,
        requests,
        requestsHandled,
        requestDigest: lastRequestDigestAt ? { lastSentAt: lastRequestDigestAt } : null,
      };
    },

    /**
     * Erases a person on request (GDPR article 17): the record stays, with the same id, so that
     * decisions, minutes, the register's history and counts keep pointing at it; what identifies
     * the person goes (name, address, pronouns, pseudonym, chat handles, forge accounts, every
     * way to sign in, application texts, mails' addresses and texts, the texts of their requests
     * to the teams and their follow links). Audit entries are not rewritten (docs/privacy.md says
     * why); the erasure's own entry holds no personal data.
     */
    async erase(actor: Actor, personId: string, input: ErasureInput): Promise<ErasureResult> {
      const today = clock.today();
      const read = await privacy.erasureFacts(personId, today);
      if (!read) throw new AppError('not_found', `No person ${personId}`);
      const refusal = erasureRefusal(read.facts);
      if (refusal) throw AppError.from(refusal);
      if (!confirmationMatches(input.confirm, read.displayName)) {
        throw new AppError('validation_failed', 'the confirmation is not the name of the person', [
          { path: '/confirm', code: 'confirmation_mismatch', message: 'type the name of the person exactly as shown' },
        ]);
      }
      const now = clock.now();
      const association = await createAssociationRepository(database.db).association();
      const locale = association?.defaultLocale ?? 'fr';
      const fields = erasedPersonFields(personId, locale);
      return database.transaction(async (trx) => {
        const repo = createPrivacyRepository(trx);
        // Read again where it is written: an office or a membership may have started meanwhile.
        const current = await repo.erasureFacts(personId, today);
        const again = current ? erasureRefusal(current.facts) : null;
        if (again) throw AppError.from(again);
        const before = (await repo.person(personId))!;
        if (!current || current.version !== read.version || !(await repo.pseudonymise(personId, current.version, fields, now, actor.personId))) {
          throw new AppError('version_conflict', 'This person was changed meanwhile; reload and try again');
        }
        // The former handles leave every room now, while they are still known ("The members' room holds exactly the active members").
        const outbox = createOutboxRepository(trx);
        let roomRemovals = 0;
        for (const room of await repo.rooms()) {
          const handle = handleFor(room.provider, before);
          if (!handle) continue;
          await outbox.enqueue({
            topic: 'room.sync',
            subjectType: 'room',
            subjectId: room.id,
            payload: { roomId: room.id, handle, personId, reason: 'person_erased' },
            now,
          });
          roomRemovals++;
        }
        const access = await repo.removeAccess(personId);
        const requests = createPrivacyRequestsRepository(trx);
        const submitted = await requests.eraseRequester(personId, erasedRequesterFields(fields, locale), erasedRequestMessage(locale), now);
        const unassigned = await requests.unassign(personId, now);
        const removed = {
          ...access,
          teamRolesEnded: await repo.endTeamRoles(personId, today),
          applicationTexts: await repo.purgeMotivationsOf(personId, now),
          mails: await repo.redactMailsTo(personId, fields.email, now),
          roomRemovals,
          requests: submitted.requests,
          requestMessages: submitted.messages,
          reportsRenamed: await requests.renameInReports(personId, fields.display_name, now),
          requestsUnassigned: unassigned.length,
          // The matching above reads them: the addresses the person held and proposed go last.
          ...(await createEmailRepository(trx).forget(personId)),
        };
        await repo.redactErasedHandles();
        const audit = createAuditRepository(trx, database.dialect);
        // Each request given back to its team says so in its own history, as any assignment does.
        await audit.appendMany([
          ...unassigned.map((id) => ({
            actorId: actor.personId,
            action: 'request.assigned',
            subjectType: 'request',
            subjectId: id,
            after: { from: personId, to: null, reason: 'person_erased' },
            at: now,
          })),
          { actorId: actor.personId, action: 'person.erased', subjectType: 'person', subjectId: personId, after: { reason: input.reason, removed }, at: now },
        ]);
        return { id: personId, displayName: fields.display_name, erasedAt: now, removed };
      });
    },

    /**
     * The retention run (daily, and `equipage privacy purge`): as of `date` (today by default),
     * the motivation of rejected and withdrawn applications older than RETENTION_MONTHS goes (the
     * row, its outcome and decision stay for the minutes; a withdrawn one that never reached an
     * agenda goes entirely), mails older than that go from the log, and so do delivered outbox
     * events, ended login sessions and expired reset links. Requests closed for that long lose
     * their requester and texts (kept for the contribution that points at them) or go whole.
     * Idempotent: a second run finds nothing.
     */
    async purge(date?: string): Promise<PurgeResult> {
      const today = date ?? clock.today();
      const months = config.RETENTION_MONTHS;
      const before = purgeBefore(today, months);
      const now = clock.now();
      const locale = (await createAssociationRepository(database.db).association())?.defaultLocale ?? 'fr';
      return database.transaction(async (trx) => {
        const repo = createPrivacyRepository(trx);
        const applications = (await repo.applicationsDue(before)).filter((a) => isDueForPurge({ kind: 'application', ...a }, today, months));
        const kept = applications.filter((a) => a.referenced).map((a) => a.id);
        const gone = applications.filter((a) => !a.referenced).map((a) => a.id);
        await repo.blankMotivations(kept, now);
        await repo.deleteApplications(gone);
        const mails = (await repo.mailsDue(before))
          .filter((m) => isDueForPurge({ kind: 'mail', status: m.status, createdAt: m.created_at }, today, months))
          .map((m) => m.id);
        await repo.deleteMails(mails);
        const outboxEventsDeleted = await repo.deleteDeliveredEvents(before);
        const ended = await repo.deleteEndedAccess(before);
        const handlesRedacted = await repo.redactErasedHandles();
        const requestsRepo = createPrivacyRequestsRepository(trx);
        const requests = (await requestsRepo.due(before)).filter((r) =>
          isDueForPurge({ kind: 'request', status: r.status, closedAt: r.closedAt, purged: isPurgedRequest(r.id, r.emailNormalized) }, today, months),
        );
        const requestsKept = requests.filter((r) => r.referenced).map((r) => r.id);
        const requestsGone = requests.filter((r) => !r.referenced).map((r) => r.id);
        for (const id of requestsKept) await requestsRepo.purge(id, purgedRequestFields(id, locale), purgedRequestText(locale), now);
        await requestsRepo.delete(requestsGone);
        const result: PurgeResult = {
          date: today,
          months,
          applicationsPurged: kept.length,
          applicationsDeleted: gone.length,
          mailsDeleted: mails.length,
          outboxEventsDeleted,
          sessionsDeleted: ended.sessions,
          passwordResetsDeleted: ended.passwordResets,
          handlesRedacted,
          requestsPurged: requestsKept.length,
          requestsDeleted: requestsGone.length,
        };
        // The retention run acts on no one's behalf: every entry it writes has no actor.
        const entries = (ids: string[], action: string, subjectType: string, after?: unknown): AuditInput[] =>
          ids.map((subjectId) => ({ actorId: null, action, subjectType, subjectId, after, at: now }));
        const { date: _d, months: _m, ...counts } = result;
        await createAuditRepository(trx, database.dialect).appendMany([
          ...entries(kept, 'application.purged', 'application', { motivation: 'purged' }),
          ...entries(gone, 'application.deleted', 'application'),
          ...entries(requestsKept, 'request.purged', 'request', { texts: 'purged' }),
          ...entries(requestsGone, 'request.deleted', 'request'),
          ...(Object.values(counts).some((n) => n > 0) ? entries([today], 'privacy.purged', 'retention', { months, ...counts }) : []),
        ]);
        return result;
      });
    },
  };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;
