import { everyone, type PolicyTable } from '../../platform/http/policy.js';
import { isBureau, isSystem, type Actor } from '../../platform/auth/actor.js';

/**
 * Preparing sessions (dates, recurrence, agenda): the bureau. Agendas name the applicants and
 * carry their applications, which are private to the applicant and the bureau (docs/privacy.md), so an
 * administrator without an office does not see them; the closed sessions' minutes stay readable.
 */
export const canPlanSessions = (actor: Actor): boolean => isBureau(actor) || isSystem(actor);

/**
 * Holding a session and deciding: the bureau alone
 * ("An application is decided only by the bureau, in a session that reached quorum"). An administrator who is not on the
 * bureau sees the sessions but takes no part in them.
 */
export const canConductSessions = (actor: Actor): boolean => isBureau(actor);

/** Minutes are read by the bureau and by members ("Membership grants governance, never service or admin rights": membership opens the minutes). */
export const canReadMinutes = (actor: Actor): boolean => isBureau(actor) || actor.isAdmin || actor.isMember;

export const sessionsPolicies = {
  'bureau.sessions.read': canPlanSessions,
  'bureau.sessions.plan': canPlanSessions,
  'bureau.sessions.conduct': canConductSessions,
  'bureau.minutes.read': canReadMinutes,
  // The calendar feed is read by calendar programs, which send no cookie: the key in its address
  // is the credential, checked by the service.
  'bureau.calendar': everyone,
} satisfies PolicyTable;
