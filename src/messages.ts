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

/**
 * The modules' catalogues of strings, registered with the platform's translator and merged into
 * its key type. A new module adds its messages here (the platform does not know the modules).
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

export const moduleCatalogues = [accountsMessages, peopleMessages, teamsMessages, bureauMessages, siteMessages, contributionsMessages, forgesMessages, applicationsMessages, sessionsMessages, sessionsConfirmMessages, membershipsMessages, roomsMessages, assembliesMessages, assembliesConfirmMessages, requestsMessages, requestsConfirmMessages, privacyMessages, homeMessages] as const;

registerCatalogues(moduleCatalogues);
