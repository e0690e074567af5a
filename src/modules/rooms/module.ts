import { defineModule } from '../../platform/module.js';
import { roomsRoutes } from './routes.js';
import { roomsPages } from './pages.js';
import { roomsSubscriptions } from './queue.js';
import type { RoomTopic } from './service.js';
import type { RoomsUses } from './uses.js';
import { roomsMessages } from './messages.js';
import { roomsPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    rooms: typeof roomsMessages;
  }
}

/** Rooms: see docs/architecture.md for its place among the modules. */
export const roomsModule = defineModule<RoomsUses, RoomTopic>({
  name: 'rooms',
  messages: [roomsMessages],
  policies: roomsPolicies,
  routes: roomsRoutes,
  pages: roomsPages,
  subscriptions: roomsSubscriptions,
  jobs: [
    // Repairs rooms changed by hand ("The members' room holds exactly the active members"); changes of the register reach them at once.
    {
      name: 'rooms.reconcile',
      everyMinutes: 60,
      run: (services, log) => services.rooms.reconcileAll((room, error) => log.warn({ err: error, room: room.id }, 'room not reconciled')),
    },
  ],
  outboxHandlers: (services) => services.rooms.handlers,
});
