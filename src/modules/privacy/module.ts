import { defineModule } from '../../platform/module.js';
import { privacyRoutes } from './routes.js';
import { privacyPages, privacyPersonNote, privacyProfileSection } from './pages.js';
import type { PrivacyUses } from './uses.js';
import { privacyMessages } from './messages.js';
import { privacyPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    privacy: typeof privacyMessages;
  }
}

/** Privacy: see docs/architecture.md for its place among the modules. */
export const privacyModule = defineModule<PrivacyUses>({
  name: 'privacy',
  messages: [privacyMessages],
  policies: privacyPolicies,
  routes: privacyRoutes,
  pages: privacyPages,
  contributes: () => ({ 'people.personNote': privacyPersonNote(), 'people.profile': privacyProfileSection() }),
  // Personal data past RETENTION_MONTHS (docs/privacy.md): daily, idempotent.
  jobs: [{ name: 'privacy.purge', everyMinutes: 24 * 60, run: (services) => services.privacy.purge() }],
});
