/** The register of members, resigning, and the lifecycle run. */
import { long, unknownId, type Fixtures, type ApiCase, type FormCase } from '../harness.js';

/** Malformed JSON for each API route of this domain, and the problem it must get. */
export const api: Record<string, (f: Fixtures) => ApiCase[]> = {
  'POST /api/v1/people/:id/membership/resign': (f): ApiCase[] => [
    // Nobody resigns someone else, not even an administrator.
    { name: 'someone else', url: `/api/v1/people/${f.bob.id}/membership/resign`, status: 403, code: 'forbidden' },
    { name: 'unknown person', url: `/api/v1/people/${unknownId}/membership/resign`, status: 403, code: 'forbidden' },
    { name: 'over-long id', url: `/api/v1/people/${long(65)}/membership/resign`, status: 400, code: 'validation_failed', paths: ['/params/id'] },
  ],
  'POST /api/v1/lifecycle/run': (): ApiCase[] => [
    { name: 'month 13', url: '/api/v1/lifecycle/run', json: { date: '2026-13-01' }, status: 400, code: 'validation_failed', paths: ['/date'] },
    { name: 'impossible day', url: '/api/v1/lifecycle/run', json: { date: '2027-02-31' }, status: 400, code: 'validation_failed', paths: ['/date'] },
    { name: 'not a date', url: '/api/v1/lifecycle/run', json: { date: 'demain' }, status: 400, code: 'validation_failed', paths: ['/date'] },
    { name: 'unknown field', url: '/api/v1/lifecycle/run', json: { when: '2027-01-01' }, status: 400, code: 'validation_failed', paths: ['/when'] },
    { name: 'malformed JSON', url: '/api/v1/lifecycle/run', raw: '{"date":', status: 400, code: 'malformed_json' },
  ],
};

/** Malformed form submissions for each page route of this domain, and the page it must get. */
export const form: Record<string, (f: Fixtures) => FormCase[]> = {
  // The administrator is not a member: nothing to resign from (the missing box is tested with a member in memberships/pages.test.ts).
  'POST /membership/resign': (): FormCase[] => [
    { name: 'not a member, confirmed', url: '/membership/resign', form: { confirm: 'yes' }, status: 409 },
    { name: 'not a member, not confirmed', url: '/membership/resign', form: {}, status: 409 },
    { name: 'no form token', url: '/membership/resign', form: { confirm: 'yes' }, noCsrf: true, status: 403 },
    { name: 'malformed JSON', url: '/membership/resign', raw: '{"confirm":', type: 'application/json', status: 400 },
  ],
};
