import type { FieldError, Refusal } from '../../platform/errors.js';
import { isCalendarDate, type CalendarDate, type Instant } from '../../platform/time.js';

/**
 * The bureau's standing rule for its regular sessions ("first Tuesday of each month at 20:00,
 * Europe/Paris"), stored as RFC 5545 RRULE text plus an IANA time zone.
 *
 * The rule has no DTSTART line: the time of day comes from BYHOUR/BYMINUTE, and `anchor` (a
 * calendar date, default 2026-01-01) fixes which weeks or months count when INTERVAL > 1
 * ("every 2 weeks" counts from the Monday of the anchor's week, "every 2 months" from the
 * anchor's month). A leading `RRULE:` is accepted. COUNT and UNTIL are refused: a standing
 * rule runs until the bureau changes it, and callers bound generation with `until`.
 */
export interface Recurrence {
  rrule: string;
  timezone: string;
  anchor?: CalendarDate;
}

export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
/** 1..4 or -1 (last): every month has these, so a monthly rule never skips a month. */
export type Ordinal = 1 | 2 | 3 | 4 | -1;

export interface ParsedRecurrence {
  /** The rule written back canonically (upper case, no `RRULE:`), fit to store. */
  rrule: string;
  freq: 'weekly' | 'monthly';
  interval: number;
  /** Weekly: plain days. Monthly: all with an ordinal, or all plain (every such day). */
  byDay: { weekday: Weekday; ordinal?: Ordinal }[];
  /** Monthly only: 1..28 or -1 (last day). Empty when the rule uses BYDAY. */
  byMonthDay: number[];
  hour: number;
  minute: number;
  timezone: string;
  anchor: CalendarDate;
}

export const weekdays: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
export const DEFAULT_ANCHOR: CalendarDate = '2026-01-01';

const DAY_MS = 86_400_000;
/** The search looks at most this far ahead (in periods), so a rule that never matches still ends. */
const MAX_WEEKS = 100 * 53;
const MAX_MONTHS = 100 * 12;

/** Every part name RFC 5545 §3.3.10 defines: the others are refused as not RRULE at all. */
const RFC_PARTS = 'FREQ UNTIL COUNT INTERVAL BYSECOND BYMINUTE BYHOUR BYDAY BYMONTHDAY BYYEARDAY BYWEEKNO BYMONTH BYSETPOS WKST'.split(' ');

/**
 * Reads the stored rule, or refuses it with one error per problem, each naming the RRULE part:
 * `invalid_rrule` (not valid RFC 5545), `unsupported_rrule` (valid, but outside what sessions
 * need), `invalid_timezone`, or `invalid_date` for the anchor.
 */
