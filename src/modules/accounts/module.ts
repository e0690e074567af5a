import { defineModule } from '../../platform/module.js';
import { accountsRoutes } from './routes.js';
import { accountsPages, accountsProfileSection } from './pages.js';
import { accountsPersonSection, invitationOnAdding, invitationPages } from './invitation-pages.js';
import { accountsSubscriptions } from './service.js';
import type { AccountsUses } from './uses.js';
import { accountsMessages } from './messages.js';
import { accountsPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    accounts: typeof accountsMessages;
  }
}

/** Accounts: see docs/architecture.md for its place among the modules. */
export const accountsModule = defineModule<AccountsUses>({
  name: 'accounts',
  messages: [accountsMessages],
  policies: accountsPolicies,
  routes: (app, services, wiring) => accountsRoutes(app, services, wiring.policies, wiring.publicUrl),
  pages: (app, deps) => {
    accountsPages(app, deps);
    invitationPages(app, deps);
  },
  contributes: (services) => ({
    'people.person': accountsPersonSection(services),
    'people.profile': accountsProfileSection(services),
    'people.newPersonOption': invitationOnAdding(services),
  }),
  subscriptions: accountsSubscriptions,
});
