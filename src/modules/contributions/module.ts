import { defineModule } from '../../platform/module.js';
import { contributionsRoutes } from './routes.js';
import { contributionsPages } from './pages.js';
import { activityRosterColumn, contributionsPersonSection } from './activity-view.js';
import type { ContributionsUses } from './uses.js';
import { contributionsMessages } from './messages.js';
import { contributionsPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    contributions: typeof contributionsMessages;
  }
}

/** Contributions: see docs/architecture.md for its place among the modules. */
export const contributionsModule = defineModule<ContributionsUses>({
  name: 'contributions',
  messages: [contributionsMessages],
  policies: contributionsPolicies,
  routes: contributionsRoutes,
  pages: contributionsPages,
  contributes: (services) => ({ 'people.person': contributionsPersonSection(services), 'teams.rosterColumn': activityRosterColumn(services) }),
});