export function parseRecurrence(input: Recurrence): ParsedRecurrence | Refusal {
  const errors: FieldError[] = [];
  const refuse = (code: 'invalid_rrule' | 'unsupported_rrule', message: string) => errors.push({ path: '/rrule', code, message });

  const parts = new Map<string, string>();
  const text = input.rrule
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  if (text === '') refuse('invalid_rrule', 'the rule is empty');
  else {
    for (const part of text.split(';')) {
      const match = /^([A-Z-]+)=(.+)$/.exec(part);
      if (!match) refuse('invalid_rrule', `"${part}" is not NAME=VALUE`);
      else if (parts.has(match[1]!)) refuse('invalid_rrule', `${match[1]} appears twice`);
      else parts.set(match[1]!, match[2]!);
    }
  }
  for (const [name, value] of parts) {
    if (name === 'COUNT' || name === 'UNTIL') refuse('unsupported_rrule', `${name} is not supported: a standing rule runs until the bureau changes it`);
    else if (name === 'DTSTART') refuse('unsupported_rrule', 'DTSTART is not part of the rule: give the anchor date separately');
    else if ((name === 'BYSECOND' && value === '0') || (name === 'WKST' && value === 'MO')) continue;
    else if (name === 'BYSECOND' || name === 'WKST') refuse('unsupported_rrule', `${name}=${value} is not supported (only ${name === 'WKST' ? 'MO' : '0'})`);
    else if (!RFC_PARTS.includes(name)) refuse('invalid_rrule', `${name} is not an RRULE part`);
    else if (!['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'BYHOUR', 'BYMINUTE'].includes(name)) refuse('unsupported_rrule', `${name} is not supported`);
  }

  let freq: ParsedRecurrence['freq'] = 'monthly';
  const freqText = parts.get('FREQ');
  if (freqText === undefined) {
    if (text !== '') refuse('invalid_rrule', 'FREQ is required');
  } else if (freqText === 'WEEKLY' || freqText === 'MONTHLY') freq = freqText === 'WEEKLY' ? 'weekly' : 'monthly';
  else if (['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'YEARLY'].includes(freqText))
    refuse('unsupported_rrule', `FREQ=${freqText} is not supported (WEEKLY or MONTHLY)`);
  else refuse('invalid_rrule', `FREQ=${freqText} is not a frequency`);

  const interval = parseNumberPart(parts.get('INTERVAL'), 'INTERVAL', 1, 1, 12, refuse, (n) => n > 12);
  const hour = parseNumberPart(parts.get('BYHOUR'), 'BYHOUR', undefined, 0, 23, refuse);
  const minute = parseNumberPart(parts.get('BYMINUTE'), 'BYMINUTE', 0, 0, 59, refuse);
  if (!parts.has('BYHOUR') && text !== '') refuse('unsupported_rrule', 'BYHOUR is required: it is the time the session starts');

  const byDay: ParsedRecurrence['byDay'] = [];
  const dayText = parts.get('BYDAY');
  for (const item of dayText?.split(',') ?? []) {
    const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item);
    const ordinal = match?.[1] === undefined ? undefined : Number(match[1]);
    if (!match || ordinal === 0 || (ordinal !== undefined && Math.abs(ordinal) > 53)) refuse('invalid_rrule', `BYDAY: "${item}" is not a day like TU or 1TU`);
    else if (ordinal !== undefined && freq === 'weekly') refuse('invalid_rrule', `BYDAY: "${item}" has an ordinal, which a WEEKLY rule cannot have`);
    else if (ordinal !== undefined && ![1, 2, 3, 4, -1].includes(ordinal))
      refuse('unsupported_rrule', `BYDAY: "${item}" is not supported (ordinals 1 to 4, or -1 for the last)`);
    else if (!byDay.some((d) => d.weekday === match[2] && d.ordinal === ordinal))
      byDay.push({ weekday: match[2] as Weekday, ordinal: ordinal as Ordinal | undefined });
  }
  if (new Set(byDay.map((d) => d.ordinal === undefined)).size > 1)
    refuse('unsupported_rrule', 'BYDAY: mixing days with and without an ordinal is not supported');

  const byMonthDay: number[] = [];
  const monthDayText = parts.get('BYMONTHDAY');
  if (monthDayText !== undefined && freq === 'weekly') refuse('invalid_rrule', 'BYMONTHDAY cannot be used with FREQ=WEEKLY');
  else {
    for (const item of monthDayText?.split(',') ?? []) {
      const n = /^[+-]?\d{1,2}$/.test(item) ? Number(item) : NaN;
      if (Number.isNaN(n) || n === 0 || Math.abs(n) > 31) refuse('invalid_rrule', `BYMONTHDAY: "${item}" is not a day of the month`);
      else if (n > 28 || n < -1) refuse('unsupported_rrule', `BYMONTHDAY: "${item}" is not supported (1 to 28, or -1 for the last day: every month has those)`);
      else if (!byMonthDay.includes(n)) byMonthDay.push(n);
    }
  }
  const knownFreq = freqText === 'WEEKLY' || freqText === 'MONTHLY';
  if (knownFreq && dayText !== undefined && monthDayText !== undefined) refuse('unsupported_rrule', 'BYDAY and BYMONTHDAY together are not supported');
  if (knownFreq && dayText === undefined && monthDayText === undefined) {
    refuse('unsupported_rrule', freq === 'weekly' ? 'BYDAY is required: which day of the week?' : 'BYDAY or BYMONTHDAY is required: which day of the month?');
  }

  const timezone = resolveTimeZone(input.timezone);
  if (timezone === undefined)
    errors.push({ path: '/timezone', code: 'invalid_timezone', message: `"${input.timezone}" is not an IANA time zone like Europe/Paris` });
  const anchor = input.anchor ?? DEFAULT_ANCHOR;
  if (!isCalendarDate(anchor)) errors.push({ path: '/anchor', code: 'invalid_date', message: `"${anchor}" is not a date written YYYY-MM-DD` });

  if (errors.length > 0) return { code: 'validation_failed', message: errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors };
  byDay.sort((a, b) => weekdays.indexOf(a.weekday) - weekdays.indexOf(b.weekday) || ordinalRank(a.ordinal) - ordinalRank(b.ordinal));
  byMonthDay.sort((a, b) => ordinalRank(a) - ordinalRank(b));
  const parsed = { freq, interval: interval!, byDay, byMonthDay, hour: hour!, minute: minute!, timezone: timezone!, anchor };
  return { rrule: formatRRule(parsed), ...parsed };
}

function parseNumberPart(
  value: string | undefined,
  name: string,
  fallback: number | undefined,
  min: number,
  max: number,
  refuse: (code: 'invalid_rrule' | 'unsupported_rrule', message: string) => void,
  unsupported: (n: number) => boolean = () => false,
): number | undefined {
  if (value === undefined) return fallback;
  if (value.includes(',')) refuse('unsupported_rrule', `${name}: one value only`);
  else if (/^\d{1,3}$/.test(value) && unsupported(Number(value))) refuse('unsupported_rrule', `${name}=${value} is not supported (${min} to ${max})`);
  else if (!/^\d{1,2}$/.test(value) || Number(value) < min || Number(value) > max)
    refuse('invalid_rrule', `${name}=${value} is not a number from ${min} to ${max}`);
  else return Number(value);
  return undefined;
}

/** Sorts -1 (last) after every positive ordinal or day. */
function ordinalRank(n: number | undefined): number {
  return n === undefined ? 0 : n < 0 ? 100 - n : n;
}

function formatRRule(r: Omit<ParsedRecurrence, 'rrule'>): string {
  const days = r.byDay.map((d) => `${d.ordinal ?? ''}${d.weekday}`).join(',');
  return [
    `FREQ=${r.freq.toUpperCase()}`,
    r.interval > 1 ? `INTERVAL=${r.interval}` : '',
    days ? `BYDAY=${days}` : '',
    r.byMonthDay.length ? `BYMONTHDAY=${r.byMonthDay.join(',')}` : '',
    `BYHOUR=${r.hour}`,
    `BYMINUTE=${r.minute}`,
  ]
    .filter(Boolean)
    .join(';');
}

/** The canonical IANA name, or undefined. Offsets like "+01:00" are refused: they ignore DST. */
function resolveTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name.trim())) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name.trim() }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** What the bureau's simple form produces; parseRecurrence validates it like any other rule. */
export function buildRRule(simple: { freq: 'weekly' | 'monthly'; weekday: Weekday; ordinal?: Ordinal; hour: number; minute: number }): string {
  const day = simple.freq === 'monthly' && simple.ordinal !== undefined ? `${simple.ordinal}${simple.weekday}` : simple.weekday;
  return `FREQ=${simple.freq.toUpperCase()};BYDAY=${day};BYHOUR=${simple.hour};BYMINUTE=${simple.minute}`;
}

