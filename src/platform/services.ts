import type { Config } from './config.js';
import type { Database } from './db.js';
import type { Clock } from './time.js';

/** What every service is built from: the database handle, the clock and the configuration. */
export interface ServiceContext {
  database: Database;
  clock: Clock;
  config: Config;
}
