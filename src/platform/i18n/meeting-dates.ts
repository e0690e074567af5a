import type { Locale } from './catalogue.js';

/** A date as people write it in minutes and convocations: "mardi 1 décembre 2026 à 20:00". */
// An Intl formatter costs far more to build than to use: one per language, zone and shape, kept
// (a handful: the association has one time zone), instead of one per date shown.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatMeetingDate(instant: string, locale: Locale, timeZone: string, withTime = true): string {
  const key = `${locale} ${timeZone} ${withTime}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'full', ...(withTime ? { timeStyle: 'short' } : {}), timeZone });
    dateFormats.set(key, format);
  }
  return format.format(new Date(instant));
}

/**
 * A calendar day (`2026-12-01`) as people write it in a mail: "mardi 1 décembre 2026", "Tuesday
 * 1 December 2026". The day is a day, in no time zone: it is read at noon UTC so that no zone
 * moves it to the day before.
 */
export function formatDay(day: string, locale: Locale): string {
  return formatMeetingDate(`${day}T12:00:00.000Z`, locale, 'UTC', false);
}
