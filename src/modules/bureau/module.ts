import { defineModule } from '../../platform/module.js';
import { bureauMessages } from './messages.js';
import { bureauPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    bureau: typeof bureauMessages;
  }
}

/** Bureau: see docs/architecture.md for its place among the modules. */
export const bureauModule = defineModule({
  name: 'bureau',
  messages: [bureauMessages],
  policies: bureauPolicies,
});
