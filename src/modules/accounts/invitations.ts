import { AppError } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { digestToken, randomToken } from '../../platform/auth/secrets.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { createMailRepository } from '../../platform/mail/repository.js';
import { secretLinkSlot } from '../../platform/mail/secret-links.js';
import { keysOf } from '../../platform/auth/keys.js';
import { isLocale, translator } from '../../platform/i18n/index.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';
import { associationName } from '../../platform/settings/identity.js';
import { newId } from '../../platform/ids.js';
import { createPeopleRepository } from '../people/repository.js';
import { createAccountsRepository } from './repository.js';
import { INVITATION_VALID_DAYS, mayInvite, mayReceiveInvitationLink } from './rules.js';

/** What a person page says of someone's way in (absent for those who may not invite). */
export interface InvitationState {
  /** They have set a password: an invitation has nothing left to do. */
  hasAccount: boolean;
  /** The newest invitation sent, used or not. */
  last: { sentAt: string; expiresAt: string; usedAt: string | null; /** Not used, not expired: the link still works. */ live: boolean } | null;
}

/** What inviting many people at once did: invitations mailed, and who was passed over and why. */
export interface InvitationsReport {
  sent: number;
  /** They have a password already: they use "forgot password". */
  alreadySignedUp: number;
  /** Nowhere to mail the link. */
  withoutEmail: number;
}

/** How many people one batch of inviteMany reads, invites and mails before the next. */
const INVITATION_BATCH = 200;

export interface SentInvitation {
  personId: string;
  sentAt: string;
  expiresAt: string;
  /** Mailed to the person (an SMTP server is configured); otherwise the link is handed back once. */
  mailed: boolean;
  /** Only without an SMTP server, for an administrator to pass on by hand: shown once, kept nowhere. */
  link?: string;
}

/**
 * Invitations: a one-time link, mailed to the person, to set their first password and land signed
 * in on their home. It is a password link with the purpose `invitation` (the reset page sets the
 * password; the invitation page only welcomes). A new invitation voids the person's earlier
 * unused ones; nobody who already has a password is invited (they use "forgot password").
 */
