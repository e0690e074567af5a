import { afterEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';
import { mailedLink } from '../../../test/mailbox.js';
import { totpCode } from '../../platform/auth/totp.js';

const NEW_PASSWORD = 'un mot de passe tout neuf pour Ada';

async function whoIs(a: TestAssociation, res: LightMyRequestResponse): Promise<string | null> {
  const session = res.cookies.find((c) => c.name === 'eq_session')?.value;
  if (!session) return null;
  const me = await a.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `eq_session=${session}` } });
  return me.statusCode === 200 ? me.json().person.id : null;
}

describe(`Signed in after setting a password (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => {
    await a?.close();
  });

  it('first-run setup leaves the new administrator signed in on their home', async () => {
    a = await buildAssociation({ setup: false });
    const browser = a.browser();
    await browser.get('/setup');
    const done = await browser.post('/setup', {
      associationName: 'Les Jardins',
      displayName: 'Zoé Secrétaire',
      email: 'zoe@example.org',
      password: 'une phrase de passe bien longue',
      locale: 'fr',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/?notice=notice.setupDone');
    expect(await whoIs(a, done)).not.toBeNull();
    const home = await browser.get('/?notice=notice.setupDone');
    expect(home.body).toContain('Installation terminée');
    expect(home.body).toContain('Zoé Secrétaire');
  });

  it('setting a password from a reset link leaves the person signed in', async () => {
    a = await buildAssociation();
    const visitor = a.browser();
    await visitor.get('/password/forgot');
    await visitor.post('/password/forgot', { email: a.admin.email });
    const link = await mailedLink(a, a.admin.email, /\/password\/reset/);
    await visitor.get(`${link.pathname}${link.search}`);
    const done = await visitor.post('/password/reset', { token: link.searchParams.get('token')!, password: NEW_PASSWORD });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/?notice=notice.passwordChanged');
    expect(await whoIs(a, done)).toBe(a.admin.id);
    const home = await visitor.get('/?notice=notice.passwordChanged');
    expect(home.body).toContain('Mot de passe changé');
    expect(home.body).toContain('action="/logout"');
  });

  it('a reset link alone does not pass a second factor: the code is still asked before signing in', async () => {
    a = await buildAssociation();
    a.clock.set('2026-03-02T10:00:00.000Z');
    const owner = a.browser();
    await owner.login(a.admin.email, ADMIN_PASSWORD);
    await owner.get('/profile/two-factor');
    await owner.post('/profile/two-factor/start', {});
    const pending = await owner.get('/profile/two-factor');
    const secret = /<code class="totp-secret">([^<]+)<\/code>/.exec(pending.body)![1].replace(/\s/g, '');
    await owner.post('/profile/two-factor/confirm', { code: totpCode(secret, Date.parse(a.clock.now()) / 1000) });
    a.clock.set('2026-03-02T10:01:00.000Z');

    const visitor = a.browser();
    await visitor.get('/password/forgot');
    await visitor.post('/password/forgot', { email: a.admin.email });
    const link = await mailedLink(a, a.admin.email, /\/password\/reset/);
    await visitor.get(`${link.pathname}${link.search}`);
    const step = await visitor.post('/password/reset', { token: link.searchParams.get('token')!, password: NEW_PASSWORD });
    expect(step.statusCode).toBe(200);
    expect(await whoIs(a, step)).toBeNull();
    const challenge = /name="challenge" value="([^"]+)"/.exec(step.body)![1];
    const done = await visitor.post('/login/two-factor', { challenge, code: totpCode(secret, Date.parse(a.clock.now()) / 1000), next: '/' });
    expect(done.statusCode).toBe(303);
    expect(await whoIs(a, done)).toBe(a.admin.id);
  });
});
