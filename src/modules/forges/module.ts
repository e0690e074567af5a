import { defineModule } from '../../platform/module.js';
import { forgesMessages } from './messages.js';
import { forgesPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    forges: typeof forgesMessages;
  }
}

/** Forges: see docs/architecture.md for its place among the modules. */
export const forgesModule = defineModule({
  name: 'forges',
  messages: [forgesMessages],
  policies: forgesPolicies,
});
