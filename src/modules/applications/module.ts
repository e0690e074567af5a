import { defineModule } from '../../platform/module.js';
import { applicationsRoutes } from './routes.js';
import { applicationsPages } from './pages.js';
import type { ApplicationsUses } from './uses.js';
import { applicationsMessages } from './messages.js';
import { applicationsPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    applications: typeof applicationsMessages;
  }
}

/** Applications: see docs/architecture.md for its place among the modules. */
export const applicationsModule = defineModule<ApplicationsUses>({
  name: 'applications',
  messages: [applicationsMessages],
  policies: applicationsPolicies,
  routes: applicationsRoutes,
  pages: applicationsPages,
});
