import { defineModule } from '../../platform/module.js';
import { privacyMessages } from './messages.js';
import { privacyPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    privacy: typeof privacyMessages;
  }
}

/** Privacy: see docs/architecture.md for its place among the modules. */
export const privacyModule = defineModule({
  name: 'privacy',
  messages: [privacyMessages],
  policies: privacyPolicies,
});
