/** Forges: signed webhooks, forge logins linked to people, authors nobody is linked to. */
import { long, unknownId, type Fixtures, type ApiCase, type FormCase } from '../harness.js';

/** Malformed JSON for each API route of this domain, and the problem it must get. */
export const api: Record<string, (f: Fixtures) => ApiCase[]> = {
  // The association under test configures no webhook secret: every hook is unsigned for it.
  'POST /api/v1/hooks/forgejo': (): ApiCase[] => [
    { name: 'unsigned push', url: '/api/v1/hooks/forgejo', json: { commits: [] }, status: 401, code: 'invalid_signature' },
    { name: 'malformed JSON, unsigned', url: '/api/v1/hooks/forgejo', raw: '{"ref": ', status: 401, code: 'invalid_signature' },
    { name: 'empty body', url: '/api/v1/hooks/forgejo', raw: '', status: 401, code: 'invalid_signature' },
    {
      name: 'form-encoded payload',
      url: '/api/v1/hooks/forgejo',
      raw: 'payload=%7B%7D',
      type: 'application/x-www-form-urlencoded',
      status: 415,
      code: 'unsupported_media_type',
    },
    { name: 'XML', url: '/api/v1/hooks/forgejo', raw: '<push/>', type: 'application/xml', status: 415, code: 'unsupported_media_type' },
  ],
  'POST /api/v1/hooks/gitlab': (): ApiCase[] => [
    { name: 'no token', url: '/api/v1/hooks/gitlab', json: { object_kind: 'push', commits: [] }, status: 401, code: 'invalid_signature' },
    { name: 'malformed JSON, no token', url: '/api/v1/hooks/gitlab', raw: '{"object_kind": ', status: 401, code: 'invalid_signature' },
    { name: 'plain text', url: '/api/v1/hooks/gitlab', raw: 'push', type: 'text/plain', status: 415, code: 'unsupported_media_type' },
  ],
  'POST /api/v1/people/:id/forge-accounts': (f): ApiCase[] => {
    const url = `/api/v1/people/${f.bob.id}/forge-accounts`;
    return [
      { name: 'malformed JSON', url, raw: '{"forge": ', status: 400, code: 'malformed_json' },
      { name: 'unknown forge', url, json: { forge: 'github', identity: 'bob' }, status: 400, code: 'validation_failed', paths: ['/forge'] },
      { name: 'missing identity', url, json: { forge: 'gitlab' }, status: 400, code: 'validation_failed', paths: ['/identity'] },
      { name: 'empty identity', url, json: { forge: 'gitlab', identity: '' }, status: 400, code: 'validation_failed', paths: ['/identity'] },
      { name: 'login with a space', url, json: { forge: 'gitlab', identity: 'bob martin' }, status: 400, code: 'validation_failed', paths: ['/identity'] },
      { name: 'email without @', url, json: { forge: 'email', identity: 'bob.example.org' }, status: 400, code: 'validation_failed', paths: ['/identity'] },
      { name: 'over-long identity', url, json: { forge: 'gitlab', identity: long(255) }, status: 400, code: 'validation_failed', paths: ['/identity'] },
      { name: 'unknown field', url, json: { forge: 'gitlab', identity: 'bob', verified: true }, status: 400, code: 'validation_failed', paths: ['/verified'] },
      { name: "Carol's login", url, json: { forge: 'forgejo', identity: 'CAROL' }, status: 409, code: 'forge_account_taken', paths: ['/identity'] },
      { name: "Carol's record email", url, json: { forge: 'email', identity: f.carol.email }, status: 409, code: 'forge_account_taken', paths: ['/identity'] },
      { name: 'unknown person', url: `/api/v1/people/${unknownId}/forge-accounts`, json: { forge: 'gitlab', identity: 'x' }, status: 404, code: 'not_found' },
    ];
  },
  'DELETE /api/v1/people/:id/forge-accounts/:accountId': (f): ApiCase[] => [
    { name: 'unknown account', url: `/api/v1/people/${f.bob.id}/forge-accounts/${unknownId}`, status: 404, code: 'not_found' },
    { name: "Carol's account under Bob", url: `/api/v1/people/${f.bob.id}/forge-accounts/${f.carolForgeAccount}`, status: 404, code: 'not_found' },
    {
      name: 'over-long account id',
      url: `/api/v1/people/${f.carol.id}/forge-accounts/${long(65)}`,
      status: 400,
      code: 'validation_failed',
      paths: ['/params/accountId'],
    },
    { name: 'unknown person', url: `/api/v1/people/${unknownId}/forge-accounts/${f.carolForgeAccount}`, status: 404, code: 'not_found' },
  ],
};

/** Malformed form submissions for each page route of this domain, and the page it must get. */
export const form: Record<string, (f: Fixtures) => FormCase[]> = {
  'POST /admin/forges/link': (f): FormCase[] => [
    { name: 'nobody has this email', url: '/admin/forges/link', form: { unknownId: f.unknownAuthor, email: 'nobody@example.org' }, status: 400, inline: true },
    { name: 'no email', url: '/admin/forges/link', form: { unknownId: f.unknownAuthor, email: '' }, status: 400, inline: true },
    { name: 'unknown author', url: '/admin/forges/link', form: { unknownId, email: f.bob.email }, status: 404 },
    { name: 'no form token', url: '/admin/forges/link', form: { unknownId: f.unknownAuthor, email: f.bob.email }, noCsrf: true, status: 403 },
  ],
  'POST /profile/forges': (f): FormCase[] => [
    { name: 'unknown forge', url: '/profile/forges', form: { forge: 'github', identity: 'ada' }, status: 400, inline: true },
    { name: 'login with a space', url: '/profile/forges', form: { forge: 'forgejo', identity: 'ada admin' }, status: 400, inline: true },
    { name: 'no identity', url: '/profile/forges', form: { forge: 'gitlab', identity: '' }, status: 400, inline: true },
    { name: "Carol's login", url: '/profile/forges', form: { forge: 'forgejo', identity: 'carol' }, status: 409, inline: true },
    { name: "Bob's record email", url: '/profile/forges', form: { forge: 'email', identity: f.bob.email }, status: 409, inline: true },
    { name: 'no form token', url: '/profile/forges', form: { forge: 'gitlab', identity: 'ada' }, noCsrf: true, status: 403 },
    { name: 'malformed JSON', url: '/profile/forges', raw: '{"forge":', type: 'application/json', status: 400 },
  ],
  'POST /profile/forges/:id/delete': (f): FormCase[] => [
    { name: 'unknown account', url: `/profile/forges/${unknownId}/delete`, form: {}, status: 404 },
    { name: "Carol's account", url: `/profile/forges/${f.carolForgeAccount}/delete`, form: {}, status: 404 },
    { name: 'no form token', url: `/profile/forges/${f.carolForgeAccount}/delete`, form: {}, noCsrf: true, status: 403 },
  ],
};
