/**
 * What the GDPR asks of the association, as pure decisions (docs/privacy.md): how long personal text is
 * kept, who may be erased and what an erased person's record becomes. No I/O: `today` is given.
 */
import { createHash } from 'node:crypto';
import type { Refusal } from '../../platform/errors.js';
import type { ApplicationStatus } from '../../platform/schema.js';
import type { Locale } from '../../platform/i18n/catalogue.js';
import { searchKey } from '../../platform/text.js';

/** The export's format: a reader checks `format` and `version` before anything else. */
export const EXPORT_FORMAT = 'equipage-personal-data';
export const EXPORT_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Retention

/** The day `months` calendar months after `date`, on the last day of a shorter month (31 Jan + 1 = 28 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** One row whose personal content has a retention period: an application, a mail or a request to a team. */
export type RetainedRow =
  | { kind: 'application'; status: ApplicationStatus; decidedAt: string | null; withdrawnAt: string | null; purgedAt: string | null }
  | { kind: 'mail'; status: string; createdAt: string }
  | { kind: 'request'; status: string; closedAt: string | null; purged: boolean };

/** Mails in a final state; a queued mail still has to be delivered. */
export const FINAL_MAIL_STATUSES = ['sent', 'failed', 'logged'] as const;

/**
 * The instant the retention period counts from, or null while the row is kept whatever its age:
 * a rejected application from its decision, a withdrawn one from its withdrawal (accepted and
 * open applications are not purged: one made a member, the other waits for the bureau); a mail
 * from when it was written, once it is sent, logged or given up; a request from its closing (a
 * resolved one may still be reopened by the requester's answer, an open one is being handled).
 */
export function retentionStart(row: RetainedRow): string | null {
  if (row.kind === 'mail') return (FINAL_MAIL_STATUSES as readonly string[]).includes(row.status) ? row.createdAt : null;
  if (row.kind === 'request') return !row.purged && row.status === 'closed' ? row.closedAt : null;
  if (row.purgedAt !== null) return null;
  if (row.status === 'rejected') return row.decidedAt;
  if (row.status === 'withdrawn') return row.withdrawnAt;
  return null;
}

/**
 * Due when `months` full months have passed since the day the retention started (its UTC
 * calendar day): a rejection of 15 March 2025 kept 12 months is purged from 15 March 2026 on.
 * Already purged rows are never due again, so the purge is idempotent.
 */
export function isDueForPurge(row: RetainedRow, today: string, months: number): boolean {
  const start = retentionStart(row);
  return start !== null && addMonths(start.slice(0, 10), months) <= today;
}

/**
 * The last calendar day a retention may have started on to be due `today`: the same test as
 * isDueForPurge written as a bound, for the query that finds the rows. When today is the last
 * day of its month, every later day of the month `months` before is due as well (31 Jan + 1
 * month is 28 Feb).
 */
