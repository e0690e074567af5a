/** The register of people: records, their login address changes, the directory and imports, one's profile. */
import { EVERYONE, SIGNED_IN, TEAM_BUREAU_ADMIN, LEAD_BUREAU_ADMIN, BUREAU_ADMIN, type Context, type Matrix, type Requests } from '../harness.js';

/** Route → the policy it must name → the roles that may pass it. */
export const matrix = {
  'POST /api/v1/people': ['people.create', LEAD_BUREAU_ADMIN],
  'GET /api/v1/people': ['people.list', TEAM_BUREAU_ADMIN],
  'GET /api/v1/people/:id': ['people.read', SIGNED_IN],
  'PATCH /api/v1/people/:id': ['people.update', SIGNED_IN],
  'POST /api/v1/people/import': ['people.import', BUREAU_ADMIN],
  'POST /api/v1/people/:id/pending-email/cancel': ['people.update', SIGNED_IN],
  'POST /api/v1/email/confirm': ['people.emailLink', EVERYONE],
  'POST /api/v1/email/cancel': ['people.emailLink', EVERYONE],
  'GET /email/confirm': ['people.emailLink', EVERYONE],
  'POST /email/confirm': ['people.emailLink', EVERYONE],
  'GET /email/cancel': ['people.emailLink', EVERYONE],
  'POST /email/cancel': ['people.emailLink', EVERYONE],
  'POST /people/:id/email/cancel': ['people.update', SIGNED_IN],
  'GET /people': ['people.list', TEAM_BUREAU_ADMIN],
  'GET /people/picker': ['people.list', TEAM_BUREAU_ADMIN],
  'GET /people/new': ['people.create', LEAD_BUREAU_ADMIN],
  'POST /people/new': ['people.create', LEAD_BUREAU_ADMIN],
  'GET /people/import': ['people.import', BUREAU_ADMIN],
  'POST /people/import': ['people.import', BUREAU_ADMIN],
  'GET /people/:id': ['people.read', SIGNED_IN],
  'GET /people/:id/edit': ['people.update', SIGNED_IN],
  'POST /people/:id/edit': ['people.update', SIGNED_IN],
  'GET /profile': ['me.update', SIGNED_IN],
  'POST /profile': ['me.update', SIGNED_IN],
  'POST /profile/language': ['me.update', SIGNED_IN],
} as const satisfies Matrix;

/** For each route above, the request a role sends: a valid one, so that only the policy can refuse it. */
export function requests({ fixture, self, personForm, next }: Context): Requests<typeof matrix> {
  return {
    'POST /api/v1/people': async () => ({ method: 'POST', url: '/api/v1/people', json: { displayName: 'Nouvelle', email: `new.${next()}@example.org` } }),
    'GET /api/v1/people': async () => ({ method: 'GET', url: '/api/v1/people?q=a' }),
    'GET /api/v1/people/:id': async (actor) => ({ method: 'GET', url: `/api/v1/people/${self(actor)}` }),
    'PATCH /api/v1/people/:id': async (actor) => ({ method: 'PATCH', url: `/api/v1/people/${self(actor)}`, json: { pronouns: 'iel' } }),
    'POST /api/v1/people/import': async () => ({
      method: 'POST',
      url: '/api/v1/people/import',
      csv: `displayName,email\nImportée,imported.${next()}@example.org\n`,
    }),
    'POST /api/v1/people/:id/pending-email/cancel': async (actor) => {
      await fixture.pendingEmail(actor);
      return { method: 'POST', url: `/api/v1/people/${self(actor)}/pending-email/cancel`, json: {} };
    },
    'POST /api/v1/email/confirm': async () => ({ method: 'POST', url: '/api/v1/email/confirm', json: { token: await fixture.emailLink('confirm') } }),
    'POST /api/v1/email/cancel': async () => ({ method: 'POST', url: '/api/v1/email/cancel', json: { token: await fixture.emailLink('cancel') } }),
    'GET /email/confirm': async () => ({ method: 'GET', url: `/email/confirm?token=${encodeURIComponent(await fixture.emailLink('confirm'))}` }),
    'POST /email/confirm': async () => ({ method: 'POST', url: '/email/confirm', form: { token: await fixture.emailLink('confirm') } }),
    'GET /email/cancel': async () => ({ method: 'GET', url: `/email/cancel?token=${encodeURIComponent(await fixture.emailLink('cancel'))}` }),
    'POST /email/cancel': async () => ({ method: 'POST', url: '/email/cancel', form: { token: await fixture.emailLink('cancel') } }),
    'POST /people/:id/email/cancel': async (actor) => {
      await fixture.pendingEmail(actor);
      return { method: 'POST', url: `/people/${self(actor)}/email/cancel`, form: {} };
    },
    'GET /people': async () => ({ method: 'GET', url: '/people?q=a' }),
    'GET /people/picker': async () => ({ method: 'GET', url: '/people/picker?person=ada' }),
    'GET /people/new': async () => ({ method: 'GET', url: '/people/new' }),
    'POST /people/new': async () => ({ method: 'POST', url: '/people/new', form: { displayName: 'Nouvelle', email: `form.${next()}@example.org` } }),
    'GET /people/import': async () => ({ method: 'GET', url: '/people/import' }),
    'POST /people/import': async () => ({
      method: 'POST',
      url: '/people/import',
      form: { csv: `displayName,email\nImportée,form.import.${next()}@example.org\n` },
    }),
    'GET /people/:id': async (actor) => ({ method: 'GET', url: `/people/${self(actor)}` }),
    'GET /people/:id/edit': async (actor) => ({ method: 'GET', url: `/people/${self(actor)}/edit` }),
    'POST /people/:id/edit': async (actor) => ({ method: 'POST', url: `/people/${self(actor)}/edit`, form: await personForm(self(actor)) }),
    'GET /profile': async () => ({ method: 'GET', url: '/profile' }),
    'POST /profile': async (actor) => ({ method: 'POST', url: '/profile', form: await personForm(self(actor)) }),
    'POST /profile/language': async () => ({ method: 'POST', url: '/profile/language', form: { locale: 'fr', next: '/equipe' } }),
  };
}
