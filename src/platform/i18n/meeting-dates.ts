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
