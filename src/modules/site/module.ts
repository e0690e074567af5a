import { defineModule } from '../../platform/module.js';
import { siteMessages } from './messages.js';
import { sitePolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    site: typeof siteMessages;
  }
}

/** Site: see docs/architecture.md for its place among the modules. */
export const siteModule = defineModule({
  name: 'site',
  messages: [siteMessages],
  policies: sitePolicies,
});