/**
 * The next `count` sessions strictly after `after` (and strictly before `until` when given), as
 * UTC instants. The rule is read in the zone's local time, so "20:00 Europe/Paris" is 19:00Z in
 * winter and 18:00Z in summer. As RFC 5545 §3.3.5 says, a local time skipped by a DST change is
 * read with the offset before the gap (02:30 becomes 03:30), and a repeated one takes its first
 * occurrence. Looks at most 100 years ahead.
 */
export function occurrencesAfter(r: ParsedRecurrence, after: Instant, count: number, until?: Instant): Instant[] {
  const afterMs = parseInstant(after);
  const untilMs = until === undefined ? Infinity : parseInstant(until);
  const found: Instant[] = [];
  if (!(count >= 1)) return found;
  // Start a day early: where clocks go back across midnight, a later instant can have an earlier local date.
  const start = localParts(afterMs - DAY_MS, r.timezone);
  const startDay = dayNumber(start.year, start.month, start.day);
  const anchor = r.anchor.split('-').map(Number) as [number, number, number];

  const consider = (days: number[]): boolean => {
    for (const day of days) {
      const at = zonedToUtc(day * DAY_MS + r.hour * 3_600_000 + r.minute * 60_000, r.timezone);
      if (at <= afterMs) continue;
      if (at >= untilMs) return true;
      found.push(new Date(at).toISOString());
      if (found.length >= count) return true;
    }
    return false;
  };

  if (r.freq === 'weekly') {
    const firstMonday = startDay - isoWeekday(startDay);
    const anchorDay = dayNumber(...anchor);
    const anchorMonday = anchorDay - isoWeekday(anchorDay);
    const offsets = r.byDay.map((d) => weekdays.indexOf(d.weekday)).sort((a, b) => a - b);
    for (let week = 0; week < MAX_WEEKS; week++) {
      const monday = firstMonday + 7 * week;
      if (mod((monday - anchorMonday) / 7, r.interval) !== 0) continue;
      if (consider(offsets.map((o) => monday + o))) break;
    }
  } else {
    const firstMonth = start.year * 12 + start.month - 1;
    const anchorMonth = anchor[0] * 12 + anchor[1] - 1;
    for (let m = firstMonth; m < firstMonth + MAX_MONTHS; m++) {
      if (mod(m - anchorMonth, r.interval) !== 0) continue;
      if (consider(daysOfMonth(r, Math.floor(m / 12), (m % 12) + 1))) break;
    }
  }
  return found;
}

