import type { createContributionsImport } from './import.js';
import type { createContributionsService } from './service.js';
import type { createPeopleService } from '../people/service.js';
import type { createTeamsService } from '../teams/service.js';

/**
 * The application's services that the contributions module's routes and pages call. The composition
 * root passes all of them; naming these keeps the module from importing the root.
 */
export interface ContributionsUses {
  contributions: ReturnType<typeof createContributionsService>;
  contributionsImport: ReturnType<typeof createContributionsImport>;
  people: ReturnType<typeof createPeopleService>;
  teams: ReturnType<typeof createTeamsService>;
}
