import type { createLifecycle } from './lifecycle.js';
import type { createMembershipsService } from './service.js';

/**
 * The application's services that the memberships module's routes and pages call. The composition
 * root passes all of them; naming these keeps the module from importing the root.
 */
export interface MembershipsUses {
  lifecycle: ReturnType<typeof createLifecycle>;
  memberships: ReturnType<typeof createMembershipsService>;
}
