import { defineModule } from '../../platform/module.js';
import { siteRoutes } from './routes.js';
import { sitePages } from './pages.js';
import type { SiteUses } from './uses.js';
import { siteMessages } from './messages.js';
import { sitePolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    site: typeof siteMessages;
  }
}

/** Site: see docs/architecture.md for its place among the modules. */
export const siteModule = defineModule<SiteUses>({
  name: 'site',
  messages: [siteMessages],
  policies: sitePolicies,
  routes: siteRoutes,
  pages: sitePages,
});
