/** Privacy: the notice, one's own export, and erasure. */
import { long, unknownId, type Fixtures, type ApiCase, type FormCase } from '../harness.js';

/** Malformed JSON for each API route of this domain, and the problem it must get. */
export const api: Record<string, (f: Fixtures) => ApiCase[]> = {
  // Erasure (privacy): Bob could be erased, so every case here must be refused before anything is written.
  'POST /api/v1/people/:id/erase': (f): ApiCase[] => {
    const url = `/api/v1/people/${f.bob.id}/erase`;
    return [
      { name: 'malformed JSON', url, raw: '{"confirm": ', status: 400, code: 'malformed_json' },
      { name: 'no body fields', url, json: {}, status: 400, code: 'validation_failed', paths: ['/confirm', '/reason'] },
      { name: 'unknown reason', url, json: { confirm: 'Bob Martin', reason: 'whim' }, status: 400, code: 'validation_failed', paths: ['/reason'] },
      {
        name: 'unknown field',
        url,
        json: { confirm: 'Bob Martin', reason: 'request', force: true },
        status: 400,
        code: 'validation_failed',
        paths: ['/force'],
      },
      { name: 'over-long confirmation', url, json: { confirm: long(201), reason: 'request' }, status: 400, code: 'validation_failed', paths: ['/confirm'] },
      {
        name: 'NUL in the confirmation',
        url,
        json: { confirm: 'Bob\u0000Martin', reason: 'request' },
        status: 400,
        code: 'validation_failed',
        paths: ['/confirm'],
      },
      { name: 'not the name', url, json: { confirm: 'Robert', reason: 'request' }, status: 400, code: 'validation_failed', paths: ['/confirm'] },
      { name: 'unknown person', url: `/api/v1/people/${unknownId}/erase`, json: { confirm: 'X', reason: 'request' }, status: 404, code: 'not_found' },
      {
        name: 'over-long id',
        url: `/api/v1/people/${long(65)}/erase`,
        json: { confirm: 'X', reason: 'request' },
        status: 400,
        code: 'validation_failed',
        paths: ['/params/id'],
      },
      {
        name: 'a president in office',
        url: `/api/v1/people/${f.carol.id}/erase`,
        json: { confirm: 'Carol Durand', reason: 'request' },
        status: 409,
        code: 'active_bureau_member',
      },
    ];
  },
};

/** Malformed form submissions for each page route of this domain, and the page it must get. */
export const form: Record<string, (f: Fixtures) => FormCase[]> = {
  'POST /people/:id/erase': (f): FormCase[] => [
    { name: 'not the name', url: `/people/${f.bob.id}/erase`, form: { confirm: 'Bob', reason: 'request' }, status: 400, inline: true },
    { name: 'no name', url: `/people/${f.bob.id}/erase`, form: { reason: 'request' }, status: 400, inline: true },
    { name: 'unknown reason', url: `/people/${f.bob.id}/erase`, form: { confirm: 'Bob Martin', reason: 'whim' }, status: 400, inline: true },
    { name: 'a president in office', url: `/people/${f.carol.id}/erase`, form: { confirm: 'Carol Durand', reason: 'request' }, status: 409 },
    { name: 'unknown person', url: `/people/${unknownId}/erase`, form: { confirm: 'X', reason: 'request' }, status: 404 },
    { name: 'no form token', url: `/people/${f.bob.id}/erase`, form: { confirm: 'Bob Martin', reason: 'request' }, noCsrf: true, status: 403 },
    { name: 'malformed JSON', url: `/people/${f.bob.id}/erase`, raw: '{"confirm":', type: 'application/json', status: 400 },
  ],
};
