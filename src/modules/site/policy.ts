import { everyone, type PolicyTable } from '../../platform/http/policy.js';

export const sitePolicies = {
  'site.public': everyone,
  'site.health': everyone,
  'site.settings': (a) => a.isAdmin,
} satisfies PolicyTable;
