/** Teams and their rosters. */
import { EVERYONE, LEAD_BUREAU_ADMIN, ADMIN, type Context, type Matrix, type Requests } from '../harness.js';

/** Route → the policy it must name → the roles that may pass it. */
export const matrix = {
  'GET /api/v1/teams': ['teams.list', EVERYONE],
  'GET /api/v1/teams/:slug': ['teams.read', EVERYONE],
  'POST /api/v1/teams': ['teams.create', ADMIN],
  'PATCH /api/v1/teams/:slug': ['teams.update', ADMIN],
  'POST /api/v1/teams/:slug/members': ['teams.roster.manage', LEAD_BUREAU_ADMIN],
  'DELETE /api/v1/teams/:slug/members/:personId': ['teams.roster.manage', LEAD_BUREAU_ADMIN],
  'POST /people/:id/teams': ['teams.roster.manage', LEAD_BUREAU_ADMIN],
  'GET /teams/:slug': ['teams.read', EVERYONE],
  'POST /teams/:slug/members': ['teams.roster.manage', LEAD_BUREAU_ADMIN],
  'POST /teams/:slug/members/:personId/remove': ['teams.roster.manage', LEAD_BUREAU_ADMIN],
  'GET /teams/new': ['teams.create', ADMIN],
  'POST /teams/new': ['teams.create', ADMIN],
  'GET /teams/:slug/edit': ['teams.update', ADMIN],
  'POST /teams/:slug/edit': ['teams.update', ADMIN],
} as const satisfies Matrix;

/** For each route above, the request a role sends: a valid one, so that only the policy can refuse it. */
export function requests({ fixture, next }: Context): Requests<typeof matrix> {
  return {
    'GET /api/v1/teams': async () => ({ method: 'GET', url: '/api/v1/teams' }),
    'GET /api/v1/teams/:slug': async () => ({ method: 'GET', url: '/api/v1/teams/technique' }),
    'POST /api/v1/teams': async () => ({ method: 'POST', url: '/api/v1/teams', json: { slug: `new-${next()}`, name: { fr: 'Nouvelle équipe' } } }),
    'PATCH /api/v1/teams/:slug': async () => ({ method: 'PATCH', url: `/api/v1/teams/${await fixture.team()}`, json: { position: 9 } }),
    'POST /api/v1/teams/:slug/members': async () => ({
      method: 'POST',
      url: '/api/v1/teams/technique/members',
      json: { personId: (await fixture.person()).id, role: 'member' },
    }),
    'DELETE /api/v1/teams/:slug/members/:personId': async () => ({
      method: 'DELETE',
      url: `/api/v1/teams/technique/members/${(await fixture.onTechnique()).id}`,
    }),
    'POST /people/:id/teams': async () => ({
      method: 'POST',
      url: `/people/${(await fixture.person()).id}/teams`,
      form: { team: 'technique', role: 'member' },
    }),
    'GET /teams/:slug': async () => ({ method: 'GET', url: '/teams/technique' }),
    'POST /teams/:slug/members': async () => ({
      method: 'POST',
      url: '/teams/technique/members',
      form: { email: (await fixture.person()).email, role: 'member' },
    }),
    'POST /teams/:slug/members/:personId/remove': async () => ({
      method: 'POST',
      url: `/teams/technique/members/${(await fixture.onTechnique()).id}/remove`,
      form: {},
    }),
    'GET /teams/new': async () => ({ method: 'GET', url: '/teams/new' }),
    'POST /teams/new': async () => ({ method: 'POST', url: '/teams/new', form: { slug: `form-${next()}`, 'name-fr': 'Équipe', 'name-en': 'Team' } }),
    'GET /teams/:slug/edit': async () => ({ method: 'GET', url: '/teams/technique/edit' }),
    'POST /teams/:slug/edit': async () => ({
      method: 'POST',
      url: `/teams/${await fixture.team()}/edit`,
      form: { 'name-fr': 'Renommée', 'name-en': 'Renamed' },
    }),
  };
}
