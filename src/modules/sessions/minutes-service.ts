import { AppError, isRefusal } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { BureauSessionTable } from '../../platform/schema.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { createSessionsRepository, type Session } from './repository.js';
import { checkMinutesApproval, checkMinutesChange, storedDeliberations, type MeetingForMinutes, type MinutesChange } from './rules.js';
import { findSessionView, type SessionView } from './service.js';

/** The columns of the minutes' record on the session's row. */
type RecordPatch = Partial<Pick<BureauSessionTable, 'chair_id' | 'secretary_id' | 'minutes_approved_at' | 'minutes_approved_by'>>;

/** The session as the minutes' rules see it. */
export function sessionForMinutes(session: Session): MeetingForMinutes {
  return {
    held: session.status !== 'planned',
    closed: session.status === 'closed',
    approvedAt: session.minutesApprovedAt,
    chairId: session.chairId,
    secretaryId: session.secretaryId,
  };
}

/**
 * The secretary's part of a session's minutes: who chaired and who took them, what was said on
 * each item, and their approval, after which the minutes are the association's record
 * ("Minutes are approved, then never rewritten"). Each write goes through the session's version,
 * so an edit and an approval made at the same time cannot both pass.
 */
export function createSessionMinutes(ctx: ServiceContext) {
  const { database, clock } = ctx;

  async function write(
    actor: Actor,
    id: string,
    decide: (view: SessionView) => { patch: RecordPatch; deliberations?: { itemId: string; text: string | null }[]; action: string },
  ) {
    const now = clock.now();
    return database.transaction(async (trx) => {
      const repo = createSessionsRepository(trx);
      const view = await findSessionView(trx, id);
      if (!view) throw new AppError('not_found', `No session ${id}`);
      const { patch, deliberations, action } = decide(view);
      if (!(await repo.update(id, view.version, { ...patch, updated_at: now })))
        throw new AppError('version_conflict', 'The session changed meanwhile: reload it');
      if (deliberations?.length) await repo.setDeliberations(id, deliberations, now);
      await createAuditRepository(trx, database.dialect).append({
        actorId: actor.personId,
        action,
        subjectType: 'bureau_session',
        subjectId: id,
        before: null,
        after: { ...patch, deliberations: deliberations?.map((d) => d.itemId) },
        at: now,
      });
      return (await findSessionView(trx, id))!;
    });
  }

  return {
    /** Changes who chaired, who took the minutes, or what was said on items; refused once approved. */
    record(actor: Actor, id: string, change: MinutesChange): Promise<SessionView> {
      return write(actor, id, (view) => {
        const present = view.attendance.filter((a) => a.present).map((a) => a.personId);
        const refusal = checkMinutesChange(
          sessionForMinutes(view),
          change,
          present,
          view.agenda.map((i) => i.id),
        );
        if (isRefusal(refusal)) throw AppError.from(refusal);
        const patch: RecordPatch = {};
        if (change.chairId !== undefined) patch.chair_id = change.chairId;
        if (change.secretaryId !== undefined) patch.secretary_id = change.secretaryId;
        const deliberations = change.deliberations?.map((d) => ({ itemId: d.itemId, text: storedDeliberations(d.text) }));
        return { patch, deliberations, action: 'bureau_session.minutes_recorded' };
      });
    },

    /** Approves the minutes of a closed session that names its chair and secretary; once. */
    approve(actor: Actor, id: string): Promise<SessionView> {
      return write(actor, id, (view) => {
        const refusal = checkMinutesApproval(sessionForMinutes(view));
        if (isRefusal(refusal)) throw AppError.from(refusal);
        return { patch: { minutes_approved_at: clock.now(), minutes_approved_by: actor.personId }, action: 'bureau_session.minutes_approved' };
      });
    },
  };
}

export type SessionMinutes = ReturnType<typeof createSessionMinutes>;