/** The rule's days in one month, as day numbers, ascending. */
function daysOfMonth(r: ParsedRecurrence, year: number, month: number): number[] {
  const first = dayNumber(year, month, 1);
  const length = dayNumber(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - first;
  const days = new Set<number>();
  for (const n of r.byMonthDay) days.add(n === -1 ? first + length - 1 : first + n - 1);
  for (const { weekday, ordinal } of r.byDay) {
    const firstSuch = first + mod(weekdays.indexOf(weekday) - isoWeekday(first), 7);
    if (ordinal === undefined) for (let d = firstSuch; d < first + length; d += 7) days.add(d);
    else if (ordinal === -1) days.add(firstSuch + 7 * Math.floor((first + length - 1 - firstSuch) / 7));
    else days.add(firstSuch + 7 * (ordinal - 1));
  }
  return [...days].sort((a, b) => a - b);
}

/** Local wall-clock time, written as if it were UTC milliseconds, to the real instant. */
function zonedToUtc(local: number, timeZone: string): number {
  const before = offsetAt(local - DAY_MS, timeZone);
  const after = offsetAt(local + DAY_MS, timeZone);
  const valid = [local - before, local - after].filter((t) => t + offsetAt(t, timeZone) === local);
  return valid.length > 0 ? Math.min(...valid) : local - before;
}

function offsetAt(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(instant: number, timeZone: string) {
  let format = formatters.get(timeZone);
  if (!format) {
    const numeric = '2-digit' as const;
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: numeric,
      day: numeric,
      hour: numeric,
      minute: numeric,
      second: numeric,
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const { type, value } of format.formatToParts(instant)) parts[type] = Number(value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

function parseInstant(instant: Instant): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${instant}`);
  return ms;
}

function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** Monday 0 … Sunday 6 (RFC 5545 weeks start on Monday by default). */
function isoWeekday(day: number): number {
  return mod(new Date(day * DAY_MS).getUTCDay() - 1, 7);
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar date (YYYY-MM-DD) of `instant` in `timezone`, as a page shows a session's day. */
export function localDate(instant: Instant, timezone: string): CalendarDate {
  const p = localParts(parseInstant(instant), timezone);
  return `${String(p.year).padStart(4, '0')}-${pad(p.month)}-${pad(p.day)}`;
}

/** The wall-clock time (HH:MM, 24-hour) of `instant` in `timezone`. */
export function localTime(instant: Instant, timezone: string): string {
  const p = localParts(parseInstant(instant), timezone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

const words = {
  fr: {
    day: { MO: 'lundi', TU: 'mardi', WE: 'mercredi', TH: 'jeudi', FR: 'vendredi', SA: 'samedi', SU: 'dimanche' },
    days: { MO: 'lundis', TU: 'mardis', WE: 'mercredis', TH: 'jeudis', FR: 'vendredis', SA: 'samedis', SU: 'dimanches' },
    ordinal: { 1: 'premier', 2: 'deuxième', 3: 'troisième', 4: 'quatrième', [-1]: 'dernier' },
    and: 'et',
  },
  en: {
    day: { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' },
    ordinal: { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', [-1]: 'last' },
    and: 'and',
  },
} as const;

/**
 * The rule as a sentence, e.g. "le premier mardi de chaque mois à 20:00 (Europe/Paris)" or
 * "the first Tuesday of every month at 20:00 (Europe/Paris)".
 */
export function describeRecurrence(r: ParsedRecurrence, locale: 'fr' | 'en'): string {
  const w = words[locale];
  const fr = locale === 'fr';
  const list = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${w.and} ${items.at(-1)}`);
  const the = fr ? 'le' : 'the';
  const at = `${fr ? 'à' : 'at'} ${pad(r.hour)}:${pad(r.minute)} (${r.timezone})`;
  const n = r.interval;

  if (r.freq === 'weekly' || r.byDay.some((d) => d.ordinal === undefined)) {
    const days = r.byDay.map((d) => d.weekday);
    if (r.freq === 'weekly' && n > 1) {
      return fr
        ? `toutes les ${n} semaines, ${list(days.map((d) => `le ${w.day[d]}`))}, ${at}`
        : `every ${n} weeks on ${list(days.map((d) => w.day[d]))} ${at}`;
    }
    const every = fr ? `tous les ${list(days.map((d) => words.fr.days[d]))}` : `every ${list(days.map((d) => w.day[d]))}`;
    if (r.freq === 'weekly' || n === 1) return `${every} ${at}`;
    return fr ? `${every} du mois, tous les ${n} mois, ${at}` : `${every} of the month, every ${n} months, ${at}`;
  }

  let which: string;
  if (r.byMonthDay.length > 0) {
    const name = (d: number) => (d === -1 ? `${w.ordinal[-1]} ${fr ? 'jour' : 'day'}` : fr ? (d === 1 ? '1er' : String(d)) : `${d}${englishSuffix(d)}`);
    which = list(r.byMonthDay.map((d) => `${the} ${name(d)}`));
  } else if (new Set(r.byDay.map((d) => d.weekday)).size === 1) {
    const ordinals = r.byDay.map((d) => w.ordinal[d.ordinal!]);
    which = `${the} ${fr ? list(ordinals.map((o, i) => (i === 0 ? o : `le ${o}`))) : list(ordinals)} ${w.day[r.byDay[0]!.weekday]}`;
  } else {
    which = list(r.byDay.map((d) => `${the} ${w.ordinal[d.ordinal!]} ${w.day[d.weekday]}`));
  }
  if (n === 1) return fr ? `${which} de chaque mois ${at}` : `${which} of every month ${at}`;
  return fr ? `${which} du mois, tous les ${n} mois, ${at}` : `${which} of the month, every ${n} months, ${at}`;
}

function englishSuffix(d: number): string {
  if (d >= 11 && d <= 13) return 'th';
  return ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[d % 10] ?? 'th';
}
