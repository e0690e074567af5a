import { defineModule } from '../../platform/module.js';
import { assembliesRoutes } from './routes.js';
import { assembliesPages } from './pages.js';
import type { AssembliesUses } from './uses.js';
import { assembliesMessages } from './messages.js';
import { assembliesConfirmMessages } from './confirm-messages.js';
import { assembliesAmendmentMessages } from './amendment-messages.js';
import { assembliesPolicies } from './policy.js';
import { isQuorumRule } from './rules.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    assemblies: typeof assembliesMessages;
    assembliesConfirm: typeof assembliesConfirmMessages;
    assembliesAmendment: typeof assembliesAmendmentMessages;
  }
}

/** Assemblies: see docs/architecture.md for its place among the modules. */
export const assembliesModule = defineModule<AssembliesUses>({
  name: 'assemblies',
  messages: [assembliesMessages, assembliesConfirmMessages, assembliesAmendmentMessages],
  policies: assembliesPolicies,
  settingChecks: [
    (config) =>
      isQuorumRule(config.ASSEMBLY_QUORUM)
        ? []
        : [`ASSEMBLY_QUORUM: none, a fraction of the voters no greater than 1 (1/4), or a number (got ${JSON.stringify(config.ASSEMBLY_QUORUM)})`],
  ],
  routes: assembliesRoutes,
  pages: assembliesPages,
  // Newcomers to the team or the membership are convened to the coming assemblies; reminders go out.
  jobs: [{ name: 'assemblies.convocations', everyMinutes: 60, run: (services) => services.assemblies.keepConvocationsCurrent() }],
});
