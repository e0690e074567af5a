import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, system, type TestAssociation } from '../../../test/harness.js';

const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];

/** The text of one team's section on L'équipe. */
function teamSection(html: string, slug: string): string {
  return new RegExp(`<section aria-labelledby="team-${slug}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
}

describe(`public pages (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
  });
  afterEach(async () => {
    await a?.close();
  });

  const page = (url: string, headers: Record<string, string> = {}) => a.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });

  it('presents the association, its teams and how to join', async () => {
    const home = await page('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('<h1>TeDomum</h1>');
    expect(home.body).toContain('href="/teams/communaute">Communauté</a>');
    expect(home.body).toContain('href="/teams/technique">Technique</a>');
    expect(home.body).toContain('gestion des demandes');
    expect(home.body).toContain('href="/equipe"');
    expect(home.body).toContain('Nous rejoindre');
  });

  it("lists on L'équipe only the contributors who consented, by team", async () => {
    const vera = await a.person({ displayName: 'Vera Visible', publicConsent: true });
    const denis = await a.person({ displayName: 'Denis Discret', publicConsent: false });
    const olga = await a.person({ displayName: 'Olga Oubliée', publicConsent: true });
    await a.person({ displayName: 'Nina Nulle-part', publicConsent: true });
    await a.services.teams.addToRoster(system, 'technique', vera.id, 'lead');
    await a.services.teams.addToRoster(system, 'communaute', vera.id, 'member');
    await a.services.teams.addToRoster(system, 'communaute', denis.id, 'member');
    await a.services.teams.addToRoster(system, 'communaute', olga.id, 'member');
    await a.services.teams.removeFromRoster(system, 'communaute', olga.id);

    // What the page shows does not depend on who looks at it.
    for (const headers of [{}, a.admin.headers]) {
      const res = await page('/equipe', headers);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain("<h1>L'équipe</h1>");
      const technique = teamSection(res.body, 'technique');
      const communaute = teamSection(res.body, 'communaute');
      expect(technique).toMatch(/Vera Visible<span class="muted"> — responsable<\/span>/);
      expect(communaute).toContain('Vera Visible');
      expect(communaute).not.toContain('responsable');
      for (const hidden of ['Denis Discret', 'Olga Oubliée', 'Nina Nulle-part']) expect(res.body).not.toContain(hidden);
    }
  });

  it('says so when nobody on a team appears publicly', async () => {
    const res = await page('/equipe');
    expect(teamSection(res.body, 'technique')).toContain("Personne n'apparaît publiquement dans cette équipe");
  });
});

describe(`languages (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
  });
  afterEach(async () => {
    await a?.close();
  });

  it('speaks French by default', async () => {
    const home = await a.browser().get('/');
    expect(htmlLang(home.body)).toBe('fr');
    expect(home.body).toContain('Nos équipes');
    expect(home.body).toContain('<a href="/?lang=en" hreflang="en" lang="en">English</a>');
  });

  it('switches to English with ?lang=en and remembers it', async () => {
    const browser = a.browser();
    const english = await browser.get('/equipe?lang=en');
    expect(htmlLang(english.body)).toBe('en');
    expect(english.body).toContain('<h1>The team</h1>');
    expect(english.body).toContain('<h2 id="team-technique">Technical</h2>');
    expect(browser.cookies.get('eq_lang')).toBe('en');

    const later = await browser.get('/');
    expect(htmlLang(later.body)).toBe('en');
    expect(later.body).toContain('Our teams');

    const back = await browser.get('/?lang=fr');
    expect(htmlLang(back.body)).toBe('fr');
    expect(htmlLang((await browser.get('/equipe')).body)).toBe('fr');
  });

  it('follows Accept-Language when nothing else was chosen', async () => {
    const visit = async (acceptLanguage: string) => htmlLang((await a.browser().get('/', { 'accept-language': acceptLanguage })).body);
    expect(await visit('en-GB,en;q=0.9')).toBe('en');
    expect(await visit('de-DE, en;q=0.5')).toBe('en');
    expect(await visit('de-DE')).toBe('fr');
    expect(await visit('en;q=0.4, fr;q=0.8')).toBe('fr');
    // An explicit choice beats the browser's.
    expect(htmlLang((await a.browser().get('/?lang=fr', { 'accept-language': 'en' })).body)).toBe('fr');
  });

  it("uses a logged-in person's profile language over every other hint", async () => {
    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    const french = await browser.get('/?lang=en', { 'accept-language': 'en' });
    expect(htmlLang(french.body)).toBe('fr');

    const profile = await browser.get('/profile');
    const version = /name="version" value="(\d+)"/.exec(profile.body)![1];
    const saved = await browser.post('/profile', { version, displayName: 'Ada Admin', email: a.admin.email, locale: 'en' });
    expect(saved.statusCode).toBe(303);
    const english = await browser.get('/', { 'accept-language': 'fr' });
    expect(htmlLang(english.body)).toBe('en');
    // Signed in, `/` is the personal home, in the person's language.
    expect(english.body).toContain('Hello, Ada Admin');
    // The API answers in the same language.
    const teams = await a.app.inject({ method: 'GET', url: '/api/v1/teams', headers: a.admin.headers });
    expect(teams.json().items[0].name).toBe('Community');

    // The switch in the page frame changes the profile and stays on the page.
    await browser.get('/equipe');
    const switched = await browser.post('/profile/language', { locale: 'fr', next: '/equipe' });
    expect(switched.statusCode).toBe(303);
    expect(switched.headers.location).toBe('/equipe');
    expect(htmlLang((await browser.get('/equipe', { 'accept-language': 'en' })).body)).toBe('fr');
  });

  it("writes dates in the reader's language", async () => {
    a.clock.set('2026-02-03T10:00:00.000Z');
    const p = await a.person({ displayName: 'Dora Date', publicConsent: true, locale: 'en' });
    await a.services.teams.addToRoster(system, 'technique', p.id, 'member');

    const fr = await a.browser().get('/teams/technique');
    expect(fr.body).toContain('3 février 2026');
    const en = await a.browser().get('/teams/technique?lang=en');
    expect(en.body).toContain('3 February 2026');
    expect(en.body).not.toContain('février');

    // Instants in the association's time zone: 10:00 UTC is 11:00 in Paris in February.
    const view = async (headers: Record<string, string>) =>
      (await a.app.inject({ method: 'GET', url: `/people/${p.id}`, headers: { ...headers, accept: 'text/html' } })).body;
    expect(await view(a.admin.headers)).toContain('3 février 2026 à 11:00');
    expect(await view(await a.bearer(p.id))).toContain('3 February 2026 at 11:00');
  });
});
