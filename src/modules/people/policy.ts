import { isBureau, isContributor, isLead, type Actor } from '../../platform/auth/actor.js';
import { authenticated, type PolicyTable } from '../../platform/http/policy.js';

/** The directory is for the people who run the association: the team, the bureau, administrators. */
const runsTheAssociation = (a: Actor) => a.isAdmin || isBureau(a) || isContributor(a);
const managesPeople = (a: Actor) => a.isAdmin || isBureau(a);

export const peoplePolicies = {
  'people.list': runsTheAssociation,
  'people.read': authenticated,
  'people.create': (a) => managesPeople(a) || isLead(a),
  'people.update': authenticated,
  'people.import': managesPeople,
} satisfies PolicyTable;

export function canReadPerson(actor: Actor, personId: string): boolean {
  return actor.personId === personId || runsTheAssociation(actor);
}

/** Email and chat handles are personal data: the person, the bureau, administrators and team leads. */
export function canSeeContactDetails(actor: Actor, personId: string): boolean {
  return actor.personId === personId || seesEveryonesContactDetails(actor);
}

/** Whoever sees every person's contact details: they alone may search people by email. */
export function seesEveryonesContactDetails(actor: Actor): boolean {
  return managesPeople(actor) || isLead(actor);
}

export function canUpdatePerson(actor: Actor, personId: string): boolean {
  return actor.personId === personId || managesPeople(actor);
}

export function canSeeHistory(actor: Actor, personId: string): boolean {
  return actor.personId === personId || managesPeople(actor);
}
