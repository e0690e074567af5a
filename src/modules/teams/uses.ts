import type { createPeopleService } from '../people/service.js';
import type { createTeamsService } from './service.js';

/**
 * The application's services that the teams module's routes and pages call. The composition
 * root passes all of them; naming these keeps the module from importing the root.
 */
export interface TeamsUses {
  people: ReturnType<typeof createPeopleService>;
  teams: ReturnType<typeof createTeamsService>;
}
