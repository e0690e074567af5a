import type { createOutboxService } from '../../platform/outbox/service.js';
import type { createRoomsService } from './service.js';

/**
 * The application's services that the rooms module's routes and pages call. The composition
 * root passes all of them; naming these keeps the module from importing the root.
 */
export interface RoomsUses {
  outbox: ReturnType<typeof createOutboxService>;
  rooms: ReturnType<typeof createRoomsService>;
}
