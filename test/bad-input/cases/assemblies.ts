/** General assemblies: preparation, convocation, personal links, conduct, votes and minutes. */
import { long, unknownId, type Fixtures, type ApiCase, type FormCase } from '../harness.js';

/** Malformed JSON for each API route of this domain, and the problem it must get. */
export const api: Record<string, (f: Fixtures) => ApiCase[]> = {
  'POST /api/v1/assemblies': (): ApiCase[] => [
    { name: 'malformed JSON', url: '/api/v1/assemblies', raw: '{"kind":', status: 400, code: 'malformed_json' },
    {
      name: 'no title',
      url: '/api/v1/assemblies',
      json: { kind: 'ordinary', scheduledAt: '2027-06-01T18:00:00Z' },
      status: 400,
      code: 'validation_failed',
      paths: ['/title'],
    },
    {
      name: 'unknown kind',
      url: '/api/v1/assemblies',
      json: { kind: 'annual', title: 'AG', scheduledAt: '2027-06-01T18:00:00Z' },
      status: 400,
      code: 'validation_failed',
      paths: ['/kind'],
    },
    {
      name: 'not an instant',
      url: '/api/v1/assemblies',
      json: { kind: 'ordinary', title: 'AG', scheduledAt: 'juin prochain' },
      status: 400,
      code: 'validation_failed',
      paths: ['/scheduledAt'],
    },
    {
      name: 'blank title',
      url: '/api/v1/assemblies',
      json: { kind: 'ordinary', title: '   ', scheduledAt: '2027-06-01T18:00:00Z' },
      status: 400,
      code: 'validation_failed',
      paths: ['/title'],
    },
    {
      name: 'video link not http',
      url: '/api/v1/assemblies',
      json: { kind: 'ordinary', title: 'AG', scheduledAt: '2027-06-01T18:00:00Z', videoUrl: 'javascript:alert(1)' },
      status: 400,
      code: 'validation_failed',
      paths: ['/videoUrl'],
    },
  ],
  'POST /api/v1/assemblies/:id/items': (f): ApiCase[] => [
    { name: 'no title', url: `/api/v1/assemblies/${f.draftAssembly}/items`, json: {}, status: 400, code: 'validation_failed', paths: ['/title'] },
    { name: 'unknown assembly', url: `/api/v1/assemblies/${unknownId}/items`, json: { title: 'Rapport' }, status: 404, code: 'not_found' },
  ],
  'PATCH /api/v1/assemblies/:id/items/:itemId': (f): ApiCase[] => [
    { name: 'unknown item', url: `/api/v1/assemblies/${f.draftAssembly}/items/${unknownId}`, json: { title: 'Autre' }, status: 404, code: 'not_found' },
    { name: 'unknown assembly', url: `/api/v1/assemblies/${unknownId}/items/${unknownId}`, json: { title: 'Autre' }, status: 404, code: 'not_found' },
    {
      name: 'empty title',
      url: `/api/v1/assemblies/${f.draftAssembly}/items/${unknownId}`,
      json: { title: '' },
      status: 400,
      code: 'validation_failed',
      paths: ['/title'],
    },
    { name: 'unknown field', url: `/api/v1/assemblies/${f.draftAssembly}/items/${unknownId}`, json: { position: 1 }, status: 400, code: 'validation_failed' },
  ],
  'DELETE /api/v1/assemblies/:id/items/:itemId': (f): ApiCase[] => [
    { name: 'unknown item', url: `/api/v1/assemblies/${f.draftAssembly}/items/${unknownId}`, status: 404, code: 'not_found' },
    { name: 'unknown assembly', url: `/api/v1/assemblies/${unknownId}/items/${unknownId}`, status: 404, code: 'not_found' },
  ],
  'POST /api/v1/assemblies/:id/documents': (f): ApiCase[] => [
    {
      name: 'not a link',
      url: `/api/v1/assemblies/${f.draftAssembly}/documents`,
      json: { title: 'Rapport', url: 'rapport.pdf' },
      status: 400,
      code: 'validation_failed',
      paths: ['/url'],
    },
    {
      name: 'no title',
      url: `/api/v1/assemblies/${f.draftAssembly}/documents`,
      json: { url: 'https://example.org/r.pdf' },
      status: 400,
      code: 'validation_failed',
      paths: ['/title'],
    },
  ],
  'PATCH /api/v1/assemblies/:id/documents/:documentId': (f): ApiCase[] => [
    { name: 'unknown document', url: `/api/v1/assemblies/${f.draftAssembly}/documents/${unknownId}`, json: { title: 'Autre' }, status: 404, code: 'not_found' },
    {
      name: 'empty title',
      url: `/api/v1/assemblies/${f.draftAssembly}/documents/${unknownId}`,
      json: { title: '' },
      status: 400,
      code: 'validation_failed',
      paths: ['/title'],
    },
    {
      name: 'over-long link',
      url: `/api/v1/assemblies/${f.draftAssembly}/documents/${unknownId}`,
      json: { url: `https://example.org/${long(1000)}` },
      status: 400,
      code: 'validation_failed',
      paths: ['/url'],
    },
  ],
  'DELETE /api/v1/assemblies/:id/documents/:documentId': (f): ApiCase[] => [
    { name: 'unknown document', url: `/api/v1/assemblies/${f.draftAssembly}/documents/${unknownId}`, status: 404, code: 'not_found' },
  ],
  'POST /api/v1/assemblies/:id/convene': (f): ApiCase[] => [
    { name: 'inside the notice period', url: `/api/v1/assemblies/${f.soonAssembly}/convene`, json: {}, status: 422, code: 'notice_period_too_short' },
    {
      name: 'forced without a reason',
      url: `/api/v1/assemblies/${f.soonAssembly}/convene`,
      json: { force: true, reason: ' ' },
      status: 400,
      code: 'validation_failed',
      paths: ['/reason'],
    },
    { name: 'already convened', url: `/api/v1/assemblies/${f.openAssembly}/convene`, json: {}, status: 409, code: 'illegal_transition' },
    { name: 'empty agenda', url: `/api/v1/assemblies/${f.emptyAssembly}/convene`, json: {}, status: 422, code: 'empty_agenda' },
    {
      name: 'unknown field',
      url: `/api/v1/assemblies/${f.draftAssembly}/convene`,
      json: { when: 'now' },
      status: 400,
      code: 'validation_failed',
      paths: ['/when'],
    },
  ],
  'POST /api/v1/assemblies/:id/rsvp': (f): ApiCase[] => [
    {
      name: 'not an answer',
      url: `/api/v1/assemblies/${f.openAssembly}/rsvp`,
      json: { answer: 'peut-être' },
      status: 400,
      code: 'validation_failed',
      paths: ['/answer'],
    },
    { name: 'not invited', url: `/api/v1/assemblies/${f.openAssembly}/rsvp`, json: { answer: 'yes' }, status: 422, code: 'not_invited' },
  ],
  'POST /api/v1/assemblies/:id/proxy': (f): ApiCase[] => [
    { name: 'no holder field', url: `/api/v1/assemblies/${f.openAssembly}/proxy`, json: {}, status: 400, code: 'validation_failed', paths: ['/holderId'] },
    { name: 'not a voter', url: `/api/v1/assemblies/${f.openAssembly}/proxy`, json: { holderId: f.bob.id }, status: 422, code: 'not_a_voter' },
  ],
  'POST /api/v1/assemblies/:id/open': (f): ApiCase[] => [
    { name: 'a draft', url: `/api/v1/assemblies/${f.draftAssembly}/open`, json: {}, headers: f.carolHeaders, status: 409, code: 'illegal_transition' },
    { name: 'already open', url: `/api/v1/assemblies/${f.openAssembly}/open`, json: {}, headers: f.carolHeaders, status: 409, code: 'illegal_transition' },
  ],
  'POST /api/v1/assemblies/:id/check-in': (f): ApiCase[] => [
    {
      name: 'not invited',
      url: `/api/v1/assemblies/${f.openAssembly}/check-in`,
      json: { personId: unknownId },
      headers: f.carolHeaders,
      status: 422,
      code: 'not_invited',
    },
    {
      name: 'not open',
      url: `/api/v1/assemblies/${f.draftAssembly}/check-in`,
      json: { personId: f.bob.id },
      headers: f.carolHeaders,
      status: 409,
      code: 'assembly_not_open',
    },
    {
      name: 'no person',
      url: `/api/v1/assemblies/${f.openAssembly}/check-in`,
      json: {},
      headers: f.carolHeaders,
      status: 400,
      code: 'validation_failed',
      paths: ['/personId'],
    },
  ],
  'POST /api/v1/assemblies/:id/close': (f): ApiCase[] => [
    {
      name: 'a resolution still being voted',
      url: `/api/v1/assemblies/${f.openAssembly}/close`,
      json: {},
      headers: f.carolHeaders,
      status: 409,
      code: 'illegal_transition',
    },
    { name: 'a draft', url: `/api/v1/assemblies/${f.draftAssembly}/close`, json: {}, headers: f.carolHeaders, status: 409, code: 'illegal_transition' },
  ],
  'POST /api/v1/assemblies/rsvp/:token': (): ApiCase[] => [
    { name: 'forged link', url: '/api/v1/assemblies/rsvp/abc.def', json: { answer: 'yes' }, status: 404, code: 'invalid_rsvp_token' },
    { name: 'not an answer', url: '/api/v1/assemblies/rsvp/abc.def', json: { answer: 'oui' }, status: 400, code: 'validation_failed', paths: ['/answer'] },
  ],
};

