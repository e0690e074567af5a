import { afterEach, describe, expect, it } from 'vitest';
import { buildAssociation, databaseFingerprint, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';

const GOOD = {
  associationName: 'Les Amis du Libre',
  displayName: 'Camille Première',
  email: 'camille@example.org',
  password: 'une phrase de passe solide',
  locale: 'fr',
};

/** The value an input named `name` shows in a rendered form. */
function inputValue(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  return tag ? /value="([^"]*)"/.exec(tag)?.[1] : undefined;
}

describe(`first run (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  afterEach(async () => {
    await a?.close();
  });

  it('sends every page to /setup until an administrator exists, while /healthz still answers', async () => {
    a = await buildAssociation({ setup: false });
    for (const url of ['/', '/people', '/equipe', '/login', '/teams/technique']) {
      const res = await a.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location, url).toBe('/setup');
    }
    const health = await a.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });

    const api = await a.app.inject({ method: 'GET', url: '/api/v1/teams' });
    expect(api.statusCode).toBe(503);
    expect(api.json().code).toBe('setup_required');

    const setup = await a.app.inject({ method: 'GET', url: '/setup', headers: { accept: 'text/html' } });
    expect(setup.statusCode).toBe(200);
    expect(setup.body).toContain('action="/setup"');
  });

  it('re-renders the form with the error beside the password and the other values kept', async () => {
    a = await buildAssociation({ setup: false });
    const before = await databaseFingerprint(a.database);
    const browser = a.browser();
    await browser.get('/setup');
    const res = await browser.post('/setup', { ...GOOD, password: 'xyz-court' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('role="alert"');
    expect(res.body).toMatch(/id="field-password"[^>]*aria-invalid="true"/);
    expect(res.body).toMatch(/<small id="field-password-error"[^>]*>Au moins 12 caractères\.<\/small>/);
    expect(inputValue(res.body, 'associationName')).toBe(GOOD.associationName);
    expect(inputValue(res.body, 'displayName')).toBe(GOOD.displayName);
    expect(inputValue(res.body, 'email')).toBe(GOOD.email);
    // The refused password is not echoed back into the page.
    expect(inputValue(res.body, 'password') ?? '').toBe('');
    expect(res.body).not.toContain('xyz-court');
    expect(await databaseFingerprint(a.database)).toBe(before);
    expect(await a.services.accounts.isSetupDone()).toBe(false);
  });

  it('creates the association, the administrator and the two teams of the bylaws, then goes away', async () => {
    a = await buildAssociation({ setup: false });
    const browser = a.browser();
    await browser.get('/setup');
    const done = await browser.post('/setup', GOOD);
    expect(done.statusCode).toBe(303);
    // Setting the first password leaves the administrator signed in, on their home.
    expect(done.headers.location).toMatch(/^\/\?notice=/);

    expect((await a.services.settings.association()).name).toBe(GOOD.associationName);
    const home = await browser.get(done.headers.location as string);
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Installation terminée');
    expect(home.body).toContain(GOOD.displayName);
    expect(home.body).toContain('action="/logout"');

    const me = await browser.get('/api/v1/me', { accept: 'application/json' });
    expect(me.json()).toMatchObject({ person: { email: GOOD.email, displayName: GOOD.displayName }, roles: expect.arrayContaining(['admin']) });

    const teams = await a.app.inject({ method: 'GET', url: '/api/v1/teams' });
    const items = teams.json().items as { slug: string; names: { fr: string; en: string }; mission: { fr: string; en: string } }[];
    expect(items.map((t) => [t.slug, t.names.fr])).toEqual([
      ['communaute', 'Communauté'],
      ['technique', 'Technique'],
    ]);
    const [communaute, technique] = items;
    expect(communaute.mission.fr).toMatch(/gestion des demandes/i);
    expect(communaute.mission.en).toMatch(/handling requests/i);
    expect(technique.mission.fr).toMatch(/infrastructure/i);
    expect(technique.mission.en).toMatch(/keep the infrastructure and the services running/i);
    expect(technique.mission.en).not.toBe(technique.mission.fr);

    const again = await a.app.inject({ method: 'GET', url: '/setup', headers: { accept: 'text/html' } });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/login');

    const before = await databaseFingerprint(a.database);
    const intruder = a.browser();
    await intruder.get('/login');
    const refused = await intruder.post('/setup', { ...GOOD, email: 'intruder@example.org', associationName: 'Pirates' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain("L'installation est déjà faite");
    expect(await databaseFingerprint(a.database)).toBe(before);
  });

  it('counts an administrator created from the shell as the end of setup', async () => {
    a = await buildAssociation({ setup: false });
    await a.services.accounts.createAdministrator({ displayName: 'Shell Admin', email: 'shell@example.org', password: GOOD.password });
    const home = await a.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(home.statusCode).toBe(200);
    const setup = await a.app.inject({ method: 'GET', url: '/setup', headers: { accept: 'text/html' } });
    expect(setup.statusCode).toBe(303);
    expect(setup.headers.location).toBe('/login');
    const teams = await a.app.inject({ method: 'GET', url: '/api/v1/teams' });
    expect(teams.json().items.map((t: { slug: string }) => t.slug)).toEqual(['communaute', 'technique']);
    const login = await a.browser().login('shell@example.org', GOOD.password);
    expect(login.statusCode).toBe(303);
  });
});
