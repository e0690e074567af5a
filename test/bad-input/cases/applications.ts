/** Membership applications, from the form to the bureau's list. */
import { long, unknownId, type Fixtures, type ApiCase, type FormCase } from '../harness.js';

/** Malformed JSON for each API route of this domain, and the problem it must get. */
export const api: Record<string, (f: Fixtures) => ApiCase[]> = {
  'POST /api/v1/applications': (): ApiCase[] => [
    { name: 'malformed JSON', url: '/api/v1/applications', raw: '{"motivation": ', status: 400, code: 'malformed_json' },
    { name: 'no motivation', url: '/api/v1/applications', json: {}, status: 400, code: 'validation_failed', paths: ['/motivation'] },
    { name: 'empty motivation', url: '/api/v1/applications', json: { motivation: '' }, status: 400, code: 'validation_failed', paths: ['/motivation'] },
    { name: 'blank motivation', url: '/api/v1/applications', json: { motivation: '   ' }, status: 400, code: 'validation_failed', paths: ['/motivation'] },
    {
      name: 'over-long motivation',
      url: '/api/v1/applications',
      json: { motivation: long(5001) },
      status: 400,
      code: 'validation_failed',
      paths: ['/motivation'],
    },
    {
      name: 'unknown field',
      url: '/api/v1/applications',
      json: { motivation: 'x', status: 'accepted' },
      status: 400,
      code: 'validation_failed',
      paths: ['/status'],
    },
    // The administrator is on no team and has recorded nothing: not an active contributor.
    { name: 'not an active contributor', url: '/api/v1/applications', json: { motivation: 'Je veux voter' }, status: 422, code: 'not_active_contributor' },
  ],
  'POST /api/v1/applications/:id/withdraw': (f): ApiCase[] => [
    { name: 'unknown id', url: `/api/v1/applications/${unknownId}/withdraw`, status: 404, code: 'not_found' },
    { name: 'already withdrawn', url: `/api/v1/applications/${f.withdrawnApplication}/withdraw`, status: 409, code: 'application_closed' },
    { name: 'already decided', url: `/api/v1/applications/${f.decidedApplication}/withdraw`, status: 409, code: 'application_closed' },
  ],
  'POST /api/v1/applications/:id/rapporteur': (f): ApiCase[] => [
    {
      name: 'no body',
      url: `/api/v1/applications/${f.openApplication}/rapporteur`,
      json: {},
      status: 400,
      code: 'validation_failed',
      paths: ['/rapporteurId'],
    },
    {
      name: 'not on the bureau',
      url: `/api/v1/applications/${f.openApplication}/rapporteur`,
      json: { rapporteurId: f.bob.id },
      status: 400,
      code: 'validation_failed',
      paths: ['/rapporteurId'],
    },
    { name: 'unknown application', url: `/api/v1/applications/${unknownId}/rapporteur`, json: { rapporteurId: null }, status: 404, code: 'not_found' },
  ],
};

/** Malformed form submissions for each page route of this domain, and the page it must get. */
export const form: Record<string, (f: Fixtures) => FormCase[]> = {
  'POST /membership/apply': (): FormCase[] => [
    { name: 'empty motivation', url: '/membership/apply', form: { motivation: '' }, status: 400, inline: true },
    { name: 'over-long motivation', url: '/membership/apply', form: { motivation: long(5001) }, status: 400, inline: true },
    // The administrator is on no team and recorded nothing: not an active contributor.
    { name: 'not an active contributor', url: '/membership/apply', form: { motivation: 'Je veux voter' }, status: 422 },
    { name: 'no form token', url: '/membership/apply', form: { motivation: 'Je veux voter' }, noCsrf: true, status: 403 },
    { name: 'malformed JSON', url: '/membership/apply', raw: '{"motivation":', type: 'application/json', status: 400 },
  ],
  'POST /applications/:id/withdraw': (f): FormCase[] => [
    { name: 'already withdrawn', url: `/applications/${f.withdrawnApplication}/withdraw`, form: {}, status: 409 },
    { name: 'unknown application', url: `/applications/${unknownId}/withdraw`, form: {}, status: 404 },
    { name: 'no form token', url: `/applications/${f.openApplication}/withdraw`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /applications/:id/rapporteur': (f): FormCase[] => [
    { name: 'not on the bureau', url: `/applications/${f.openApplication}/rapporteur`, form: { rapporteurId: f.bob.id }, status: 400 },
    { name: 'unknown application', url: `/applications/${unknownId}/rapporteur`, form: { rapporteurId: '' }, status: 404 },
    { name: 'no form token', url: `/applications/${f.openApplication}/rapporteur`, form: { rapporteurId: '' }, noCsrf: true, status: 403 },
  ],
};
