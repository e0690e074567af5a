import { defineModule } from '../../platform/module.js';
import { membershipsRoutes } from './routes.js';
import { membershipsPages } from './pages.js';
import { ownMembershipSection } from './status-view.js';
import { membershipsSubscriptions } from './subscriptions.js';
import type { MembershipsUses } from './uses.js';
import { membershipsMessages } from './messages.js';
import { membershipsPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    memberships: typeof membershipsMessages;
  }
}

/** Memberships: see docs/architecture.md for its place among the modules. */
export const membershipsModule = defineModule<MembershipsUses>({
  name: 'memberships',
  messages: [membershipsMessages],
  policies: membershipsPolicies,
  routes: membershipsRoutes,
  pages: membershipsPages,
  contributes: (services) => ({ 'applications.ownMembership': ownMembershipSection(services) }),
  subscriptions: membershipsSubscriptions,
  // Idempotent: hourly ticks find nothing new after the day's first run.
  jobs: [{ name: 'memberships.lifecycle', everyMinutes: 60, run: (services) => services.lifecycle.run() }],
});
