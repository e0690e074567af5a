import type { Kysely } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { DB } from '../../platform/schema.js';
import type { ServiceContext } from '../../platform/services.js';
import { activitySettings, publicBaseUrl } from '../../platform/config.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { isCalendarDate } from '../../platform/time.js';
import { assessActivity } from '../contributions/rules.js';
import { assessEveryone } from '../contributions/assessment.js';
import { createContributionsRepository } from '../contributions/repository.js';
import { createSessionsRepository } from '../sessions/repository.js';
import { createMembershipsRepository, type Membership } from './repository.js';
import { planLifecycle, type LifecycleSettings, type LifecycleStep } from './rules.js';
import { mailMember, moveMembership } from './effects.js';
import { placeWaitingReviews } from './placement.js';

export interface LifecycleReport {
  date: string;
  members: number;
  warned: number;
  lapsing: number;
  resumed: number;
  reviews: number;
  lapsed: number;
}

/**
 * The daily membership checks ("Membership ends when contribution stops"): for each member, assess activity as of `date` and take
 * the step the rules say. Each member in their own transaction, so one failure stops nobody
 * else's run; and idempotent, since every step leaves a trace that the next run reads.
 */
export function createLifecycle(ctx: ServiceContext) {
  const { database, clock, config } = ctx;
  const { policy } = activitySettings(config);
  const settings: LifecycleSettings = {
    warningDays: config.LIFECYCLE_WARNING_DAYS,
    graceDays: config.LIFECYCLE_GRACE_DAYS,
    autoLapse: config.LIFECYCLE_AUTO_LAPSE,
  };
  const declareLink = `${publicBaseUrl(config)}/contributions/new`;

  /** The friendly warning: recorded, and the member told how to declare a contribution. */
  async function warn(trx: Kysely<DB>, m: Membership, activeUntil: string, now: string): Promise<void> {
    await createAuditRepository(trx, database.dialect).append({
      actorId: null,
      action: 'membership.warned',
      subjectType: 'person',
      subjectId: m.personId,
      after: { membershipId: m.id, activeUntil },
      at: now,
    });
    await mailMember(trx, 'warning', m.personId, { until: activeUntil, link: declareLink }, now);
  }

  async function step(membershipId: string, date: string, now: string): Promise<LifecycleStep['kind']> {
    return database.transaction(async (trx) => {
      const memberships = createMembershipsRepository(trx);
      const m = await memberships.findById(membershipId);
      if (!m || (m.status !== 'active' && m.status !== 'lapsing')) return 'none';
      const facts = await createContributionsRepository(trx).activityFacts(m.personId);
      const activity = assessActivity(policy, facts.contributions, facts.roles, date);
      const next = planLifecycle(m, activity, date, settings);
      const who = { actorId: null, now };
      switch (next.kind) {
        case 'none':
          break;
        case 'warn':
          if (!(await memberships.update(m.id, m.version, { warned_until: next.activeUntil, updated_at: now })))
            throw new AppError('version_conflict', 'changed');
          await warn(trx, m, next.activeUntil, now);
          break;
        case 'notice':
          await moveMembership(trx, database.dialect, m, 'notice', { lapsing_since: next.lapsingSince, grace_until: next.graceUntil, review_since: null }, who);
          await mailMember(trx, 'lapsing', m.personId, { since: activity.inactiveSince ?? date, graceUntil: next.graceUntil, link: declareLink }, now);
          break;
        case 'resume': {
          const warnedUntil = next.warnActiveUntil ?? m.warnedUntil;
          await moveMembership(
            trx,
            database.dialect,
            m,
            'resume',
            { lapsing_since: null, grace_until: null, review_since: null, warned_until: warnedUntil },
            who,
          );
          // A review no longer needed leaves the agenda it was on.
          const sessions = createSessionsRepository(trx);
          for (const item of await sessions.openItemsOfMembership(m.id)) await sessions.setItemState(item.id, 'open', { state: 'withdrawn', updated_at: now });
          await mailMember(trx, 'resumed', m.personId, {}, now);
          if (next.warnActiveUntil) await warn(trx, m, next.warnActiveUntil, now);
          break;
        }
        case 'review':
          if (!(await memberships.update(m.id, m.version, { review_since: date, updated_at: now }))) throw new AppError('version_conflict', 'changed');
          await createAuditRepository(trx, database.dialect).append({
            actorId: null,
            action: 'membership.review_requested',
            subjectType: 'person',
            subjectId: m.personId,
            after: { membershipId: m.id, graceUntil: m.graceUntil },
            at: now,
          });
          break;
        case 'lapse':
          await moveMembership(trx, database.dialect, m, 'lapse', { until: date, ended_reason: 'lapsed' }, who);
          await mailMember(trx, 'lapsed', m.personId, { date: m.graceUntil ?? date }, now);
          break;
      }
      return next.kind;
    });
  }

  return {
    settings,

    /** Runs the checks as of `date` (default today). */
    async run(date = clock.today()): Promise<LifecycleReport> {
      if (!isCalendarDate(date))
        throw new AppError('validation_failed', 'date must be YYYY-MM-DD', [{ path: '/date', code: 'invalid_date', message: 'YYYY-MM-DD' }]);
      // As of another day, the run sees the sessions of that day too (time travel for tests, catch-up).
      const now = date === clock.today() ? clock.now() : `${date}${clock.now().slice(10)}`;
      const report: LifecycleReport = { date, members: 0, warned: 0, lapsing: 0, resumed: 0, reviews: 0, lapsed: 0 };
      const counters: Record<LifecycleStep['kind'], keyof LifecycleReport | null> = {
        none: null,
        warn: 'warned',
        notice: 'lapsing',
        resume: 'resumed',
        review: 'reviews',
        lapse: 'lapsed',
      };
      // Everyone's activity in one set-based query (it agrees with assessActivity person by person:
      // contributions/assessment.test.ts); only the members with a step to take get a transaction,
      // where their facts are read again so that the step rests on the latest ones.
      const assessed = await assessEveryone(database.db, policy, date);
      for (const m of await createMembershipsRepository(database.db).current()) {
        report.members++;
        const activity = assessed.get(m.personId);
        if (activity && planLifecycle(m, activity, date, settings).kind === 'none') continue;
        const counter = counters[await step(m.id, date, now)];
        if (counter) (report[counter] as number)++;
      }
      await database.transaction((trx) => placeWaitingReviews(trx, database.dialect, now, config.APPLICATION_AGENDA_CUTOFF_HOURS));
      return report;
    },
  };
}

export type Lifecycle = ReturnType<typeof createLifecycle>;
