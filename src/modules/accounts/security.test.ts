import { afterEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, type Browser, type TestAssociation } from '../../../test/harness.js';
import { hashPassword } from '../../platform/auth/secrets.js';
import { createAccountsRepository } from './repository.js';
import { mailedResetToken } from '../../../test/mailbox.js';

const NEW_PASSWORD = 'une toute nouvelle phrase secrète';
const RULE_SHOWN = 'Refusés : les mots de passe courants, ceux qui contiennent votre e-mail ou le nom de l\u2019association, et les motifs répétitifs';

/** The raw Set-Cookie header of one cookie. */
function setCookie(res: LightMyRequestResponse, name: string): string | undefined {
  const all = [res.headers['set-cookie'] ?? []].flat();
  return all.find((c) => c.startsWith(`${name}=`));
}

const sessionOf = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'eq_session')?.value;

describe(`sessions, cookies and the password policy on every form (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => {
    await a?.close();
  });

  async function whoIs(cookie: string | undefined): Promise<string | null> {
    const res = await a.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `eq_session=${cookie}` } });
    return res.statusCode === 200 ? res.json().person.id : null;
  }

  async function loggedIn(email = a.admin.email, password = ADMIN_PASSWORD): Promise<{ browser: Browser; session: string }> {
    const browser = a.browser();
    const res = await browser.login(email, password);
    expect(res.statusCode).toBe(303);
    await browser.get('/profile');
    return { browser, session: sessionOf(res)! };
  }

  describe('cookies and HSTS', () => {
    it('over plain HTTP: HttpOnly and SameSite=Lax, not Secure, and no HSTS', async () => {
      a = await buildAssociation();
      const browser = a.browser();
      const page = await browser.get('/login');
      expect(page.headers['strict-transport-security']).toBeUndefined();
      const res = await browser.post('/login', { email: a.admin.email, password: ADMIN_PASSWORD });
      for (const name of ['eq_session', 'eq_csrf']) {
        const cookie = setCookie(res, name)!;
        expect(cookie, name).toMatch(/; HttpOnly/);
        expect(cookie, name).toMatch(/; SameSite=Lax/);
        expect(cookie, name).toMatch(/; Path=\//);
        expect(cookie, name).not.toMatch(/; Secure/);
      }
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('over HTTPS (PUBLIC_URL): Secure on every cookie, HSTS on every answer', async () => {
      a = await buildAssociation({ config: { PUBLIC_URL: 'https://equipage.example.org' } });
      const browser = a.browser();
      const page = await browser.get('/login');
      expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(setCookie(page, 'eq_csrf')).toMatch(/; Secure/);
      const res = await browser.post('/login', { email: a.admin.email, password: ADMIN_PASSWORD });
      const cookie = setCookie(res, 'eq_session')!;
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Secure/);
      expect(setCookie(res, 'eq_csrf')).toMatch(/; Secure/);
      await browser.get('/profile');
      const out = await browser.post('/logout', {});
      expect(setCookie(out, 'eq_session')).toMatch(/^eq_session=;.*; HttpOnly.*; Secure/);
      expect(out.headers['strict-transport-security']).toBeDefined();
    });

    it('behind a trusted proxy, believes its X-Forwarded-Proto; otherwise ignores it', async () => {
      for (const [trust, secure] of [
        ['true', true],
        ['false', false],
      ] as const) {
        a = await buildAssociation({ config: { TRUST_PROXY: trust } });
        const res = await a.app.inject({ method: 'GET', url: '/login', headers: { accept: 'text/html', 'x-forwarded-proto': 'https' } });
        expect(setCookie(res, 'eq_csrf')!.includes('; Secure'), trust).toBe(secure);
        expect(res.headers['strict-transport-security'] !== undefined, trust).toBe(secure);
        await a.close();
      }
      a = undefined as unknown as TestAssociation;
    });
  });

  describe('sessions', () => {
    it('rotates at login: a live session cookie the browser presented ends, whoever it belonged to', async () => {
      a = await buildAssociation();
      const bob = await a.person({ displayName: 'Bob' });
      await createAccountsRepository(a.database.db).upsertPasswordIdentity(
        bob.id,
        bob.email,
        await hashPassword('bob has a long passphrase', { memoryCost: 1024, timeCost: 1 }),
        a.clock.now(),
      );
      const { browser, session: bobSession } = await loggedIn(bob.email, 'bob has a long passphrase');
      // Someone else logs in on Bob's browser: Bob's session ends there and then.
      const res = await browser.post('/login', { email: a.admin.email, password: ADMIN_PASSWORD });
      expect(res.statusCode).toBe(303);
      expect(sessionOf(res)).not.toBe(bobSession);
      expect(await whoIs(bobSession)).toBeNull();
      expect(await whoIs(sessionOf(res))).toBe(a.admin.id);
    });

    it('logs out everywhere from the profile: every session ends, this one too; API tokens stay', async () => {
      a = await buildAssociation();
      const first = await loggedIn();
      const second = await loggedIn();
      const profile = await first.browser.get('/profile');
      expect(profile.body).toContain('Sécurité du compte');
      expect(profile.body).toContain('action="/logout/everywhere"');
      expect(profile.body).toContain('(cette session)');
      const out = await first.browser.post('/logout/everywhere', {});
      expect(out.statusCode).toBe(303);
      expect(out.headers.location).toBe('/login?notice=notice.loggedOutEverywhere');
      expect(first.browser.cookies.has('eq_session')).toBe(false);
      expect(await whoIs(first.session)).toBeNull();
      expect(await whoIs(second.session)).toBeNull();
      expect((await a.app.inject({ method: 'GET', url: '/api/v1/me', headers: a.admin.headers })).statusCode).toBe(200);
      expect((await a.browser().login(a.admin.email, ADMIN_PASSWORD)).statusCode).toBe(303);
    });
  });

  describe("changing one's password (/profile/password)", () => {
    it('shows the rule before submission and each refusal beside its field, changing nothing', async () => {
      a = await buildAssociation();
      const { browser, session } = await loggedIn();
      const form = await browser.get('/profile/password');
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain(RULE_SHOWN);
      const cases: [Record<string, string>, number, string, string][] = [
        [
          { currentPassword: 'not my password at all', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
          422,
          'currentPassword',
          "Ce n'est pas votre mot de passe actuel.",
        ],
        [
          { currentPassword: ADMIN_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}!` },
          400,
          'confirmPassword',
          'Les deux saisies du nouveau mot de passe diffèrent.',
        ],
        [
          { currentPassword: ADMIN_PASSWORD, newPassword: 'Marseille2024!', confirmPassword: 'Marseille2024!' },
          422,
          'newPassword',
          'Ce mot de passe est trop courant.',
        ],
        [
          { currentPassword: ADMIN_PASSWORD, newPassword: 'TeDomum forever', confirmPassword: 'TeDomum forever' },
          422,
          'newPassword',
          "Le mot de passe ne doit pas contenir le nom de l'association.",
        ],
        [
          { currentPassword: ADMIN_PASSWORD, newPassword: 'admin@home-2025', confirmPassword: 'admin@home-2025' },
          422,
          'newPassword',
          "Le mot de passe ne doit pas contenir l'adresse e-mail.",
        ],
        [{ currentPassword: ADMIN_PASSWORD, newPassword: 'court', confirmPassword: 'court' }, 422, 'newPassword', 'Au moins 12 caractères.'],
      ];
      for (const [fields, status, field, message] of cases) {
        const res = await browser.post('/profile/password', fields);
        expect(res.statusCode, field).toBe(status);
        expect(res.body, field).toContain(`<small id="field-${field}-error" class="field-error">${message}</small>`);
        expect(res.body, field).toContain('action="/profile/password"');
      }
      expect(await whoIs(session)).toBe(a.admin.id);
      expect((await a.browser().login(a.admin.email, ADMIN_PASSWORD)).statusCode).toBe(303);
    });

    it('ends every other session and rotates this one', async () => {
      a = await buildAssociation();
      const here = await loggedIn();
      const elsewhere = await loggedIn();
      const res = await here.browser.post('/profile/password', { currentPassword: ADMIN_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/profile?notice=notice.passwordChangedEverywhere');
      const rotated = sessionOf(res)!;
      expect(rotated).not.toBe(here.session);
      expect(await whoIs(rotated)).toBe(a.admin.id);
      expect(await whoIs(here.session)).toBeNull();
      expect(await whoIs(elsewhere.session)).toBeNull();
      const profile = await here.browser.get('/profile?notice=notice.passwordChangedEverywhere');
      expect(profile.statusCode).toBe(200);
      expect(profile.body).toContain('Mot de passe changé. Vos autres sessions ont été fermées.');
      expect((await a.browser().login(a.admin.email, ADMIN_PASSWORD)).statusCode).toBe(401);
      expect((await a.browser().login(a.admin.email, NEW_PASSWORD)).statusCode).toBe(303);
    });
  });

  describe('the rule on the other password forms', () => {
    it('setup shows it, and refuses a password made of the association name beside the field', async () => {
      a = await buildAssociation({ setup: false });
      const browser = a.browser();
      const form = await browser.get('/setup');
      expect(form.body).toContain(RULE_SHOWN);
      const res = await browser.post('/setup', {
        associationName: 'Les Amis du Vélo',
        displayName: 'Camille',
        email: 'camille@example.org',
        password: 'les amis du velo 2025',
        locale: 'fr',
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain(`<small id="field-password-error" class="field-error">Le mot de passe ne doit pas contenir le nom de l'association.</small>`);
    });

    it('the reset form shows it, and refuses a repetitive pattern beside the field', async () => {
      a = await buildAssociation();
      await a.services.accounts.requestPasswordReset(a.admin.email, 'http://equipage.test');
      const token = await mailedResetToken(a, a.admin.email);
      const browser = a.browser();
      const form = await browser.get(`/password/reset?token=${encodeURIComponent(token)}`);
      expect(form.body).toContain(RULE_SHOWN);
      const res = await browser.post('/password/reset', { token, password: 'azertyuiopqsdf' });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain(
        '<small id="field-password-error" class="field-error">Pas de motif répétitif ni de suite au clavier (aaaa, abcabc, 123456, azerty).</small>',
      );
    });

    it('the command line refuses a common password with the reason and the rule', async () => {
      a = await buildAssociation();
      await expect(a.services.accounts.createAdministrator({ displayName: 'Zoé', email: 'zoe@example.org', password: 'iloveyou2024' })).rejects.toMatchObject({
        code: 'weak_password',
        errors: [{ path: '/password', code: 'too_common' }],
      });
    });
  });
});
