import { defineModule } from '../../platform/module.js';
import { teamsRoutes } from './routes.js';
import { teamsPages } from './pages.js';
import { teamChoices, teamsPersonSection } from './people-pages.js';
import { teamsSubscriptions } from './service.js';
import type { TeamsUses } from './uses.js';
import { teamsMessages } from './messages.js';
import { teamsPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    teams: typeof teamsMessages;
  }
}

/** Teams: see docs/architecture.md for its place among the modules. */
export const teamsModule = defineModule<TeamsUses>({
  name: 'teams',
  messages: [teamsMessages],
  policies: teamsPolicies,
  routes: teamsRoutes,
  pages: teamsPages,
  contributes: (services) => ({ 'people.person': teamsPersonSection(services), 'people.teamChoices': teamChoices(services) }),
  subscriptions: teamsSubscriptions,
});
