/** Accounts: who one is (me), API tokens, signing in and out, passwords, two-factor and invitations. */
import { totpCode } from '../../../src/platform/auth/totp.js';
import { EVERYONE, SIGNED_IN, LEAD_BUREAU_ADMIN, type Context, type Matrix, type Requests } from '../harness.js';

/** Route → the policy it must name → the roles that may pass it. */
export const matrix = {
  'GET /api/v1/me': ['me.read', SIGNED_IN],
  'GET /api/v1/tokens': ['tokens.manage', SIGNED_IN],
  'POST /api/v1/tokens': ['tokens.manage', SIGNED_IN],
  'DELETE /api/v1/tokens/:id': ['tokens.manage', SIGNED_IN],
  'POST /api/v1/people/:id/invitations': ['accounts.invite', LEAD_BUREAU_ADMIN],
  'POST /people/:id/invitation': ['accounts.invite', LEAD_BUREAU_ADMIN],
  'GET /login': ['account.login', EVERYONE],
  'POST /login': ['account.login', EVERYONE],
  'POST /logout': ['account.logout', SIGNED_IN],
  'POST /logout/everywhere': ['account.logout', SIGNED_IN],
  'POST /login/two-factor': ['account.login', EVERYONE],
  'GET /profile/password': ['account.security', SIGNED_IN],
  'POST /profile/password': ['account.security', SIGNED_IN],
  'GET /profile/two-factor': ['account.security', SIGNED_IN],
  'POST /profile/two-factor/start': ['account.security', SIGNED_IN],
  'POST /profile/two-factor/confirm': ['account.security', SIGNED_IN],
  'POST /profile/two-factor/disable': ['account.security', SIGNED_IN],
  'POST /profile/two-factor/recovery-codes': ['account.security', SIGNED_IN],
  'GET /password/forgot': ['account.passwordReset', EVERYONE],
  'POST /password/forgot': ['account.passwordReset', EVERYONE],
  'GET /password/reset': ['account.passwordReset', EVERYONE],
  'GET /invitation': ['account.passwordReset', EVERYONE],
  'POST /password/reset': ['account.passwordReset', EVERYONE],
  'POST /profile/tokens': ['tokens.manage', SIGNED_IN],
  'POST /profile/tokens/:id/revoke': ['tokens.manage', SIGNED_IN],
} as const satisfies Matrix;

/** For each route above, the request a role sends: a valid one, so that only the policy can refuse it. */
export function requests({ a, fixture, self }: Context): Requests<typeof matrix> {
  return {
    'GET /api/v1/me': async () => ({ method: 'GET', url: '/api/v1/me' }),
    'GET /api/v1/tokens': async () => ({ method: 'GET', url: '/api/v1/tokens' }),
    'POST /api/v1/tokens': async () => ({ method: 'POST', url: '/api/v1/tokens', json: { label: 'laptop' } }),
    'DELETE /api/v1/tokens/:id': async (actor) => ({ method: 'DELETE', url: `/api/v1/tokens/${await fixture.token(actor.id)}` }),
    // Without an SMTP server only an administrator receives the link to pass on: others are told why (409).
    'POST /api/v1/people/:id/invitations': async (actor) => ({
      method: 'POST',
      url: `/api/v1/people/${(await fixture.person()).id}/invitations`,
      json: {},
      allowedStatus: actor.role === 'admin' ? 201 : 409,
    }),
    'POST /people/:id/invitation': async (actor) => ({
      method: 'POST',
      url: `/people/${(await fixture.person()).id}/invitation`,
      form: {},
      allowedStatus: actor.role === 'admin' ? 200 : [303, 409],
    }),
    'GET /login': async () => ({ method: 'GET', url: '/login' }),
    'POST /login': async () => {
      const p = await fixture.person();
      return { method: 'POST', url: '/login', form: { email: p.email, password: await fixture.password(p.id) } };
    },
    'POST /logout': async () => ({ method: 'POST', url: '/logout', form: {} }),
    'POST /logout/everywhere': async () => ({ method: 'POST', url: '/logout/everywhere', form: {} }),
    'POST /login/two-factor': async () => ({ method: 'POST', url: '/login/two-factor', form: await fixture.loginChallenge() }),
    'GET /profile/password': async () => ({ method: 'GET', url: '/profile/password' }),
    'POST /profile/password': async (actor) => {
      const current = await fixture.password(self(actor));
      return {
        method: 'POST',
        url: '/profile/password',
        form: { currentPassword: current, newPassword: 'matrix next passphrase', confirmPassword: 'matrix next passphrase' },
      };
    },
    'GET /profile/two-factor': async () => ({ method: 'GET', url: '/profile/two-factor' }),
    'POST /profile/two-factor/start': async (actor) => {
      await fixture.withoutSecondFactor(self(actor));
      return { method: 'POST', url: '/profile/two-factor/start', form: {} };
    },
    'POST /profile/two-factor/confirm': async (actor) => ({
      method: 'POST',
      url: '/profile/two-factor/confirm',
      form: { code: await fixture.pendingCode(self(actor)) },
    }),
    'POST /profile/two-factor/recovery-codes': async (actor) => {
      const secret = await fixture.secondFactor(self(actor));
      return { method: 'POST', url: '/profile/two-factor/recovery-codes', form: { code: totpCode(secret, Date.parse(a.clock.now()) / 1000 + 30) } };
    },
    'POST /profile/two-factor/disable': async (actor) => {
      const secret = await fixture.secondFactor(self(actor));
      return { method: 'POST', url: '/profile/two-factor/disable', form: { code: totpCode(secret, Date.parse(a.clock.now()) / 1000 + 30) } };
    },
    'GET /password/forgot': async () => ({ method: 'GET', url: '/password/forgot' }),
    'POST /password/forgot': async () => ({ method: 'POST', url: '/password/forgot', form: { email: (await fixture.person()).email } }),
    'GET /password/reset': async () => ({ method: 'GET', url: '/password/reset?token=abc' }),
    'GET /invitation': async () => ({ method: 'GET', url: '/invitation?token=abc' }),
    'POST /password/reset': async () => ({
      method: 'POST',
      url: '/password/reset',
      form: { token: await fixture.resetToken(), password: 'a brand new long passphrase' },
    }),
    'POST /profile/tokens': async () => ({ method: 'POST', url: '/profile/tokens', form: { label: 'phone' } }),
    'POST /profile/tokens/:id/revoke': async (actor) => ({ method: 'POST', url: `/profile/tokens/${await fixture.token(actor.id)}/revoke`, form: {} }),
  };
}
