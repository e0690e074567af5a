import type { Kysely } from 'kysely';
import { AppError, isRefusal } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { activitySettings } from '../../platform/config.js';
import type { DB, DecisionOutcome } from '../../platform/schema.js';
import { silentBus } from '../../platform/events.js';
import { isUniqueViolation } from '../../platform/db.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { dateInZone } from '../../platform/time.js';
import { assessActivity, type ActivityAssessment } from '../contributions/rules.js';
import { createContributionsRepository } from '../contributions/repository.js';
import { createBureauRepository } from '../bureau/repository.js';
import { createApplicationsRepository, type Application } from './repository.js';
import { checkEligibility, checkMotivation, transitionApplication } from './rules.js';
import './events.js';
import { canManageApplications, canSeeApplication } from './policy.js';

/** The index of one open application per person gave way: another request wrote one first. */
function isSecondOpenApplication(e: unknown): boolean {
  return isUniqueViolation(e, 'applications_one_open', 'applications.person_id');
}

/** One bureau member's share of the open applications they report on. */
export interface RapporteurLoad {
  personId: string;
  displayName: string;
  office: string;
  openApplications: number;
}

/** The decision recorded on an application, with the date of the session that took it. */
export interface DecisionOnApplication {
  id: string;
  sessionId: string;
  outcome: DecisionOutcome;
  votes: { for: number; against: number; abstain: number } | null;
  rationale: string | null;
  sessionScheduledAt: string;
}

/** A person's current membership, as the applicant's pages tell it: since when, and which decision started it. */
export interface CurrentMembership {
  since: string;
  decisionId: string | null;
}

/**
 * What applying asks of the modules above this one, which the composition root answers: the
 * memberships module knows who is a member, the sessions module keeps the decisions.
 */
export interface ApplicationsPorts {
  /** The person's current membership (active or lapsing), read through `db`: inside the submission's transaction. */
  currentMembership(db: Kysely<DB>, personId: string): Promise<CurrentMembership | undefined>;
  /** A decision by its id, with the date of its session; null when there is none. */
  decision(db: Kysely<DB>, decisionId: string): Promise<DecisionOnApplication | null>;
}

