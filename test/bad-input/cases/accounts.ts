/** Accounts: who one is (me), API tokens, signing in and out, passwords, two-factor and invitations. */
import { ADMIN_PASSWORD } from '../../harness.js';
import { long, unknownId, type Fixtures, type ApiCase, type FormCase } from '../harness.js';

/** Malformed JSON for each API route of this domain, and the problem it must get. */
export const api: Record<string, (f: Fixtures) => ApiCase[]> = {
  // The administrator signed up at set-up: an invitation has nothing left to do for them.
  'POST /api/v1/people/:id/invitations': (f): ApiCase[] => [
    { name: 'already has a password', url: `/api/v1/people/${f.admin.id}/invitations`, json: {}, status: 409, code: 'already_signed_up' },
    { name: 'unknown id', url: `/api/v1/people/${unknownId}/invitations`, json: {}, status: 404, code: 'not_found' },
    {
      name: 'unknown field',
      url: `/api/v1/people/${f.bob.id}/invitations`,
      json: { email: 'x@example.org' },
      status: 400,
      code: 'validation_failed',
      paths: ['/email'],
    },
  ],
  'POST /api/v1/tokens': (): ApiCase[] => [
    { name: 'malformed JSON', url: '/api/v1/tokens', raw: '{"label": ', status: 400, code: 'malformed_json' },
    { name: 'empty JSON body', url: '/api/v1/tokens', raw: '', status: 400, code: 'malformed_json' },
    { name: 'wrong type', url: '/api/v1/tokens', json: { label: { name: 'laptop' } }, status: 400, code: 'validation_failed', paths: ['/label'] },
    { name: 'missing label', url: '/api/v1/tokens', json: {}, status: 400, code: 'validation_failed', paths: ['/label'] },
    { name: 'empty label', url: '/api/v1/tokens', json: { label: '' }, status: 400, code: 'validation_failed', paths: ['/label'] },
    { name: 'unknown field', url: '/api/v1/tokens', json: { label: 'x', scope: 'admin' }, status: 400, code: 'validation_failed', paths: ['/scope'] },
    { name: 'over-long label', url: '/api/v1/tokens', json: { label: long(81) }, status: 400, code: 'validation_failed', paths: ['/label'] },
    { name: 'an array', url: '/api/v1/tokens', json: [], status: 400, code: 'validation_failed' },
    { name: 'XML', url: '/api/v1/tokens', raw: '<label>x</label>', type: 'application/xml', status: 415, code: 'unsupported_media_type' },
    { name: 'plain text', url: '/api/v1/tokens', raw: 'label=x', type: 'text/plain', status: 400, code: 'validation_failed' },
  ],
  'DELETE /api/v1/tokens/:id': (f): ApiCase[] => [
    { name: 'unknown id', url: `/api/v1/tokens/${unknownId}`, status: 404, code: 'not_found' },
    { name: "someone else's token", url: `/api/v1/tokens/${f.bobToken}`, status: 404, code: 'not_found' },
    { name: 'over-long id', url: `/api/v1/tokens/${long(65)}`, status: 400, code: 'validation_failed', paths: ['/params/id'] },
    { name: 'malformed JSON body', url: `/api/v1/tokens/${f.spareToken}`, raw: '{', status: 400, code: 'malformed_json' },
  ],
};

