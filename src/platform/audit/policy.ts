import type { PolicyTable } from '../http/policy.js';

/** The audit and mail logs hold everyone's personal data: administrators only. */
export const auditPolicies = {
  'audit.read': (a) => a.isAdmin,
  'mail.read': (a) => a.isAdmin,
} satisfies PolicyTable;
