/** The bureau's offices and the two-person rule for changing them. */
import { long, unknownId, type Fixtures, type ApiCase, type FormCase } from '../harness.js';

/** Malformed JSON for each API route of this domain, and the problem it must get. */
export const api: Record<string, (f: Fixtures) => ApiCase[]> = {
  'POST /api/v1/bureau/members': (f): ApiCase[] => [
    {
      name: 'unknown office',
      url: '/api/v1/bureau/members',
      json: { personId: f.bob.id, office: 'king' },
      status: 400,
      code: 'validation_failed',
      paths: ['/office'],
    },
    {
      name: 'since not a date',
      url: '/api/v1/bureau/members',
      json: { personId: f.bob.id, office: 'member', since: 'yesterday' },
      status: 400,
      code: 'validation_failed',
      paths: ['/since'],
    },
    {
      name: 'since an impossible date',
      url: '/api/v1/bureau/members',
      json: { personId: f.bob.id, office: 'member', since: '2026-02-30' },
      status: 400,
      code: 'validation_failed',
      paths: ['/since'],
    },
    {
      name: 'unknown person',
      url: '/api/v1/bureau/members',
      json: { personId: unknownId, office: 'member' },
      status: 400,
      code: 'validation_failed',
      paths: ['/personId'],
    },
    {
      name: 'office held by another',
      url: '/api/v1/bureau/members',
      json: { personId: f.bob.id, office: 'president' },
      status: 409,
      code: 'office_already_held',
    },
    {
      name: 'office already held',
      url: '/api/v1/bureau/members',
      json: { personId: f.carol.id, office: 'president' },
      status: 409,
      code: 'office_already_held',
    },
    { name: 'missing office', url: '/api/v1/bureau/members', json: { personId: f.bob.id }, status: 400, code: 'validation_failed', paths: ['/office'] },
    {
      name: 'unknown field',
      url: '/api/v1/bureau/members',
      json: { personId: f.bob.id, office: 'member', until: '2030-01-01' },
      status: 400,
      code: 'validation_failed',
      paths: ['/until'],
    },
    { name: 'malformed JSON', url: '/api/v1/bureau/members', raw: 'office=member', status: 400, code: 'malformed_json' },
  ],
  'POST /api/v1/bureau/changes/:id/confirm': (): ApiCase[] => [
    { name: 'unknown change', url: `/api/v1/bureau/changes/${unknownId}/confirm`, json: {}, status: 404, code: 'not_found' },
    { name: 'unknown field', url: `/api/v1/bureau/changes/${unknownId}/confirm`, json: { force: true }, status: 400, code: 'validation_failed' },
  ],
  'POST /api/v1/bureau/changes/:id/cancel': (): ApiCase[] => [
    { name: 'unknown change', url: `/api/v1/bureau/changes/${unknownId}/cancel`, json: {}, status: 404, code: 'not_found' },
    { name: 'unknown field', url: `/api/v1/bureau/changes/${unknownId}/cancel`, json: { force: true }, status: 400, code: 'validation_failed' },
  ],
  'POST /api/v1/bureau/members/:id/end': (f): ApiCase[] => [
    { name: 'unknown office', url: `/api/v1/bureau/members/${unknownId}/end`, json: {}, status: 404, code: 'not_found' },
    { name: 'office already ended', url: `/api/v1/bureau/members/${f.endedOffice}/end`, json: {}, status: 404, code: 'not_found' },
    {
      name: 'until not a date',
      url: `/api/v1/bureau/members/${f.presidentOffice}/end`,
      json: { until: 'soon' },
      status: 400,
      code: 'validation_failed',
      paths: ['/until'],
    },
    {
      name: 'until an impossible date',
      url: `/api/v1/bureau/members/${f.presidentOffice}/end`,
      json: { until: '2026-13-01' },
      status: 400,
      code: 'validation_failed',
      paths: ['/until'],
    },
    {
      name: 'until before since',
      url: `/api/v1/bureau/members/${f.presidentOffice}/end`,
      json: { until: '2000-01-01' },
      status: 400,
      code: 'validation_failed',
      paths: ['/until'],
    },
    {
      name: 'unknown field',
      url: `/api/v1/bureau/members/${f.presidentOffice}/end`,
      json: { reason: 'tired' },
      status: 400,
      code: 'validation_failed',
      paths: ['/reason'],
    },
    { name: 'over-long id', url: `/api/v1/bureau/members/${long(65)}/end`, json: {}, status: 400, code: 'validation_failed', paths: ['/params/id'] },
    { name: 'malformed JSON', url: `/api/v1/bureau/members/${f.presidentOffice}/end`, raw: '{"until": 2026-01-01}', status: 400, code: 'malformed_json' },
  ],
};

/** Malformed form submissions for each page route of this domain, and the page it must get. */
export const form: Record<string, (f: Fixtures) => FormCase[]> = {
  'POST /bureau/offices': (f): FormCase[] => [
    { name: 'unknown email', url: '/bureau/offices', form: { email: 'nobody@example.org', office: 'member' }, status: 400, inline: true },
    { name: 'since not a date', url: '/bureau/offices', form: { email: f.bob.email, office: 'member', since: 'demain' }, status: 400, inline: true },
    { name: 'office held by another', url: '/bureau/offices', form: { email: f.bob.email, office: 'president' }, status: 409, inline: true },
    { name: 'no form token', url: '/bureau/offices', form: { email: f.bob.email, office: 'member' }, noCsrf: true, status: 403 },
  ],
  'POST /bureau/changes/:id/confirm': (): FormCase[] => [
    { name: 'unknown change', url: `/bureau/changes/${unknownId}/confirm`, form: {}, status: 404 },
    { name: 'no form token', url: `/bureau/changes/${unknownId}/confirm`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /bureau/changes/:id/cancel': (): FormCase[] => [
    { name: 'unknown change', url: `/bureau/changes/${unknownId}/cancel`, form: {}, status: 404 },
    { name: 'no form token', url: `/bureau/changes/${unknownId}/cancel`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /bureau/offices/:id/end': (f): FormCase[] => [
    { name: 'unknown office', url: `/bureau/offices/${unknownId}/end`, form: {}, status: 404 },
    { name: 'office already ended', url: `/bureau/offices/${f.endedOffice}/end`, form: {}, status: 404 },
    { name: 'no form token', url: `/bureau/offices/${f.presidentOffice}/end`, form: {}, noCsrf: true, status: 403 },
  ],
};
