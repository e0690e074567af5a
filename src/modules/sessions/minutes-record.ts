import type { FieldError, Refusal } from '../../platform/errors.js';

/*
 * The minutes' record, the same for a bureau session and a general assembly: who chaired the
 * meeting, who took the minutes, what was said on each item, and the approval that closes the
 * record. Pure: the caller reads the meeting and who was present, and writes what is allowed.
 */

/** A change of the record: only the fields given change; null names nobody. */
export interface MinutesChange {
  chairId?: string | null;
  secretaryId?: string | null;
  /** What was said on an item, by item id; an empty text removes it. */
  deliberations?: { itemId: string; text: string }[];
}

/** The meeting as the rules need it. */
export interface MeetingForMinutes {
  /** Has the meeting begun (opened)? The minutes are taken from then on. */
  held: boolean;
  closed: boolean;
  approvedAt: string | null;
  chairId: string | null;
  secretaryId: string | null;
}

/**
 * May this change be written ("Minutes are approved, then never rewritten")? The minutes are
 * taken once the meeting has begun, until they are approved. The chair and the secretary are
 * people present at the meeting (`present`), and deliberations go on the meeting's own items.
 */
export function checkMinutesChange(meeting: MeetingForMinutes, change: MinutesChange, present: readonly string[], itemIds: readonly string[]): Refusal | null {
  if (meeting.approvedAt) return { code: 'minutes_approved', message: 'the minutes were approved: they are the association’s record and change no more' };
  if (!meeting.held) return { code: 'meeting_not_held', message: 'the minutes are taken once the meeting has begun' };
  const errors: FieldError[] = [];
  for (const field of ['chairId', 'secretaryId'] as const) {
    const id = change[field];
    if (id && !present.includes(id)) errors.push({ path: `/${field}`, code: 'not_present', message: 'someone present at the meeting' });
  }
  (change.deliberations ?? []).forEach((d, i) => {
    if (!itemIds.includes(d.itemId)) errors.push({ path: `/deliberations/${i}/itemId`, code: 'unknown_item', message: 'an item of this meeting’s agenda' });
  });
  const seen = new Set<string>();
  (change.deliberations ?? []).forEach((d, i) => {
    if (seen.has(d.itemId)) errors.push({ path: `/deliberations/${i}/itemId`, code: 'duplicate', message: 'each item once' });
    seen.add(d.itemId);
  });
  return errors.length > 0 ? { code: 'validation_failed', message: errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors } : null;
}

/**
 * May the minutes be approved now? Once the meeting is closed, once, and only when they name
 * who chaired and who took them: the two who answer for the minutes.
 */
export function checkMinutesApproval(meeting: MeetingForMinutes): Refusal | null {
  if (meeting.approvedAt) return { code: 'minutes_approved', message: 'the minutes were approved already' };
  if (!meeting.closed) return { code: 'illegal_transition', message: 'the minutes are approved once the meeting is closed' };
  const errors: FieldError[] = [];
  if (!meeting.chairId) errors.push({ path: '/chairId', code: 'required', message: 'who chaired the meeting' });
  if (!meeting.secretaryId) errors.push({ path: '/secretaryId', code: 'required', message: 'who took the minutes' });
  return errors.length > 0 ? { code: 'minutes_incomplete', message: 'name the chair and the secretary before approving the minutes', errors } : null;
}

/** Deliberations as stored: trimmed, and nothing for an empty text. */
export function storedDeliberations(text: string): string | null {
  const trimmed = text.replace(/\r\n/g, '\n').trim();
  return trimmed.length > 0 ? trimmed : null;
}
