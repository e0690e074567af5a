/** Requests from the public and members, their private follow links, and consultations between teams. */
import { long, unknownId, type Fixtures, type ApiCase, type FormCase } from '../harness.js';

/** Malformed JSON for each API route of this domain, and the problem it must get. */
export const api: Record<string, (f: Fixtures) => ApiCase[]> = {
  'POST /api/v1/requests': (): ApiCase[] => [
    {
      name: 'nothing',
      url: '/api/v1/requests',
      json: {},
      status: 400,
      code: 'validation_failed',
      paths: ['/email', '/category', '/subject', '/message'],
    },
    {
      name: 'not an email',
      url: '/api/v1/requests',
      json: { email: 'ana@', category: 'question', subject: 'S', message: 'M' },
      status: 400,
      code: 'validation_failed',
      paths: ['/email'],
    },
    {
      name: 'unknown category',
      url: '/api/v1/requests',
      json: { email: 'ana@example.org', category: 'spam', subject: 'S', message: 'M' },
      status: 400,
      code: 'validation_failed',
      paths: ['/category'],
    },
    {
      name: 'join without a team',
      url: '/api/v1/requests',
      json: { email: 'ana@example.org', category: 'join', subject: 'S', message: 'M' },
      status: 400,
      code: 'validation_failed',
      paths: ['/teamSlug'],
    },
    {
      name: 'join an unknown team',
      url: '/api/v1/requests',
      json: { email: 'ana@example.org', category: 'join', teamSlug: 'cuisine', subject: 'S', message: 'M' },
      status: 400,
      code: 'validation_failed',
      paths: ['/teamSlug'],
    },
    {
      name: 'a link that is not http',
      url: '/api/v1/requests',
      json: { email: 'ana@example.org', category: 'question', subject: 'S', message: 'M', link: 'javascript:alert(1)' },
      status: 400,
      code: 'validation_failed',
      paths: ['/link'],
    },
    {
      name: 'blank subject',
      url: '/api/v1/requests',
      json: { email: 'ana@example.org', category: 'question', subject: '   ', message: 'M' },
      status: 400,
      code: 'validation_failed',
      paths: ['/subject'],
    },
    {
      name: 'over-long message',
      url: '/api/v1/requests',
      json: { email: 'ana@example.org', category: 'question', subject: 'S', message: long(5001) },
      status: 400,
      code: 'validation_failed',
      paths: ['/message'],
    },
    {
      name: 'unknown field',
      url: '/api/v1/requests',
      json: { email: 'ana@example.org', category: 'question', subject: 'S', message: 'M', priority: 'high' },
      status: 400,
      code: 'validation_failed',
      paths: ['/priority'],
    },
    { name: 'malformed JSON', url: '/api/v1/requests', raw: '{"email":', status: 400, code: 'malformed_json' },
  ],
  'POST /api/v1/requests/consultations/:id/answer': (f): ApiCase[] => [
    {
      name: 'no answer',
      url: `/api/v1/requests/consultations/${f.openConsultation}/answer`,
      json: {},
      status: 400,
      code: 'validation_failed',
      paths: ['/answer'],
    },
    {
      name: 'blank answer',
      url: `/api/v1/requests/consultations/${f.openConsultation}/answer`,
      json: { answer: '  ' },
      status: 400,
      code: 'validation_failed',
      paths: ['/answer'],
    },
    {
      name: 'already answered',
      url: `/api/v1/requests/consultations/${f.answeredConsultation}/answer`,
      json: { answer: 'Encore' },
      status: 409,
      code: 'already_decided',
    },
    { name: 'unknown question', url: `/api/v1/requests/consultations/${unknownId}/answer`, json: { answer: 'Oui' }, status: 404, code: 'not_found' },
  ],
  'POST /api/v1/requests/follow/:token/replies': (f): ApiCase[] => [
    { name: 'forged link', url: `/api/v1/requests/follow/${'a'.repeat(43)}/replies`, json: { body: 'Hop' }, status: 404, code: 'invalid_follow_token' },
    {
      name: "a request's id as the link",
      url: `/api/v1/requests/follow/${f.openRequest}/replies`,
      json: { body: 'Hop' },
      status: 404,
      code: 'invalid_follow_token',
    },
    { name: 'no body', url: `/api/v1/requests/follow/${f.followToken}/replies`, json: {}, status: 400, code: 'validation_failed', paths: ['/body'] },
    {
      name: 'blank body',
      url: `/api/v1/requests/follow/${f.followToken}/replies`,
      json: { body: ' \n ' },
      status: 400,
      code: 'validation_failed',
      paths: ['/body'],
    },
    { name: 'closed request', url: `/api/v1/requests/follow/${f.closedFollowToken}/replies`, json: { body: 'Merci' }, status: 409, code: 'illegal_transition' },
  ],
  'POST /api/v1/requests/:id/replies': (f): ApiCase[] => [
    { name: 'no body', url: `/api/v1/requests/${f.openRequest}/replies`, json: {}, status: 400, code: 'validation_failed', paths: ['/body'] },
    {
      name: 'internal not a boolean',
      url: `/api/v1/requests/${f.openRequest}/replies`,
      json: { body: 'x', internal: 'maybe' },
      status: 400,
      code: 'validation_failed',
      paths: ['/internal'],
    },
    { name: 'closed request', url: `/api/v1/requests/${f.closedRequest}/replies`, json: { body: 'Bonjour' }, status: 409, code: 'illegal_transition' },
    { name: 'unknown request', url: `/api/v1/requests/${unknownId}/replies`, json: { body: 'Bonjour' }, status: 404, code: 'not_found' },
  ],
  'POST /api/v1/requests/:id/assign': (f): ApiCase[] => [
    // The administrator is on no team: a request can be given only to someone on its team.
    { name: 'to oneself, off the team', url: `/api/v1/requests/${f.openRequest}/assign`, json: {}, status: 409, code: 'not_on_team' },
    { name: 'to someone off the team', url: `/api/v1/requests/${f.openRequest}/assign`, json: { personId: f.bob.id }, status: 409, code: 'not_on_team' },
    { name: 'to nobody known', url: `/api/v1/requests/${f.openRequest}/assign`, json: { personId: unknownId }, status: 409, code: 'not_on_team' },
    { name: 'closed request', url: `/api/v1/requests/${f.closedRequest}/assign`, json: { personId: null }, status: 409, code: 'illegal_transition' },
    { name: 'unknown field', url: `/api/v1/requests/${f.openRequest}/assign`, json: { to: 'me' }, status: 400, code: 'validation_failed', paths: ['/to'] },
  ],
  'POST /api/v1/requests/:id/consult': (f): ApiCase[] => [
    {
      name: 'its own team',
      url: `/api/v1/requests/${f.openRequest}/consult`,
      json: { teamSlug: 'communaute', question: 'Q' },
      status: 400,
      code: 'validation_failed',
      paths: ['/teamSlug'],
    },
    {
      name: 'unknown team',
      url: `/api/v1/requests/${f.openRequest}/consult`,
      json: { teamSlug: 'cuisine', question: 'Q' },
      status: 400,
      code: 'validation_failed',
      paths: ['/teamSlug'],
    },
    {
      name: 'no question',
      url: `/api/v1/requests/${f.openRequest}/consult`,
      json: { teamSlug: 'technique' },
      status: 400,
      code: 'validation_failed',
      paths: ['/question'],
    },
    {
      name: 'closed request',
      url: `/api/v1/requests/${f.closedRequest}/consult`,
      json: { teamSlug: 'technique', question: 'Q' },
      status: 409,
      code: 'illegal_transition',
    },
  ],
  'POST /api/v1/requests/:id/resolve': (f): ApiCase[] => [
    { name: 'closed request', url: `/api/v1/requests/${f.closedRequest}/resolve`, json: {}, status: 409, code: 'illegal_transition' },
    { name: 'a body', url: `/api/v1/requests/${f.openRequest}/resolve`, json: { status: 'resolved' }, status: 400, code: 'validation_failed' },
    { name: 'unknown request', url: `/api/v1/requests/${unknownId}/resolve`, json: {}, status: 404, code: 'not_found' },
  ],
  'POST /api/v1/requests/:id/reopen': (f): ApiCase[] => [
    { name: 'not resolved', url: `/api/v1/requests/${f.openRequest}/reopen`, json: {}, status: 409, code: 'illegal_transition' },
    { name: 'closed request', url: `/api/v1/requests/${f.closedRequest}/reopen`, json: {}, status: 409, code: 'illegal_transition' },
  ],
  'POST /api/v1/requests/:id/close': (f): ApiCase[] => [
    { name: 'already closed', url: `/api/v1/requests/${f.closedRequest}/close`, json: {}, status: 409, code: 'illegal_transition' },
    { name: 'a body', url: `/api/v1/requests/${f.openRequest}/close`, json: { reason: 'spam' }, status: 400, code: 'validation_failed' },
  ],
  'POST /api/v1/requests/:id/accept-join': (f): ApiCase[] => [
    { name: 'not a join request', url: `/api/v1/requests/${f.openRequest}/accept-join`, json: {}, status: 409, code: 'illegal_transition' },
    { name: 'unknown request', url: `/api/v1/requests/${unknownId}/accept-join`, json: {}, status: 404, code: 'not_found' },
    { name: 'a body', url: `/api/v1/requests/${f.joinRequest}/accept-join`, json: { role: 'lead' }, status: 400, code: 'validation_failed' },
  ],
  'POST /api/v1/requests/:id/refuse-join': (f): ApiCase[] => [
    { name: 'no reason', url: `/api/v1/requests/${f.joinRequest}/refuse-join`, json: {}, status: 400, code: 'validation_failed', paths: ['/reason'] },
    {
      name: 'blank reason',
      url: `/api/v1/requests/${f.joinRequest}/refuse-join`,
      json: { reason: '  ' },
      status: 400,
      code: 'validation_failed',
      paths: ['/reason'],
    },
    { name: 'not a join request', url: `/api/v1/requests/${f.openRequest}/refuse-join`, json: { reason: 'Non' }, status: 409, code: 'illegal_transition' },
  ],
};

