import { catalogue, type Locale, type MessageKey, type Translator } from '../../platform/i18n/index.js';
import { durationParts, type RequestStatus } from './rules.js';

/** A category in the reader's words; one added by configuration without a translation shows as written. */
export function categoryLabel(locale: Locale, category: string): string {
  return catalogue(locale)[`requests.category.${category}`] ?? category;
}

export const statusKey = (status: RequestStatus): MessageKey => `requests.status.${status}`;

/** "12 min", "5 h", "3 j" / "3 d": the inbox's ages and response times. */
export function durationLabel(i18n: Translator, minutes: number | null): string {
  if (minutes === null) return '—';
  const { value, unit } = durationParts(minutes);
  return i18n.t(`requests.duration.${unit}`, { n: value });
}
