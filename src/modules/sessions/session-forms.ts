import type { FieldError } from '../../platform/errors.js';
import { isCalendarDate, type Instant } from '../../platform/time.js';
import { buildRRule, weekdays, type Ordinal, type Weekday } from './recurrence.js';
import type { RecurrenceInput } from './planning.js';
import type { NewSession } from './service.js';
import { MEMBERSHIP_OUTCOMES, type DecisionInput, type DecisionOutcome } from './rules.js';
import { APPLICATION_OUTCOMES } from '../applications/rules.js';

/*
 * What the session pages' forms send, read into what the services take. Every form field is a
 * string the browser sends as typed; each mistake becomes a field error with the form's own path
 * (`/<form>-<field>`), so that the page can show it beside the field it is about.
 */

type Values = Record<string, string>;

const DAY_MS = 86_400_000;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** The API's bounds (schemas.ts), which the services leave to the schema. */
const LOCATION_MAX = 300;
const URL_MAX = 500;
const URL = /^https?:\/\/\S+$/;

/** The zone's offset from UTC at `instant`, in milliseconds (Intl knows the zone's rules). */
function offsetAt(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  for (const { type, value } of format.formatToParts(instant)) parts[type] = Number(value);
  const wall = new Date(0);
  wall.setUTCFullYear(parts.year!, parts.month! - 1, parts.day!);
  wall.setUTCHours(parts.hour!, parts.minute!, parts.second!, 0);
  return wall.getTime() - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which the wall clock of `timeZone` shows `date` `time` ("2026-12-01", "20:00",
 * "Europe/Paris" → 2026-12-01T19:00:00.000Z), or null when the date or time is not one. As the
 * recurrence does (RFC 5545 §3.3.5), a time skipped when clocks go forward is read with the
 * offset before the change (02:30 → 03:30), and a time that happens twice takes the first.
 */
export function instantInZone(date: string, time: string, timeZone: string): Instant | null {
  const hm = TIME.exec(time);
  if (!isCalendarDate(date) || !hm) return null;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wall = new Date(0);
  // setUTCFullYear, unlike Date.UTC, reads years 0–99 as written.
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(Number(hm[1]), Number(hm[2]), 0, 0);
  const local = wall.getTime();
  const before = offsetAt(local - DAY_MS, timeZone);
  const after = offsetAt(local + DAY_MS, timeZone);
  const valid = [local - before, local - after].filter((t) => t + offsetAt(t, timeZone) === local);
  const at = valid.length > 0 ? Math.min(...valid) : local - before;
  return new Date(at).toISOString();
}

function place(values: Values, form: string, errors: FieldError[]): { location: string | null; videoUrl: string | null } {
  const location = (values.location ?? '').trim();
  const videoUrl = (values.videoUrl ?? '').trim();
  if (location.length > LOCATION_MAX) errors.push({ path: `/${form}-location`, code: 'too_long', message: `at most ${LOCATION_MAX} characters` });
  if (videoUrl && !URL.test(videoUrl)) errors.push({ path: `/${form}-videoUrl`, code: 'invalid_url', message: 'a link starting with https://' });
  else if (videoUrl.length > URL_MAX) errors.push({ path: `/${form}-videoUrl`, code: 'too_long', message: `at most ${URL_MAX} characters` });
  return { location: location || null, videoUrl: videoUrl || null };
}

/** The ad-hoc session form: a day and a time in the association's time zone, a place and/or a video link. */
export function readSessionForm(values: Values, timeZone: string): { input: NewSession; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const date = (values.date ?? '').trim();
  const time = (values.time ?? '').trim();
  if (!isCalendarDate(date)) errors.push({ path: '/session-date', code: date ? 'invalid_date' : 'required', message: 'a date, YYYY-MM-DD' });
  if (!TIME.test(time)) errors.push({ path: '/session-time', code: time ? 'invalid_time' : 'required', message: 'a time, HH:MM' });
  const scheduledAt = instantInZone(date, time, timeZone) ?? '';
  return { input: { scheduledAt, ...place(values, 'session', errors) }, errors };
}

export const ordinals: readonly Ordinal[] = [1, 2, 3, 4, -1];

/** The recurrence form: weekly or monthly, on which day, at what time; the RRULE is built from it. */
export function readRecurrenceForm(values: Values): { input: RecurrenceInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const choice = (name: string, message: string) => errors.push({ path: `/recurrence-${name}`, code: 'invalid_choice', message });
  const freq = values.frequency === 'weekly' || values.frequency === 'monthly' ? values.frequency : null;
  if (!freq) choice('frequency', 'weekly or monthly');
  const weekday = weekdays.includes(values.weekday as Weekday) ? (values.weekday as Weekday) : null;
  if (!weekday) choice('weekday', 'a day of the week');
  const ordinal = ordinals.find((o) => String(o) === values.week);
  if (freq === 'monthly' && ordinal === undefined) choice('week', 'the first to fourth, or the last');
  const time = (values.time ?? '').trim();
  const hm = TIME.exec(time);
  if (!hm) errors.push({ path: '/recurrence-time', code: time ? 'invalid_time' : 'required', message: 'a time, HH:MM' });
  const ahead = (values.sessionsAhead ?? '').trim();
  const sessionsAhead = ahead === '' ? 3 : /^\d{1,2}$/.test(ahead) ? Number(ahead) : NaN;
  if (!(sessionsAhead >= 1 && sessionsAhead <= 12))
    errors.push({ path: '/recurrence-sessionsAhead', code: 'invalid_sessions_ahead', message: 'a number from 1 to 12' });
  const where = place(values, 'recurrence', errors);
  const rrule =
    freq && weekday && hm ? buildRRule({ freq, weekday, ordinal: freq === 'monthly' ? ordinal : undefined, hour: Number(hm[1]), minute: Number(hm[2]) }) : '';
  return { input: { rrule, sessionsAhead, ...where }, errors };
}

/**
 * A free agenda item: a title, optionally some text, and the member it is about (an exclusion to
 * consider), which the picker sends as the match chosen (`personId`) or as typed (`person`, without
 * a script): `about` is what the page resolves among today's members, null when no one is named.
 */
export function readItemForm(values: Values): {
  input: { title: string; body: string | null };
  about: { personId?: string; person?: string } | null;
  errors: FieldError[];
} {
  const errors: FieldError[] = [];
  const title = (values.title ?? '').trim();
  const body = (values.body ?? '').trim();
  const personId = (values.personId ?? '').trim();
  const person = (values.person ?? '').trim();
  if (!title) errors.push({ path: '/item-title', code: 'required', message: 'what is the item about?' });
  else if (title.length > 200) errors.push({ path: '/item-title', code: 'too_long', message: 'at most 200 characters' });
  if (body.length > 5000) errors.push({ path: '/item-body', code: 'too_long', message: 'at most 5000 characters' });
  if (personId.length > 64) errors.push({ path: '/item-person', code: 'invalid_choice', message: 'one of the current members' });
  else if (person.length > 200) errors.push({ path: '/item-person', code: 'too_long', message: 'at most 200 characters' });
  const about = personId ? { personId } : person ? { person } : null;
  return { input: { title, body: body || null }, about, errors };
}

/** What a decision form is about: an application (`applicationId`) or another agenda item (`agendaItemId`). */
export type DecisionTarget = { applicationId: string } | { agendaItemId: string };

/**
 * A decision form. It names its application, or its agenda item for a lapse review or an item
 * about a member; the form's key (`decision-<that id>`) places its errors. Votes are optional:
 * left all empty, none are recorded; once one is given, an empty one counts as zero ("3 for" is 3–0–0).
 * Which outcome suits which item is the service's to say (checkDecision).
 */
export function readDecisionForm(values: Values): { target: DecisionTarget; form: string; input: DecisionInput; errors: FieldError[] } {
  const applicationId = (values.applicationId ?? '').trim();
  const agendaItemId = (values.agendaItemId ?? '').trim();
  const target: DecisionTarget = agendaItemId && !applicationId ? { agendaItemId } : { applicationId };
  const form = `decision-${agendaItemId && !applicationId ? agendaItemId : applicationId}`;
  const errors: FieldError[] = [];
  // The outcomes the form offers: on an application, or on an item named by its id (a lapse review, an item about a member).
  const offered: readonly DecisionOutcome[] = 'agendaItemId' in target ? MEMBERSHIP_OUTCOMES : APPLICATION_OUTCOMES;
  const outcome = offered.find((o) => o === values.outcome);
  if (!outcome) errors.push({ path: `/${form}-outcome`, code: 'required', message: offered.join(', ') });
  const counts = [values.votesFor, values.votesAgainst, values.votesAbstain].map((v) => (v ?? '').trim());
  let votes: DecisionInput['votes'];
  if (counts.some((c) => c !== '')) {
    const numbers = counts.map((c) => (c === '' ? 0 : /^\d{1,4}$/.test(c) ? Number(c) : NaN));
    if (numbers.some((n) => !(n <= 1000))) errors.push({ path: `/${form}-votes`, code: 'invalid_number', message: 'whole numbers from 0 to 1000' });
    else votes = { for: numbers[0]!, against: numbers[1]!, abstain: numbers[2]! };
  }
  const rationale = (values.rationale ?? '').trim();
  if (rationale.length > 5000) errors.push({ path: `/${form}-rationale`, code: 'too_long', message: 'at most 5000 characters' });
  return { target, form, input: { outcome: outcome ?? 'deferred', votes, rationale: rationale || undefined }, errors };
}

/** The agenda's order after moving one item a step up or down (unchanged at either end); null if it is not there. */
export function movedOrder(itemIds: string[], itemId: string, direction: 'up' | 'down'): string[] | null {
  const from = itemIds.indexOf(itemId);
  if (from < 0) return null;
  const to = direction === 'up' ? from - 1 : from + 1;
  if (to < 0 || to >= itemIds.length) return itemIds;
  const order = [...itemIds];
  [order[from], order[to]] = [order[to]!, order[from]!];
  return order;
}

/** The ticked checkboxes of a form: one value, several (repeated name), or none. */
export function repeatedField(body: unknown, name: string): string[] {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return [...new Set(list.filter((v): v is string => typeof v === 'string' && v !== ''))];
}
