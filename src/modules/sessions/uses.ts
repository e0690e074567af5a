import type { createTeamsService } from '../teams/service.js';
import type { createApplicationsService } from '../applications/service.js';
import type { createBureauService } from '../bureau/service.js';
import type { createContributionsService } from '../contributions/service.js';
import type { createMembershipsService } from '../memberships/service.js';
import type { createSessionDocuments } from './documents.js';
import type { createSessionPlanning } from './planning.js';
import type { createSessionsService } from './service.js';

/**
 * The application's services that the sessions module's routes and pages call. The composition
 * root passes all of them; naming these keeps the module from importing the root.
 */
export interface SessionsUses {
  applications: ReturnType<typeof createApplicationsService>;
  bureau: ReturnType<typeof createBureauService>;
  contributions: ReturnType<typeof createContributionsService>;
  memberships: ReturnType<typeof createMembershipsService>;
  sessionDocuments: ReturnType<typeof createSessionDocuments>;
  sessionPlanning: ReturnType<typeof createSessionPlanning>;
  sessions: ReturnType<typeof createSessionsService>;
  teams: ReturnType<typeof createTeamsService>;
}
