import { defineModule } from '../../platform/module.js';
import { teamsMessages } from './messages.js';
import { teamsPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    teams: typeof teamsMessages;
  }
}

/** Teams: see docs/architecture.md for its place among the modules. */
export const teamsModule = defineModule({
  name: 'teams',
  messages: [teamsMessages],
  policies: teamsPolicies,
});
