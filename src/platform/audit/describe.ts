import { catalogue, type Translator } from '../i18n/index.js';

/** An audit action in words, falling back to its code when no catalogue names it. */
export function describeAction(action: string, i18n: Translator): string {
  const strings = catalogue(i18n.locale);
  return strings[`audit.action.${action}`] ?? action;
}
