import { authenticated, type PolicyTable } from '../../platform/http/policy.js';
import { isBureau } from '../../platform/auth/actor.js';

export const bureauPolicies = {
  'bureau.members.list': authenticated,
  'bureau.members.manage': (a) => a.isAdmin || isBureau(a),
} satisfies PolicyTable;
