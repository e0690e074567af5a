/** The bureau's offices and the two-person rule for changing them. */
import { SIGNED_IN, BUREAU_ADMIN, BUREAU, type Context, type Matrix, type Requests } from '../harness.js';

/** Route → the policy it must name → the roles that may pass it. */
export const matrix = {
  'GET /api/v1/bureau/members': ['bureau.members.list', SIGNED_IN],
  'POST /api/v1/bureau/members': ['bureau.members.manage', BUREAU_ADMIN],
  'POST /api/v1/bureau/members/:id/end': ['bureau.members.manage', BUREAU_ADMIN],
  'GET /api/v1/bureau/changes': ['bureau.members.manage', BUREAU_ADMIN],
  // The second pair of eyes on a change of the bureau: a bureau member, never an administrator as such.
  'POST /api/v1/bureau/changes/:id/confirm': ['bureau.changes.confirm', BUREAU],
  'POST /api/v1/bureau/changes/:id/cancel': ['bureau.members.manage', BUREAU_ADMIN],
  'GET /bureau': ['bureau.members.list', SIGNED_IN],
  'POST /bureau/offices': ['bureau.members.manage', BUREAU_ADMIN],
  'POST /bureau/offices/:id/end': ['bureau.members.manage', BUREAU_ADMIN],
  'POST /bureau/changes/:id/confirm': ['bureau.changes.confirm', BUREAU],
  'POST /bureau/changes/:id/cancel': ['bureau.members.manage', BUREAU_ADMIN],
} as const satisfies Matrix;

/** For each route above, the request a role sends: a valid one, so that only the policy can refuse it. */
export function requests({ fixture }: Context): Requests<typeof matrix> {
  return {
    'GET /api/v1/bureau/members': async () => ({ method: 'GET', url: '/api/v1/bureau/members' }),
    'POST /api/v1/bureau/members': async () => ({
      method: 'POST',
      url: '/api/v1/bureau/members',
      json: { personId: (await fixture.person()).id, office: 'member' },
    }),
    'POST /api/v1/bureau/members/:id/end': async () => ({
      method: 'POST',
      url: `/api/v1/bureau/members/${await fixture.office()}/end`,
      json: {},
      // Recorded at once before the bureau's first session, proposed (202) from then on.
      allowedStatus: [200, 202],
    }),
    'GET /api/v1/bureau/changes': async () => ({ method: 'GET', url: '/api/v1/bureau/changes' }),
    'POST /api/v1/bureau/changes/:id/confirm': async () => ({
      method: 'POST',
      url: `/api/v1/bureau/changes/${await fixture.pendingChange()}/confirm`,
      json: {},
    }),
    'POST /api/v1/bureau/changes/:id/cancel': async () => ({ method: 'POST', url: `/api/v1/bureau/changes/${await fixture.pendingChange()}/cancel`, json: {} }),
    'GET /bureau': async () => ({ method: 'GET', url: '/bureau' }),
    'POST /bureau/offices': async () => ({ method: 'POST', url: '/bureau/offices', form: { email: (await fixture.person()).email, office: 'member' } }),
    'POST /bureau/offices/:id/end': async () => ({ method: 'POST', url: `/bureau/offices/${await fixture.office()}/end`, form: {} }),
    'POST /bureau/changes/:id/confirm': async () => ({ method: 'POST', url: `/bureau/changes/${await fixture.pendingChange()}/confirm`, form: {} }),
    'POST /bureau/changes/:id/cancel': async () => ({ method: 'POST', url: `/bureau/changes/${await fixture.pendingChange()}/cancel`, form: {} }),
  };
}
