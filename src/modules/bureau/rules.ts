import type { Refusal } from '../../platform/errors.js';
import type { Office } from '../../platform/auth/actor.js';

/*
 * The bureau's vocabularies, each declared once: the API's schemas and the pages' words
 * (`bureau.office.<office>`) derive from these lists. The offices are the actor's (platform/auth),
 * which the list must match.
 */
export const OFFICES = ['president', 'secretary', 'treasurer', 'member'] as const satisfies readonly Office[];
/** How a term was recorded: before the first session, confirmed by a second bureau member, or imported as history. */
export const OFFICE_SOURCES = ['setup', 'confirmed', 'import'] as const;
export type OfficeSource = (typeof OFFICE_SOURCES)[number];
/** A proposed change to the bureau: someone takes an office, or a term ends. */
export const CHANGE_KINDS = ['appoint', 'end'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
/** The two-person rule: a change waits for a second bureau member, who confirms it, or it is cancelled. */
export const CHANGE_STATUSES = ['pending', 'confirmed', 'cancelled'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/** What an appointment that is allowed may still need the bureau to check against its bylaws. */
export const APPOINTMENT_WARNINGS = ['not_a_member'] as const;
export type AppointmentWarningCode = (typeof APPOINTMENT_WARNINGS)[number];
export interface AppointmentWarning {
  code: AppointmentWarningCode;
  message: string;
}

/**
 * What to warn of when giving an office. An office held by someone who is not a member today is
 * allowed, since some bylaws allow it (an outside treasurer, a founder whose membership lapsed),
 * but most do not: the bureau is told, and decides; nothing is refused.
 */
export function appointmentWarnings(input: { isMemberToday: boolean }): AppointmentWarning[] {
  return input.isMemberToday
    ? []
    : [{ code: 'not_a_member', message: 'this person is not a member of the association today: check that the bylaws allow them this office' }];
}

export function isOffice(value: unknown): value is Office {
  return (OFFICES as readonly unknown[]).includes(value);
}

/** Offices that one person holds at a time; the bureau may have any number of plain members. */
const SINGLE_HOLDER: Office[] = ['president', 'secretary', 'treasurer'];

export interface HeldOffice {
  personId: string;
  office: Office;
}

/**
 * Can `personId` take `office` now, given the offices currently held? A person holds one office
 * at a time (changing office ends the previous one), and president, secretary and treasurer have
 * one holder each.
 */
export function decideAppointment(current: HeldOffice[], personId: string, office: Office): { endsPrevious: boolean } | Refusal {
  const own = current.find((c) => c.personId === personId);
  if (own?.office === office) return { code: 'office_already_held', message: `already ${office}` };
  if (SINGLE_HOLDER.includes(office) && current.some((c) => c.office === office && c.personId !== personId)) {
    return { code: 'office_already_held', message: `someone is already ${office}: end their office first` };
  }
  return { endsPrevious: own !== undefined };
}

/**
 * The two phases of the bureau's composition. Until the bureau's first session has been held,
 * an administrator records the bureau as the association elected it (setting up); from then on,
 * a change takes effect only when a second bureau member confirms it (the two-person rule).
 */
export type CompositionPhase = 'setup' | 'governed';

export const compositionPhase = (firstSessionHeld: boolean): CompositionPhase => (firstSessionHeld ? 'governed' : 'setup');

/**
 * The day an office starts or ends. Never in the past (nobody rewrites who sat on the bureau
 * when a decision was taken); while setting up, also the day of the assembly that elected the
 * bureau. Only the history import (the server's command line) records earlier terms, marked so.
 */
export function checkOfficeDate(input: {
  date: string;
  today: string;
  phase: CompositionPhase;
  assemblyDays: string[];
  path: '/since' | '/until';
}): Refusal | null {
  if (input.date >= input.today) return null;
  if (input.phase === 'setup' && input.assemblyDays.includes(input.date)) return null;
  const message =
    input.phase === 'setup' ? 'a past date only as the day of the assembly that elected the bureau' : 'an office changes from today or a later day';
  return { code: 'validation_failed', message, errors: [{ path: input.path, code: 'in_the_past', message }] };
}

/**
 * Nobody gives themself an office: the bureau is elected or appointed by others. The refusal names
 * the person chosen (`/personId`), which is what is wrong, so a form shows it beside that field.
 */
export function checkNotSelf(actorId: string | null, personId: string): Refusal | null {
  if (actorId === null || actorId !== personId) return null;
  const message = 'nobody gives themself an office';
  return { code: 'self_appointment', message, errors: [{ path: '/personId', code: 'self_appointment', message }] };
}

/**
 * Does the bureau keep the means to decide? After a change it keeps at least as many seats as
 * its quorum required before it: a bureau is never emptied, nor shrunk to a minority that would
 * then be quorate alone.
 */
export function checkQuorumKept(input: { seatsBefore: number; seatsAfter: number; requiredBefore: number }): Refusal | null {
  if (input.seatsAfter >= input.seatsBefore || input.seatsAfter >= input.requiredBefore) return null;
  return {
    code: 'bureau_quorum_at_risk',
    message: `the bureau would keep ${input.seatsAfter} seats where its quorum needs ${input.requiredBefore}: appoint someone first`,
  };
}

/**
 * May `confirmerId` confirm a proposed change? A bureau member on the day, other than the one who
 * proposed it and other than the person it is about (nobody confirms their own office).
 */
export function checkConfirmation(input: {
  status: 'pending' | 'confirmed' | 'cancelled';
  proposedBy: string;
  personId: string;
  confirmerId: string | null;
  confirmerOnBureau: boolean;
}): Refusal | null {
  if (input.status !== 'pending') return { code: 'change_not_pending', message: `this change is already ${input.status}` };
  if (!input.confirmerId || !input.confirmerOnBureau) return { code: 'forbidden', message: 'a change is confirmed by a member of the bureau' };
  if (input.confirmerId === input.proposedBy)
    return { code: 'second_member_required', message: 'a second bureau member confirms the change, not the one who proposed it' };
  if (input.confirmerId === input.personId) return { code: 'self_appointment', message: 'nobody confirms a change of their own office' };
  return null;
}

/**
 * How many present bureau members a decision needs. `majority` (the default) is more than half
 * of the bureau's current members; a number is a fixed minimum, capped at the bureau's size so
 * that a smaller bureau is not locked out for ever.
 */
export type QuorumRule = { kind: 'majority' } | { kind: 'minimum'; count: number };

export interface Quorum {
  required: number;
  present: number;
  reached: boolean;
}

export function parseQuorumRule(text: string): QuorumRule | null {
  if (text === 'majority') return { kind: 'majority' };
  if (/^[1-9]\d{0,2}$/.test(text)) return { kind: 'minimum', count: Number(text) };
  return null;
}

export function computeQuorum(rule: QuorumRule, bureauSize: number, present: number): Quorum {
  const required = rule.kind === 'majority' ? Math.floor(bureauSize / 2) + 1 : Math.max(1, Math.min(rule.count, bureauSize));
  return { required, present, reached: bureauSize > 0 && present >= required };
}
