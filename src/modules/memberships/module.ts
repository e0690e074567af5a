import { defineModule } from '../../platform/module.js';
import { membershipsMessages } from './messages.js';
import { membershipsPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    memberships: typeof membershipsMessages;
  }
}

/** Memberships: see docs/architecture.md for its place among the modules. */
export const membershipsModule = defineModule({
  name: 'memberships',
  messages: [membershipsMessages],
  policies: membershipsPolicies,
});
