import type { Kysely } from 'kysely';
import { AppError, isRefusal, type Refusal } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { DB } from '../../platform/schema.js';
import { isSystem, type Actor, type Office } from '../../platform/auth/actor.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { dateInZone, isCalendarDate } from '../../platform/time.js';
import { createPeopleRepository } from '../people/repository.js';
import { createBureauRepository, type BureauChange, type OfficeTerm } from './repository.js';
import {
  checkConfirmation,
  checkNotSelf,
  checkOfficeDate,
  checkQuorumKept,
  compositionPhase,
  computeQuorum,
  decideAppointment,
  appointmentWarnings,
  parseQuorumRule,
  type AppointmentWarning,
  type OfficeSource,
} from './rules.js';

/** What a request to change the bureau did: applied at once (setting up), or waiting for a second bureau member. */
export type CompositionOutcome = { applied: OfficeTerm; pending?: undefined } | { pending: BureauChange; applied?: undefined };
/** An appointment's outcome, with what the bureau should check though nothing was refused (appointmentWarnings). */
export type AppointmentOutcome = CompositionOutcome & { warnings: AppointmentWarning[] };

function refuse(refusal: Refusal | null): void {
  if (refusal) throw AppError.from(refusal);
}

function requireDate(value: string, path: '/since' | '/until'): void {
  if (!isCalendarDate(value))
    throw new AppError('validation_failed', `${path.slice(1)} must be a date`, [{ path, code: 'invalid_date', message: 'YYYY-MM-DD' }]);
}

