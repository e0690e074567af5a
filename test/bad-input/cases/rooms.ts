/** Chat rooms and mailing services kept in line with their audience. */
import { long, unknownId, type Fixtures, type ApiCase, type FormCase } from '../harness.js';

/** Malformed JSON for each API route of this domain, and the problem it must get. */
export const api: Record<string, (f: Fixtures) => ApiCase[]> = {
  'POST /api/v1/rooms': (): ApiCase[] => [
    { name: 'malformed JSON', url: '/api/v1/rooms', raw: '{"provider":', status: 400, code: 'malformed_json' },
    {
      name: 'no provider',
      url: '/api/v1/rooms',
      json: { address: 'https://hooks.example.org/x', audience: 'members' },
      status: 400,
      code: 'validation_failed',
      paths: ['/provider'],
    },
    {
      name: 'unknown provider',
      url: '/api/v1/rooms',
      json: { provider: 'irc', address: '#membres', audience: 'members' },
      status: 400,
      code: 'validation_failed',
      paths: ['/provider'],
    },
    {
      name: 'not a Matrix room',
      url: '/api/v1/rooms',
      json: { provider: 'matrix', address: 'membres', audience: 'members' },
      status: 400,
      code: 'validation_failed',
      paths: ['/address'],
    },
    {
      name: 'not an XMPP room',
      url: '/api/v1/rooms',
      json: { provider: 'xmpp', address: 'https://x.org', audience: 'members' },
      status: 400,
      code: 'validation_failed',
      paths: ['/address'],
    },
    {
      name: 'webhook not over HTTP',
      url: '/api/v1/rooms',
      json: { provider: 'webhook', address: 'ftp://hooks.example.org', audience: 'members' },
      status: 400,
      code: 'validation_failed',
      paths: ['/address'],
    },
    {
      name: 'unknown audience',
      url: '/api/v1/rooms',
      json: { provider: 'webhook', address: 'https://hooks.example.org/y', audience: 'everyone' },
      status: 400,
      code: 'validation_failed',
      paths: ['/audience'],
    },
    {
      name: 'unknown team',
      url: '/api/v1/rooms',
      json: { provider: 'webhook', address: 'https://hooks.example.org/z', audience: 'team:nope' },
      status: 400,
      code: 'validation_failed',
      paths: ['/audience'],
    },
    {
      name: 'already registered',
      url: '/api/v1/rooms',
      json: { provider: 'webhook', address: 'https://hooks.example.org/taken', audience: 'members' },
      status: 409,
      code: 'room_exists',
    },
    {
      name: 'over-long address',
      url: '/api/v1/rooms',
      json: { provider: 'webhook', address: `https://hooks.example.org/${long(500)}`, audience: 'members' },
      status: 400,
      code: 'validation_failed',
      paths: ['/address'],
    },
    {
      name: 'unknown field',
      url: '/api/v1/rooms',
      json: { provider: 'webhook', address: 'https://hooks.example.org/w', audience: 'members', token: 'x' },
      status: 400,
      code: 'validation_failed',
      paths: ['/token'],
    },
  ],
  'POST /api/v1/rooms/:id/reconcile': (f): ApiCase[] => [
    { name: 'unknown room', url: `/api/v1/rooms/${unknownId}/reconcile`, json: {}, status: 404, code: 'not_found' },
    { name: 'provider without credentials', url: `/api/v1/rooms/${f.webhookRoom}/reconcile`, json: {}, status: 422, code: 'provider_not_configured' },
    { name: 'over-long id', url: `/api/v1/rooms/${long(65)}/reconcile`, json: {}, status: 400, code: 'validation_failed', paths: ['/params/id'] },
  ],
};

/** Malformed form submissions for each page route of this domain, and the page it must get. */
export const form: Record<string, (f: Fixtures) => FormCase[]> = {
  'POST /rooms': (): FormCase[] => [
    { name: 'not a room address', url: '/rooms', form: { provider: 'matrix', address: 'membres', audience: 'members' }, status: 400, inline: true },
    { name: 'no provider', url: '/rooms', form: { address: 'https://hooks.example.org/p', audience: 'members' }, status: 400, inline: true },
    {
      name: 'already registered',
      url: '/rooms',
      form: { provider: 'webhook', address: 'https://hooks.example.org/taken', audience: 'members' },
      status: 409,
      inline: true,
    },
    {
      name: 'no form token',
      url: '/rooms',
      form: { provider: 'webhook', address: 'https://hooks.example.org/q', audience: 'members' },
      noCsrf: true,
      status: 403,
    },
    { name: 'malformed JSON', url: '/rooms', raw: '{"provider":', type: 'application/json', status: 400 },
  ],
  'POST /rooms/:id/reconcile': (f): FormCase[] => [
    { name: 'provider without credentials', url: `/rooms/${f.webhookRoom}/reconcile`, form: {}, status: 422 },
    { name: 'unknown room', url: `/rooms/${unknownId}/reconcile`, form: {}, status: 404 },
    { name: 'no form token', url: `/rooms/${f.webhookRoom}/reconcile`, form: {}, noCsrf: true, status: 403 },
  ],
};
