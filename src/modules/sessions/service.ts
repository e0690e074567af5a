import type { Kysely } from 'kysely';
import { silentBus } from '../../platform/events.js';
import { AppError, isRefusal } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/schema.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { newId } from '../../platform/ids.js';
import { isInstant } from '../../platform/time.js';
import { createBureauRepository } from '../bureau/repository.js';
import { createApplicationsRepository } from '../applications/repository.js';
import { isOpenApplication, transitionApplication, type ApplicationOutcome } from '../applications/rules.js';
import type { DecisionOnApplication } from '../applications/service.js';
import { createSessionsRepository, type AgendaItem, type Attendance, type Decision, type Session } from './repository.js';
import { computeQuorum, parseQuorumRule, type Quorum } from '../bureau/rules.js';
import { checkDecision, heldBeforePlanned, transitionSession, type DecisionInput, type MembershipOutcome, type SessionStatus } from './rules.js';
import { placeOnAgenda, placeWaitingApplications } from './agenda-placement.js';
import { decideOnApplication, itemToDecide } from './decision-targets.js';
import { createSessionPlanning } from './planning.js';
import './events.js';

export interface SessionView extends Session {
  agenda: AgendaItem[];
  attendance: Attendance[];
  decisions: Decision[];
  /** Null until the session is opened: quorum is computed from who is present. */
  quorum: Quorum | null;
}

export interface NewSession {
  scheduledAt: string;
  location?: string | null;
  videoUrl?: string | null;
  durationMinutes?: number;
}

export function quorumOf(session: Session, attendance: Attendance[]): Quorum | null {
  if (session.quorumRequired === null || session.bureauSize === null) return null;
  const present = attendance.filter((a) => a.present).length;
  return { required: session.quorumRequired, present, reached: present >= session.quorumRequired };
}

/** A session with its agenda, attendance, decisions and quorum; undefined when there is none. */
export async function findSessionView(db: Kysely<DB>, id: string): Promise<SessionView | undefined> {
  const repo = createSessionsRepository(db);
  const session = await repo.findById(id);
  if (!session) return undefined;
  const [agenda, attendance, decisions] = await Promise.all([repo.agenda(id), repo.attendance(id), repo.decisions(id)]);
  return { ...session, agenda, attendance, decisions, quorum: quorumOf(session, attendance) };
}

/** A decision with the date of its session (what an application's pages tell of it); null when there is none. */
export async function decisionWithSessionDate(db: Kysely<DB>, decisionId: string): Promise<DecisionOnApplication | null> {
  const repo = createSessionsRepository(db);
  const decision = await repo.findDecision(decisionId);
  const session = decision ? await repo.findById(decision.sessionId) : undefined;
  if (!decision || !session) return null;
  return { ...decision, sessionScheduledAt: session.scheduledAt };
}

/** What the sessions module asks of the memberships module above it; the composition root answers. */
export interface SessionsPorts {
  /** Is the person a member now (an active or lapsing membership)? */
  isMember(db: Kysely<DB>, personId: string): Promise<boolean>;
}

