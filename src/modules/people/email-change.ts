import type { Kysely, Transaction } from 'kysely';
import { publicBaseUrl } from '../../platform/config.js';
import { AppError } from '../../platform/errors.js';
import { silentBus } from '../../platform/events.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/schema.js';
import { digestToken, randomToken } from '../../platform/auth/secrets.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { associationName, createMailRepository } from '../../platform/mail/repository.js';
import { secretLinkSlot } from '../../platform/mail/secret-links.js';
import { keysOf } from '../../platform/auth/keys.js';
import { translate } from '../../platform/i18n/index.js';
import { newId } from '../../platform/ids.js';
import { normaliseEmail, searchKey } from '../../platform/text.js';
import type { PeopleQuestions } from './ports.js';
import { createPeopleRepository, type Person } from './repository.js';
import { createEmailRepository, type PendingEmailChange, type VerifiedBy } from './email-repository.js';
import { personSearchKey } from './rules.js';
import { canUpdatePerson, loginEmailRefusal } from './policy.js';

declare module '../../platform/events.js' {
  interface DomainEvents {
    /** A person's login address changed (confirmed, or set by the operator): their sign-in follows it. */
    'person.loginEmailChanged': { personId: string; emailNormalized: string };
  }
}

/** How long a confirmation link works; a newer proposal replaces the older one at once. */
export const EMAIL_CHANGE_VALID_HOURS = 48;
/** Proposals per person per hour: each one mails an address someone typed. */
export const EMAIL_CHANGES_PER_HOUR = 5;

/** What the person's record says about their login address, beside the address itself. */
export interface EmailStatus {
  /** Whether the current address was verified (confirmed through a mailed link, or held before verification was recorded). */
  emailVerified: boolean;
  pendingEmail: string | null;
  pendingEmailExpiresAt: string | null;
}

export const emailTaken = (email: string) =>
  new AppError('email_taken', `${email} is already used`, [{ path: '/email', code: 'email_taken', message: 'already used by another person' }]);

const invalidLink = () => new AppError('invalid_email_token', 'This link is invalid, was already used, has expired or was replaced by a newer change');

/**
 * Sets the login address: record, verified interval, audit; the accounts module follows
 * (`person.loginEmailChanged`: the password login's name, unused reset links).
 */
export async function applyLoginAddress(
  ctx: Pick<ServiceContext, 'database' | 'events'>,
  trx: Transaction<DB>,
  person: Person,
  email: string,
  by: VerifiedBy,
  actorId: string | null,
  now: string,
  extra = {},
): Promise<void> {
  const normalized = normaliseEmail(email);
  const people = createPeopleRepository(trx);
  const other = await people.findByEmail(normalized);
  if (other && other.id !== person.id) throw emailTaken(email);
  const changes = {
    email,
    email_normalized: normalized,
    search_key: personSearchKey(person.displayName, person.pseudonym),
    sort_key: searchKey(person.displayName),
    updated_at: now,
  };
  if (!(await people.update(person.id, person.version, changes))) {
    throw new AppError('version_conflict', 'This person was changed by someone else meanwhile; try again');
  }
  await (ctx.events ?? silentBus).publish('person.loginEmailChanged', { personId: person.id, emailNormalized: normalized }, { trx, now });
  await createEmailRepository(trx).holdVerified(person.id, normalized, by, now);
  await createAuditRepository(trx, ctx.database.dialect).append({
    actorId,
    action: 'person.email_changed',
    subjectType: 'person',
    subjectId: person.id,
    before: { email: person.email },
    after: { email, verifiedBy: by, ...extra },
    at: now,
  });
}

/**
 * Changing a login email ("Changing a login email" in docs/security.md): a proposal mails a
 * confirmation link to the new address and tells the old one, with a link to cancel; only the
 * confirmation changes the record. The addresses a person verified are kept with their interval
 * (person_emails), which is how the export and erasure decide what was theirs.
 */
