import { peopleModule } from './modules/people/module.js';
import { teamsModule } from './modules/teams/module.js';
import { accountsModule } from './modules/accounts/module.js';
import { contributionsModule } from './modules/contributions/module.js';
import { forgesModule } from './modules/forges/module.js';
import { bureauModule } from './modules/bureau/module.js';
import { applicationsModule } from './modules/applications/module.js';
import { sessionsModule } from './modules/sessions/module.js';
import { membershipsModule } from './modules/memberships/module.js';
import { roomsModule } from './modules/rooms/module.js';
import { assembliesModule } from './modules/assemblies/module.js';
import { requestsModule } from './modules/requests/module.js';
import { privacyModule } from './modules/privacy/module.js';
import { homeModule } from './modules/home/module.js';
import { siteModule } from './modules/site/module.js';
import { registerCatalogues } from './platform/i18n/index.js';
import { registerSettingChecks } from './platform/config.js';

/**
 * The application's modules, lowest first, in the domain's order (docs/architecture.md; the
 * architecture test holds this list to it). Loading this file hands the platform what each
 * module declares of itself: its strings (registered with the translator, their keys merged into
 * its type by each module.ts) and its settings' checks. The server, the command line, the bench
 * and the tests (test/setup.ts) all load it. The rest of each definition is wired from this list
 * too: services' subscriptions and outbox handlers (src/container.ts), policies, routes, pages and
 * extension points (src/app.ts), scheduled jobs (src/main.ts). The order is the order in which
 * subscriptions run and contributions to an extension point are shown.
 */
export const modules = [
  peopleModule,
  teamsModule,
  accountsModule,
  contributionsModule,
  forgesModule,
  bureauModule,
  applicationsModule,
  sessionsModule,
  membershipsModule,
  roomsModule,
  assembliesModule,
  requestsModule,
  privacyModule,
  homeModule,
  siteModule,
] as const;

registerCatalogues(modules.flatMap((m) => m.messages));
registerSettingChecks(modules.flatMap((m) => m.settingChecks ?? []));
