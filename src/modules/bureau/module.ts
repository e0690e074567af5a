import { defineModule } from '../../platform/module.js';
import { bureauRoutes } from './routes.js';
import { bureauPages } from './pages.js';
import type { BureauUses } from './uses.js';
import { bureauMessages } from './messages.js';
import { bureauPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    bureau: typeof bureauMessages;
  }
}

/** Bureau: see docs/architecture.md for its place among the modules. */
export const bureauModule = defineModule<BureauUses>({
  name: 'bureau',
  messages: [bureauMessages],
  policies: bureauPolicies,
  routes: bureauRoutes,
  pages: bureauPages,
});