export function createEmailChanges(ctx: ServiceContext, questions: Pick<PeopleQuestions, 'isAdministrator'>) {
  const { database, clock, config } = ctx;
  const hours = EMAIL_CHANGE_VALID_HOURS;

  return {
    /**
     * Proposes `newEmail` as the person's login address, inside the caller's transaction (the
     * person's edit). Nothing on the record changes: the new address gets a confirmation link,
     * the current one a notice with a link to cancel. A newer proposal replaces a pending one.
     */
    async propose(trx: Kysely<DB>, actor: Actor, person: Person, newEmail: string, now: string): Promise<void> {
      const email = newEmail.trim();
      const normalized = normaliseEmail(email);
      const refusal = loginEmailRefusal(actor, person.id, await questions.isAdministrator(trx, person.id));
      if (refusal) throw AppError.from(refusal);
      const other = await createPeopleRepository(trx).findByEmail(normalized);
      if (other && other.id !== person.id) throw emailTaken(email);
      const repo = createEmailRepository(trx);
      const hourAgo = new Date(Date.parse(now) - 3_600_000).toISOString();
      if ((await repo.proposedSince(person.id, hourAgo)) >= EMAIL_CHANGES_PER_HOUR) {
        throw new AppError('too_many_requests', 'Too many changes of address proposed for this person; try again in an hour', [], { 'retry-after': '3600' });
      }
      await repo.endAllOf(person.id, 'replaced', now);
      const confirm = randomToken();
      const cancel = randomToken();
      const expiresAt = new Date(Date.parse(now) + hours * 3_600_000).toISOString();
      const id = newId();
      await repo.insert({
        id,
        person_id: person.id,
        old_email: person.email,
        new_email: email,
        new_email_normalized: normalized,
        proposed_by: actor.personId,
        confirm_hash: digestToken(confirm),
        cancel_hash: digestToken(cancel),
        created_at: now,
        expires_at: expiresAt,
      });
      const locale = person.locale;
      const association = await associationName(trx);
      const self = actor.personId === person.id;
      const who = self
        ? translate(locale, 'people.email.mail.whoSelf')
        : translate(locale, 'people.email.mail.whoStaff', { by: actor.displayName ?? association });
      const base = publicBaseUrl(config);
      const mail = createMailRepository(trx, keysOf(config));
      // The confirmation goes to an address that is not the person's yet: the log does not file it
      // under them, so that nothing of it (the link above all) reaches their export.
      await mail.record({
        to: email,
        personId: null,
        locale,
        kind: 'email_change_confirm',
        subject: translate(locale, 'people.email.mail.confirm.subject'),
        body: translate(locale, 'people.email.mail.confirm.body', {
          name: person.displayName,
          who,
          association,
          hours,
          link: secretLinkSlot('link'),
        }),
        secretLinks: { link: `${base}/email/confirm?token=${encodeURIComponent(confirm)}` },
        now,
      });
      await mail.record({
        to: person.email,
        personId: person.id,
        locale,
        kind: 'email_change_notice',
        subject: translate(locale, 'people.email.mail.notice.subject'),
        body: translate(locale, 'people.email.mail.notice.body', {
          name: person.displayName,
          who,
          association,
          email,
          hours,
          link: secretLinkSlot('link'),
        }),
        secretLinks: { link: `${base}/email/cancel?token=${encodeURIComponent(cancel)}` },
        now,
      });
      await createAuditRepository(trx, database.dialect).append({
        actorId: actor.personId,
        action: 'person.email_change_proposed',
        subjectType: 'person',
        subjectId: person.id,
        after: { changeId: id, pendingEmail: email, expiresAt },
        at: now,
      });
    },

    /** What a mailed link is about, for the page that asks to confirm or cancel; null when it no longer works. */
    async linkFor(kind: 'confirm' | 'cancel', token: string): Promise<(PendingEmailChange & { displayName: string }) | null> {
      if (!token) return null;
      const change = await createEmailRepository(database.db).liveByHash(kind, digestToken(token), clock.now());
      if (!change) return null;
      const person = await createPeopleRepository(database.db).findById(change.personId);
      return person ? { ...change, displayName: person.displayName } : null;
    },

    /**
     * The link mailed to the new address: the address becomes the login. Other sessions stay open
     * (as with Keycloak's and Authentik's verified email update): the credentials did not change,
     * and a change made from a stolen session would otherwise sign the real owner out.
     */
    async confirm(token: string): Promise<{ personId: string; email: string }> {
      const now = clock.now();
      const change = token ? await createEmailRepository(database.db).liveByHash('confirm', digestToken(token), now) : undefined;
      if (!change) throw invalidLink();
      return database.transaction(async (trx) => {
        const person = await createPeopleRepository(trx).findById(change.personId);
        if (!person || !(await createEmailRepository(trx).end(change.id, 'confirmed', now))) throw invalidLink();
        await applyLoginAddress(ctx, trx, person, change.newEmail, 'confirmed', change.personId, now, { changeId: change.id, proposedBy: change.proposedBy });
        const association = await associationName(trx);
        await createMailRepository(trx).record({
          to: change.oldEmail,
          personId: person.id,
          locale: person.locale,
          kind: 'email_changed',
          subject: translate(person.locale, 'people.email.mail.changed.subject'),
          body: translate(person.locale, 'people.email.mail.changed.body', { name: person.displayName, association, email: change.newEmail }),
          now,
        });
        return { personId: person.id, email: change.newEmail };
      });
    },

    /** The link mailed to the old address: the pending change ends, the address stays. */
    async cancelByLink(token: string): Promise<{ personId: string; email: string }> {
      const now = clock.now();
      const change = token ? await createEmailRepository(database.db).liveByHash('cancel', digestToken(token), now) : undefined;
      if (!change) throw invalidLink();
      await database.transaction(async (trx) => {
        if (!(await createEmailRepository(trx).end(change.id, 'cancelled', now))) throw invalidLink();
        await createAuditRepository(trx, database.dialect).append({
          actorId: null,
          action: 'person.email_change_cancelled',
          subjectType: 'person',
          subjectId: change.personId,
          after: { changeId: change.id, by: 'link' },
          at: now,
        });
      });
      return { personId: change.personId, email: change.oldEmail };
    },

    /** From the profile or the person's page: the person, or the staff who may propose for them, withdraws the change. */
    async cancelFor(actor: Actor, person: Person): Promise<void> {
      const now = clock.now();
      await database.transaction(async (trx) => {
        const refusal = canUpdatePerson(actor, person.id)
          ? loginEmailRefusal(actor, person.id, await questions.isAdministrator(trx, person.id))
          : { code: 'forbidden' as const, message: 'You may not edit this person' };
        if (refusal) throw AppError.from(refusal);
        const repo = createEmailRepository(trx);
        const pending = await repo.pendingOf(person.id);
        if (!pending || pending.expiresAt <= now || !(await repo.end(pending.id, 'cancelled', now))) {
          throw new AppError('no_pending_email_change', 'No change of address is waiting for confirmation');
        }
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'person.email_change_cancelled',
          subjectType: 'person',
          subjectId: person.id,
          after: { changeId: pending.id, by: actor.personId === person.id ? 'person' : 'staff' },
          at: now,
        });
      });
    },

    async statusOf(person: Pick<Person, 'id' | 'email'>): Promise<EmailStatus> {
      const repo = createEmailRepository(database.db);
      const [verified, pending] = await Promise.all([repo.isVerifiedNow(person.id, normaliseEmail(person.email)), repo.pendingOf(person.id)]);
      const live = pending && pending.expiresAt > clock.now() ? pending : null;
      return { emailVerified: verified, pendingEmail: live?.newEmail ?? null, pendingEmailExpiresAt: live?.expiresAt ?? null };
    },

    /** The address a person proves to hold (a used reset link, setup, the command line) counts as verified from now. */
    async holdVerified(trx: Kysely<DB>, personId: string, email: string, by: VerifiedBy, now: string): Promise<void> {
      await createEmailRepository(trx).holdVerified(personId, normaliseEmail(email), by, now);
    },
  };
}

export type EmailChanges = ReturnType<typeof createEmailChanges>;
