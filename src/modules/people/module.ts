import { defineModule } from '../../platform/module.js';
import { peopleMessages } from './messages.js';
import { peoplePolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    people: typeof peopleMessages;
  }
}

/** People: see docs/architecture.md for its place among the modules. */
export const peopleModule = defineModule({
  name: 'people',
  messages: [peopleMessages],
  policies: peoplePolicies,
});