/** Malformed form submissions for each page route of this domain, and the page it must get. */
export const form: Record<string, (f: Fixtures) => FormCase[]> = {
  'POST /requests/new': (): FormCase[] => [
    { name: 'nothing', url: '/requests/new', form: {}, status: 400, inline: true },
    { name: 'not an email', url: '/requests/new', form: { email: 'ana@', category: 'question', subject: 'S', message: 'M' }, status: 400, inline: true },
    {
      name: 'join without a team',
      url: '/requests/new',
      form: { email: 'ana@example.org', category: 'join', subject: 'S', message: 'M' },
      status: 400,
      inline: true,
    },
    {
      name: 'no form token',
      url: '/requests/new',
      form: { email: 'ana@example.org', category: 'question', subject: 'S', message: 'M' },
      noCsrf: true,
      status: 403,
    },
  ],
  'POST /requests/follow/:token': (f): FormCase[] => [
    { name: 'blank answer', url: `/requests/follow/${f.followToken}`, form: { body: ' ' }, status: 400, inline: true },
    { name: 'forged link', url: `/requests/follow/${'a'.repeat(43)}`, form: { body: 'Hop' }, status: 404 },
    { name: 'closed request', url: `/requests/follow/${f.closedFollowToken}`, form: { body: 'Merci' }, status: 409 },
    { name: 'no form token', url: `/requests/follow/${f.followToken}`, form: { body: 'Hop' }, noCsrf: true, status: 403 },
  ],
  'POST /requests/consultations/:id/answer': (f): FormCase[] => [
    { name: 'blank answer', url: `/requests/consultations/${f.openConsultation}/answer`, form: { answer: '' }, status: 400, inline: true },
    { name: 'already answered', url: `/requests/consultations/${f.answeredConsultation}/answer`, form: { answer: 'Encore' }, status: 409 },
    { name: 'unknown question', url: `/requests/consultations/${unknownId}/answer`, form: { answer: 'Oui' }, status: 404 },
  ],
  'POST /requests/:id/replies': (f): FormCase[] => [
    { name: 'blank reply', url: `/requests/${f.openRequest}/replies`, form: { body: '', internal: 'yes' }, status: 400, inline: true },
    { name: 'closed request', url: `/requests/${f.closedRequest}/replies`, form: { body: 'Bonjour' }, status: 409 },
    { name: 'unknown request', url: `/requests/${unknownId}/replies`, form: { body: 'Bonjour' }, status: 404 },
    { name: 'no form token', url: `/requests/${f.openRequest}/replies`, form: { body: 'Bonjour' }, noCsrf: true, status: 403 },
  ],
  'POST /requests/:id/assign': (f): FormCase[] => [
    { name: 'to someone off the team', url: `/requests/${f.openRequest}/assign`, form: { personId: f.bob.id }, status: 409, inline: true },
    { name: 'closed request', url: `/requests/${f.closedRequest}/assign`, form: { personId: '' }, status: 409 },
  ],
  'POST /requests/:id/consult': (f): FormCase[] => [
    { name: 'its own team', url: `/requests/${f.openRequest}/consult`, form: { teamSlug: 'communaute', question: 'Q' }, status: 400, inline: true },
    { name: 'no question', url: `/requests/${f.openRequest}/consult`, form: { teamSlug: 'technique', question: '' }, status: 400, inline: true },
  ],
  'POST /requests/:id/resolve': (f): FormCase[] => [
    { name: 'closed request', url: `/requests/${f.closedRequest}/resolve`, form: {}, status: 409 },
    { name: 'unknown request', url: `/requests/${unknownId}/resolve`, form: {}, status: 404 },
  ],
  'POST /requests/:id/reopen': (f): FormCase[] => [{ name: 'not resolved', url: `/requests/${f.openRequest}/reopen`, form: {}, status: 409, inline: true }],
  'POST /requests/:id/close': (f): FormCase[] => [
    { name: 'already closed', url: `/requests/${f.closedRequest}/close`, form: {}, status: 409 },
    { name: 'no form token', url: `/requests/${f.openRequest}/close`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /requests/:id/accept-join': (f): FormCase[] => [
    { name: 'not a join request', url: `/requests/${f.openRequest}/accept-join`, form: {}, status: 409 },
    { name: 'no form token', url: `/requests/${f.joinRequest}/accept-join`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /requests/:id/refuse-join': (f): FormCase[] => [
    { name: 'blank reason', url: `/requests/${f.joinRequest}/refuse-join`, form: { reason: ' ' }, status: 400, inline: true },
  ],
};
