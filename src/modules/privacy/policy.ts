import { authenticated, everyone, type PolicyTable } from '../../platform/http/policy.js';

/**
 * Privacy (docs/privacy.md). The privacy notice is public; everyone signed in downloads their own data
 * (never another's: the route has no id); erasing a person is an administrator's act, done on
 * the person's request, with a second confirmation.
 */
export const privacyPolicies = {
  'privacy.notice': everyone,
  'privacy.export': authenticated,
  'privacy.erase': (actor) => actor.isAdmin,
} satisfies PolicyTable;
