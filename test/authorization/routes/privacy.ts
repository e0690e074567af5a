/** Privacy: the notice, one's own export, and erasure. */
import { EVERYONE, SIGNED_IN, ADMIN, type Context, type Matrix, type Requests } from '../harness.js';

/** Route → the policy it must name → the roles that may pass it. */
export const matrix = {
  'GET /privacy': ['privacy.notice', EVERYONE],
  'GET /api/v1/me/export': ['privacy.export', SIGNED_IN],
  'POST /api/v1/people/:id/erase': ['privacy.erase', ADMIN],
  'GET /people/:id/erase': ['privacy.erase', ADMIN],
  'POST /people/:id/erase': ['privacy.erase', ADMIN],
} as const satisfies Matrix;

/** For each route above, the request a role sends: a valid one, so that only the policy can refuse it. */
export function requests({ fixture }: Context): Requests<typeof matrix> {
  return {
    'GET /privacy': async () => ({ method: 'GET', url: '/privacy' }),
    'GET /api/v1/me/export': async () => ({ method: 'GET', url: '/api/v1/me/export' }),
    // A fresh person each time: an allowed erasure succeeds, and is not refused as already done.
    'POST /api/v1/people/:id/erase': async () => {
      const p = await fixture.person();
      return { method: 'POST', url: `/api/v1/people/${p.id}/erase`, json: { confirm: p.displayName, reason: 'request' } };
    },
    'GET /people/:id/erase': async () => ({ method: 'GET', url: `/people/${(await fixture.person()).id}/erase` }),
    'POST /people/:id/erase': async () => {
      const p = await fixture.person();
      return { method: 'POST', url: `/people/${p.id}/erase`, form: { confirm: p.displayName, reason: 'request' } };
    },
  };
}
