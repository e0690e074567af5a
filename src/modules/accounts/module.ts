import { defineModule } from '../../platform/module.js';
import { accountsMessages } from './messages.js';
import { accountsPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    accounts: typeof accountsMessages;
  }
}

/** Accounts: see docs/architecture.md for its place among the modules. */
export const accountsModule = defineModule({
  name: 'accounts',
  messages: [accountsMessages],
  policies: accountsPolicies,
});
