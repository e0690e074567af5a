import { authenticated, everyone, type PolicyTable } from '../../platform/http/policy.js';
import { mayInvite } from './rules.js';

export const accountsPolicies = {
  'account.setup': everyone,
  'account.login': everyone,
  'account.passwordReset': everyone,
  'account.logout': authenticated,
  /** One's own password, second factor and sessions. */
  'account.security': authenticated,
  'me.read': authenticated,
  'me.update': authenticated,
  'tokens.manage': authenticated,
  /** Sending someone the link that lets them set their first password. */
  'accounts.invite': mayInvite,
} satisfies PolicyTable;
