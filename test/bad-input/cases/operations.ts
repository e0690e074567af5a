/** What administrators run by hand: the outbox's retries and the lifecycle run. */
import { long, unknownId, type Fixtures, type ApiCase, type FormCase } from '../harness.js';

/** Malformed JSON for each API route of this domain, and the problem it must get. */
export const api: Record<string, (f: Fixtures) => ApiCase[]> = {
  'POST /api/v1/outbox/:id/retry': (f): ApiCase[] => [
    { name: 'not a dead letter', url: `/api/v1/outbox/${f.pendingEvent}/retry`, json: {}, status: 409, code: 'not_dead_letter' },
    { name: 'unknown event', url: `/api/v1/outbox/${unknownId}/retry`, json: {}, status: 404, code: 'not_found' },
    { name: 'over-long id', url: `/api/v1/outbox/${long(65)}/retry`, json: {}, status: 400, code: 'validation_failed', paths: ['/params/id'] },
  ],
};

/** Malformed form submissions for each page route of this domain, and the page it must get. */
export const form: Record<string, (f: Fixtures) => FormCase[]> = {
  'POST /admin/outbox/:id/retry': (f): FormCase[] => [
    { name: 'not a dead letter', url: `/admin/outbox/${f.pendingEvent}/retry`, form: {}, status: 409 },
    { name: 'unknown event', url: `/admin/outbox/${unknownId}/retry`, form: {}, status: 404 },
    { name: 'no form token', url: `/admin/outbox/${f.pendingEvent}/retry`, form: {}, noCsrf: true, status: 403 },
  ],
};
