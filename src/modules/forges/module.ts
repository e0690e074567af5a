import { defineModule } from '../../platform/module.js';
import { forgesRoutes } from './routes.js';
import { forgesPages, forgesProfileSection } from './pages.js';
import type { ForgesUses } from './uses.js';
import { forgesMessages } from './messages.js';
import { forgesPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    forges: typeof forgesMessages;
  }
}

/** Forges: see docs/architecture.md for its place among the modules. */
export const forgesModule = defineModule<ForgesUses>({
  name: 'forges',
  messages: [forgesMessages],
  policies: forgesPolicies,
  routes: forgesRoutes,
  pages: forgesPages,
  contributes: (services) => ({ 'people.profile': forgesProfileSection(services) }),
});
