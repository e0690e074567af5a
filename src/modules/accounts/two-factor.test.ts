import { afterEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, type Browser, type TestAssociation } from '../../../test/harness.js';
import { totpCode } from '../../platform/auth/totp.js';
import { ConfigError, parseConfig } from '../../platform/config.js';

const T0 = '2026-03-02T10:00:00.000Z';

const sessionOf = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'eq_session')?.value;
const challengeOf = (res: LightMyRequestResponse) => /name="challenge" value="([^"]+)"/.exec(res.body)?.[1];

describe(`TOTP second factor (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => {
    await a?.close();
  });

  const unix = () => Date.parse(a.clock.now()) / 1000;
  /** Moves the clock on by whole 30-second steps, so that the next code is a new one. */
  const later = (steps = 1) => a.clock.set(new Date(Date.parse(a.clock.now()) + steps * 30_000).toISOString());

  async function whoIs(cookie: string | undefined): Promise<string | null> {
    const res = await a.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `eq_session=${cookie}` } });
    return res.statusCode === 200 ? res.json().person.id : null;
  }

  /** Enrols through the pages as a person would: start, read the key, confirm with its code. */
  async function enrol(browser: Browser): Promise<{ secret: string; recoveryCodes: string[]; page: LightMyRequestResponse }> {
    await browser.get('/profile/two-factor');
    expect((await browser.post('/profile/two-factor/start', {})).statusCode).toBe(303);
    const pending = await browser.get('/profile/two-factor');
    const secret = /<code class="totp-secret">([^<]+)<\/code>/.exec(pending.body)![1].replace(/\s/g, '');
    expect(pending.body).toMatch(/<code class="totp-uri">otpauth:\/\/totp\/TeDomum:[^<]*secret=[A-Z2-7]{32}&amp;issuer=TeDomum/);
    expect(pending.body).toContain('<svg width="220" height="220"');
    // The QR code is drawn on the server: the page carries no inline script for the CSP to refuse.
    expect(pending.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    const page = await browser.post('/profile/two-factor/confirm', { code: totpCode(secret, unix()) });
    expect(page.statusCode).toBe(200);
    const recoveryCodes = [...page.body.matchAll(/<li><code>([a-z2-7]{5}-[a-z2-7]{5})<\/code><\/li>/g)].map((m) => m[1]);
    return { secret, recoveryCodes, page };
  }

  async function enrolledAdmin(config: Record<string, string> = {}) {
    a = await buildAssociation({ config: { LOGIN_MAX_FAILURES: '4', ...config } });
    a.clock.set(T0);
    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    const enrolled = await enrol(browser);
    later();
    return enrolled;
  }

  /** The password step: a page asking for the code, and no session yet. */
  async function passwordStep(browser: Browser): Promise<string> {
    const res = await browser.login(a.admin.email, ADMIN_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('action="/login/two-factor"');
    expect(sessionOf(res)).toBeUndefined();
    return challengeOf(res)!;
  }

  it('enrols from the profile: key, otpauth URI and QR code, then ten recovery codes shown once and stored hashed', async () => {
    const { recoveryCodes, page } = await enrolledAdmin();
    expect(page.body).toContain('La double authentification est activée.');
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await a.database.db.selectFrom('totp_recovery_codes').selectAll().execute();
    expect(stored).toHaveLength(10);
    const factor = await a.database.db.selectFrom('totp_factors').selectAll().executeTakeFirstOrThrow();
    const everything = JSON.stringify([stored, factor]);
    for (const code of recoveryCodes) expect(everything).not.toContain(code.replace('-', ''));
    expect(factor.secret_sealed).toMatch(/^v1\./);

    const profile = await a.browser().login(a.admin.email, ADMIN_PASSWORD);
    expect(profile.body).not.toContain(recoveryCodes[0]);
  });

  it('refuses a wrong code at enrolment, beside the field, and stays pending', async () => {
    a = await buildAssociation();
    a.clock.set(T0);
    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    await browser.get('/profile/two-factor');
    await browser.post('/profile/two-factor/start', {});
    await browser.get('/profile/two-factor');
    const wrong = await browser.post('/profile/two-factor/confirm', { code: '000000' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toMatch(/<small id="field-code-error" class="field-error">Code incorrect ou déjà utilisé\.<\/small>/);
    expect(wrong.body).toContain('action="/profile/two-factor/confirm"');
    expect((await a.database.db.selectFrom('totp_factors').select('confirmed_at').executeTakeFirstOrThrow()).confirmed_at).toBeNull();
  });

  it('logs in in two steps: the session exists only after the right code', async () => {
    const { secret } = await enrolledAdmin();
    const browser = a.browser();
    browser.cookies.set('eq_session', 'presented-before-login');
    const challenge = await passwordStep(browser);
    const done = await browser.post('/login/two-factor', { challenge, code: totpCode(secret, unix()), next: '/people' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/people');
    expect(await whoIs(sessionOf(done))).toBe(a.admin.id);
    // The challenge is spent.
    later();
    await browser.get('/profile');
    const again = await browser.post('/login/two-factor', { challenge, code: totpCode(secret, unix()) });
    expect(again.statusCode).toBe(401);
    expect(again.body).toContain('Cette connexion a expiré');
    // The cookie presented before login was revoked with the rotation (it named no session here;
    // security.test.ts shows a live one ending).
    expect(await whoIs('presented-before-login')).toBeNull();
  });

  it('refuses a wrong code beside the field, with no session, and throttles guesses like passwords', async () => {
    const { secret } = await enrolledAdmin();
    const browser = a.browser();
    const challenge = await passwordStep(browser);
    const wrong = await browser.post('/login/two-factor', { challenge, code: '123456' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('id="field-code-error"');
    expect(sessionOf(wrong)).toBeUndefined();
    // The form keeps the challenge for another try.
    expect(challengeOf(wrong)).toBe(challenge);
    for (let i = 0; i < 3; i++) await browser.post('/login/two-factor', { challenge, code: String(111111 * (i + 2)) });
    const locked = await browser.post('/login/two-factor', { challenge, code: totpCode(secret, unix()) });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.body).toContain('Trop de tentatives échouées. Réessayez dans 15 minutes.');
    // A known password does not reset the count between rounds of guesses.
    const fresh = await a.browser('10.9.9.9').login(a.admin.email, ADMIN_PASSWORD);
    expect(fresh.statusCode).toBe(429);
  });

  it('refuses a code already used (replay), even within its 30 seconds', async () => {
    const { secret } = await enrolledAdmin();
    const code = totpCode(secret, unix());
    const first = a.browser();
    const ok = await first.post('/login/two-factor', { challenge: await passwordStep(first), code });
    expect(ok.statusCode).toBe(303);
    const second = a.browser();
    const replay = await second.post('/login/two-factor', { challenge: await passwordStep(second), code });
    expect(replay.statusCode).toBe(422);
    // The code of the next step works.
    later();
    expect((await second.post('/login/two-factor', { challenge: challengeOf(replay)!, code: totpCode(secret, unix()) })).statusCode).toBe(303);
  });

  it('accepts a code from the step before or after (a clock a little off), not two steps away', async () => {
    const { secret } = await enrolledAdmin();
    later(2);
    const browser = a.browser();
    const challenge = await passwordStep(browser);
    expect((await browser.post('/login/two-factor', { challenge, code: totpCode(secret, unix() + 60) })).statusCode).toBe(422);
    expect((await browser.post('/login/two-factor', { challenge, code: totpCode(secret, unix() - 30) })).statusCode).toBe(303);
  });

  it('lets a recovery code in once', async () => {
    const { recoveryCodes } = await enrolledAdmin();
    const browser = a.browser();
    const used = await browser.post('/login/two-factor', { challenge: await passwordStep(browser), code: recoveryCodes[3].toUpperCase() });
    expect(used.statusCode).toBe(303);
    const again = a.browser();
    expect((await again.post('/login/two-factor', { challenge: await passwordStep(again), code: recoveryCodes[3] })).statusCode).toBe(422);
    const profile = await browser.get('/profile');
    expect(profile.body).toContain('Double authentification : activée (9 codes de secours restants).');
  });

  it('sends an expired login back to the password', async () => {
    const { secret } = await enrolledAdmin();
    const browser = a.browser();
    const challenge = await passwordStep(browser);
    later(12);
    const expired = await browser.post('/login/two-factor', { challenge, code: totpCode(secret, unix()) });
    expect(expired.statusCode).toBe(401);
    expect(expired.body).toContain('Cette connexion a expiré');
    expect(expired.body).toContain('action="/login"');
  });

  it('renews the recovery codes with a current code: the old ones stop working, the new ones work once', async () => {
    const { secret, recoveryCodes } = await enrolledAdmin();
    const browser = a.browser();
    await browser.post('/login/two-factor', { challenge: await passwordStep(browser), code: totpCode(secret, unix()) });
    later();
    const page = await browser.get('/profile/two-factor');
    expect(page.body).toContain('formaction="/profile/two-factor/recovery-codes"');
    const before = await a.database.db.selectFrom('totp_recovery_codes').selectAll().execute();
    const wrong = await browser.post('/profile/two-factor/recovery-codes', { code: '000000' });
    expect(wrong.statusCode).toBe(422);
    expect(await a.database.db.selectFrom('totp_recovery_codes').selectAll().execute()).toEqual(before);
    const renewed = await browser.post('/profile/two-factor/recovery-codes', { code: recoveryCodes[0] });
    expect(renewed.statusCode).toBe(200);
    const fresh = [...renewed.body.matchAll(/<li><code>([a-z2-7]{5}-[a-z2-7]{5})<\/code><\/li>/g)].map((m) => m[1]);
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((c) => recoveryCodes.includes(c))).toEqual([]);
    // An old code no longer lets anyone in; a new one does.
    const old = a.browser();
    expect((await old.post('/login/two-factor', { challenge: await passwordStep(old), code: recoveryCodes[1] })).statusCode).toBe(422);
    const next = a.browser();
    expect((await next.post('/login/two-factor', { challenge: await passwordStep(next), code: fresh[0] })).statusCode).toBe(303);
    const audit = await a.services.audit.list({ subjectType: 'person', subjectId: a.admin.id });
    expect(audit.items.map((e) => e.action)).toContain('second_factor.recovery_codes_renewed');
  });

  it('turns off with a current code only; then the password alone logs in', async () => {
    const { secret } = await enrolledAdmin();
    const browser = a.browser();
    await browser.post('/login/two-factor', { challenge: await passwordStep(browser), code: totpCode(secret, unix()) });
    later();
    await browser.get('/profile/two-factor');
    const wrong = await browser.post('/profile/two-factor/disable', { code: '000000' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('id="field-code-error"');
    const off = await browser.post('/profile/two-factor/disable', { code: totpCode(secret, unix()) });
    expect(off.statusCode).toBe(303);
    expect(await a.database.db.selectFrom('totp_recovery_codes').selectAll().execute()).toEqual([]);
    expect((await a.browser().login(a.admin.email, ADMIN_PASSWORD)).statusCode).toBe(303);
  });

  describe('TOTP_REQUIRED_FOR', () => {
    it('sends an administrator without a second factor to enrolment on every page, and the API answers 403, tokens included', async () => {
      a = await buildAssociation({ config: { TOTP_REQUIRED_FOR: 'admin' } });
      a.clock.set(T0);
      const browser = a.browser();
      const login = await browser.login(a.admin.email, ADMIN_PASSWORD);
      expect(login.statusCode).toBe(303);
      for (const url of ['/', '/people', '/profile', '/audit']) {
        const res = await browser.get(url);
        expect(res.statusCode, url).toBe(303);
        expect(res.headers.location, url).toBe('/profile/two-factor');
      }
      const page = await browser.get('/profile/two-factor');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("L'association demande une double authentification pour votre rôle");
      for (const headers of [{ cookie: `eq_session=${browser.cookies.get('eq_session')}` }, a.admin.headers]) {
        const api = await a.app.inject({ method: 'GET', url: '/api/v1/people', headers });
        expect(api.statusCode).toBe(403);
        expect(api.json().code).toBe('second_factor_required');
      }
      // Someone the setting does not name is not concerned.
      const person = await a.actingAs('bureau');
      expect((await a.app.inject({ method: 'GET', url: '/api/v1/people', headers: person.headers })).statusCode).toBe(200);

      await enrol(browser);
      expect((await browser.get('/people')).statusCode).toBe(200);
      expect((await a.app.inject({ method: 'GET', url: '/api/v1/people', headers: a.admin.headers })).statusCode).toBe(200);
    });

    it('holds the bureau to it, and still lets them log out', async () => {
      a = await buildAssociation({ config: { TOTP_REQUIRED_FOR: 'bureau' } });
      const bureau = await a.actingAs('bureau');
      const api = await a.app.inject({ method: 'GET', url: '/api/v1/me', headers: bureau.headers });
      expect(api.statusCode).toBe(403);
      expect(api.json().code).toBe('second_factor_required');
      expect((await a.app.inject({ method: 'GET', url: '/api/v1/me', headers: a.admin.headers })).statusCode).toBe(200);
      const browser = a.browser();
      await browser.login(a.admin.email, ADMIN_PASSWORD);
      await browser.get('/profile');
      expect((await browser.post('/logout', {})).statusCode).toBe(303);
    });

    it('is validated at start-up', () => {
      for (const ok of ['', 'admin', 'bureau', 'bureau,admin', 'admin, bureau']) expect(parseConfig({ TOTP_REQUIRED_FOR: ok }).TOTP_REQUIRED_FOR).toBe(ok);
      for (const bad of ['president', 'admin;bureau', 'admins', 'bureau,']) {
        expect(() => parseConfig({ TOTP_REQUIRED_FOR: bad })).toThrow(ConfigError);
        expect(() => parseConfig({ TOTP_REQUIRED_FOR: bad })).toThrow(/TOTP_REQUIRED_FOR: bureau, admin, both/);
      }
    });
  });
});
