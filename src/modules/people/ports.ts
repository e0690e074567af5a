import type { Kysely } from 'kysely';
import type { DB } from '../../platform/schema.js';

/**
 * What people asks of the modules above it, which it does not import: the composition root
 * (src/container.ts) answers from them.
 */
export interface PeopleQuestions {
  /** Every team's id by its slug (teams): the import's `teams` column names teams. */
  teamIdsBySlug(db: Kysely<DB>): Promise<Map<string, string>>;
  /** Whether the person holds an administrator's account (accounts): nobody else may change its login address. */
  isAdministrator(db: Kysely<DB>, personId: string): Promise<boolean>;
}
