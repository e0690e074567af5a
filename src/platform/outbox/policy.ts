import type { PolicyTable } from '../http/policy.js';

/** The outbox carries everyone's mails and room changes: administrators only. */
export const outboxPolicies = {
  'outbox.read': (actor) => actor.isAdmin,
  'outbox.retry': (actor) => actor.isAdmin,
} satisfies PolicyTable;
