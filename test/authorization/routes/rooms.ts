/** Chat rooms and mailing services kept in line with their audience. */
import { BUREAU_ADMIN, ADMIN, type Context, type Matrix, type Requests } from '../harness.js';

/** Route → the policy it must name → the roles that may pass it. */
export const matrix = {
  'GET /api/v1/rooms': ['rooms.read', BUREAU_ADMIN],
  'POST /api/v1/rooms': ['rooms.manage', ADMIN],
  'GET /api/v1/rooms/:id': ['rooms.read', BUREAU_ADMIN],
  'GET /api/v1/rooms/:id/drift': ['rooms.read', BUREAU_ADMIN],
  'POST /api/v1/rooms/:id/reconcile': ['rooms.reconcile', BUREAU_ADMIN],
  'GET /api/v1/rooms/:id/deliveries': ['rooms.read', BUREAU_ADMIN],
  'GET /rooms': ['rooms.read', BUREAU_ADMIN],
  'POST /rooms': ['rooms.manage', ADMIN],
  'GET /rooms/:id': ['rooms.read', BUREAU_ADMIN],
  'POST /rooms/:id/reconcile': ['rooms.reconcile', BUREAU_ADMIN],
} as const satisfies Matrix;

/** For each route above, the request a role sends: a valid one, so that only the policy can refuse it. */
export function requests({ fixture, next }: Context): Requests<typeof matrix> {
  return {
    'GET /api/v1/rooms': async () => ({ method: 'GET', url: '/api/v1/rooms' }),
    'POST /api/v1/rooms': async () => ({
      method: 'POST',
      url: '/api/v1/rooms',
      json: { provider: 'webhook', address: `https://hooks.example.org/api-${next()}`, audience: 'contributors' },
    }),
    'GET /api/v1/rooms/:id': async () => ({ method: 'GET', url: `/api/v1/rooms/${await fixture.room()}` }),
    'GET /api/v1/rooms/:id/drift': async () => ({ method: 'GET', url: `/api/v1/rooms/${await fixture.room()}/drift` }),
    'POST /api/v1/rooms/:id/reconcile': async () => ({ method: 'POST', url: `/api/v1/rooms/${await fixture.room()}/reconcile`, json: {} }),
    'GET /api/v1/rooms/:id/deliveries': async () => ({ method: 'GET', url: `/api/v1/rooms/${await fixture.room()}/deliveries` }),
    'GET /rooms': async () => ({ method: 'GET', url: '/rooms' }),
    'POST /rooms': async () => ({
      method: 'POST',
      url: '/rooms',
      form: { provider: 'webhook', address: `https://hooks.example.org/form-${next()}`, audience: 'members' },
    }),
    'GET /rooms/:id': async () => ({ method: 'GET', url: `/rooms/${await fixture.room()}` }),
    'POST /rooms/:id/reconcile': async () => ({ method: 'POST', url: `/rooms/${await fixture.room()}/reconcile`, form: {} }),
  };
}
