/** Forges: signed webhooks, forge logins linked to people, authors nobody is linked to. */
import { EVERYONE, SIGNED_IN, ADMIN, GITLAB_TOKEN, type Context, type Matrix, type Requests } from '../harness.js';

/** Route → the policy it must name → the roles that may pass it. */
export const matrix = {
  'POST /api/v1/hooks/forgejo': ['forge.hook', EVERYONE],
  'POST /api/v1/hooks/gitlab': ['forge.hook', EVERYONE],
  'GET /api/v1/forge/unknown-authors': ['forge.unknown.read', ADMIN],
  'GET /api/v1/people/:id/forge-accounts': ['forge.accounts.manage', SIGNED_IN],
  'POST /api/v1/people/:id/forge-accounts': ['forge.accounts.manage', SIGNED_IN],
  'DELETE /api/v1/people/:id/forge-accounts/:accountId': ['forge.accounts.manage', SIGNED_IN],
  'GET /admin/forges': ['forge.unknown.read', ADMIN],
  'POST /admin/forges/link': ['forge.unknown.link', ADMIN],
  'GET /profile/forges': ['forge.accounts.manage', SIGNED_IN],
  'POST /profile/forges': ['forge.accounts.manage', SIGNED_IN],
  'POST /profile/forges/:id/delete': ['forge.accounts.manage', SIGNED_IN],
} as const satisfies Matrix;

/** For each route above, the request a role sends: a valid one, so that only the policy can refuse it. */
export function requests({ fixture, self, next }: Context): Requests<typeof matrix> {
  return {
    'POST /api/v1/hooks/forgejo': async () => ({ method: 'POST', url: '/api/v1/hooks/forgejo', ...fixture.forgejoPush() }),
    'POST /api/v1/hooks/gitlab': async () => ({
      method: 'POST',
      url: '/api/v1/hooks/gitlab',
      json: { object_kind: 'push', commits: [] },
      headers: { 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': GITLAB_TOKEN },
    }),
    'GET /api/v1/forge/unknown-authors': async () => ({ method: 'GET', url: '/api/v1/forge/unknown-authors' }),
    'GET /api/v1/people/:id/forge-accounts': async (actor) => ({ method: 'GET', url: `/api/v1/people/${self(actor)}/forge-accounts` }),
    'POST /api/v1/people/:id/forge-accounts': async (actor) => ({
      method: 'POST',
      url: `/api/v1/people/${self(actor)}/forge-accounts`,
      json: { forge: 'gitlab', identity: `matrix-${next()}` },
    }),
    'DELETE /api/v1/people/:id/forge-accounts/:accountId': async (actor) => ({
      method: 'DELETE',
      url: `/api/v1/people/${self(actor)}/forge-accounts/${await fixture.forgeAccount(self(actor))}`,
    }),
    'GET /admin/forges': async () => ({ method: 'GET', url: '/admin/forges' }),
    'POST /admin/forges/link': async () => ({
      method: 'POST',
      url: '/admin/forges/link',
      form: { unknownId: await fixture.unknownAuthor(), email: (await fixture.person()).email },
    }),
    'GET /profile/forges': async () => ({ method: 'GET', url: '/profile/forges' }),
    'POST /profile/forges': async () => ({ method: 'POST', url: '/profile/forges', form: { forge: 'gitlab', identity: `form-${next()}` } }),
    'POST /profile/forges/:id/delete': async (actor) => ({
      method: 'POST',
      url: `/profile/forges/${await fixture.forgeAccount(self(actor))}/delete`,
      form: {},
    }),
  };
}