export function createInvitations(ctx: ServiceContext) {
  const { database, clock, config } = ctx;

  /** The invitation mail, in the person's language, its link kept out of the log (a secret link). */
  function invitationMail(m: {
    person: { id: string; email: string; displayName: string; locale: string };
    inviter: string;
    association: string;
    expiresAt: string;
    link: string;
    now: string;
  }) {
    const locale = isLocale(m.person.locale) ? m.person.locale : 'fr';
    const t = translator(locale, config.TIMEZONE);
    return {
      to: m.person.email,
      personId: m.person.id,
      kind: 'invitation',
      subject: t.t('accounts.invitation.mail.subject', { association: m.association }),
      body: t.t('accounts.invitation.mail.body', {
        name: m.person.displayName,
        inviter: m.inviter,
        association: m.association,
        link: secretLinkSlot('link'),
        until: t.date(m.expiresAt),
      }),
      locale,
      secretLinks: { link: m.link },
      now: m.now,
    };
  }
  const smtpConfigured = Boolean(config.SMTP_URL);

  return {
    /** Invitations are mailed (an SMTP server is configured), or shown once to an administrator. */
    mailConfigured: smtpConfigured,

    async state(actor: Actor, personId: string): Promise<InvitationState | null> {
      if (!mayInvite(actor)) return null;
      const access = await createAccountsRepository(database.db).accessOf(personId);
      if (!access) return null;
      const last = access.last;
      return {
        hasAccount: access.hasPassword,
        last: last ? { ...last, live: !last.usedAt && last.expiresAt > clock.now() } : null,
      };
    },

    /**
     * Invites many people at once (an import's newcomers), in the caller's transaction, so that
     * the people and their invitations commit together. Mailed only: without an SMTP server the
     * links would be a list of secrets to hand out by hand, so it is refused (mail_not_configured)
     * before anything is written. Batch by batch: the people read, the invitations written and the
     * mails rendered and recorded a few hundred at a time, each in its reader's language; those
     * with a password or without an email address are passed over and counted.
     */
    async inviteMany(db: Kysely<DB>, actor: Actor, personIds: string[], baseUrl: string): Promise<InvitationsReport> {
      if (!mayInvite(actor)) throw new AppError('forbidden', 'Only administrators, the bureau and team leads invite people');
      if (!smtpConfigured) throw new AppError('mail_not_configured', 'No SMTP server is configured: invitations for many people are mailed, never handed out');
      const report: InvitationsReport = { sent: 0, alreadySignedUp: 0, withoutEmail: 0 };
      if (personIds.length === 0) return report;
      const now = clock.now();
      const expiresAt = new Date(Date.parse(now) + INVITATION_VALID_DAYS * 86_400_000).toISOString();
      const name = await associationName(db);
      const repo = createAccountsRepository(db);
      const mails = createMailRepository(db, keysOf(config));
      for (let k = 0; k < personIds.length; k += INVITATION_BATCH) {
        const batch = await repo.invitees(personIds.slice(k, k + INVITATION_BATCH));
        const invited = batch.filter((p) => {
          if (p.hasPassword) report.alreadySignedUp++;
          else if (!p.email.trim()) report.withoutEmail++;
          else return true;
          return false;
        });
        if (invited.length === 0) continue;
        const tokens = invited.map((p) => ({ person: p, token: randomToken(), id: newId() }));
        await repo.replaceInvitations(
          tokens.map(({ person, token, id }) => ({ id, personId: person.id, hash: digestToken(token), expiresAt, createdBy: actor.personId })),
          now,
        );
        await mails.recordMany(
          tokens.map(({ person, token }) =>
            invitationMail({
              person,
              inviter: actor.displayName ?? name,
              association: name,
              expiresAt,
              link: `${baseUrl}/invitation?token=${encodeURIComponent(token)}`,
              now,
            }),
          ),
        );
        await createAuditRepository(db, database.dialect).appendMany(
          invited.map((p) => ({
            actorId: actor.personId,
            action: 'person.invited',
            subjectType: 'person',
            subjectId: p.id,
            after: { mailed: true, expiresAt },
            at: now,
          })),
        );
        report.sent += invited.length;
      }
      return report;
    },

    async invite(actor: Actor, personId: string, baseUrl: string): Promise<SentInvitation> {
      if (!mayInvite(actor)) throw new AppError('forbidden', 'Only administrators, the bureau and team leads invite people');
      if (!smtpConfigured && !mayReceiveInvitationLink(actor)) {
        throw new AppError('mail_not_configured', 'No SMTP server is configured: only an administrator can invite, and passes the link on by hand');
      }
      const person = await createPeopleRepository(database.db).findById(personId);
      if (!person || (await createAccountsRepository(database.db).isErased(personId))) throw new AppError('not_found', `No person ${personId}`);
      const now = clock.now();
      const token = randomToken();
      const link = `${baseUrl}/invitation?token=${encodeURIComponent(token)}`;
      const expiresAt = new Date(Date.parse(now) + INVITATION_VALID_DAYS * 86_400_000).toISOString();
      await database.transaction(async (trx) => {
        const repo = createAccountsRepository(trx);
        if (await repo.passwordIdentityOf(personId)) {
          throw new AppError('already_signed_up', 'This person already has a password: they can use “forgot password”');
        }
        await repo.expireUnusedInvitations(personId, now);
        await repo.createReset({ id: newId(), personId, hash: digestToken(token), now, expiresAt, purpose: 'invitation', createdBy: actor.personId });
        if (smtpConfigured) {
          const name = await associationName(trx);
          await createMailRepository(trx, keysOf(config)).record(
            invitationMail({ person: { ...person, id: personId }, inviter: actor.displayName ?? name, association: name, expiresAt, link, now }),
          );
        }
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'person.invited',
          subjectType: 'person',
          subjectId: personId,
          after: { mailed: smtpConfigured, expiresAt },
          at: now,
        });
      });
      return { personId, sentAt: now, expiresAt, mailed: smtpConfigured, ...(smtpConfigured ? {} : { link }) };
    },
  };
}

export type InvitationsService = ReturnType<typeof createInvitations>;
