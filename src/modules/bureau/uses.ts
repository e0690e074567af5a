import type { createBureauService } from './service.js';
import type { createPeopleService } from '../people/service.js';

/**
 * The application's services that the bureau module's routes and pages call. The composition
 * root passes all of them; naming these keeps the module from importing the root.
 */
export interface BureauUses {
  bureau: ReturnType<typeof createBureauService>;
  people: ReturnType<typeof createPeopleService>;
}
