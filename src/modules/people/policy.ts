import { isBureau, isContributor, isLead, type Actor } from '../../platform/auth/actor.js';
import type { Refusal } from '../../platform/errors.js';
import { authenticated, everyone, type PolicyTable } from '../../platform/http/policy.js';

/** The directory is for the people who run the association: the team, the bureau, administrators. */
const runsTheAssociation = (a: Actor) => a.isAdmin || isBureau(a) || isContributor(a);
const managesPeople = (a: Actor) => a.isAdmin || isBureau(a);

export const peoplePolicies = {
  'people.list': runsTheAssociation,
  'people.read': authenticated,
  'people.create': (a) => managesPeople(a) || isLead(a),
  'people.update': authenticated,
  'people.import': managesPeople,
  /** The links mailed for a change of login email: the token is the proof, whoever opens it. */
  'people.emailLink': everyone,
} satisfies PolicyTable;

export function canReadPerson(actor: Actor, personId: string): boolean {
  return actor.personId === personId || runsTheAssociation(actor);
}

/** Email and chat handles are personal data: the person, the bureau, administrators and team leads. */
export function canSeeContactDetails(actor: Actor, personId: string): boolean {
  return actor.personId === personId || managesPeople(actor) || isLead(actor);
}

export function canUpdatePerson(actor: Actor, personId: string): boolean {
  return actor.personId === personId || managesPeople(actor);
}

export function canSeeHistory(actor: Actor, personId: string): boolean {
  return actor.personId === personId || managesPeople(actor);
}

/**
 * Who may ask for a person's login email to change ("Who can change whose account" in
 * docs/security.md). Nobody changes another person's login email: the person proposes their own,
 * the bureau and administrators may propose a correction, and either takes effect only when
 * confirmed from the new address. An administrator's account is theirs alone (or the server's
 * command line's): no one else may even propose, since the account opens everything.
 */
export function loginEmailRefusal(actor: Actor, personId: string, targetIsAdmin: boolean): Refusal | null {
  if (actor.personId === personId) return null;
  if (targetIsAdmin) {
    return {
      code: 'account_owner_only',
      message: "Only an administrator changes their own login email; the server's command line is the recovery path",
      errors: [{ path: '/email', code: 'account_owner_only', message: "only this administrator (or the server's command line) changes it" }],
    };
  }
  if (managesPeople(actor)) return null;
  return { code: 'forbidden', message: "You may not change this person's login email" };
}
