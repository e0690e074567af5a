import { defineModule } from '../../platform/module.js';
import { roomsMessages } from './messages.js';
import { roomsPolicies } from './policy.js';

declare module '../../platform/i18n/index.js' {
  interface Catalogues {
    rooms: typeof roomsMessages;
  }
}

/** Rooms: see docs/architecture.md for its place among the modules. */
export const roomsModule = defineModule({
  name: 'rooms',
  messages: [roomsMessages],
  policies: roomsPolicies,
});
