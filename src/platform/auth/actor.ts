import type { Locale } from '../i18n/catalogue.js';

export type Office = 'president' | 'secretary' | 'treasurer' | 'member';

/**
 * Who is making a request, with every role that policies may look at. Roles are recomputed from
 * the database on each request, so ending a team role or an office takes effect at once.
 */
export interface Actor {
  personId: string | null;
  displayName: string | null;
  locale: Locale | null;
  isAdmin: boolean;
  /** The bureau office held today, if any. */
  office: Office | null;
  /** Ids of the teams this person is currently on (as member or lead). */
  teamIds: string[];
  /** Ids of the teams this person currently leads. */
  leadOf: string[];
  /** Holds an active or lapsing membership: governance only, never admin rights ("Membership grants governance, never service or admin rights"). */
  isMember: boolean;
  via: 'session' | 'token' | null;
  sessionId: string | null;
  /**
   * TOTP_REQUIRED_FOR names one of this person's roles and they have no second factor yet: until
   * they enrol, pages lead to the enrolment page and the API answers 403 second_factor_required.
   */
  secondFactorMissing?: boolean;
}

export const anonymous: Actor = Object.freeze({
  personId: null,
  displayName: null,
  locale: null,
  isAdmin: false,
  office: null,
  teamIds: [],
  leadOf: [],
  isMember: false,
  via: null,
  sessionId: null,
}) as Actor;

export function isAuthenticated(actor: Actor): actor is Actor & { personId: string } {
  return actor.personId !== null;
}

/**
 * The software itself: the command line and scheduled work act as an administrator who is no
 * person. No request is ever this actor (every administrator who signs in is a person), and
 * whoever runs the command line holds the database anyway.
 */
export function isSystem(actor: Actor): boolean {
  return actor.isAdmin && actor.personId === null;
}

export function isBureau(actor: Actor): boolean {
  return actor.office !== null;
}

/** A contributor, for access, is someone on a team roster (who is active is the activity policy's to say). */
export function isContributor(actor: Actor): boolean {
  return actor.teamIds.length > 0;
}

export function isLead(actor: Actor): boolean {
  return actor.leadOf.length > 0;
}
