import type { createContributionsService } from '../contributions/service.js';
import type { createAccountsService } from '../accounts/service.js';
import type { createForgesService } from '../forges/service.js';
import type { createPeopleService } from './service.js';
import type { createPrivacyService } from '../privacy/service.js';
import type { createTeamsService } from '../teams/service.js';

/**
 * The application's services that the people module's routes and pages call. The composition
 * root passes all of them; naming these keeps the module from importing the root.
 */
export interface PeopleUses {
  accounts: ReturnType<typeof createAccountsService>;
  forges: ReturnType<typeof createForgesService>;
  people: ReturnType<typeof createPeopleService>;
  privacy: ReturnType<typeof createPrivacyService>;
  teams: ReturnType<typeof createTeamsService>;
  contributions: ReturnType<typeof createContributionsService>;
}
