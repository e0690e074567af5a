import type { createAccountsService } from './service.js';
import type { InvitationsService } from './invitations.js';
import type { createPeopleService } from '../people/service.js';
import type { createTeamsService } from '../teams/service.js';

/**
 * The application's services that the accounts module's routes and pages call. The composition
 * root passes all of them; naming these keeps the module from importing the root.
 */
export interface AccountsUses {
  accounts: ReturnType<typeof createAccountsService>;
  invitations: InvitationsService;
  people: ReturnType<typeof createPeopleService>;
  teams: ReturnType<typeof createTeamsService>;
}
