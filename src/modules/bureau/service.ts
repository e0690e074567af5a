import { AppError, isRefusal } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor, Office } from '../../platform/auth/actor.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { isCalendarDate } from '../../platform/time.js';
import { createPeopleRepository } from '../people/repository.js';
import { createBureauRepository, type OfficeTerm } from './repository.js';
import { decideAppointment } from './rules.js';

export function createBureauService(ctx: ServiceContext) {
  const { database, clock } = ctx;
  const bureau = createBureauRepository(database.db);
  return {
    current: () => bureau.current(clock.today()),
    history: () => bureau.history(),

    /** Gives a person an office from `since` (default today); a previous office of theirs ends that day. */
    async appoint(actor: Actor, input: { personId: string; office: Office; since?: string }): Promise<OfficeTerm> {
      const since = input.since ?? clock.today();
      if (!isCalendarDate(since))
        throw new AppError('validation_failed', 'since must be a date', [{ path: '/since', code: 'invalid_date', message: 'YYYY-MM-DD' }]);
      const now = clock.now();
      return database.transaction(async (trx) => {
        const repo = createBureauRepository(trx);
        if (!(await createPeopleRepository(trx).findById(input.personId))) {
          throw new AppError('validation_failed', `No person ${input.personId}`, [{ path: '/personId', code: 'unknown_person', message: 'no such person' }]);
        }
        // Terms that start later count too: two presidents must not overlap next month either.
        const overlapping = await repo.heldFrom(since);
        const decision = decideAppointment(overlapping, input.personId, input.office);
        if (isRefusal(decision)) throw AppError.from(decision);
        const previous = overlapping.find((c) => c.personId === input.personId && c.since <= since);
        if (previous) await repo.end(previous.id, since);
        const id = await repo.appoint({ personId: input.personId, office: input.office, since, now });
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'bureau.office_started',
          subjectType: 'person',
          subjectId: input.personId,
          before: previous ? { office: previous.office } : null,
          after: { office: input.office, since },
          at: now,
        });
        return (await repo.findById(id))!;
      });
    },

    /** Ends an office (default: as of today); the term stays in the history. */
    async end(actor: Actor, officeId: string, until?: string): Promise<OfficeTerm> {
      const end = until ?? clock.today();
      if (!isCalendarDate(end))
        throw new AppError('validation_failed', 'until must be a date', [{ path: '/until', code: 'invalid_date', message: 'YYYY-MM-DD' }]);
      const now = clock.now();
      return database.transaction(async (trx) => {
        const repo = createBureauRepository(trx);
        const term = await repo.findById(officeId);
        if (!term) throw new AppError('not_found', `No office ${officeId}`);
        if (term.until !== null && term.until <= end) throw new AppError('not_found', 'This office has already ended');
        if (end < term.since)
          throw new AppError('validation_failed', 'until is before since', [
            { path: '/until', code: 'before_since', message: 'before the start of the office' },
          ]);
        await repo.end(officeId, end);
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'bureau.office_ended',
          subjectType: 'person',
          subjectId: term.personId,
          before: { office: term.office, since: term.since },
          after: { until: end },
          at: now,
        });
        return (await repo.findById(officeId))!;
      });
    },
  };
}

export type BureauService = ReturnType<typeof createBureauService>;