export function createBureauService(ctx: ServiceContext) {
  const { database, clock, config } = ctx;
  const bureau = createBureauRepository(database.db);
  const quorumRule = parseQuorumRule(config.BUREAU_QUORUM) ?? { kind: 'majority' };

  const audit = (trx: Kysely<DB>, actor: Actor, action: string, subjectId: string, before: unknown, after: unknown, at: string) =>
    createAuditRepository(trx, database.dialect).append({ actorId: actor.personId, action, subjectType: 'person', subjectId, before, after, at });

  /** Gives the office, ending the person's previous one that day: the one way an office starts. */
  async function startOffice(
    trx: Kysely<DB>,
    actor: Actor,
    input: { personId: string; office: Office; since: string; source: OfficeSource; changeId?: string },
  ): Promise<OfficeTerm> {
    const repo = createBureauRepository(trx);
    // Terms that start later count too: two presidents must not overlap next month either.
    const overlapping = await repo.heldFrom(input.since);
    const decision = decideAppointment(overlapping, input.personId, input.office);
    if (isRefusal(decision)) throw AppError.from(decision);
    const previous = overlapping.find((c) => c.personId === input.personId && c.since <= input.since);
    if (previous) await repo.end(previous.id, input.since);
    const now = clock.now();
    const id = await repo.appoint({ ...input, now });
    await audit(
      trx,
      actor,
      'bureau.office_started',
      input.personId,
      previous ? { office: previous.office } : null,
      { office: input.office, since: input.since, source: input.source, changeId: input.changeId ?? null },
      now,
    );
    return (await repo.findById(id))!;
  }

  /** Ends an office: the one way an office ends. The term stays in the history. */
  async function endOffice(trx: Kysely<DB>, actor: Actor, term: OfficeTerm, until: string, changeId?: string): Promise<OfficeTerm> {
    if (until < term.since)
      throw new AppError('validation_failed', 'until is before since', [{ path: '/until', code: 'before_since', message: 'before the start of the office' }]);
    const repo = createBureauRepository(trx);
    await repo.end(term.id, until);
    const now = clock.now();
    await audit(trx, actor, 'bureau.office_ended', term.personId, { office: term.office, since: term.since }, { until, changeId: changeId ?? null }, now);
    return (await repo.findById(term.id))!;
  }

  async function openTerm(trx: Kysely<DB>, officeId: string, until: string): Promise<OfficeTerm> {
    const term = await createBureauRepository(trx).findById(officeId);
    if (!term) throw new AppError('not_found', `No office ${officeId}`);
    if (term.until !== null && term.until <= until) throw new AppError('not_found', 'This office has already ended');
    return term;
  }

  /** Would ending this term leave the bureau unable to reach quorum? Counted in seats (one per person). */
  async function checkEndKeepsQuorum(trx: Kysely<DB>, term: OfficeTerm): Promise<void> {
    const current = await createBureauRepository(trx).current(clock.today());
    const seats = new Set(current.map((c) => c.personId));
    const after = new Set(current.filter((c) => c.id !== term.id).map((c) => c.personId));
    refuse(checkQuorumKept({ seatsBefore: seats.size, seatsAfter: after.size, requiredBefore: computeQuorum(quorumRule, seats.size, 0).required }));
  }

  async function phaseAndDays(trx: Kysely<DB>) {
    const repo = createBureauRepository(trx);
    const phase = compositionPhase(await repo.firstSessionHeld());
    const assemblyDays = (await repo.assembliesHeldAt()).map((at) => dateInZone(at, config.TIMEZONE));
    return { phase, assemblyDays };
  }

  async function onBureauToday(trx: Kysely<DB>, personId: string | null): Promise<boolean> {
    return personId !== null && (await createBureauRepository(trx).current(clock.today())).some((c) => c.personId === personId);
  }

  async function propose(
    trx: Kysely<DB>,
    actor: Actor,
    change: Omit<Parameters<ReturnType<typeof createBureauRepository>['proposeChange']>[0], 'proposed_by' | 'proposed_at'>,
  ) {
    const now = clock.now();
    const repo = createBureauRepository(trx);
    const id = await repo.proposeChange({ ...change, proposed_by: actor.personId!, proposed_at: now });
    await audit(
      trx,
      actor,
      'bureau.change_proposed',
      change.person_id,
      null,
      { changeId: id, kind: change.kind, office: change.office, effectiveOn: change.effective_on },
      now,
    );
    return (await repo.findChange(id))!;
  }

  return {
    current: () => bureau.current(clock.today()),
    /** Which of these people are not members today: the bureau page warns beside their office (appointmentWarnings). */
    async notMembersToday(personIds: string[]): Promise<Set<string>> {
      const members = await bureau.membersAmong(personIds);
      return new Set(personIds.filter((id) => !members.has(id)));
    },
    history: () => bureau.history(),
    pending: () => bureau.pendingChanges(),

    /**
     * The server's own record of an office (command line, demo, history import): no request is
     * ever this actor. A term that started before today is marked as imported history.
     */
    async appoint(actor: Actor, input: { personId: string; office: Office; since?: string }): Promise<OfficeTerm> {
      if (!isSystem(actor)) throw new AppError('forbidden', 'Offices change through a proposal and a second bureau member');
      const since = input.since ?? clock.today();
      requireDate(since, '/since');
      return database.transaction(async (trx) => {
        if (!(await createPeopleRepository(trx).findById(input.personId))) {
          throw new AppError('validation_failed', `No person ${input.personId}`, [{ path: '/personId', code: 'unknown_person', message: 'no such person' }]);
        }
        return startOffice(trx, actor, { personId: input.personId, office: input.office, since, source: since < clock.today() ? 'import' : 'setup' });
      });
    },

    /** The server's own record of the end of an office (command line, history import). */
    async end(actor: Actor, officeId: string, until?: string): Promise<OfficeTerm> {
      if (!isSystem(actor)) throw new AppError('forbidden', 'Offices change through a proposal and a second bureau member');
      const end = until ?? clock.today();
      requireDate(end, '/until');
      return database.transaction(async (trx) => endOffice(trx, actor, await openTerm(trx, officeId, end), end));
    },

    /**
     * Asks for a person to take an office. While the bureau is being set up (no session held
     * yet) it is recorded at once; from then on it waits for a second bureau member. Never for
     * oneself, never from a past day.
     */
    async requestAppointment(actor: Actor, input: { personId: string; office: Office; since?: string }): Promise<AppointmentOutcome> {
      refuse(checkNotSelf(actor.personId, input.personId));
      const today = clock.today();
      const since = input.since ?? today;
      requireDate(since, '/since');
      return database.transaction(async (trx) => {
        if (!(await createPeopleRepository(trx).findById(input.personId))) {
          throw new AppError('validation_failed', `No person ${input.personId}`, [{ path: '/personId', code: 'unknown_person', message: 'no such person' }]);
        }
        const { phase, assemblyDays } = await phaseAndDays(trx);
        refuse(checkOfficeDate({ date: since, today, phase, assemblyDays, path: '/since' }));
        const isMemberToday = (await createBureauRepository(trx).membersAmong([input.personId])).has(input.personId);
        const warnings = appointmentWarnings({ isMemberToday });
        if (phase === 'setup')
          return { applied: await startOffice(trx, actor, { personId: input.personId, office: input.office, since, source: 'setup' }), warnings };
        // Refused now rather than at confirmation when it could never be confirmed.
        const decision = decideAppointment(await createBureauRepository(trx).heldFrom(since), input.personId, input.office);
        if (isRefusal(decision)) throw AppError.from(decision);
        return {
          warnings,
          pending: await propose(trx, actor, {
            kind: 'appoint',
            person_id: input.personId,
            office: input.office,
            office_id: null,
            effective_on: since > today ? since : null,
          }),
        };
      });
    },

    /** Asks for an office to end: at once while setting up, else once a second bureau member confirms. */
    async requestEnd(actor: Actor, officeId: string, until?: string): Promise<CompositionOutcome> {
      const today = clock.today();
      const end = until ?? today;
      requireDate(end, '/until');
      return database.transaction(async (trx) => {
        const term = await openTerm(trx, officeId, end);
        const { phase, assemblyDays } = await phaseAndDays(trx);
        refuse(checkOfficeDate({ date: end, today, phase, assemblyDays, path: '/until' }));
        if (phase === 'setup') return { applied: await endOffice(trx, actor, term, end) };
        await checkEndKeepsQuorum(trx, term);
        return {
          pending: await propose(trx, actor, {
            kind: 'end',
            person_id: term.personId,
            office: term.office,
            office_id: term.id,
            effective_on: end > today ? end : null,
          }),
        };
      });
    },

    /** A second bureau member confirms a proposed change: it takes effect today (or on its later day). */
    async confirm(actor: Actor, changeId: string): Promise<{ change: BureauChange; term: OfficeTerm }> {
      const today = clock.today();
      return database.transaction(async (trx) => {
        const repo = createBureauRepository(trx);
        const change = await repo.findChange(changeId);
        if (!change) throw new AppError('not_found', `No change ${changeId}`);
        refuse(
          checkConfirmation({
            status: change.status,
            proposedBy: change.proposedBy,
            personId: change.personId,
            confirmerId: actor.personId,
            confirmerOnBureau: await onBureauToday(trx, actor.personId),
          }),
        );
        if (!(await repo.settleChange(change.id, change.version, 'confirmed', actor.personId!, clock.now())))
          throw new AppError('change_not_pending', 'Confirmed or cancelled meanwhile');
        const on = change.effectiveOn && change.effectiveOn > today ? change.effectiveOn : today;
        let term: OfficeTerm;
        if (change.kind === 'appoint') {
          term = await startOffice(trx, actor, { personId: change.personId, office: change.office, since: on, source: 'confirmed', changeId: change.id });
        } else {
          const open = await openTerm(trx, change.officeId!, on);
          // The bureau may have shrunk since the proposal: the quorum is checked again.
          await checkEndKeepsQuorum(trx, open);
          term = await endOffice(trx, actor, open, on, change.id);
        }
        await audit(
          trx,
          actor,
          'bureau.change_confirmed',
          change.personId,
          { proposedBy: change.proposedBy },
          { changeId: change.id, kind: change.kind },
          clock.now(),
        );
        return { change: (await repo.findChange(change.id))!, term };
      });
    },

    /** Withdraws a proposed change: its proposer, or any bureau member who will not confirm it. */
    async cancel(actor: Actor, changeId: string): Promise<BureauChange> {
      return database.transaction(async (trx) => {
        const repo = createBureauRepository(trx);
        const change = await repo.findChange(changeId);
        if (!change) throw new AppError('not_found', `No change ${changeId}`);
        if (change.status !== 'pending') throw new AppError('change_not_pending', `This change is already ${change.status}`);
        if (change.proposedBy !== actor.personId && !(await onBureauToday(trx, actor.personId)))
          throw new AppError('forbidden', 'Its proposer or a bureau member withdraws a change');
        if (!(await repo.settleChange(change.id, change.version, 'cancelled', actor.personId!, clock.now())))
          throw new AppError('change_not_pending', 'Confirmed or cancelled meanwhile');
        await audit(trx, actor, 'bureau.change_cancelled', change.personId, null, { changeId: change.id }, clock.now());
        return (await repo.findChange(change.id))!;
      });
    },
  };
}

export type BureauService = ReturnType<typeof createBureauService>;
