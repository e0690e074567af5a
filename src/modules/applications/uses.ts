import type { createTeamsService } from '../teams/service.js';
import type { createApplicationsService } from './service.js';
import type { createBureauService } from '../bureau/service.js';
import type { createContributionsService } from '../contributions/service.js';

/**
 * The application's services that the applications module's routes and pages call. The composition
 * root passes all of them; naming these keeps the module from importing the root.
 */
export interface ApplicationsUses {
  applications: ReturnType<typeof createApplicationsService>;
  bureau: ReturnType<typeof createBureauService>;
  contributions: ReturnType<typeof createContributionsService>;
  teams: ReturnType<typeof createTeamsService>;
}
