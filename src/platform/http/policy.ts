import type { Actor } from '../auth/actor.js';

/** A route-level policy: may this actor attempt this action at all? Subject checks come in services. */
export type Policy = (actor: Actor) => boolean;
export type PolicyTable = Record<string, Policy>;

/** Anyone, logged in or not. Named so that "public" is a decision someone wrote down. */
export const everyone: Policy = () => true;
export const authenticated: Policy = (actor) => actor.personId !== null;

/**
 * Merges the modules' policy tables. Deny by default: an action that no table names is
 * refused, and a route that names no policy (or an unknown one) stops the app from starting.
 */
export function createPolicyRegistry(tables: PolicyTable[]) {
  const policies: PolicyTable = {};
  for (const table of tables) {
    for (const [action, policy] of Object.entries(table)) {
      if (action in policies) throw new Error(`Policy ${action} is declared twice`);
      policies[action] = policy;
    }
  }
  return {
    has: (action: string) => Object.hasOwn(policies, action),
    allows: (actor: Actor, action: string) => Object.hasOwn(policies, action) && policies[action](actor),
    /** The actions this actor may attempt, for `GET /api/v1/me` and for honest buttons. */
    allowedActions: (actor: Actor) =>
      Object.keys(policies)
        .filter((a) => policies[a](actor))
        .sort(),
    actions: () => Object.keys(policies).sort(),
  };
}

export type PolicyRegistry = ReturnType<typeof createPolicyRegistry>;
