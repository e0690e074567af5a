/** Membership applications, from the form to the bureau's list. */
import { SIGNED_IN, BUREAU, type Context, type Matrix, type Requests } from '../harness.js';

/** Route → the policy it must name → the roles that may pass it. */
export const matrix = {
  'POST /api/v1/applications': ['applications.apply', SIGNED_IN],
  'GET /api/v1/applications': ['applications.read', SIGNED_IN],
  'GET /api/v1/applications/:id': ['applications.read', SIGNED_IN],
  'POST /api/v1/applications/:id/withdraw': ['applications.withdraw', SIGNED_IN],
  'POST /api/v1/applications/:id/rapporteur': ['applications.manage', BUREAU],
  'GET /api/v1/bureau/load': ['applications.manage', BUREAU],
  'GET /membership': ['applications.apply', SIGNED_IN],
  'GET /membership/apply': ['applications.apply', SIGNED_IN],
  'POST /membership/apply': ['applications.apply', SIGNED_IN],
  'GET /applications/:id': ['applications.read', SIGNED_IN],
  'POST /applications/:id/withdraw': ['applications.withdraw', SIGNED_IN],
  'POST /applications/:id/rapporteur': ['applications.manage', BUREAU],
  'GET /applications': ['applications.manage', BUREAU],
} as const satisfies Matrix;

/** For each route above, the request a role sends: a valid one, so that only the policy can refuse it. */
export function requests({ fixture, self }: Context): Requests<typeof matrix> {
  return {
    'POST /api/v1/applications': async (actor) => ({
      method: 'POST',
      url: '/api/v1/applications',
      json: { motivation: 'Je souhaite devenir membre.' },
      // The policy lets every signed-in person try; then the rules answer (an active contributor
      // is accepted; a member, or someone who applied already, gets 409; someone inactive 422).
      allowedStatus: actor.role === 'member' ? 409 : [201, 409, 422],
    }),
    'GET /api/v1/applications': async () => ({ method: 'GET', url: '/api/v1/applications' }),
    'GET /api/v1/applications/:id': async (actor) => ({ method: 'GET', url: `/api/v1/applications/${await fixture.applicationOf(self(actor))}` }),
    'POST /api/v1/applications/:id/withdraw': async (actor) => ({
      method: 'POST',
      url: `/api/v1/applications/${await fixture.applicationOf(self(actor))}/withdraw`,
    }),
    'POST /api/v1/applications/:id/rapporteur': async () => ({
      method: 'POST',
      url: `/api/v1/applications/${await fixture.applicationOf((await fixture.person()).id)}/rapporteur`,
      json: { rapporteurId: null },
    }),
    'GET /api/v1/bureau/load': async () => ({ method: 'GET', url: '/api/v1/bureau/load' }),
    'GET /membership': async () => ({ method: 'GET', url: '/membership' }),
    'GET /membership/apply': async () => ({ method: 'GET', url: '/membership/apply' }),
    'POST /membership/apply': async (actor) => ({
      method: 'POST',
      url: '/membership/apply',
      form: { motivation: 'Je souhaite devenir membre.' },
      // As for the API: the policy lets everyone signed in try, the rules answer.
      allowedStatus: actor.role === 'member' ? 409 : [303, 409, 422],
    }),
    'GET /applications/:id': async (actor) => ({ method: 'GET', url: `/applications/${await fixture.applicationOf(self(actor))}` }),
    'POST /applications/:id/withdraw': async (actor) => ({
      method: 'POST',
      url: `/applications/${await fixture.applicationOf(self(actor))}/withdraw`,
      form: {},
    }),
    'POST /applications/:id/rapporteur': async () => ({
      method: 'POST',
      url: `/applications/${await fixture.applicationOf((await fixture.person()).id)}/rapporteur`,
      form: { rapporteurId: '' },
    }),
    'GET /applications': async () => ({ method: 'GET', url: '/applications' }),
  };
}
