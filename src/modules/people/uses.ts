import type { createPeopleService } from './service.js';

/**
 * The application's services that the people module's routes and pages call. The composition
 * root passes all of them; naming these keeps the module from importing the root.
 */
export interface PeopleUses {
  people: ReturnType<typeof createPeopleService>;
}