/** Malformed form submissions for each page route of this domain, and the page it must get. */
export const form: Record<string, (f: Fixtures) => FormCase[]> = {
  'POST /people/:id/invitation': (f): FormCase[] => [
    { name: 'already has a password', url: `/people/${f.admin.id}/invitation`, form: {}, status: 409 },
    { name: 'unknown person', url: `/people/${unknownId}/invitation`, form: {}, status: 404 },
    { name: 'no form token', url: `/people/${f.bob.id}/invitation`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /login': (f): FormCase[] => [
    { name: 'wrong password', url: '/login', form: { email: 'admin@example.org', password: 'not the password' }, status: 401, inline: true },
    { name: 'unknown email', url: '/login', form: { email: 'nobody@example.org', password: 'whatever it is' }, status: 401, inline: true },
    { name: 'no password', url: '/login', form: { email: f.bob.email }, status: 401, inline: true },
    { name: 'no form token', url: '/login', form: { email: 'admin@example.org', password: ADMIN_PASSWORD }, noCsrf: true, status: 403 },
  ],
  'POST /logout': (): FormCase[] => [{ name: 'no form token', url: '/logout', form: {}, noCsrf: true, status: 403 }],
  'POST /logout/everywhere': (): FormCase[] => [{ name: 'no form token', url: '/logout/everywhere', form: {}, noCsrf: true, status: 403 }],
  'POST /login/two-factor': (): FormCase[] => [
    // Back to the password: the login page with its alert.
    { name: 'unknown challenge', url: '/login/two-factor', form: { challenge: 'made-up', code: '123456' }, status: 401, inline: true },
    { name: 'no challenge', url: '/login/two-factor', form: { code: '123456' }, status: 401, inline: true },
    { name: 'no form token', url: '/login/two-factor', form: { challenge: 'made-up', code: '123456' }, noCsrf: true, status: 403 },
  ],
  // The wrong current password counts as one failed login of this address (see POST /login's three).
  'POST /profile/password': (): FormCase[] => [
    {
      name: 'wrong current password',
      url: '/profile/password',
      form: { currentPassword: 'not the password', newPassword: 'a long enough passphrase', confirmPassword: 'a long enough passphrase' },
      status: 422,
      inline: true,
    },
    {
      name: 'the two new passwords differ',
      url: '/profile/password',
      form: { currentPassword: ADMIN_PASSWORD, newPassword: 'a long enough passphrase', confirmPassword: 'a long enough passphrase!' },
      status: 400,
      inline: true,
    },
    {
      name: 'a common new password',
      url: '/profile/password',
      form: { currentPassword: ADMIN_PASSWORD, newPassword: 'iloveyou123456', confirmPassword: 'iloveyou123456' },
      status: 422,
      inline: true,
    },
    { name: 'no new password', url: '/profile/password', form: { currentPassword: ADMIN_PASSWORD }, status: 422, inline: true },
    {
      name: 'no form token',
      url: '/profile/password',
      form: { currentPassword: ADMIN_PASSWORD, newPassword: 'a long enough passphrase', confirmPassword: 'a long enough passphrase' },
      noCsrf: true,
      status: 403,
    },
  ],
  'POST /profile/two-factor/start': (): FormCase[] => [{ name: 'no form token', url: '/profile/two-factor/start', form: {}, noCsrf: true, status: 403 }],
  'POST /profile/two-factor/confirm': (): FormCase[] => [
    { name: 'nothing to confirm', url: '/profile/two-factor/confirm', form: { code: '123456' }, status: 409 },
    { name: 'no form token', url: '/profile/two-factor/confirm', form: { code: '123456' }, noCsrf: true, status: 403 },
  ],
  'POST /profile/two-factor/recovery-codes': (): FormCase[] => [
    { name: 'no second factor to renew codes for', url: '/profile/two-factor/recovery-codes', form: { code: '123456' }, status: 409 },
    { name: 'no form token', url: '/profile/two-factor/recovery-codes', form: { code: '123456' }, noCsrf: true, status: 403 },
  ],
  'POST /profile/two-factor/disable': (): FormCase[] => [
    { name: 'nothing to turn off', url: '/profile/two-factor/disable', form: { code: '123456' }, status: 409 },
    { name: 'no form token', url: '/profile/two-factor/disable', form: { code: '123456' }, noCsrf: true, status: 403 },
  ],
  'POST /password/forgot': (f): FormCase[] => [{ name: 'no form token', url: '/password/forgot', form: { email: f.bob.email }, noCsrf: true, status: 403 }],
  'POST /password/reset': (): FormCase[] => [
    { name: 'unknown token', url: '/password/reset', form: { token: 'made-up', password: 'a long enough passphrase' }, status: 422, inline: true },
    { name: 'no token', url: '/password/reset', form: { password: 'a long enough passphrase' }, status: 422, inline: true },
    { name: 'no form token', url: '/password/reset', form: { token: 'made-up', password: 'a long enough passphrase' }, noCsrf: true, status: 403 },
  ],
  'POST /profile/tokens': (): FormCase[] => [
    { name: 'no form token', url: '/profile/tokens', form: { label: 'phone' }, noCsrf: true, status: 403 },
    { name: 'XML', url: '/profile/tokens', raw: '<label>phone</label>', type: 'application/xml', status: 415 },
  ],
  'POST /profile/tokens/:id/revoke': (f): FormCase[] => [
    { name: 'unknown token', url: `/profile/tokens/${unknownId}/revoke`, form: {}, status: 404 },
    { name: "someone else's token", url: `/profile/tokens/${f.bobToken}/revoke`, form: {}, status: 404 },
    { name: 'no form token', url: `/profile/tokens/${f.spareToken}/revoke`, form: {}, noCsrf: true, status: 403 },
  ],
};
