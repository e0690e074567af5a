import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { SmtpSender } from '../../integrations/smtp.js';
import { DeliveryError } from '../../integrations/rooms.js';
import type { Keyring } from '../auth/keys.js';
import { createMailRepository, UnreadableSecretLinks, type MailMessage } from './repository.js';

export interface MailDelivery {
  /** Sends one logged mail (the `mail.send` outbox event); throws when the attempt failed. */
  deliver(mailId: string, now: string): Promise<void>;
  /** The outbox gave up on the mail (dead letters): the log says so. */
  giveUp(mailId: string, error: string): Promise<void>;
}

/**
 * What the outbox dispatcher calls for a `mail.send` event. Without an SMTP server (`sender`
 * null) the log is the delivery. Delivering an event twice sends the mail once: a mail the log
 * already marks sent or logged is not sent again. (A crash between the server's answer and
 * markSent can still send it twice; the stable Message-ID lets the receiving side tell.)
 */
export function createMailDelivery(options: { db: Kysely<DB>; sender: SmtpSender | null; keys: Keyring }): MailDelivery {
  const mails = createMailRepository(options.db, options.keys);
  return {
    async deliver(mailId, now) {
      let mail: MailMessage | undefined;
      try {
        mail = await mails.forDelivery(mailId);
      } catch (e) {
        // Sealed under another secret: no retry will open it, and the mail without its link is useless.
        if (e instanceof UnreadableSecretLinks) throw new DeliveryError(e.message, { permanent: true });
        throw e;
      }
      // A mail that is gone cannot be sent: retrying would not bring it back.
      if (!mail) throw new DeliveryError(`No mail ${mailId} in the log`, { permanent: true });
      if (mail.status === 'sent' || mail.status === 'logged') return;
      if (!options.sender) {
        await mails.markLogged(mailId, now);
        return;
      }
      try {
        await options.sender.send({
          to: mail.to,
          subject: mail.subject,
          text: mail.body,
          html: mail.html,
          messageId: mail.id,
          attachments: mail.attachments,
        });
      } catch (e) {
        await mails.markAttemptFailed(mailId, e instanceof Error ? e.message : String(e));
        throw e;
      }
      await mails.markSent(mailId, now);
    },

    async giveUp(mailId, error) {
      await mails.markFailed(mailId, error);
    },
  };
}