export function purgeCutoff(today: string, months: number): string {
  const back = addMonths(today, -months);
  const isMonthEnd = addMonths(today.slice(0, 8) + '01', 1) === nextDay(today);
  return isMonthEnd ? lastDayOfMonth(back) : back;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function lastDayOfMonth(date: string): string {
  return previousDay(addMonths(`${date.slice(0, 8)}01`, 1));
}

function previousDay(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The first instant after the cutoff day: rows whose retention started before it are due. */
export function purgeBefore(today: string, months: number): string {
  return `${nextDay(purgeCutoff(today, months))}T00:00:00.000Z`;
}

// ---------------------------------------------------------------------------------------------
// Erasure

export const ERASURE_REASONS = ['request', 'objection', 'consent_withdrawn', 'no_longer_needed', 'unlawful', 'legal_obligation'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

/** What erasing a person depends on, read before the erasure and again inside its transaction. */
export interface ErasureFacts {
  erasedAt: string | null;
  /** Holds a bureau office today or from a later day. */
  bureauOffice: boolean;
  isAdmin: boolean;
  administrators: number;
  /** An active or lapsing membership. */
  member: boolean;
  /** An application still waiting for the bureau. */
  openApplication: boolean;
}

/**
 * Whether a person may be erased now. Erasure comes after the person has left the association's
 * processes, whose records must name someone who can still act: the bureau (its offices sign
 * decisions), the last administrator (the instance would have nobody to run it), a membership
 * (the register and the members' room follow it; the member resigns first) and an application
 * the bureau has still to decide (withdrawn first, by the applicant or the bureau).
 */
export function erasureRefusal(f: ErasureFacts): Refusal | null {
  if (f.erasedAt !== null) return { code: 'already_erased', message: `this person was erased on ${f.erasedAt}` };
  if (f.bureauOffice) return { code: 'active_bureau_member', message: 'this person holds a bureau office: end it first' };
  if (f.isAdmin && f.administrators <= 1) return { code: 'last_administrator', message: 'this person is the only administrator: appoint another first' };
  if (f.member) return { code: 'still_member', message: 'this person is a member: their membership ends first (resignation or a bureau decision)' };
  if (f.openApplication) return { code: 'open_application', message: 'this person has an application waiting for the bureau: withdraw it first' };
  return null;
}

/** The administrator types the person's name to confirm: the same name, whatever the case and spacing. */
export function confirmationMatches(typed: string, displayName: string): boolean {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('fr');
  return norm(typed) !== '' && norm(typed) === norm(displayName);
}

/** A short code that tells erased people apart on lists and minutes, derived from the id. */
export function erasureCode(personId: string): string {
  return createHash('sha256').update(personId).digest('hex').slice(0, 6).toUpperCase();
}

const ERASED_NAME: Record<Locale, string> = { fr: 'Personne effacée', en: 'Erased person' };

/**
 * The personal fields an erased person's record keeps: a name that says so, in the association's
 * language; an address at the reserved `.invalid` domain (RFC 2606), which no mail reaches. Its
 * normalised form is written in capitals, which the normalisation of any typed address (lower
 * case) never gives: nobody can ask a password reset for it, nor link a forge account or an
 * import to it. Every optional field is emptied.
 */
export function erasedPersonFields(personId: string, associationLocale: Locale) {
  const displayName = `${ERASED_NAME[associationLocale]} ${erasureCode(personId)}`;
  const email = `erased-${personId}@invalid`;
  return {
    display_name: displayName,
    email,
    email_normalized: `ERASED-${personId}@INVALID`,
    pseudonym: null,
    pronouns: null,
    matrix_id: null,
    xmpp_jid: null,
    public_consent: 0,
    search_key: searchKey(displayName),
    sort_key: searchKey(displayName),
  };
}

// ---------------------------------------------------------------------------------------------
// Requests to the teams

const ERASED_REQUEST_TEXT: Record<Locale, { subject: string; message: string }> = {
  fr: { subject: 'Demande effacée', message: 'Message effacé' },
  en: { subject: 'Request erased', message: 'Message erased' },
};

/**
 * What a request keeps of a requester who was erased: the pseudonym and the unreachable address
 * of their record (so the team reads the same name everywhere), and a placeholder instead of
 * their subject, message and link, which keeps the thread's shape. `concerns` (whom a report is
 * about) is not the requester's data and stays for the moderation team.
 */
export function erasedRequesterFields(person: ReturnType<typeof erasedPersonFields>, associationLocale: Locale) {
  return {
    requester_email: person.email,
    requester_email_normalized: person.email_normalized,
    requester_name: person.display_name,
    subject: ERASED_REQUEST_TEXT[associationLocale].subject,
    message: ERASED_REQUEST_TEXT[associationLocale].message,
    link: null,
  };
}

/** The text of the erased requester's answers in the thread. */
export const erasedRequestMessage = (associationLocale: Locale): string => ERASED_REQUEST_TEXT[associationLocale].message;

const PURGED_REQUEST_TEXT: Record<Locale, string> = {
  fr: 'Texte supprimé (durée de conservation)',
  en: 'Text deleted (retention period)',
};

/**
 * What a closed request keeps once its retention period is over, when a contribution still points
 * at it: category, team, states and dates, who handled it, the outcome of a join request, and
 * whom a report was about (so that it stays hidden from that person). The requester is no longer
 * named nor reachable: their address becomes one at the reserved `.invalid` domain, written in
 * capitals once normalised like an erased person's (no typed address matches it), which also
 * marks the request as purged. Every text gives way to one placeholder.
 */
export function purgedRequestFields(requestId: string, associationLocale: Locale) {
  return {
    requester_email: `purged-${requestId}@invalid`,
    requester_email_normalized: `PURGED-${requestId}@INVALID`,
    requester_name: null,
    requester_person_id: null,
    join_person_id: null,
    subject: PURGED_REQUEST_TEXT[associationLocale],
    message: PURGED_REQUEST_TEXT[associationLocale],
    link: null,
    concerns: null,
    join_reason: null,
  };
}

/** The placeholder of every text of a purged request's thread. */
export const purgedRequestText = (associationLocale: Locale): string => PURGED_REQUEST_TEXT[associationLocale];

/** Whether the request was purged already: the purge writes this address and no submission can. */
export const isPurgedRequest = (requestId: string, requesterEmailNormalized: string): boolean =>
  requesterEmailNormalized === purgedRequestFields(requestId, 'fr').requester_email_normalized;
