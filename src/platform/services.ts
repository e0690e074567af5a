import type { Config } from './config.js';
import type { Database } from './db.js';
import type { EventBus } from './events.js';
import type { Clock } from './time.js';

/** What every service is built from: the database handle, the clock and the configuration. */
export interface ServiceContext {
  database: Database;
  clock: Clock;
  config: Config;
  /**
   * Where the service publishes its domain events. The composition root gives every service the
   * same bus, with the modules' subscriptions; a service built alone (a unit test) gets none and
   * publishes to nobody (`silentBus`).
   */
  events?: EventBus;
}
