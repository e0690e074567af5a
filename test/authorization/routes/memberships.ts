/** The register of members, resigning, and the lifecycle run. */
import { SIGNED_IN, BUREAU_ADMIN, ADMIN, type Context, type Matrix, type Requests } from '../harness.js';

/** Route → the policy it must name → the roles that may pass it. */
export const matrix = {
  'GET /api/v1/members': ['members.register', BUREAU_ADMIN],
  'GET /api/v1/members/export.csv': ['members.register', BUREAU_ADMIN],
  'GET /api/v1/members/counts': ['members.register', BUREAU_ADMIN],
  'GET /api/v1/people/:id/membership': ['membership.read', SIGNED_IN],
  'POST /api/v1/people/:id/membership/resign': ['membership.resign', SIGNED_IN],
  'POST /api/v1/lifecycle/run': ['lifecycle.run', ADMIN],
  'GET /members': ['members.register', BUREAU_ADMIN],
  'GET /membership/resign': ['membership.resign', SIGNED_IN],
  'POST /membership/resign': ['membership.resign', SIGNED_IN],
} as const satisfies Matrix;

/** For each route above, the request a role sends: a valid one, so that only the policy can refuse it. */
export function requests({ a, fixture, self }: Context): Requests<typeof matrix> {
  return {
    'GET /api/v1/members': async () => ({ method: 'GET', url: '/api/v1/members?history=true' }),
    'GET /api/v1/members/export.csv': async () => ({ method: 'GET', url: '/api/v1/members/export.csv' }),
    'GET /api/v1/members/counts': async () => ({ method: 'GET', url: '/api/v1/members/counts?months=3' }),
    'GET /api/v1/people/:id/membership': async (actor) => ({ method: 'GET', url: `/api/v1/people/${self(actor)}/membership` }),
    'POST /api/v1/people/:id/membership/resign': async (actor) => {
      // The member resigns for real: give them back a membership before the next role's turn.
      await fixture.restoreMember();
      // Only a member resigns; anyone else passes the policy and is told they are not one.
      return { method: 'POST', url: `/api/v1/people/${self(actor)}/membership/resign`, allowedStatus: actor.role === 'member' ? 200 : 409 };
    },
    'POST /api/v1/lifecycle/run': async () => ({ method: 'POST', url: '/api/v1/lifecycle/run', json: { date: a.clock.today() } }),
    'GET /members': async () => ({ method: 'GET', url: '/members?status=all' }),
    'GET /membership/resign': async () => ({ method: 'GET', url: '/membership/resign' }),
    'POST /membership/resign': async (actor) => {
      await fixture.restoreMember();
      return { method: 'POST', url: '/membership/resign', form: { confirm: 'yes' }, allowedStatus: actor.role === 'member' ? 303 : 409 };
    },
  };
}
