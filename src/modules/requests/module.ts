import { defineModule } from '../../platform/module.js';
import { requestsRoutes } from './routes.js';
import { requestsPages } from './pages.js';
import type { RequestsUses } from './uses.js';
import { requestsMessages } from './messages.js';
import { requestsConfirmMessages } from './confirm-messages.js';
import { requestsPolicies } from './policy.js';
import { parseRequestCategories } from './rules.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    requests: typeof requestsMessages;
    requestsConfirm: typeof requestsConfirmMessages;
  }
}

/** Requests: see docs/architecture.md for its place among the modules. */
export const requestsModule = defineModule<RequestsUses>({
  name: 'requests',
  messages: [requestsMessages, requestsConfirmMessages],
  policies: requestsPolicies,
  settingChecks: [
    (config) => {
      const categories = parseRequestCategories(config.REQUEST_CATEGORIES);
      return typeof categories === 'string' ? [`REQUEST_CATEGORIES: ${categories} (got ${JSON.stringify(config.REQUEST_CATEGORIES)})`] : [];
    },
  ],
  routes: requestsRoutes,
  pages: requestsPages,
  jobs: [
    { name: 'requests.close-resolved', everyMinutes: 60, run: (services) => services.requests.closeResolved() },
    // Hourly, but each person's digest goes out at most once a day (rules.ts, isDigestDue).
    { name: 'requests.daily-digest', everyMinutes: 60, run: (services) => services.requests.sendDigests() },
  ],
});
