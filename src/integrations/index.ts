import type { Config } from '../platform/config.js';
import type { RoomProviders } from './rooms.js';
import { createMatrixProvider } from './matrix.js';
import { createXmppProvider } from './xmpp.js';
import { createWebhookProvider } from './webhook.js';
import { createSmtpSender, type SmtpSender } from './smtp.js';

/** Every room provider, with the credentials the configuration gives (none: `configured` false). */
export function createRoomProviders(config: Config, log?: (message: string, error?: unknown) => void): RoomProviders {
  return {
    matrix: createMatrixProvider({ homeserverUrl: config.MATRIX_HOMESERVER_URL, accessToken: config.MATRIX_ACCESS_TOKEN }),
    xmpp: createXmppProvider({ service: config.XMPP_SERVICE, domain: config.XMPP_DOMAIN, jid: config.XMPP_JID, password: config.XMPP_PASSWORD, log }),
    webhook: createWebhookProvider({ secret: config.WEBHOOK_SECRET }),
  };
}

/** The SMTP sender of SMTP_URL, or null: the mail log is then the delivery. */
export function createMailSender(config: Config): SmtpSender | null {
  if (!config.SMTP_URL) return null;
  const host = config.PUBLIC_URL ? new URL(config.PUBLIC_URL).hostname : undefined;
  return createSmtpSender({ url: config.SMTP_URL, from: config.MAIL_FROM, messageIdDomain: host });
}
