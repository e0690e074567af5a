/** What administrators watch: the audit log, the mail log and the outbox. */
import { ADMIN, type Context, type Matrix, type Requests } from '../harness.js';

/** Route → the policy it must name → the roles that may pass it. */
export const matrix = {
  'GET /api/v1/audit': ['audit.read', ADMIN],
  'GET /api/v1/mail': ['mail.read', ADMIN],
  'GET /audit': ['audit.read', ADMIN],
  'GET /api/v1/outbox': ['outbox.read', ADMIN],
  'POST /api/v1/outbox/:id/retry': ['outbox.retry', ADMIN],
  'POST /admin/outbox/:id/retry': ['outbox.retry', ADMIN],
  'GET /admin/mail': ['mail.read', ADMIN],
  'GET /admin/outbox': ['outbox.read', ADMIN],
} as const satisfies Matrix;

/** For each route above, the request a role sends: a valid one, so that only the policy can refuse it. */
export function requests({ fixture }: Context): Requests<typeof matrix> {
  return {
    'GET /api/v1/audit': async () => ({ method: 'GET', url: '/api/v1/audit?subjectType=person' }),
    'GET /api/v1/mail': async () => ({ method: 'GET', url: '/api/v1/mail' }),
    'GET /audit': async () => ({ method: 'GET', url: '/audit' }),
    'GET /api/v1/outbox': async () => ({ method: 'GET', url: '/api/v1/outbox' }),
    'POST /api/v1/outbox/:id/retry': async () => ({ method: 'POST', url: `/api/v1/outbox/${await fixture.deadLetter()}/retry`, json: {} }),
    'POST /admin/outbox/:id/retry': async () => ({ method: 'POST', url: `/admin/outbox/${await fixture.deadLetter()}/retry`, form: {} }),
    'GET /admin/mail': async () => ({ method: 'GET', url: '/admin/mail' }),
    'GET /admin/outbox': async () => ({ method: 'GET', url: '/admin/outbox' }),
  };
}
