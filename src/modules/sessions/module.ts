import { defineModule } from '../../platform/module.js';
import { sessionsMessages } from './messages.js';
import { sessionsConfirmMessages } from './confirm-messages.js';
import { sessionsPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    sessions: typeof sessionsMessages;
    sessionsConfirm: typeof sessionsConfirmMessages;
  }
}

/** Sessions: see docs/architecture.md for its place among the modules. */
export const sessionsModule = defineModule({
  name: 'sessions',
  messages: [sessionsMessages, sessionsConfirmMessages],
  policies: sessionsPolicies,
});
