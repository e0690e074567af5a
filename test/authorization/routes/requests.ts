/** Requests from the public and members, their private follow links, and consultations between teams. */
import { EVERYONE, TEAM_BUREAU_ADMIN, LEAD_BUREAU_ADMIN, type Context, type Matrix, type Requests } from '../harness.js';

/** Route → the policy it must name → the roles that may pass it. */
export const matrix = {
  'POST /api/v1/requests': ['requests.submit', EVERYONE],
  'GET /api/v1/requests': ['requests.handle', TEAM_BUREAU_ADMIN],
  'GET /api/v1/requests/consultations': ['requests.handle', TEAM_BUREAU_ADMIN],
  'GET /api/v1/requests/consultations/:id': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /api/v1/requests/consultations/:id/answer': ['requests.handle', TEAM_BUREAU_ADMIN],
  'GET /api/v1/requests/follow/:token': ['requests.follow', EVERYONE],
  'POST /api/v1/requests/follow/:token/replies': ['requests.follow', EVERYONE],
  'GET /api/v1/requests/:id': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /api/v1/requests/:id/replies': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /api/v1/requests/:id/assign': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /api/v1/requests/:id/consult': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /api/v1/requests/:id/resolve': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /api/v1/requests/:id/reopen': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /api/v1/requests/:id/close': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /api/v1/requests/:id/accept-join': ['requests.join.decide', LEAD_BUREAU_ADMIN],
  'POST /api/v1/requests/:id/refuse-join': ['requests.join.decide', LEAD_BUREAU_ADMIN],
  'GET /requests/new': ['requests.submit', EVERYONE],
  'POST /requests/new': ['requests.submit', EVERYONE],
  'GET /requests/follow/:token': ['requests.follow', EVERYONE],
  'POST /requests/follow/:token': ['requests.follow', EVERYONE],
  'GET /requests': ['requests.handle', TEAM_BUREAU_ADMIN],
  'GET /requests/consultations/:id': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /requests/consultations/:id/answer': ['requests.handle', TEAM_BUREAU_ADMIN],
  'GET /requests/:id': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /requests/:id/replies': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /requests/:id/assign': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /requests/:id/consult': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /requests/:id/resolve': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /requests/:id/reopen': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /requests/:id/close': ['requests.handle', TEAM_BUREAU_ADMIN],
  'POST /requests/:id/accept-join': ['requests.join.decide', LEAD_BUREAU_ADMIN],
  'POST /requests/:id/refuse-join': ['requests.join.decide', LEAD_BUREAU_ADMIN],
} as const satisfies Matrix;

