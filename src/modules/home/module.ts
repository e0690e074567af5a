import { defineModule } from '../../platform/module.js';
import { homeMessages } from './messages.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    home: typeof homeMessages;
  }
}

/** Home: see docs/architecture.md for its place among the modules. */
export const homeModule = defineModule({
  name: 'home',
  messages: [homeMessages],
});
