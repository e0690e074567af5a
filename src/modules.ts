import { accountsMessages } from './modules/accounts/messages.js';
import { peopleMessages } from './modules/people/messages.js';
import { teamsMessages } from './modules/teams/messages.js';
import { bureauMessages } from './modules/bureau/messages.js';
import { siteMessages } from './modules/site/messages.js';
import { contributionsMessages } from './modules/contributions/messages.js';
import { forgesMessages } from './modules/forges/messages.js';
import { applicationsMessages } from './modules/applications/messages.js';
import { sessionsMessages } from './modules/sessions/messages.js';
import { sessionsConfirmMessages } from './modules/sessions/confirm-messages.js';
import { membershipsMessages } from './modules/memberships/messages.js';
import { roomsMessages } from './modules/rooms/messages.js';
import { assembliesMessages } from './modules/assemblies/messages.js';
import { assembliesConfirmMessages } from './modules/assemblies/confirm-messages.js';
import { requestsMessages } from './modules/requests/messages.js';
import { requestsConfirmMessages } from './modules/requests/confirm-messages.js';
import { privacyMessages } from './modules/privacy/messages.js';
import { homeMessages } from './modules/home/messages.js';
import { registerCatalogues } from './platform/i18n/index.js';
import { registerSettingChecks, type SettingCheck } from './platform/config.js';
import { isQuorumRule } from './modules/assemblies/rules.js';
import { parseRequestCategories } from './modules/requests/rules.js';

/**
 * What the modules declare to the platform as soon as the application's code is loaded: their
 * strings (registered with the translator and merged into its key type) and the checks of the
 * settings they read. The platform knows no module; a new module adds its declarations here.
 * The server, the command line, the bench and the tests (test/setup.ts) all load this file.
 */
declare module './platform/i18n/index.js' {
  interface Catalogues {
    accounts: typeof accountsMessages;
    people: typeof peopleMessages;
    teams: typeof teamsMessages;
    bureau: typeof bureauMessages;
    site: typeof siteMessages;
    contributions: typeof contributionsMessages;
    forges: typeof forgesMessages;
    applications: typeof applicationsMessages;
    sessions: typeof sessionsMessages;
    sessionsConfirm: typeof sessionsConfirmMessages;
    memberships: typeof membershipsMessages;
    rooms: typeof roomsMessages;
    assemblies: typeof assembliesMessages;
    assembliesConfirm: typeof assembliesConfirmMessages;
    requests: typeof requestsMessages;
    requestsConfirm: typeof requestsConfirmMessages;
    privacy: typeof privacyMessages;
    home: typeof homeMessages;
  }
}

export const moduleCatalogues = [
  accountsMessages,
  peopleMessages,
  teamsMessages,
  bureauMessages,
  siteMessages,
  contributionsMessages,
  forgesMessages,
  applicationsMessages,
  sessionsMessages,
  sessionsConfirmMessages,
  membershipsMessages,
  roomsMessages,
  assembliesMessages,
  assembliesConfirmMessages,
  requestsMessages,
  requestsConfirmMessages,
  privacyMessages,
  homeMessages,
] as const;

registerCatalogues(moduleCatalogues);

/** Settings whose meaning belongs to a module: checked when the configuration is read. */
export const moduleSettingChecks: SettingCheck[] = [
  (config) =>
    isQuorumRule(config.ASSEMBLY_QUORUM)
      ? []
      : [`ASSEMBLY_QUORUM: none, a fraction of the voters no greater than 1 (1/4), or a number (got ${JSON.stringify(config.ASSEMBLY_QUORUM)})`],
  (config) => {
    const categories = parseRequestCategories(config.REQUEST_CATEGORIES);
    return typeof categories === 'string' ? [`REQUEST_CATEGORIES: ${categories} (got ${JSON.stringify(config.REQUEST_CATEGORIES)})`] : [];
  },
];

registerSettingChecks(moduleSettingChecks);
