import { everyone, type PolicyTable } from '../../platform/http/policy.js';
import { isBureau } from '../../platform/auth/actor.js';

export const sitePolicies = {
  'site.public': everyone,
  'site.health': everyone,
  // What a bureau changes without a sysadmin (the association's name, texts and settings): the
  // bureau and the administrators; the server's own settings are only shown, redacted.
  'site.settings': (a) => a.isAdmin || isBureau(a),
} satisfies PolicyTable;
