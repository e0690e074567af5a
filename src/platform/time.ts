/**
 * One representation of time in the application: instants are ISO-8601 UTC text with
 * millisecond precision, calendar dates are `YYYY-MM-DD`. The application sets them, never the
 * database, because CURRENT_TIMESTAMP's text differs between SQLite and PostgreSQL.
 */
export type Instant = string;
export type CalendarDate = string;

export interface Clock {
  now(): Instant;
  today(): CalendarDate;
}

export const systemClock: Clock = {
  now: () => new Date().toISOString(),
  today: () => new Date().toISOString().slice(0, 10),
};

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * addDays, remembered: dates in an association fall on a few thousand distinct days, and deciding
 * for everyone at once computes the same few sums a hundred thousand times (a Date built and
 * printed each time is most of that decision's cost).
 */
const shifted = new Map<string, CalendarDate>();
export function addDaysRemembered(date: CalendarDate, days: number): CalendarDate {
  const key = `${date}${days}`;
  let result = shifted.get(key);
  if (result === undefined) {
    if (shifted.size >= 100_000) shifted.clear();
    result = addDays(date, days);
    shifted.set(key, result);
  }
  return result;
}

export function addMinutes(instant: Instant, minutes: number): Instant {
  return new Date(Date.parse(instant) + minutes * 60_000).toISOString();
}

/** True when `value` is a real calendar date written `YYYY-MM-DD` (rejects 2024-02-31). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Normalises whatever a driver returned (a Date from pg, text from SQLite) to an Instant. */
export function toInstant(value: unknown): Instant {
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** The calendar date of `instant` in `timeZone` (the day a session took place, where it took place). */
export function dateInZone(instant: Instant, timeZone: string): CalendarDate {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** True when `value` is an instant as the application writes them (ISO-8601 UTC, milliseconds). */
export function isInstant(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return false;
  // Date.parse rolls 2026-02-31 over into March: the calendar date must exist as written.
  return isCalendarDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value));
}
