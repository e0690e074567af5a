import type { Locale } from '../i18n/index.js';
import type { MailAttachment } from '../../integrations/smtp.js';

/**
 * Letters: the same mail to many people (a convocation to every invitee of an assembly), written
 * once per language and personalised per person (src/platform/mail/repository.ts recordLetters).
 * The text holds letterField(name) where each person's own words go (their name); the HTML version
 * is rendered once per language from that text, and each person's fields are put in both, escaped
 * in the HTML. The field's marks are private-use characters, which no template writes.
 *
 *   letter: (locale) => ({ subject: …, body: translate(locale, 'x.body', { name: letterField('name') }) }),
 *   recipients: [{ to, personId, locale, fields: { name: 'Alix' }, secretLinks: { rsvp: … } }],
 */
export function letterField(name: string): string {
  if (!FIELD_NAME.test(name)) throw new Error(`Invalid letter field name ${name}`);
  return `\uE000${name}\uE001`;
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,40}$/;
const FIELD = /\uE000([A-Za-z][A-Za-z0-9_]{0,40})\uE001/g;

/** One recipient of a letter: where it goes, in which language, and what is theirs alone. */
export interface LetterRecipient {
  to: string;
  personId: string | null;
  locale: Locale;
  /** Which version of the letter they get, when it has several (a voter's mentions the proxy). */
  version?: string;
  /** The values of the letter's fields, as plain text. */
  fields: Record<string, string>;
  /** As record()'s: links that let their holder act, delivered and never kept in the log. */
  secretLinks?: Record<string, string>;
  /** As record()'s: attachments that hold a secret link. */
  secretAttachments?: MailAttachment[];
}

/**
 * The text with each field in place. A field the recipient lacks is a programming error, unless
 * `missing` says what to put instead (a mail whose recipient was erased reads without their name).
 */
export function fillFields(text: string, fields: Record<string, string>, as: (value: string) => string = (value) => value, missing?: string): string {
  return text.replace(FIELD, (_slot, name: string) => {
    if (!Object.hasOwn(fields, name)) {
      if (missing !== undefined) return missing;
      throw new Error(`The letter's field ${name} has no value`);
    }
    return as(fields[name]!);
  });
}

/** The names of the fields a letter's text holds, each once: what every recipient must give. */
export function letterFieldNames(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(FIELD), (m) => m[1]!))];
}