/** For each route above, the request a role sends: a valid one, so that only the policy can refuse it. */
export function requests({ fixture, next }: Context): Requests<typeof matrix> {
  return {
    'POST /api/v1/requests': async () => ({
      method: 'POST',
      url: '/api/v1/requests',
      json: { email: `matrix.api.${next()}@example.org`, category: 'question', subject: 'Question', message: 'Bonjour' },
    }),
    'GET /api/v1/requests': async () => ({ method: 'GET', url: '/api/v1/requests?status=open' }),
    'GET /api/v1/requests/consultations': async () => ({ method: 'GET', url: '/api/v1/requests/consultations' }),
    'GET /api/v1/requests/consultations/:id': async (actor) => ({
      method: 'GET',
      url: `/api/v1/requests/consultations/${await fixture.consultationFor(actor)}`,
    }),
    'POST /api/v1/requests/consultations/:id/answer': async (actor) => ({
      method: 'POST',
      url: `/api/v1/requests/consultations/${await fixture.consultationFor(actor)}/answer`,
      json: { answer: 'Oui' },
    }),
    'GET /api/v1/requests/follow/:token': async () => ({ method: 'GET', url: `/api/v1/requests/follow/${await fixture.followToken()}` }),
    'POST /api/v1/requests/follow/:token/replies': async () => ({
      method: 'POST',
      url: `/api/v1/requests/follow/${await fixture.followToken()}/replies`,
      json: { body: 'Merci' },
    }),
    'GET /api/v1/requests/:id': async (actor) => ({ method: 'GET', url: `/api/v1/requests/${await fixture.requestFor(actor)}` }),
    'POST /api/v1/requests/:id/replies': async (actor) => ({
      method: 'POST',
      url: `/api/v1/requests/${await fixture.requestFor(actor)}/replies`,
      json: { body: 'Bonjour' },
    }),
    'POST /api/v1/requests/:id/assign': async (actor) => ({
      method: 'POST',
      url: `/api/v1/requests/${await fixture.requestFor(actor)}/assign`,
      json: { personId: null },
    }),
    'POST /api/v1/requests/:id/consult': async (actor) => ({
      method: 'POST',
      url: `/api/v1/requests/${await fixture.requestFor(actor)}/consult`,
      json: { teamSlug: actor.role === 'lead' ? 'communaute' : 'technique', question: 'Une idée ?' },
    }),
    'POST /api/v1/requests/:id/resolve': async (actor) => ({ method: 'POST', url: `/api/v1/requests/${await fixture.requestFor(actor)}/resolve`, json: {} }),
    'POST /api/v1/requests/:id/reopen': async (actor) => ({
      method: 'POST',
      url: `/api/v1/requests/${await fixture.requestFor(actor, 'resolved')}/reopen`,
      json: {},
    }),
    'POST /api/v1/requests/:id/close': async (actor) => ({ method: 'POST', url: `/api/v1/requests/${await fixture.requestFor(actor)}/close`, json: {} }),
    'POST /api/v1/requests/:id/accept-join': async () => ({ method: 'POST', url: `/api/v1/requests/${await fixture.joinRequest()}/accept-join`, json: {} }),
    'POST /api/v1/requests/:id/refuse-join': async () => ({
      method: 'POST',
      url: `/api/v1/requests/${await fixture.joinRequest()}/refuse-join`,
      json: { reason: 'Pas maintenant' },
    }),
    'GET /requests/new': async () => ({ method: 'GET', url: '/requests/new?category=join&team=technique' }),
    'POST /requests/new': async () => ({
      method: 'POST',
      url: '/requests/new',
      form: { email: `matrix.form.${next()}@example.org`, category: 'question', subject: 'Question', message: 'Bonjour' },
    }),
    'GET /requests/follow/:token': async () => ({ method: 'GET', url: `/requests/follow/${await fixture.followToken()}` }),
    'POST /requests/follow/:token': async () => ({ method: 'POST', url: `/requests/follow/${await fixture.followToken()}`, form: { body: 'Merci' } }),
    'GET /requests': async () => ({ method: 'GET', url: '/requests?status=all' }),
    'GET /requests/consultations/:id': async (actor) => ({ method: 'GET', url: `/requests/consultations/${await fixture.consultationFor(actor)}` }),
    'POST /requests/consultations/:id/answer': async (actor) => ({
      method: 'POST',
      url: `/requests/consultations/${await fixture.consultationFor(actor)}/answer`,
      form: { answer: 'Oui' },
    }),
    'GET /requests/:id': async (actor) => ({ method: 'GET', url: `/requests/${await fixture.requestFor(actor)}` }),
    'POST /requests/:id/replies': async (actor) => ({
      method: 'POST',
      url: `/requests/${await fixture.requestFor(actor)}/replies`,
      form: { body: 'Bonjour', internal: 'yes' },
    }),
    'POST /requests/:id/assign': async (actor) => ({ method: 'POST', url: `/requests/${await fixture.requestFor(actor)}/assign`, form: { personId: '' } }),
    'POST /requests/:id/consult': async (actor) => ({
      method: 'POST',
      url: `/requests/${await fixture.requestFor(actor)}/consult`,
      form: { teamSlug: actor.role === 'lead' ? 'communaute' : 'technique', question: 'Une idée ?' },
    }),
    'POST /requests/:id/resolve': async (actor) => ({ method: 'POST', url: `/requests/${await fixture.requestFor(actor)}/resolve`, form: {} }),
    'POST /requests/:id/reopen': async (actor) => ({ method: 'POST', url: `/requests/${await fixture.requestFor(actor, 'resolved')}/reopen`, form: {} }),
    'POST /requests/:id/close': async (actor) => ({ method: 'POST', url: `/requests/${await fixture.requestFor(actor)}/close`, form: {} }),
    'POST /requests/:id/accept-join': async () => ({ method: 'POST', url: `/requests/${await fixture.joinRequest()}/accept-join`, form: {} }),
    'POST /requests/:id/refuse-join': async () => ({
      method: 'POST',
      url: `/requests/${await fixture.joinRequest()}/refuse-join`,
      form: { reason: 'Pas maintenant' },
    }),
  };
}
