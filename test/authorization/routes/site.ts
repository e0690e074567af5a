/** The association's public pages and assets, its settings and the first-run setup. */
import { EVERYONE, BUREAU_ADMIN, type Context, type Matrix, type Requests } from '../harness.js';

/** Route → the policy it must name → the roles that may pass it. */
export const matrix = {
  'GET /assets/:name': ['site.public', EVERYONE],
  'GET /api/v1/openapi.json': ['site.public', EVERYONE],
  'GET /healthz': ['site.health', EVERYONE],
  'GET /': ['site.public', EVERYONE],
  'GET /equipe': ['site.public', EVERYONE],
  'GET /team': ['site.public', EVERYONE],
  'GET /admin/settings': ['site.settings', BUREAU_ADMIN],
  'POST /admin/settings': ['site.settings', BUREAU_ADMIN],
  'POST /admin/settings/association': ['site.settings', BUREAU_ADMIN],
  'GET /setup': ['account.setup', EVERYONE],
  'POST /setup': ['account.setup', EVERYONE],
} as const satisfies Matrix;

/** For each route above, the request a role sends: a valid one, so that only the policy can refuse it. */
export function requests({ next }: Context): Requests<typeof matrix> {
  return {
    'GET /assets/:name': async () => ({ method: 'GET', url: '/assets/pico.min.css' }),
    'GET /api/v1/openapi.json': async () => ({ method: 'GET', url: '/api/v1/openapi.json' }),
    'GET /healthz': async () => ({ method: 'GET', url: '/healthz' }),
    'GET /': async () => ({ method: 'GET', url: '/' }),
    'GET /equipe': async () => ({ method: 'GET', url: '/equipe' }),
    'GET /team': async () => ({ method: 'GET', url: '/team' }),
    'GET /admin/settings': async () => ({ method: 'GET', url: '/admin/settings' }),
    'POST /admin/settings': async () => ({ method: 'POST', url: '/admin/settings', form: { name: 'TeDomum', description: 'Hébergeur associatif' } }),
    'POST /admin/settings/association': async () => ({
      method: 'POST',
      url: '/admin/settings/association',
      form: { mailFooter: `TeDomum, ${next()} rue du Port` },
    }),
    'GET /setup': async () => ({ method: 'GET', url: '/setup' }),
    'POST /setup': async () => ({
      method: 'POST',
      url: '/setup',
      form: { associationName: 'Autre', displayName: 'Intrus', email: `intrus.${next()}@example.org`, password: 'another long passphrase here' },
      allowedStatus: 409,
    }),
  };
}