/** Malformed form submissions for each page route of this domain, and the page it must get. */
export const form: Record<string, (f: Fixtures) => FormCase[]> = {
  'POST /assemblies': (): FormCase[] => [
    {
      name: 'no title, impossible date',
      url: '/assemblies',
      form: { kind: 'ordinary', title: '', date: '2027-02-30', time: '18:30' },
      status: 400,
      inline: true,
    },
    { name: 'unknown kind', url: '/assemblies', form: { kind: 'annual', title: 'AG', date: '2027-06-01', time: '18:30' }, status: 400, inline: true },
    { name: 'no form token', url: '/assemblies', form: { kind: 'ordinary', title: 'AG', date: '2027-06-01', time: '18:30' }, noCsrf: true, status: 403 },
    { name: 'malformed JSON', url: '/assemblies', raw: '{"title":', type: 'application/json', status: 400 },
  ],
  'POST /assemblies/:id/items': (f): FormCase[] => [
    { name: 'no title', url: `/assemblies/${f.draftAssembly}/items`, form: { title: ' ' }, status: 400, inline: true },
    { name: 'no form token', url: `/assemblies/${f.draftAssembly}/items`, form: { title: 'Rapport' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/items/:itemId': (f): FormCase[] => [
    { name: 'unknown item', url: `/assemblies/${f.draftAssembly}/items/${unknownId}`, form: { title: 'Rapport' }, status: 404 },
    { name: 'no form token', url: `/assemblies/${f.draftAssembly}/items/${unknownId}`, form: { title: 'Rapport' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/items/:itemId/remove': (f): FormCase[] => [
    { name: 'open assembly', url: `/assemblies/${f.openAssembly}/items/${unknownId}/remove`, form: { confirmed: 'yes' }, status: 409 },
    { name: 'no form token', url: `/assemblies/${f.draftAssembly}/items/${unknownId}/remove`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/documents/:documentId/remove': (f): FormCase[] => [
    { name: 'unknown document', url: `/assemblies/${f.draftAssembly}/documents/${unknownId}/remove`, form: { confirmed: 'yes' }, status: 404 },
    { name: 'no form token', url: `/assemblies/${f.draftAssembly}/documents/${unknownId}/remove`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/documents': (f): FormCase[] => [
    { name: 'neither link nor file', url: `/assemblies/${f.draftAssembly}/documents`, form: { title: 'Rapport', url: '' }, status: 400, inline: true },
    { name: 'not a link', url: `/assemblies/${f.draftAssembly}/documents`, form: { title: 'Rapport', url: 'rapport.pdf' }, status: 400, inline: true },
    {
      name: 'no form token',
      url: `/assemblies/${f.draftAssembly}/documents`,
      form: { title: 'Rapport', url: 'https://example.org/r.pdf' },
      noCsrf: true,
      status: 403,
    },
  ],
  'POST /assemblies/:id/convene': (f): FormCase[] => [
    { name: 'inside the notice period', url: `/assemblies/${f.soonAssembly}/convene`, form: {}, status: 422, inline: true },
    { name: 'forced without a reason', url: `/assemblies/${f.soonAssembly}/convene`, form: { force: 'on', reason: ' ' }, status: 400, inline: true },
    { name: 'empty agenda', url: `/assemblies/${f.emptyAssembly}/convene`, form: {}, status: 422, inline: true },
    { name: 'no form token', url: `/assemblies/${f.draftAssembly}/convene`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/open': (f): FormCase[] => [
    { name: 'a draft', url: `/assemblies/${f.draftAssembly}/open`, form: {}, headers: f.carolHeaders, status: 409 },
    { name: 'no form token', url: `/assemblies/${f.draftAssembly}/open`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/check-in': (f): FormCase[] => [
    {
      name: 'not invited',
      url: `/assemblies/${f.openAssembly}/check-in`,
      form: { personId: unknownId, present: 'true' },
      headers: f.carolHeaders,
      status: 422,
    },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/check-in`, form: { personId: unknownId }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/close': (f): FormCase[] => [
    { name: 'a resolution still being voted', url: `/assemblies/${f.openAssembly}/close`, form: {}, headers: f.carolHeaders, status: 409 },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/close`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/rsvp': (f): FormCase[] => [
    { name: 'not an answer', url: `/assemblies/${f.openAssembly}/rsvp`, form: { answer: 'oui' }, status: 400 },
    { name: 'not invited', url: `/assemblies/${f.openAssembly}/rsvp`, form: { answer: 'yes' }, status: 422 },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/rsvp`, form: { answer: 'yes' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/proxy': (f): FormCase[] => [
    { name: 'not a voter', url: `/assemblies/${f.openAssembly}/proxy`, form: { holderId: f.bob.id }, status: 422 },
    {
      name: 'a holder typed by name, by someone with no vote here',
      url: `/assemblies/${f.openAssembly}/proxy`,
      form: { person: 'Zorro Inconnu' },
      status: 422,
    },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/proxy`, form: { holderId: '' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/rsvp/:token': (): FormCase[] => [
    { name: 'forged link', url: '/assemblies/rsvp/abc.def', form: { answer: 'yes' }, status: 404 },
    { name: 'no form token', url: '/assemblies/rsvp/abc.def', form: { answer: 'yes' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/rsvp/:token/proxy': (): FormCase[] => [
    { name: 'forged link', url: '/assemblies/rsvp/abc.def/proxy', form: { holderId: '' }, status: 404 },
    { name: 'forged link, a name typed', url: '/assemblies/rsvp/abc.def/proxy', form: { person: 'Bob' }, status: 404 },
    { name: 'no form token', url: '/assemblies/rsvp/abc.def/proxy', form: { holderId: '' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/rsvp/:token/check-in': (): FormCase[] => [
    { name: 'forged link', url: '/assemblies/rsvp/abc.def/check-in', form: {}, status: 404 },
    { name: 'no form token', url: '/assemblies/rsvp/abc.def/check-in', form: {}, noCsrf: true, status: 403 },
  ],
};
