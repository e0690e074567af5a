import type { Refusal } from '../../platform/errors.js';
import type { Office } from '../../platform/auth/actor.js';

export const offices = ['president', 'secretary', 'treasurer', 'member'] as const;

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
