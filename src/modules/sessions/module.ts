import { defineModule } from '../../platform/module.js';
import { sessionsRoutes } from './routes.js';
import { sessionsPages } from './pages.js';
import { sessionsSubscriptions } from './subscriptions.js';
import type { SessionsUses } from './uses.js';
import { sessionsMessages } from './messages.js';
import { sessionsConfirmMessages } from './confirm-messages.js';
import { minutesRecordMessages } from './minutes-record-messages.js';
import { sessionsPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    sessions: typeof sessionsMessages;
    sessionsConfirm: typeof sessionsConfirmMessages;
    minutesRecord: typeof minutesRecordMessages;
  }
}

/** Sessions: see docs/architecture.md for its place among the modules. */
export const sessionsModule = defineModule<SessionsUses>({
  name: 'sessions',
  messages: [sessionsMessages, sessionsConfirmMessages, minutesRecordMessages],
  policies: sessionsPolicies,
  routes: (app, services, wiring) => sessionsRoutes(app, services, wiring.publicUrl),
  pages: sessionsPages,
  subscriptions: sessionsSubscriptions,
  jobs: [{ name: 'bureau.sessions-ahead', everyMinutes: 60, run: (services) => services.sessionPlanning.ensureSessionsAhead() }],
});
