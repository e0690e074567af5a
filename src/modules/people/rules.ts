import type { Selectable } from 'kysely';
import type { FieldError } from '../../platform/errors.js';
import type { PersonTable } from '../../platform/schema.js';
import { isPlausibleEmail, searchKey } from '../../platform/text.js';

/** The directory's activity filter: those active per the activity policy today, or the others. */
export const ACTIVITY_FILTERS = ['active', 'inactive'] as const;
export type ActivityFilter = (typeof ACTIVITY_FILTERS)[number];

export const isActivityFilter = (value: unknown): value is ActivityFilter => (ACTIVITY_FILTERS as readonly unknown[]).includes(value);

/**
 * How a person is told of a new request on their teams (docs/requests.md, "Who is told of a new
 * request"): a mail for each, one digest a day, or nothing. Declared once, here where the choice
 * is stored: the type, the API's schema and the words (`people.requestNotifications.<choice>`)
 * derive from it; the requests module reads it.
 */
export const REQUEST_NOTIFICATIONS = ['each', 'daily', 'off'] as const;
export type RequestNotifications = (typeof REQUEST_NOTIFICATIONS)[number];
/** Everyone is told of each new request until they choose otherwise: a request nobody hears of waits unseen. */
export const DEFAULT_REQUEST_NOTIFICATIONS: RequestNotifications = 'each';
export const isRequestNotifications = (value: unknown): value is RequestNotifications => (REQUEST_NOTIFICATIONS as readonly unknown[]).includes(value);
/** A stored value read back: anything unknown is the default. */
export const requestNotificationsOf = (value: unknown): RequestNotifications => (isRequestNotifications(value) ? value : DEFAULT_REQUEST_NOTIFICATIONS);

export interface PersonInput {
  displayName?: string;
  email?: string;
  locale?: string;
  pseudonym?: string | null;
  pronouns?: string | null;
  matrixId?: string | null;
  xmppJid?: string | null;
  publicConsent?: boolean;
  requestNotifications?: string;
}

const MATRIX_ID = /^@[a-z0-9._=\-/+]+:[a-zA-Z0-9.-]+(:\d+)?$/;
const XMPP_JID = /^[^\s@/"&'<>:]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/;

/**
 * What a person record must satisfy, whoever writes it (form, API or import). `partial` is for
 * edits, where absent fields keep their value. Messages are English; pages translate by code.
 */
export function personInputErrors(input: PersonInput, partial: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const need = (field: keyof PersonInput) => !partial || input[field] !== undefined;
  if (need('displayName')) {
    const name = (input.displayName ?? '').trim();
    if (!name) errors.push({ path: '/displayName', code: 'required', message: 'a display name is required' });
    else if (name.length > 120) errors.push({ path: '/displayName', code: 'too_long', message: 'at most 120 characters' });
  }
  if (need('email')) {
    const email = (input.email ?? '').trim();
    if (!email) errors.push({ path: '/email', code: 'required', message: 'an email address is required' });
    else if (!isPlausibleEmail(email) || email.length > 254)
      errors.push({ path: '/email', code: 'invalid_email', message: `not a valid email address: ${email}` });
  }
  if (input.locale !== undefined && input.locale !== 'fr' && input.locale !== 'en') {
    errors.push({ path: '/locale', code: 'invalid_locale', message: 'language must be fr or en' });
  }
  if (input.requestNotifications !== undefined && !isRequestNotifications(input.requestNotifications)) {
    errors.push({ path: '/requestNotifications', code: 'invalid_request_notifications', message: `one of ${REQUEST_NOTIFICATIONS.join(', ')}` });
  }
  if (input.pseudonym && input.pseudonym.trim().length > 60) errors.push({ path: '/pseudonym', code: 'too_long', message: 'at most 60 characters' });
  if (input.pronouns && input.pronouns.trim().length > 40) errors.push({ path: '/pronouns', code: 'too_long', message: 'at most 40 characters' });
  if (input.matrixId && !MATRIX_ID.test(input.matrixId.trim())) {
    errors.push({ path: '/matrixId', code: 'invalid_matrix_id', message: 'a Matrix ID looks like @name:server.org' });
  }
  if (input.xmppJid && !XMPP_JID.test(input.xmppJid.trim())) {
    errors.push({ path: '/xmppJid', code: 'invalid_xmpp_jid', message: 'an XMPP address looks like name@server.org' });
  }
  return errors;
}

/** Empty optional text means "none": stored as null, never as an empty string. */
export function optionalText(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  const v = (value ?? '').trim();
  return v === '' ? null : v;
}

/**
 * Paheko writes "LASTNAME Firstname" in one column. The leading words in capitals are the family
 * name; we show "Firstname Lastname" with the family name in its usual case ("N'DIAYE" → "N'Diaye").
 */
export function displayNameFromLastFirst(value: string): string {
  const words = value.trim().split(/\s+/);
  const isUpper = (w: string) => w === w.toUpperCase() && w !== w.toLowerCase();
  let split = 0;
  while (split < words.length && isUpper(words[split])) split++;
  if (split === 0 || split === words.length) return value.trim();
  const family = words.slice(0, split).map(titleCase).join(' ');
  return `${words.slice(split).join(' ')} ${family}`;
}

function titleCase(word: string): string {
  return word.toLowerCase().replace(/(^|[-'’\s])(\p{L})/gu, (_m, sep: string, letter: string) => sep + letter.toUpperCase());
}

/** The stored form of a new person: search and sort keys are derived here, once. */
export function newPersonRow(id: string, input: Required<Pick<PersonInput, 'displayName' | 'email'>> & PersonInput, now: string): Selectable<PersonTable> {
  const displayName = input.displayName.trim();
  const email = input.email.trim();
  const pseudonym = optionalText(input.pseudonym) ?? null;
  return {
    id,
    display_name: displayName,
    email,
    email_normalized: email.toLowerCase(),
    pseudonym,
    pronouns: optionalText(input.pronouns) ?? null,
    locale: input.locale === 'en' ? 'en' : 'fr',
    matrix_id: optionalText(input.matrixId) ?? null,
    xmpp_jid: optionalText(input.xmppJid) ?? null,
    public_consent: input.publicConsent ? 1 : 0,
    search_key: personSearchKey(displayName, pseudonym),
    sort_key: searchKey(displayName),
    created_at: now,
    updated_at: now,
    version: 1,
    erased_at: null,
    erased_by: null,
    request_notifications: isRequestNotifications(input.requestNotifications) ? input.requestNotifications : DEFAULT_REQUEST_NOTIFICATIONS,
  };
}

/**
 * The directory's search key holds what everyone who may list people sees: the name and the
 * pseudonym. Never the email, which is hidden from most of them (search only fields the actor may
 * see); those allowed to see emails search them separately (DirectoryQuery.email).
 */
export function personSearchKey(displayName: string, pseudonym: string | null): string {
  return searchKey(displayName, pseudonym);
}
