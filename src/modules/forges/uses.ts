import type { createForgesService } from './service.js';
import type { createPeopleService } from '../people/service.js';

/**
 * The application's services that the forges module's routes and pages call. The composition
 * root passes all of them; naming these keeps the module from importing the root.
 */
export interface ForgesUses {
  forges: ReturnType<typeof createForgesService>;
  people: ReturnType<typeof createPeopleService>;
}
