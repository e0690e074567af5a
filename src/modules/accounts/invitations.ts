import { AppError } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/services.js';
import type { Actor } from '../../platform/auth/actor.js';
import { digestToken, randomToken } from '../../platform/auth/secrets.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { createMailRepository } from '../../platform/mail/repository.js';
import { secretLinkSlot } from '../../platform/mail/secret-links.js';
import { keysOf } from '../../platform/auth/keys.js';
import { translator } from '../../platform/i18n/index.js';
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
          const t = translator(person.locale, config.TIMEZONE);
          await createMailRepository(trx, keysOf(config)).record({
            to: person.email,
            personId,
            kind: 'invitation',
            subject: t.t('accounts.invitation.mail.subject', { association: name }),
            body: t.t('accounts.invitation.mail.body', {
              name: person.displayName,
              inviter: actor.displayName ?? name,
              association: name,
              link: secretLinkSlot('link'),
              until: t.date(expiresAt),
            }),
            secretLinks: { link },
            now,
          });
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
