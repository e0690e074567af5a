import type { PolicyTable } from '../../platform/http/policy.js';
import { isBureau, type Actor } from '../../platform/auth/actor.js';

/**
 * Rooms and their drift are read and repaired by the bureau (whose register they follow) and by
 * administrators; registering a room touches the providers' configuration: administrators only.
 */
export const canWatchRooms = (actor: Actor): boolean => actor.isAdmin || isBureau(actor);

export const roomsPolicies = {
  'rooms.read': canWatchRooms,
  'rooms.reconcile': canWatchRooms,
  'rooms.manage': (actor) => actor.isAdmin,
} satisfies PolicyTable;