export function createSessionsService(ctx: ServiceContext, ports: SessionsPorts) {
  const { database, clock, config } = ctx;
  const events = ctx.events ?? silentBus;
  const quorumRule = parseQuorumRule(config.BUREAU_QUORUM) ?? { kind: 'majority' };
  const cutoffHours = config.APPLICATION_AGENDA_CUTOFF_HOURS;
  const planning = createSessionPlanning(ctx);

  async function view(db: Kysely<DB>, id: string): Promise<SessionView> {
    const found = await findSessionView(db, id);
    if (!found) throw new AppError('not_found', `No session ${id}`);
    return found;
  }

  async function audit(
    trx: Kysely<DB>,
    actor: Actor,
    action: string,
    subjectId: string,
    before: unknown,
    after: unknown,
    at: string,
    subjectType = 'bureau_session',
  ) {
    await createAuditRepository(trx, database.dialect).append({ actorId: actor.personId, action, subjectType, subjectId, before, after, at });
  }

  return {
    get: (id: string) => view(database.db, id),

    /** Upcoming sessions soonest first; past ones, or those of one status, latest first. */
    async list(filter: { when?: 'upcoming' | 'past'; status?: SessionStatus; limit?: number }): Promise<Session[]> {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
      const repo = createSessionsRepository(database.db);
      const now = clock.now();
      if (filter.when === 'past') return repo.list({ before: now, status: filter.status, limit, descending: true });
      if (filter.when === 'upcoming') return repo.list({ from: now, status: filter.status, limit });
      return repo.list({ status: filter.status, limit, descending: true });
    },

    /** An ad-hoc session; the applications waiting for one go on its agenda if it still takes items. */
    async create(actor: Actor, input: NewSession): Promise<SessionView> {
      if (!isInstant(input.scheduledAt)) {
        throw new AppError('validation_failed', 'scheduledAt', [
          { path: '/scheduledAt', code: 'invalid_instant', message: 'a date and time, e.g. 2026-12-01T19:00:00Z' },
        ]);
      }
      const now = clock.now();
      const id = newId();
      await database.transaction(async (trx) => {
        await createSessionsRepository(trx).insertSession({
          id,
          status: 'planned',
          scheduled_at: new Date(input.scheduledAt).toISOString(),
          duration_minutes: input.durationMinutes ?? 120,
          location: input.location?.trim() || null,
          video_url: input.videoUrl?.trim() || null,
          origin: 'adhoc',
          recurrence_slot: null,
          bureau_size: null,
          quorum_required: null,
          planned_at: null,
          opened_by: null,
          opened_at: null,
          closed_by: null,
          closed_at: null,
          created_by: actor.personId,
          created_at: now,
          updated_at: now,
          version: 1,
        });
        await audit(trx, actor, 'bureau_session.planned', id, null, { scheduledAt: input.scheduledAt, origin: 'adhoc' }, now);
        await placeWaitingApplications(trx, database.dialect, now, cutoffHours);
        await events.publish('sessions.waiting_applications_placed', {}, { trx, now });
      });
      return view(database.db, id);
    },

    /**
     * Opens a planned session with the bureau members present: attendance is recorded for every
     * bureau member of the day it is held, and quorum is computed from it once and for all.
     * Opened before its planned day, the session is held today (nothing is ever dated in the
     * future): its date becomes now, and the planned one is kept for the minutes.
     */
    async open(actor: Actor, id: string, presentPersonIds: string[]): Promise<SessionView> {
      const now = clock.now();
      // The bureau as it stands on the day the session is held: today.
      const bureau = dedupeByPerson(await createBureauRepository(database.db).current(clock.today()));
      const unknown = presentPersonIds.map((p, i) => [p, i] as const).filter(([p]) => !bureau.some((b) => b.personId === p));
      if (unknown.length) {
        throw new AppError(
          'validation_failed',
          'Only current bureau members sit in a session',
          unknown.map(([, i]) => ({ path: `/presentPersonIds/${i}`, code: 'not_bureau_member', message: 'not on the bureau today' })),
        );
      }
      return database.transaction(async (trx) => {
        const repo = createSessionsRepository(trx);
        const session = await repo.findById(id);
        if (!session) throw new AppError('not_found', `No session ${id}`);
        const next = transitionSession(session.status, 'open');
        if (isRefusal(next)) throw AppError.from(next);
        const present = new Set(presentPersonIds);
        const quorum = computeQuorum(quorumRule, bureau.length, present.size);
        const heldEarly = heldBeforePlanned(session.scheduledAt, now, config.TIMEZONE);
        if (
          !(await repo.update(id, session.version, {
            status: next.status,
            ...(heldEarly ? { scheduled_at: now, planned_at: session.scheduledAt } : {}),
            bureau_size: bureau.length,
            quorum_required: quorum.required,
            opened_by: actor.personId,
            opened_at: now,
            updated_at: now,
          }))
        ) {
          throw new AppError('session_not_planned', 'Someone opened this session meanwhile');
        }
        await repo.recordAttendance(
          id,
          bureau.map((b) => ({ personId: b.personId, office: b.office, present: present.has(b.personId) })),
        );
        await audit(trx, actor, 'bureau_session.opened', id, { status: session.status }, { status: next.status, present: [...present], quorum }, now);
        return view(trx, id);
      });
    },

    /**
     * Records a decision on an item of the agenda ("An application is decided only by the bureau, in a session that reached quorum"): an application
     * (`applicationId`), a lapse review or a free item about a member (`agendaItemId`). On
     * acceptance the new member is integrated in the same transaction ("Integration follows acceptance"); on a lapse
     * or an exclusion the membership ends. Concurrent decisions on one item: the first wins, the
     * others get `already_decided`.
     */
    async decide(
      actor: Actor,
      id: string,
      input: DecisionInput & { applicationId?: string; agendaItemId?: string },
    ): Promise<{ decision: Decision; session: SessionView }> {
      const now = clock.now();
      if (!input.applicationId === !input.agendaItemId) {
        throw new AppError('validation_failed', 'Name the application (applicationId) or the agenda item (agendaItemId), not both', [
          { path: input.applicationId ? '/agendaItemId' : '/applicationId', code: 'one_of', message: 'applicationId or agendaItemId' },
        ]);
      }
      try {
        return await database.transaction(async (trx) => {
          const repo = createSessionsRepository(trx);
          const session = await repo.findById(id);
          if (!session) throw new AppError('not_found', `No session ${id}`);
          const quorum = quorumOf(session, await repo.attendance(id));
          const target = await itemToDecide(trx, id, input);
          if (session.status === 'open' && quorum?.reached && !target) {
            const path = input.applicationId ? '/applicationId' : '/agendaItemId';
            throw new AppError('validation_failed', 'Not on the agenda of this session', [{ path, code: 'not_on_agenda', message: 'not on this agenda' }]);
          }
          const check = checkDecision(
            {
              session: { status: session.status, quorumReached: quorum?.reached ?? false, present: quorum?.present ?? 0 },
              item: { state: target?.item.state ?? 'open', kind: target?.item.kind ?? 'application', aboutMember: target?.item.personId != null },
            },
            input,
          );
          if (isRefusal(check)) throw AppError.from(check);
          const { item } = target!;
          // Three guards against a race, each enough alone: the item's state, the record's
          // version, and the unique decision per item in the database.
          if (!(await repo.setItemState(item.id, 'open', { state: 'decided', updated_at: now }))) throw new AppError('already_decided', 'Decided meanwhile');
          const decisionId = newId();
          const row = {
            id: decisionId,
            session_id: id,
            agenda_item_id: item.id,
            application_id: item.applicationId,
            membership_id: null as string | null,
            outcome: input.outcome,
            votes_for: input.votes?.for ?? null,
            votes_against: input.votes?.against ?? null,
            votes_abstain: input.votes?.abstain ?? null,
            rationale: input.rationale?.trim() || null,
            decided_by: actor.personId,
            decided_at: now,
          };
          const settings = { dialect: database.dialect, timeZone: config.TIMEZONE };
          if (item.kind === 'application') {
            await decideOnApplication(trx, settings, {
              actor,
              session,
              applicationId: item.applicationId!,
              outcome: input.outcome as ApplicationOutcome,
              decisionId,
              input,
              now,
              events,
            });
            await repo.insertDecision(row);
          } else {
            // The memberships module finds the membership, refuses a decision on one's own, attaches it and applies the outcome.
            await repo.insertDecision(row);
            await events.publish(
              'sessions.membership_decision_recorded',
              {
                sessionId: id,
                sessionScheduledAt: session.scheduledAt,
                item: { membershipId: item.membershipId, personId: item.personId },
                decisionId,
                outcome: input.outcome as MembershipOutcome,
                rationale: row.rationale,
                actorId: actor.personId,
              },
              { trx, now },
            );
          }
          return { decision: (await repo.findDecision(decisionId))!, session: await view(trx, id) };
        });
      } catch (error) {
        // The database's unique decision per item caught a race the other guards let through.
        if (!(error instanceof AppError) && /unique|UNIQUE/.test(String((error as Error).message))) throw new AppError('already_decided', 'Decided meanwhile');
        throw error;
      }
    },

    /**
     * Closes an open session. What it did not decide (and what it deferred) moves to the next
     * planned session — regardless of that session's cut-off: the bureau already knows these —
     * or waits for one.
     */
    async close(actor: Actor, id: string): Promise<SessionView> {
      const now = clock.now();
      // Plan the recurrence's next sessions first: what this one leaves undecided moves to the
      // next one. Only for a session that can close: a refused request changes nothing.
      if ((await view(database.db, id)).status === 'open') await planning.ensureSessionsAhead(now);
      return database.transaction(async (trx) => {
        const repo = createSessionsRepository(trx);
        const session = await repo.findById(id);
        if (!session) throw new AppError('not_found', `No session ${id}`);
        const next = transitionSession(session.status, 'close');
        if (isRefusal(next)) throw AppError.from(next);
        if (!(await repo.update(id, session.version, { status: next.status, closed_by: actor.personId, closed_at: now, updated_at: now }))) {
          throw new AppError('session_not_open', 'Someone closed this session meanwhile');
        }
        // The next session still to come (a planned one whose date passed unheld does not count).
        const following = (await repo.plannedFrom(now > session.scheduledAt ? now : session.scheduledAt)).find((s) => s.id !== id) ?? null;
        const decisions = await repo.decisions(id);
        const applications = createApplicationsRepository(trx);
        const carried: string[] = [];
        for (const item of await repo.agenda(id)) {
          const deferred = item.state === 'decided' && decisions.some((d) => d.agendaItemId === item.id && d.outcome === 'deferred');
          if (item.state !== 'open' && !deferred) continue;
          if (item.kind === 'membership' && item.membershipId) {
            // A lapse review not decided goes on: to the next session, or it waits for one.
            if (item.state === 'open') await repo.setItemState(item.id, 'open', { state: 'carried_over', carried_to: following?.id ?? null, updated_at: now });
            await events.publish('sessions.lapse_review_left_open', { membershipId: item.membershipId, nextSessionId: following?.id ?? null }, { trx, now });
            continue;
          }
          if (item.kind !== 'application' || !item.applicationId) continue;
          const application = (await applications.findById(item.applicationId))!;
          // Withdrawn after its deferral: nothing is left to examine, and nothing to carry over.
          if (!isOpenApplication(application.status)) continue;
          if (item.state === 'open') await repo.setItemState(item.id, 'open', { state: 'carried_over', carried_to: following?.id ?? null, updated_at: now });
          if (following) {
            await placeOnAgenda(trx, database.dialect, application, following.id, now, actor.personId);
          } else {
            const waits = transitionApplication(application.status, application.status === 'deferred' ? 'defer' : 'unschedule');
            const status = isRefusal(waits) ? application.status : waits.status;
            await applications.update(application.id, application.version, { status, session_id: null, updated_at: now });
          }
          carried.push(item.applicationId);
        }
        await audit(
          trx,
          actor,
          'bureau_session.closed',
          id,
          { status: session.status },
          { status: next.status, carriedOver: carried, to: following?.id ?? null },
          now,
        );
        return view(trx, id);
      });
    },

    /** A free item ("points divers") that a bureau member puts on the agenda of a session not yet closed. */
    async addItem(actor: Actor, id: string, input: { title: string; body?: string | null; personId?: string | null }): Promise<SessionView> {
      const title = input.title.trim();
      if (!title) throw new AppError('validation_failed', 'title', [{ path: '/title', code: 'required', message: 'what is the item about?' }]);
      // An item about a member (an exclusion to consider) names a current member.
      if (input.personId && !(await ports.isMember(database.db, input.personId))) {
        throw new AppError('validation_failed', 'personId names no current member', [{ path: '/personId', code: 'not_a_member', message: 'not a member' }]);
      }
      const now = clock.now();
      return database.transaction(async (trx) => {
        const repo = createSessionsRepository(trx);
        const session = await repo.findById(id);
        if (!session) throw new AppError('not_found', `No session ${id}`);
        if (session.status === 'closed') throw new AppError('session_not_open', 'This session is closed: its agenda no longer changes');
        const itemId = await repo.appendItem({
          sessionId: id,
          kind: 'free',
          personId: input.personId ?? null,
          title,
          body: input.body?.trim() || null,
          createdBy: actor.personId,
          now,
        });
        await audit(trx, actor, 'bureau_session.item_added', id, null, { itemId, title }, now);
        return view(trx, id);
      });
    },

    /** Sets the order of the agenda: `itemIds` names every item of the session once. */
    async reorder(actor: Actor, id: string, itemIds: string[]): Promise<SessionView> {
      const now = clock.now();
      return database.transaction(async (trx) => {
        const repo = createSessionsRepository(trx);
        const session = await repo.findById(id);
        if (!session) throw new AppError('not_found', `No session ${id}`);
        if (session.status === 'closed') throw new AppError('session_not_open', 'This session is closed: its agenda no longer changes');
        const current = (await repo.agenda(id)).map((i) => i.id);
        const same = itemIds.length === current.length && new Set(itemIds).size === itemIds.length && itemIds.every((i) => current.includes(i));
        if (!same) {
          throw new AppError('validation_failed', 'itemIds must name every item of the agenda once', [
            { path: '/itemIds', code: 'not_the_agenda', message: 'every item of this agenda, each once' },
          ]);
        }
        for (const [index, itemId] of itemIds.entries()) await repo.setPosition(itemId, index + 1, now);
        await audit(trx, actor, 'bureau_session.reordered', id, { order: current }, { order: itemIds }, now);
        return view(trx, id);
      });
    },
  };
}

/** One seat per person: someone holding two offices on the same day counts once. */
function dedupeByPerson<T extends { personId: string }>(offices: T[]): T[] {
  const seen = new Set<string>();
  return offices.filter((o) => !seen.has(o.personId) && seen.add(o.personId));
}

export type SessionsService = ReturnType<typeof createSessionsService>;
