import { accountsMessages } from '../../modules/accounts/messages.js';
import { peopleMessages } from '../../modules/people/messages.js';
import { teamsMessages } from '../../modules/teams/messages.js';
import { bureauMessages } from '../../modules/bureau/messages.js';
import { siteMessages } from '../../modules/site/messages.js';
import { auditMessages } from '../audit/messages.js';
import { contributionsMessages } from '../../modules/contributions/messages.js';
import { forgesMessages } from '../../modules/forges/messages.js';
import { applicationsMessages } from '../../modules/applications/messages.js';
import { sessionsMessages } from '../../modules/sessions/messages.js';
import { sessionsConfirmMessages } from '../../modules/sessions/confirm-messages.js';
import { membershipsMessages } from '../../modules/memberships/messages.js';
import { roomsMessages } from '../../modules/rooms/messages.js';
import { assembliesMessages } from '../../modules/assemblies/messages.js';
import { assembliesConfirmMessages } from '../../modules/assemblies/confirm-messages.js';
import { requestsMessages } from '../../modules/requests/messages.js';
import { requestsConfirmMessages } from '../../modules/requests/confirm-messages.js';
import { privacyMessages } from '../../modules/privacy/messages.js';
import { homeMessages } from '../../modules/home/messages.js';
import { settingsMessages } from '../settings/messages.js';
import { menuMessages } from '../http/menu-messages.js';
import { uiMessages } from '../http/ui/messages.js';

/** Each module's catalogue, merged by ./index.ts. Add a module's messages here. */
export const moduleMessages = [
  accountsMessages,
  peopleMessages,
  teamsMessages,
  bureauMessages,
  siteMessages,
  auditMessages,
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
  settingsMessages,
  menuMessages,
  uiMessages,
] as const;
