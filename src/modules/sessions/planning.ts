import { AppError, isRefusal } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { newId } from '../../platform/ids.js';
import { silentBus } from '../../platform/events.js';
import { placeWaitingApplications } from './agenda-placement.js';
import './events.js';
import { createSessionsRepository, type Recurrence } from './repository.js';
import { describeRecurrence, occurrencesAfter, parseRecurrence, type ParsedRecurrence } from './recurrence.js';

export interface RecurrenceInput {
  rrule: string;
  timezone?: string;
  location?: string | null;
  videoUrl?: string | null;
  durationMinutes?: number;
  sessionsAhead?: number;
}

export interface RecurrenceView extends Recurrence {
  description: { fr: string; en: string };
}

/**
 * The bureau's regular sessions: a recurrence stored as an RRULE, and the next planned sessions
 * created ahead from it, by the scheduler and whenever the recurrence changes.
 */
export function createSessionPlanning(ctx: ServiceContext) {
  const { database, clock, config } = ctx;
  const events = ctx.events ?? silentBus;

  function parsed(r: Recurrence): ParsedRecurrence {
    const result = parseRecurrence({ rrule: r.rrule, timezone: r.timezone, anchor: r.anchor ?? undefined });
    if (isRefusal(result)) throw AppError.from(result);
    return result;
  }

  function present(r: Recurrence): RecurrenceView {
    const p = parsed(r);
    return { ...r, description: { fr: describeRecurrence(p, 'fr'), en: describeRecurrence(p, 'en') } };
  }

  /**
   * Plans the next `sessionsAhead` occurrences not planned yet, then places the applications that
   * wait for a session (and, through `sessions.waiting_applications_placed`, the lapse reviews). Idempotent, also across instances: an occurrence is one unique slot.
   */
  async function ensureSessionsAhead(now = clock.now()): Promise<number> {
    const recurrence = await createSessionsRepository(database.db).recurrence();
    if (!recurrence) {
      await database.transaction(async (trx) => {
        await placeWaitingApplications(trx, database.dialect, now, config.APPLICATION_AGENDA_CUTOFF_HOURS);
        await events.publish('sessions.waiting_applications_placed', {}, { trx, now });
      });
      return 0;
    }
    const occurrences = occurrencesAfter(parsed(recurrence), now, recurrence.sessionsAhead);
    return database.transaction(async (trx) => {
      const repo = createSessionsRepository(trx);
      let created = 0;
      for (const at of occurrences) {
        const inserted = await repo.insertRecurringSession({
          id: newId(),
          status: 'planned',
          scheduled_at: at,
          duration_minutes: recurrence.durationMinutes,
          location: recurrence.location,
          video_url: recurrence.videoUrl,
          origin: 'recurrence',
          recurrence_slot: at,
          bureau_size: null,
          quorum_required: null,
          planned_at: null,
          opened_by: null,
          opened_at: null,
          closed_by: null,
          closed_at: null,
          created_by: null,
          created_at: now,
          updated_at: now,
          version: 1,
        });
        if (inserted) created++;
      }
      await placeWaitingApplications(trx, database.dialect, now, config.APPLICATION_AGENDA_CUTOFF_HOURS);
      await events.publish('sessions.waiting_applications_placed', {}, { trx, now });
      return created;
    });
  }

  return {
    ensureSessionsAhead,

    async recurrence(): Promise<RecurrenceView | null> {
      const r = await createSessionsRepository(database.db).recurrence();
      return r ? present(r) : null;
    },

    /** Sets the recurrence and plans the sessions it brings (earlier planned sessions stay as they are). */
    async setRecurrence(actor: Actor, input: RecurrenceInput): Promise<RecurrenceView> {
      const timezone = input.timezone ?? config.TIMEZONE;
      const check = parseRecurrence({ rrule: input.rrule, timezone });
      if (isRefusal(check)) throw AppError.from(check);
      const now = clock.now();
      const row = {
        rrule: check.rrule,
        timezone,
        anchor: null,
        location: input.location?.trim() || null,
        video_url: input.videoUrl?.trim() || null,
        duration_minutes: input.durationMinutes ?? 120,
        sessions_ahead: input.sessionsAhead ?? 3,
        updated_by: actor.personId,
        updated_at: now,
      };
      await database.transaction(async (trx) => {
        const repo = createSessionsRepository(trx);
        const before = await repo.recurrence();
        await repo.saveRecurrence(row);
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'bureau.recurrence_set',
          subjectType: 'bureau',
          subjectId: 'bureau',
          before: before ? { rrule: before.rrule, timezone: before.timezone } : null,
          after: { rrule: row.rrule, timezone, sessionsAhead: row.sessions_ahead },
          at: now,
        });
      });
      await ensureSessionsAhead(now);
      return (await this.recurrence())!;
    },
  };
}

export type SessionPlanning = ReturnType<typeof createSessionPlanning>;
