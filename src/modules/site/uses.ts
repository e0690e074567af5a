import type { createAccountsService } from '../accounts/service.js';
import type { createHomeService } from '../home/service.js';
import type { createRequestsService } from '../requests/service.js';
import type { createSettingsService } from '../../platform/settings/service.js';
import type { createTeamsService } from '../teams/service.js';

/**
 * The application's services that the site module's routes and pages call. The composition
 * root passes all of them; naming these keeps the module from importing the root.
 */
export interface SiteUses {
  accounts: ReturnType<typeof createAccountsService>;
  home: ReturnType<typeof createHomeService>;
  requests: ReturnType<typeof createRequestsService>;
  settings: ReturnType<typeof createSettingsService>;
  teams: ReturnType<typeof createTeamsService>;
}
