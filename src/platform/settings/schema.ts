import { Type, type Static } from '@sinclair/typebox';
import type { Config } from '../config.js';

const Localised = (maxLength: number) => Type.Object({ fr: Type.String({ maxLength }), en: Type.String({ maxLength }) }, { additionalProperties: false });

/**
 * What the bureau changes without a sysadmin. Each value is checked against this schema when it
 * is saved and when it is read back (a row written by an older version keeps its defaults for
 * what it lacks). Empty texts mean "the default words of the catalogue".
 */
export const AssociationSettingsSchema = Type.Object(
  {
    /** `name` or `name:team`, comma-separated, as REQUEST_CATEGORIES (see docs/requests.md). */
    requestCategories: Type.String({ minLength: 1, maxLength: 2000 }),
    /** A line added under every mail (the association's address, a legal notice). */
    mailFooter: Type.String({ maxLength: 1000 }),
    /** The public page's "Join us" paragraph; empty: the catalogue's. */
    joinText: Localised(4000),
    /** The public page's "Members" paragraph; empty: the catalogue's. */
    membersText: Localised(4000),
    /**
     * The members' room shown on members' homes: a web link, a Matrix room (`#room:server`) or an
     * XMPP room (`room@conference.server`); empty: the rooms registered for the `members` audience.
     */
    membersRoom: Type.String({ maxLength: 300 }),
  },
  { additionalProperties: false },
);

export type AssociationSettings = Static<typeof AssociationSettingsSchema>;

/** The values before any save: the environment seeds what it already configured (REQUEST_CATEGORIES). */
export function defaultSettings(config: Pick<Config, 'REQUEST_CATEGORIES'>): AssociationSettings {
  return {
    requestCategories: config.REQUEST_CATEGORIES,
    mailFooter: '',
    joinText: { fr: '', en: '' },
    membersText: { fr: '', en: '' },
    membersRoom: '',
  };
}

/** The kind of chat a members' room address points to: what the home asks the person for. */
export function roomKind(address: string): 'matrix' | 'xmpp' | 'web' | null {
  const a = address.trim();
  if (!a) return null;
  if (/^https?:\/\//.test(a)) return /^https:\/\/matrix\.to\//.test(a) ? 'matrix' : 'web';
  if (/^[#!][^:\s]+:\S+$/.test(a)) return 'matrix';
  if (/^(xmpp:)?[^@\s/]+@[^@\s/?]+(\?join)?$/.test(a)) return 'xmpp';
  return null;
}

/** The link that opens the room in the person's chat client. */
export function roomLink(address: string): string | null {
  const a = address.trim();
  switch (roomKind(a)) {
    case 'web':
    case 'matrix':
      return /^https?:\/\//.test(a) ? a : `https://matrix.to/#/${a}`;
    case 'xmpp':
      return a.startsWith('xmpp:') ? (a.endsWith('?join') ? a : `${a}?join`) : `xmpp:${a}?join`;
    default:
      return null;
  }
}
