import type { createRequestsService } from './service.js';
import type { createTeamsService } from '../teams/service.js';

/**
 * The application's services that the requests module's routes and pages call. The composition
 * root passes all of them; naming these keeps the module from importing the root.
 */
export interface RequestsUses {
  requests: ReturnType<typeof createRequestsService>;
  teams: ReturnType<typeof createTeamsService>;
}
