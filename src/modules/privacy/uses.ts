import type { createPrivacyService } from './service.js';

/**
 * The application's services that the privacy module's routes and pages call. The composition
 * root passes all of them; naming these keeps the module from importing the root.
 */
export interface PrivacyUses {
  privacy: ReturnType<typeof createPrivacyService>;
}
