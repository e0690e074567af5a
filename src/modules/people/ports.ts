import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import type { DB } from '../../platform/schema.js';

/** What inviting an import's newcomers did (accounts): invitations mailed, and who was passed over and why. */
export interface ImportInvitationsReport {
  sent: number;
  alreadySignedUp: number;
  withoutEmail: number;
}

/**
 * What people asks of the modules above it, which it does not import: the composition root
 * (src/container.ts) answers from them.
 */
export interface PeopleQuestions {
  /** Every team's id by its slug (teams): the import's `teams` column names teams. */
  teamIdsBySlug(db: Kysely<DB>): Promise<Map<string, string>>;
  /** Whether the person holds an administrator's account (accounts): nobody else may change its login address. */
  isAdministrator(db: Kysely<DB>, personId: string): Promise<boolean>;
  /** Invitations to sign in (accounts): an import may invite the people it adds. */
  invitations: {
    /** An SMTP server is configured: an import's invitations are mailed, never handed out as links. */
    mailConfigured: boolean;
    /** Invites these people in the caller's transaction, batched; links start with `baseUrl`. */
    inviteMany(db: Kysely<DB>, actor: Actor, personIds: string[], baseUrl: string): Promise<ImportInvitationsReport>;
  };
  /**
   * Whether the person of the directory's row is a member today (memberships): a picker that names
   * a member (an agenda item about one) searches among them only, in the directory's one query.
   */
  isCurrentMember(eb: ExpressionBuilder<DB, 'people'>): Expression<SqlBool>;
  /** Whether the actor may read the register (memberships): only they may learn who is a member by filtering on it. */
  readsRegister(actor: Actor): boolean;
}
