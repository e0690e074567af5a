import type { Actor } from '../../platform/auth/actor.js';
import { authenticated, everyone, type PolicyTable } from '../../platform/http/policy.js';

export const forgesPolicies = {
  /** Anyone may knock: the hook itself proves it comes from the forge (signature or token). */
  'forge.hook': everyone,
  /** One's own forge accounts; the subject check is canManageForgeAccounts. */
  'forge.accounts.manage': authenticated,
  'forge.unknown.read': (a) => a.isAdmin,
  'forge.unknown.link': (a) => a.isAdmin,
} satisfies PolicyTable;

/** Forge accounts are linked by the person themself or an administrator. */
export function canManageForgeAccounts(actor: Actor, personId: string): boolean {
  return actor.personId === personId || actor.isAdmin;
}
