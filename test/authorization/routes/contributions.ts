/** Contributions: declared, reviewed, imported, and a person's activity. */
import { SIGNED_IN, LEAD_BUREAU_ADMIN, BUREAU_ADMIN, type Context, type Matrix, type Requests } from '../harness.js';

/** Route → the policy it must name → the roles that may pass it. */
export const matrix = {
  'POST /api/v1/contributions': ['contributions.declare', SIGNED_IN],
  'GET /api/v1/contributions': ['contributions.read', SIGNED_IN],
  'GET /api/v1/contributions/:id': ['contributions.read', SIGNED_IN],
  'POST /api/v1/contributions/:id/confirm': ['contributions.review', LEAD_BUREAU_ADMIN],
  'POST /api/v1/contributions/:id/reject': ['contributions.review', LEAD_BUREAU_ADMIN],
  'GET /api/v1/people/:id/activity': ['activity.read', SIGNED_IN],
  'POST /api/v1/contributions/import': ['contributions.import', BUREAU_ADMIN],
  'GET /contributions/new': ['contributions.declare', SIGNED_IN],
  'POST /contributions/new': ['contributions.declare', SIGNED_IN],
  'GET /contributions/review': ['contributions.review', LEAD_BUREAU_ADMIN],
  'POST /contributions/:id/confirm': ['contributions.review', LEAD_BUREAU_ADMIN],
  'POST /contributions/:id/reject': ['contributions.review', LEAD_BUREAU_ADMIN],
} as const satisfies Matrix;

/** For each route above, the request a role sends: a valid one, so that only the policy can refuse it. */
export function requests({ a, fixture, self, next }: Context): Requests<typeof matrix> {
  return {
    'POST /api/v1/contributions': async () => ({
      method: 'POST',
      url: '/api/v1/contributions',
      json: { kind: 'moderation', occurredOn: a.clock.today(), summary: `Modération ${next()}` },
    }),
    'GET /api/v1/contributions': async () => ({ method: 'GET', url: '/api/v1/contributions' }),
    'GET /api/v1/contributions/:id': async (actor) => ({ method: 'GET', url: `/api/v1/contributions/${await fixture.contributionOf(self(actor))}` }),
    'POST /api/v1/contributions/:id/confirm': async () => ({ method: 'POST', url: `/api/v1/contributions/${await fixture.declaredOnTechnique()}/confirm` }),
    'POST /api/v1/contributions/:id/reject': async () => ({
      method: 'POST',
      url: `/api/v1/contributions/${await fixture.declaredOnTechnique()}/reject`,
      json: { reason: 'Déjà comptée' },
    }),
    'GET /api/v1/people/:id/activity': async (actor) => ({ method: 'GET', url: `/api/v1/people/${self(actor)}/activity` }),
    'POST /api/v1/contributions/import': async () => ({
      method: 'POST',
      url: '/api/v1/contributions/import',
      csv: `email,kind,occurredOn,summary\n${a.admin.email},event,${a.clock.today()},Stand ${next()}\n`,
    }),
    'GET /contributions/new': async () => ({ method: 'GET', url: '/contributions/new' }),
    'POST /contributions/new': async () => ({
      method: 'POST',
      url: '/contributions/new',
      form: { kind: 'moderation', occurredOn: a.clock.today(), summary: `Modération ${next()}` },
    }),
    'GET /contributions/review': async () => ({ method: 'GET', url: '/contributions/review' }),
    'POST /contributions/:id/confirm': async () => ({ method: 'POST', url: `/contributions/${await fixture.declaredOnTechnique()}/confirm`, form: {} }),
    'POST /contributions/:id/reject': async () => ({
      method: 'POST',
      url: `/contributions/${await fixture.declaredOnTechnique()}/reject`,
      form: { reason: 'Déjà comptée' },
    }),
  };
}
