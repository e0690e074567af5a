import { authenticated, type PolicyTable } from '../../platform/http/policy.js';
import { isBureau } from '../../platform/auth/actor.js';

export const bureauPolicies = {
  'bureau.members.list': authenticated,
  // Proposing a change (or recording the elected bureau before its first session): the bureau,
  // and administrators who help it. What takes effect is decided by the service's rules.
  'bureau.members.manage': (a) => a.isAdmin || isBureau(a),
  // The second pair of eyes: only a bureau member confirms (two-person rule).
  'bureau.changes.confirm': isBureau,
} satisfies PolicyTable;
