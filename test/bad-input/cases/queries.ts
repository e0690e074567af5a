import { long, type ApiCase } from '../harness.js';

export const queries: ApiCase[] = [
  { name: 'unknown authors, limit 0', url: '/api/v1/forge/unknown-authors?limit=0', status: 400, code: 'validation_failed', paths: ['/querystring/limit'] },
  { name: 'limit 0', url: '/api/v1/people?limit=0', status: 400, code: 'validation_failed', paths: ['/querystring/limit'] },
  { name: 'limit too high', url: '/api/v1/people?limit=201', status: 400, code: 'validation_failed', paths: ['/querystring/limit'] },
  { name: 'limit not a number', url: '/api/v1/people?limit=many', status: 400, code: 'validation_failed', paths: ['/querystring/limit'] },
  { name: 'a cursor this server never gave', url: '/api/v1/people?cursor=not-a-cursor', status: 400, code: 'validation_failed', paths: ['/cursor'] },
  { name: 'unknown parameter', url: '/api/v1/people?status=weird', status: 400, code: 'validation_failed', paths: ['/querystring/status'] },
  { name: 'over-long search', url: `/api/v1/people?q=${long(201)}`, status: 400, code: 'validation_failed', paths: ['/querystring/q'] },
  { name: 'NUL in a search', url: '/api/v1/people?q=a%00', status: 400, code: 'validation_failed', paths: ['/querystring/q'] },
  { name: 'audit cursor past any sequence number', url: '/api/v1/audit?cursor=2147483648', status: 400, code: 'validation_failed', paths: ['/cursor'] },
  { name: 'audit cursor not a number', url: '/api/v1/audit?cursor=abc', status: 400, code: 'validation_failed', paths: ['/cursor'] },
  { name: 'audit limit negative', url: '/api/v1/audit?limit=-1', status: 400, code: 'validation_failed', paths: ['/querystring/limit'] },
  { name: 'mail address too long', url: `/api/v1/mail?to=${long(255)}`, status: 400, code: 'validation_failed', paths: ['/querystring/to'] },
  {
    name: 'team history not a boolean',
    url: '/api/v1/teams/technique?history=perhaps',
    status: 400,
    code: 'validation_failed',
    paths: ['/querystring/history'],
  },
  { name: 'bureau history not a boolean', url: '/api/v1/bureau/members?history=2', status: 400, code: 'validation_failed', paths: ['/querystring/history'] },
  { name: 'requests: unknown status', url: '/api/v1/requests?status=lost', status: 400, code: 'validation_failed', paths: ['/querystring/status'] },
  { name: 'requests: a cursor this server never gave', url: '/api/v1/requests?cursor=nope', status: 400, code: 'validation_failed', paths: ['/cursor'] },
  { name: 'requests: limit 0', url: '/api/v1/requests?limit=0', status: 400, code: 'validation_failed', paths: ['/querystring/limit'] },
  {
    name: 'consultations: unknown status',
    url: '/api/v1/requests/consultations?status=lost',
    status: 400,
    code: 'validation_failed',
    paths: ['/querystring/status'],
  },
];