export function createApplicationsService(ctx: ServiceContext, ports: ApplicationsPorts) {
  const { database, clock, config } = ctx;
  const { policy } = activitySettings(config);
  const applications = createApplicationsRepository(database.db);

  async function load(actor: Actor, id: string): Promise<Application> {
    const application = await applications.findById(id);
    // Applications are private to the applicant and the bureau: to anyone else, it does not exist.
    if (!application || !canSeeApplication(actor, application.personId)) throw new AppError('not_found', `No application ${id}`);
    return application;
  }

  async function activityOf(personId: string, today: string, db = database.db): Promise<ActivityAssessment> {
    const facts = await createContributionsRepository(db).activityFacts(personId);
    return assessActivity(policy, facts.contributions, facts.roles, today);
  }

  /** The day of the person's last rejection where the association is: the cooldown counts from it. */
  async function lastRejectedOn(repo: ReturnType<typeof createApplicationsRepository>, personId: string): Promise<string | null> {
    const at = await repo.lastRejectionAt(personId);
    return at ? dateInZone(at, config.TIMEZONE) : null;
  }

  /** Submits in one transaction, the eligibility read and the write together. */
  async function submitAs(personId: string, motivation: string, now: string, today: string): Promise<Application> {
    return database.transaction(async (trx) => {
      const repo = createApplicationsRepository(trx);
      const eligibility = checkEligibility(
        {
          activity: await activityOf(personId, today, trx),
          isMember: (await ports.currentMembership(trx, personId)) !== undefined,
          openApplication: (await repo.openOf(personId)) ?? null,
          lastRejectedOn: await lastRejectedOn(repo, personId),
        },
        config.APPLICATION_COOLDOWN_DAYS,
        today,
      );
      if (isRefusal(eligibility)) throw AppError.from(eligibility);
      const id = await repo.submit({ personId, motivation, now });
      await createAuditRepository(trx, database.dialect).append({
        actorId: personId,
        action: 'application.submitted',
        subjectType: 'application',
        subjectId: id,
        after: { personId, status: 'submitted' },
        at: now,
      });
      // The sessions module puts it on the next agenda that still takes items, if there is one.
      await (ctx.events ?? silentBus).publish('applications.submitted', { applicationId: id, personId }, { trx, now });
      return (await repo.findById(id))!;
    });
  }

  return {
    lastRejectedOn: (personId: string) => lastRejectedOn(applications, personId),

    /**
     * Applies for membership as the actor ("Only active contributors may apply"), and puts the application on the
     * agenda of the next session that still takes items; with none, it waits for one.
     */
    async apply(actor: Actor, input: { motivation: string }): Promise<Application> {
      if (!actor.personId) throw new AppError('unauthenticated', 'Sign in to apply');
      const personId = actor.personId;
      const motivation = input.motivation.trim();
      const refused = checkMotivation(motivation);
      if (refused) throw new AppError('validation_failed', 'motivation', [refused]);
      const now = clock.now();
      const today = clock.today();
      try {
        return await submitAs(personId, motivation, now, today);
      } catch (e) {
        // One open application per person: the database's partial unique index caught two
        // submitted at once, which both passed the rule before either was written.
        if (isSecondOpenApplication(e)) throw new AppError('application_already_open', 'An application of yours is already open');
        throw e;
      }
    },

    get: load,

    /** The applications among `ids` the actor may see, by id, in one query (the agenda of a session). */
    async getMany(actor: Actor, ids: readonly string[]): Promise<Map<string, Application>> {
      const found = await applications.findByIds(ids);
      return new Map(found.filter((a) => canSeeApplication(actor, a.personId)).map((a) => [a.id, a]));
    },

    /** The applicant's own applications, or every one for the bureau: scoped in the query. */
    async list(actor: Actor, filter: { open?: boolean; cursor?: string; limit?: number }) {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
      const personId = canManageApplications(actor) ? undefined : (actor.personId ?? 'nobody');
      const rows = await applications.list({ personId, open: filter.open, beforeId: filter.cursor, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return { items: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
    },

    /** The applicant withdraws (or the bureau, at their request) until the decision. */
    async withdraw(actor: Actor, id: string): Promise<Application> {
      const application = await load(actor, id);
      const next = transitionApplication(application.status, 'withdraw');
      if (isRefusal(next)) throw AppError.from(next);
      const now = clock.now();
      return database.transaction(async (trx) => {
        const repo = createApplicationsRepository(trx);
        // Off the agenda it was on: the sessions module withdraws its open item.
        await (ctx.events ?? silentBus).publish('applications.withdrawn', { applicationId: id, sessionId: application.sessionId }, { trx, now });
        if (!(await repo.update(id, application.version, { status: next.status, withdrawn_at: now, updated_at: now }))) {
          throw new AppError('application_closed', 'The application changed meanwhile (decided or withdrawn)');
        }
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'application.withdrawn',
          subjectType: 'application',
          subjectId: id,
          before: { status: application.status },
          after: { status: next.status },
          at: now,
        });
        return (await repo.findById(id))!;
      });
    },

    /** Names the bureau member who reports on an application (null: nobody yet). */
    async assignRapporteur(actor: Actor, id: string, rapporteurId: string | null): Promise<Application> {
      const application = await load(actor, id);
      if (rapporteurId !== null) {
        const bureau = await createBureauRepository(database.db).current(clock.today());
        if (!bureau.some((o) => o.personId === rapporteurId)) {
          throw new AppError('validation_failed', 'The rapporteur must be a current bureau member', [
            { path: '/rapporteurId', code: 'not_bureau_member', message: 'not on the bureau today' },
          ]);
        }
      }
      const now = clock.now();
      return database.transaction(async (trx) => {
        const repo = createApplicationsRepository(trx);
        if (!(await repo.update(id, application.version, { rapporteur_id: rapporteurId, updated_at: now }))) {
          throw new AppError('version_conflict', 'The application changed meanwhile: reload it');
        }
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'application.rapporteur_assigned',
          subjectType: 'application',
          subjectId: id,
          before: { rapporteurId: application.rapporteurId },
          after: { rapporteurId },
          at: now,
        });
        return (await repo.findById(id))!;
      });
    },

    /** Each current bureau member with the number of open applications they report on. */
    async rapporteurLoad(): Promise<RapporteurLoad[]> {
      const [offices, counts] = await Promise.all([createBureauRepository(database.db).current(clock.today()), applications.openByRapporteur()]);
      const byPerson = new Map(counts.map((c) => [c.rapporteurId, c.count]));
      return offices.map((o) => ({ personId: o.personId, displayName: o.displayName, office: o.office, openApplications: byPerson.get(o.personId) ?? 0 }));
    },

    /** The applicant's activity as the bureau sees it beside the application. */
    async activityOfApplicant(actor: Actor, id: string): Promise<ActivityAssessment> {
      const application = await load(actor, id);
      return activityOf(application.personId, clock.today());
    },

    /** The actor's own applications, the latest first (the bureau's own too, not everyone's). */
    async ownApplications(actor: Actor): Promise<Application[]> {
      return actor.personId ? applications.ofPerson(actor.personId) : [];
    },

    /**
     * The decision taken on an application, with the date of the session that took it, for the
     * applicant and the bureau. The applicant reads the outcome and its rationale, as their mail
     * says; the vote count stays with the bureau, as in the members' minutes.
     */
    async decisionOf(actor: Actor, id: string): Promise<DecisionOnApplication | null> {
      const application = await load(actor, id);
      if (!application.decisionId) return null;
      const decision = await ports.decision(database.db, application.decisionId);
      if (!decision) return null;
      return { ...decision, votes: canManageApplications(actor) ? decision.votes : null };
    },

    /** What the applicant's page needs: their membership, if the application made them a member. */
    async membershipOf(personId: string): Promise<CurrentMembership | undefined> {
      return ports.currentMembership(database.db, personId);
    },
  };
}

export type ApplicationsService = ReturnType<typeof createApplicationsService>;
