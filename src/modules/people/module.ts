import { defineModule } from '../../platform/module.js';
import { peopleRoutes } from './routes.js';
import { peoplePages } from './pages.js';
import type { PeopleUses } from './uses.js';
import { peopleMessages } from './messages.js';
import { peoplePolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    people: typeof peopleMessages;
  }
}

/** People: see docs/architecture.md for its place among the modules. */
export const peopleModule = defineModule<PeopleUses>({
  name: 'people',
  messages: [peopleMessages],
  policies: peoplePolicies,
  routes: peopleRoutes,
  pages: peoplePages,
});
