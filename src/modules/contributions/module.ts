import { defineModule } from '../../platform/module.js';
import { contributionsMessages } from './messages.js';
import { contributionsPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    contributions: typeof contributionsMessages;
  }
}

/** Contributions: see docs/architecture.md for its place among the modules. */
export const contributionsModule = defineModule({
  name: 'contributions',
  messages: [contributionsMessages],
  policies: contributionsPolicies,
});
