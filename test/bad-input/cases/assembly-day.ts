/** General assemblies, the day: resolutions, votes and counts, the minutes' record. */
import { unknownId, type Fixtures, type ApiCase, type FormCase } from '../harness.js';

/** Malformed JSON for each API route of the assembly's day, and the problem it must get. */
export const api: Record<string, (f: Fixtures) => ApiCase[]> = {
  'POST /api/v1/assemblies/:id/resolutions': (f): ApiCase[] => [
    {
      name: 'unknown majority',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions`,
      json: { title: 'X', majority: 'unanimity' },
      headers: f.carolHeaders,
      status: 400,
      code: 'validation_failed',
      paths: ['/majority'],
    },
    {
      name: 'blank title',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions`,
      json: { title: ' ', majority: 'simple' },
      headers: f.carolHeaders,
      status: 400,
      code: 'validation_failed',
      paths: ['/title'],
    },
  ],
  'PATCH /api/v1/assemblies/:id/resolutions/:resolutionId': (f): ApiCase[] => [
    {
      name: 'the assembly is open, the vote too',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.openResolution}`,
      json: { title: 'Autre' },
      headers: f.carolHeaders,
      status: 409,
      code: 'agenda_locked',
    },
    {
      name: 'unknown resolution',
      url: `/api/v1/assemblies/${f.draftAssembly}/resolutions/${unknownId}`,
      json: { title: 'Autre' },
      headers: f.carolHeaders,
      status: 404,
      code: 'not_found',
    },
    {
      name: 'unknown majority',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.proposedResolution}`,
      json: { majority: 'unanimity' },
      headers: f.carolHeaders,
      status: 400,
      code: 'validation_failed',
      paths: ['/majority'],
    },
  ],
  'DELETE /api/v1/assemblies/:id/resolutions/:resolutionId': (f): ApiCase[] => [
    {
      name: 'the assembly is open, the vote too',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.openResolution}`,
      headers: f.carolHeaders,
      status: 409,
      code: 'agenda_locked',
    },
    {
      name: 'unknown resolution',
      url: `/api/v1/assemblies/${f.draftAssembly}/resolutions/${unknownId}`,
      headers: f.carolHeaders,
      status: 404,
      code: 'not_found',
    },
  ],
  'POST /api/v1/assemblies/:id/resolutions/:resolutionId/open': (f): ApiCase[] => [
    {
      name: 'already open',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/open`,
      json: {},
      headers: f.carolHeaders,
      status: 409,
      code: 'illegal_transition',
    },
    {
      name: 'unknown resolution',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${unknownId}/open`,
      json: {},
      headers: f.carolHeaders,
      status: 404,
      code: 'not_found',
    },
  ],
  'POST /api/v1/assemblies/:id/resolutions/:resolutionId/vote': (f): ApiCase[] => [
    {
      name: 'not a choice',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/vote`,
      json: { choice: 'oui' },
      status: 400,
      code: 'validation_failed',
      paths: ['/choice'],
    },
    {
      name: 'not a voter',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/vote`,
      json: { choice: 'for' },
      status: 422,
      code: 'not_a_voter',
    },
    {
      name: 'not being voted',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.proposedResolution}/vote`,
      json: { choice: 'for' },
      status: 409,
      code: 'resolution_not_open',
    },
  ],
  'POST /api/v1/assemblies/:id/resolutions/:resolutionId/counts': (f): ApiCase[] => [
    {
      name: 'negative',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/counts`,
      json: { for: -1, against: 0, abstain: 0 },
      headers: f.carolHeaders,
      status: 400,
      code: 'validation_failed',
      paths: ['/for'],
    },
    {
      name: 'more votes than voters present',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/counts`,
      json: { for: 5, against: 0, abstain: 0 },
      headers: f.carolHeaders,
      status: 400,
      code: 'validation_failed',
    },
    {
      name: 'not being voted',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.proposedResolution}/counts`,
      json: { for: 0, against: 0, abstain: 0 },
      headers: f.carolHeaders,
      status: 409,
      code: 'resolution_not_open',
    },
  ],
  'POST /api/v1/assemblies/:id/resolutions/:resolutionId/close': (f): ApiCase[] => [
    {
      name: 'not being voted',
      url: `/api/v1/assemblies/${f.openAssembly}/resolutions/${f.proposedResolution}/close`,
      json: {},
      headers: f.carolHeaders,
      status: 409,
      code: 'resolution_not_open',
    },
  ],
  'PATCH /api/v1/assemblies/:id/minutes': (f): ApiCase[] => {
    const at = (id: string) => `/api/v1/assemblies/${id}/minutes`;
    const h = f.carolHeaders;
    return [
      { name: 'malformed JSON', url: at(f.openAssembly), raw: '{"chairId": ', headers: h, status: 400, code: 'malformed_json' },
      { name: 'a draft', url: at(f.draftAssembly), json: {}, headers: h, status: 409, code: 'meeting_not_held' },
      {
        name: 'a chair who did not check in',
        url: at(f.openAssembly),
        json: { chairId: unknownId },
        headers: h,
        status: 400,
        code: 'validation_failed',
        paths: ['/chairId'],
      },
      {
        name: 'an item of another assembly',
        url: at(f.openAssembly),
        json: { deliberations: [{ itemId: unknownId, text: 'Débat' }] },
        headers: h,
        status: 400,
        code: 'validation_failed',
        paths: ['/deliberations/0/itemId'],
      },
      {
        name: 'deliberations given as a text, not as items',
        url: at(f.openAssembly),
        json: { deliberations: 'Débat' },
        headers: h,
        status: 400,
        code: 'validation_failed',
        paths: ['/deliberations/0'],
      },
      { name: 'unknown assembly', url: at(unknownId), json: {}, headers: h, status: 404, code: 'not_found' },
    ];
  },
  'POST /api/v1/assemblies/:id/minutes/approval': (f): ApiCase[] => [
    { name: 'still open', url: `/api/v1/assemblies/${f.openAssembly}/minutes/approval`, headers: f.carolHeaders, status: 409, code: 'illegal_transition' },
    {
      name: 'unknown field',
      url: `/api/v1/assemblies/${f.openAssembly}/minutes/approval`,
      json: { force: true },
      headers: f.carolHeaders,
      status: 400,
      code: 'validation_failed',
    },
  ],
};

/** Malformed forms of the assembly's day, and the page each must get. */
export const form: Record<string, (f: Fixtures) => FormCase[]> = {
  'POST /assemblies/:id/resolutions/:resolutionId': (f): FormCase[] => [
    {
      name: 'open assembly',
      url: `/assemblies/${f.openAssembly}/resolutions/${f.proposedResolution}`,
      form: { title: 'Budget' },
      status: 409,
      headers: f.carolHeaders,
    },
    {
      name: 'no form token',
      url: `/assemblies/${f.openAssembly}/resolutions/${f.proposedResolution}`,
      form: { title: 'Budget' },
      noCsrf: true,
      status: 403,
    },
  ],
  'POST /assemblies/:id/resolutions/:resolutionId/remove': (f): FormCase[] => [
    {
      name: 'open assembly',
      url: `/assemblies/${f.openAssembly}/resolutions/${f.proposedResolution}/remove`,
      form: { confirmed: 'yes' },
      status: 409,
      headers: f.carolHeaders,
    },
    {
      name: 'no form token',
      url: `/assemblies/${f.openAssembly}/resolutions/${f.proposedResolution}/remove`,
      form: {},
      noCsrf: true,
      status: 403,
    },
  ],
  'POST /assemblies/:id/resolutions': (f): FormCase[] => [
    {
      name: 'no title, unknown majority',
      url: `/assemblies/${f.openAssembly}/resolutions`,
      form: { title: '', majority: 'unanimity' },
      headers: f.carolHeaders,
      status: 400,
    },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/resolutions`, form: { title: 'X', majority: 'simple' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/resolutions/:resolutionId/open': (f): FormCase[] => [
    { name: 'already open', url: `/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/open`, form: {}, headers: f.carolHeaders, status: 409 },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/resolutions/${f.proposedResolution}/open`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/resolutions/:resolutionId/vote': (f): FormCase[] => [
    { name: 'not a choice', url: `/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/vote`, form: { choice: 'oui' }, status: 400 },
    { name: 'not a voter', url: `/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/vote`, form: { choice: 'for' }, status: 422 },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/vote`, form: { choice: 'for' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/resolutions/:resolutionId/counts': (f): FormCase[] => [
    {
      name: 'not a number',
      url: `/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/counts`,
      form: { for: 'douze', against: '', abstain: '' },
      headers: f.carolHeaders,
      status: 400,
    },
    {
      name: 'more votes than voters',
      url: `/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/counts`,
      form: { for: '9', against: '0', abstain: '0' },
      headers: f.carolHeaders,
      status: 400,
    },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/counts`, form: { for: '0' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/resolutions/:resolutionId/close': (f): FormCase[] => [
    { name: 'not being voted', url: `/assemblies/${f.openAssembly}/resolutions/${f.proposedResolution}/close`, form: {}, headers: f.carolHeaders, status: 409 },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/resolutions/${f.openResolution}/close`, form: {}, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/minutes': (f): FormCase[] => [
    { name: 'a draft', url: `/assemblies/${f.draftAssembly}/minutes`, form: { chairId: '' }, headers: f.carolHeaders, status: 409 },
    {
      name: 'a chair who did not check in',
      url: `/assemblies/${f.openAssembly}/minutes`,
      form: { chairId: unknownId },
      headers: f.carolHeaders,
      status: 400,
      inline: true,
    },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/minutes`, form: { chairId: '' }, noCsrf: true, status: 403 },
  ],
  'POST /assemblies/:id/minutes/approve': (f): FormCase[] => [
    { name: 'still open', url: `/assemblies/${f.openAssembly}/minutes/approve`, form: { confirmed: 'yes' }, headers: f.carolHeaders, status: 409 },
    { name: 'no form token', url: `/assemblies/${f.openAssembly}/minutes/approve`, form: {}, noCsrf: true, status: 403 },
  ],
};
