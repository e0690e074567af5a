import { translate, type Locale } from '../i18n/index.js';
import type { MailAttachment } from '../../integrations/smtp.js';

/**
 * Links sent by mail (docs/security.md, "Links sent by mail"): a link that lets its holder act —
 * a password reset, a personal assembly link, a request's follow link, an email confirmation —
 * is given to the mail log as a *secret link*, apart from the text. The text holds only the
 * link's slot; the link travels sealed beside the mail until it is delivered, then is dropped.
 * The log, its API and its page therefore say that a link was sent, never which one.
 *
 *   body: translate(locale, 'x.body', { name, link: secretLinkSlot('link') }),
 *   secretLinks: { link: `${publicUrl}/…?token=${token}` },
 */
export function secretLinkSlot(name: string): string {
  if (!SLOT_NAME.test(name)) throw new Error(`Invalid secret link name ${name}`);
  return `[[link:${name}]]`;
}

const SLOT_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,40}$/;
const SLOT = /\[\[link:([A-Za-z][A-Za-z0-9_-]{0,40})\]\]/g;

/** What a mail carries that the log must not keep: its links, and the attachments that hold one. */
export interface SecretPayload {
  links: Record<string, string>;
  attachments: MailAttachment[];
}

/**
 * Refuses a mail whose secrets would end up in the log anyway: a link written into the text
 * instead of its slot, or a link without a slot. A programming error, caught by the tests.
 */
export function checkSecretPayload(payload: SecretPayload, stored: { subject: string; body: string; attachments: MailAttachment[] }): void {
  for (const [name, link] of Object.entries(payload.links)) {
    if (!SLOT_NAME.test(name)) throw new Error(`Invalid secret link name ${name}`);
    if (!link) throw new Error(`Secret link ${name} is empty`);
    if (!stored.body.includes(secretLinkSlot(name)) && !payload.attachments.length) throw new Error(`Secret link ${name} has no slot in the mail`);
    const texts = [stored.subject, stored.body, ...stored.attachments.map((a) => a.content)];
    if (texts.some((text) => text.includes(link))) throw new Error(`Secret link ${name} is written in the mail's text`);
  }
}

/** The text as the recipient reads it: each slot filled with its link. */
export function fillSecretLinks(text: string, links: Record<string, string>, as: (link: string) => string = (link) => link): string {
  return text.replace(SLOT, (slot, name: string) => (Object.hasOwn(links, name) ? as(links[name]!) : slot));
}

/** The text as the log shows it: each slot says that a link was sent. */
export function withholdSecretLinks(text: string, locale: Locale | null): string {
  const notice = translate(locale ?? 'fr', 'mail.secretLinkWithheld');
  return text.replace(SLOT, notice);
}
