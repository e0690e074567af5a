import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ADMIN_PASSWORD, buildAssociation, databaseFingerprint, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';
import { mailbox } from '../../../test/mailbox.js';

const SESSION = 'eq_session';
const NEW_PASSWORD = 'un tout nouveau mot de passe';

/** The text of the alert a form shows above its fields. */
function alertText(html: string): string {
  const block = /<div role="alert"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return block
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function sessionCookie(res: LightMyRequestResponse) {
  return (res.cookies as { name: string; value: string; httpOnly?: boolean; sameSite?: string; maxAge?: number }[]).find((c) => c.name === SESSION);
}

describe(`accounts (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => {
    await a?.close();
  });

  /** Who a cookie or header set authenticates as, or null. */
  async function whoIs(headers: Record<string, string>): Promise<string | null> {
    const res = await a.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    return res.statusCode === 200 ? (res.json().person.id as string) : null;
  }
  const withSession = (value: string) => ({ cookie: `${SESSION}=${value}` });

  describe('login and sessions', () => {
    beforeEach(async () => {
      a = await buildAssociation({ config: { LOGIN_MAX_FAILURES: '3' } });
    });

    it('opens a server-side session in an HttpOnly, SameSite=Lax cookie', async () => {
      const res = await a.browser().login(a.admin.email, ADMIN_PASSWORD);
      expect(res.statusCode).toBe(303);
      const cookie = sessionCookie(res)!;
      expect(cookie.httpOnly).toBe(true);
      expect(cookie.sameSite).toBe('Lax');
      expect(await whoIs(withSession(cookie.value))).toBe(a.admin.id);
      const rows = await a.database.db.selectFrom('sessions').selectAll().where('person_id', '=', a.admin.id).where('revoked_at', 'is', null).execute();
      expect(rows).toHaveLength(1);
      // The row is keyed by a digest: reading the table does not give a working cookie.
      expect(rows[0].id).not.toBe(cookie.value);
    });

    it('lets a session expire after SESSION_TTL_DAYS, and accepts the email in any case', async () => {
      const res = await a.browser().login(a.admin.email.toUpperCase(), ADMIN_PASSWORD);
      expect(res.statusCode).toBe(303);
      const cookie = sessionCookie(res)!;
      expect(cookie.maxAge).toBe(30 * 86400);
      a.clock.set(new Date(Date.now() + 29 * 86400_000).toISOString());
      expect(await whoIs(withSession(cookie.value))).toBe(a.admin.id);
      a.clock.set(new Date(Date.now() + 31 * 86400_000).toISOString());
      expect(await whoIs(withSession(cookie.value))).toBeNull();
    });

    it('gives the same answer for a wrong password and for an unknown email', async () => {
      const wrong = await a.browser().login(a.admin.email, 'not the right password at all');
      const unknown = await a.browser().login('nobody@example.org', 'not the right password at all');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(wrong.statusCode);
      expect(alertText(wrong.body)).toBe('Adresse e-mail ou mot de passe incorrect.');
      expect(alertText(unknown.body)).toBe(alertText(wrong.body));
      expect(sessionCookie(wrong)).toBeUndefined();
      // The email typed is kept in the form.
      expect(unknown.body).toContain('value="nobody@example.org"');
    });

    it('refuses even the right password with 429 and Retry-After once the failures reach the limit', async () => {
      const browser = a.browser();
      for (let i = 0; i < 3; i++) expect((await browser.login(a.admin.email, `wrong password number ${i}`)).statusCode).toBe(401);
      const locked = await browser.login(a.admin.email, ADMIN_PASSWORD);
      expect(locked.statusCode).toBe(429);
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(alertText(locked.body)).toContain('Trop de tentatives');
      expect(sessionCookie(locked)).toBeUndefined();

      // Once the lock has passed, the right password works again.
      a.clock.set(new Date(Date.now() + (retryAfter + 1) * 1000).toISOString());
      expect((await browser.login(a.admin.email, ADMIN_PASSWORD)).statusCode).toBe(303);
    });

    it('never keeps a session id from before login', async () => {
      const browser = a.browser();
      browser.cookies.set(SESSION, 'planted-by-someone-else');
      const first = await browser.login(a.admin.email, ADMIN_PASSWORD);
      const firstId = sessionCookie(first)!.value;
      expect(firstId).not.toBe('planted-by-someone-else');
      expect(await whoIs(withSession('planted-by-someone-else'))).toBeNull();

      // Logging in again from a logged-in browser rotates the id and ends the old session.
      await browser.get('/profile');
      const second = await browser.post('/login', { email: a.admin.email, password: ADMIN_PASSWORD });
      expect(second.statusCode).toBe(303);
      const secondId = sessionCookie(second)!.value;
      expect(secondId).not.toBe(firstId);
      expect(await whoIs(withSession(secondId))).toBe(a.admin.id);
      expect(await whoIs(withSession(firstId))).toBeNull();
    });

    it('ends the session at logout: the old cookie no longer authenticates', async () => {
      const browser = a.browser();
      const login = await browser.login(a.admin.email, ADMIN_PASSWORD);
      const id = sessionCookie(login)!.value;
      await browser.get('/profile');
      const out = await browser.post('/logout', {});
      expect(out.statusCode).toBe(303);
      expect(browser.cookies.has(SESSION)).toBe(false);
      expect(await whoIs(withSession(id))).toBeNull();
      const profile = await a.app.inject({ method: 'GET', url: '/profile', headers: { accept: 'text/html', ...withSession(id) } });
      expect(profile.statusCode).toBe(303);
      expect(profile.headers.location).toMatch(/^\/login/);
    });

    it('refuses a form without its CSRF token with 403 csrf_failed and changes nothing', async () => {
      const browser = a.browser();
      await browser.login(a.admin.email, ADMIN_PASSWORD);
      await browser.get('/people/new');
      expect(browser.csrf).not.toBe('');
      const before = await databaseFingerprint(a.database);

      const page = await browser.post('/people/new', { displayName: 'Forged', email: 'forged@example.org' }, { csrf: '' });
      expect(page.statusCode).toBe(403);
      expect(page.body).toContain('Le formulaire a expiré');

      // Another visitor's token does not do either.
      const other = a.browser();
      await other.get('/login');
      const foreign = await browser.post('/people/new', { displayName: 'Forged', email: 'forged@example.org' }, { csrf: other.csrf });
      expect(foreign.statusCode).toBe(403);

      // A cross-site form aimed at the API with the session cookie.
      const api = await a.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: 'label=stolen',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${SESSION}=${browser.cookies.get(SESSION)}` },
      });
      expect(api.statusCode).toBe(403);
      expect(api.json().code).toBe('csrf_failed');
      expect(await databaseFingerprint(a.database)).toBe(before);

      // With its token, the same form works.
      const ok = await browser.post('/people/new', { displayName: 'Legit', email: 'legit@example.org' });
      expect(ok.statusCode).toBe(303);
    });
  });

  describe('password reset', () => {
    beforeEach(async () => {
      a = await buildAssociation();
    });

    /** What the recipient finds in their mailbox (the mail log never shows the link). */
    const mailsTo = (email: string) => mailbox(a, email);

    it('answers the same for known and unknown emails, and mails a link only to a known one', async () => {
      const browser = a.browser();
      await browser.get('/password/forgot');
      const known = await browser.post('/password/forgot', { email: a.admin.email });
      const unknown = await browser.post('/password/forgot', { email: 'nobody@example.org' });
      expect(known.statusCode).toBe(200);
      expect(unknown.statusCode).toBe(known.statusCode);
      expect(unknown.body).toBe(known.body);
      expect(await mailsTo('nobody@example.org')).toEqual([]);
      const mails = await mailsTo(a.admin.email);
      expect(mails).toHaveLength(1);
      expect(mails[0].body).toMatch(/https?:\/\/\S+\/password\/reset\?token=\S+/);
    });

    it('never lets the request choose where the mailed link points', async () => {
      const browser = a.browser();
      await browser.get('/password/forgot');
      for (const headers of [{ host: 'evil.example' }, { 'x-forwarded-host': 'evil.example' }]) {
        await a.app.inject({
          method: 'POST',
          url: '/password/forgot',
          payload: new URLSearchParams({ _csrf: browser.csrf, email: a.admin.email }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `eq_csrf=${browser.cookies.get('eq_csrf')}`, ...headers },
        });
      }
      const mails = await mailsTo(a.admin.email);
      expect(mails).toHaveLength(2);
      for (const mail of mails) expect(mail.body).not.toContain('evil.example');
    });

    it('sets a new password once from the mailed link and ends every session', async () => {
      const loggedIn = a.browser();
      const session = sessionCookie(await loggedIn.login(a.admin.email, ADMIN_PASSWORD))!.value;

      const visitor = a.browser();
      await visitor.get('/password/forgot');
      await visitor.post('/password/forgot', { email: a.admin.email });
      const link = new URL(/https?:\/\/\S+\/password\/reset\?token=\S+/.exec((await mailsTo(a.admin.email))[0].body)![0]);

      const form = await visitor.get(`${link.pathname}${link.search}`);
      expect(form.statusCode).toBe(200);
      const token = link.searchParams.get('token')!;
      expect(form.body).toContain(`value="${token}"`);

      // A weak password is refused beside the field, and does not use the link up.
      const weak = await visitor.post('/password/reset', { token, password: 'short' });
      expect(weak.statusCode).toBe(422);
      expect(weak.body).toContain('id="field-password-error"');

      const done = await visitor.post('/password/reset', { token, password: NEW_PASSWORD });
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toMatch(/^\/\?notice=/);

      expect(await whoIs(withSession(session))).toBeNull();
      expect((await a.browser().login(a.admin.email, ADMIN_PASSWORD)).statusCode).toBe(401);
      expect((await a.browser().login(a.admin.email, NEW_PASSWORD)).statusCode).toBe(303);

      // Signed in by the reset, the visitor holds a new form token: the link is tried again from another browser.
      const other = a.browser();
      await other.get(`${link.pathname}${link.search}`);
      const again = await other.post('/password/reset', { token, password: 'encore un autre mot de passe' });
      expect(again.statusCode).toBe(422);
      expect(alertText(again.body)).toContain('Lien de réinitialisation invalide ou expiré');
      expect((await a.browser().login(a.admin.email, 'encore un autre mot de passe')).statusCode).toBe(401);
    });
  });

  describe('API tokens', () => {
    beforeEach(async () => {
      a = await buildAssociation();
    });

    it('shows a token once, lists it without the secret, authenticates with it and stops after revocation', async () => {
      const created = await a.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: a.admin.headers, payload: { label: 'sauvegarde' } });
      expect(created.statusCode).toBe(201);
      const { id, token } = created.json() as { id: string; token: string };
      expect(token.length).toBeGreaterThan(30);
      const bearer = { authorization: `Bearer ${token}` };

      const listed = await a.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bearer });
      expect(listed.statusCode).toBe(200);
      const mine = listed.json().items.find((t: { id: string }) => t.id === id);
      expect(mine).toMatchObject({ label: 'sauvegarde', revokedAt: null });
      expect(mine).not.toHaveProperty('token');
      expect(listed.body).not.toContain(token);

      expect(await whoIs(bearer)).toBe(a.admin.id);

      const stored = await a.database.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      for (const value of Object.values(stored)) expect(String(value)).not.toContain(token);

      // Someone else cannot revoke it.
      const other = await a.actingAs('person');
      expect((await a.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: other.headers })).statusCode).toBe(404);
      expect(await whoIs(bearer)).toBe(a.admin.id);

      const revoked = await a.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: a.admin.headers });
      expect(revoked.statusCode).toBe(204);
      expect(await whoIs(bearer)).toBeNull();
      const after = await a.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
      expect(after.statusCode).toBe(401);
      expect(after.json().code).toBe('unauthenticated');
      const relisted = await a.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: a.admin.headers });
      expect(relisted.json().items.find((t: { id: string }) => t.id === id).revokedAt).not.toBeNull();
    });

    it('creates a token from the profile page, shown once, and revokes it there', async () => {
      const browser = a.browser();
      await browser.login(a.admin.email, ADMIN_PASSWORD);
      await browser.get('/profile');
      const created = await browser.post('/profile/tokens', { label: 'depuis le profil' });
      expect(created.statusCode).toBe(201);
      const token = /<code>(eqp_[^<]+)<\/code>/.exec(created.body)?.[1];
      expect(token).toBeDefined();
      const bearer = { authorization: `Bearer ${token}` };
      expect(await whoIs(bearer)).toBe(a.admin.id);

      const profile = await browser.get('/profile');
      expect(profile.body).toContain('depuis le profil');
      expect(profile.body).not.toContain(token!);
      const action = /action="(\/profile\/tokens\/[^"]+\/revoke)"/.exec(profile.body)?.[1];
      expect(action).toBeDefined();

      const revoked = await browser.post(action!, {});
      expect(revoked.statusCode).toBe(303);
      expect(await whoIs(bearer)).toBeNull();
      expect((await browser.get('/profile')).body).toContain('Révoqué le');
    });
  });

  describe('/api/v1/me', () => {
    beforeEach(async () => {
      a = await buildAssociation();
    });

    it('gives a member no administrative or bureau action ("Membership grants governance, never service or admin rights")', async () => {
      const me = async (headers: Record<string, string>) => (await a.app.inject({ method: 'GET', url: '/api/v1/me', headers })).json();
      const [person, member, bureau, admin] = await Promise.all(
        (['person', 'member', 'bureau', 'admin'] as const).map(async (role) => me((await a.actingAs(role)).headers)),
      );
      expect(member.roles).toEqual(['person', 'member']);
      expect(member.office).toBeNull();

      // Governance (the minutes now; the AG vote and the members' room later) is what membership opens.
      const plain = new Set<string>([...person.allowedActions, 'bureau.minutes.read']);
      const privileged = [...new Set<string>([...admin.allowedActions, ...bureau.allowedActions])].filter((x) => !plain.has(x));
      expect(member.allowedActions).toContain('bureau.minutes.read');
      expect(privileged).toEqual(expect.arrayContaining(['audit.read', 'teams.create', 'bureau.members.manage']));
      expect(member.allowedActions.filter((x: string) => privileged.includes(x))).toEqual([]);

      const memberHeaders = (await a.actingAs('member')).headers;
      const tries = [
        { method: 'GET' as const, url: '/api/v1/audit' },
        { method: 'GET' as const, url: '/api/v1/mail' },
        { method: 'POST' as const, url: '/api/v1/teams', payload: { slug: 'vote', name: { fr: 'Vote' } } },
      ];
      for (const t of tries) expect((await a.app.inject({ ...t, headers: memberHeaders })).statusCode, t.url).toBe(403);
    });
  });
});
