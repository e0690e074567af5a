import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dialectUnderTest } from '../harness.js';
import { signedIn, logOut, checkAccessibility, CHROMIUM, hasChromium, navLink, startJourney, type Journey } from './browser.js';

const SCREENSHOT = '/tmp/equipage-equipe.png';
const PHONE_SCREENSHOT = '/tmp/equipage-equipe-phone.png';
const ADMIN = { email: 'ada@example.org', password: 'correct horse battery staple' };

/**
 * The first journey, in a real browser against a real server: a newcomer sets up the
 * association, logs in, adds a person, makes them lead of Technique, and finds them on
 * L'équipe in French, then in English. Every page passes axe-core (no serious or critical issue).
 */
describe.skipIf(!hasChromium)(`browser journey (${dialectUnderTest}, ${CHROMIUM})`, () => {
  let journey: Journey;
  let page: Page;

  beforeAll(async () => {
    journey = await startJourney();
    page = journey.page;
  }, 60_000);

  afterAll(async () => {
    await journey?.close();
  }, 30_000);

  const pageWidth = () =>
    page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
  const bodyFont = () =>
    page.evaluate(() => {
      const g = globalThis as unknown as { getComputedStyle(e: unknown): { fontFamily: string }; document: { body: unknown } };
      return g.getComputedStyle(g.document.body).fontFamily;
    });
  const path = () => new URL(page.url()).pathname;
  const htmlLang = () => page.locator('html').getAttribute('lang');
  /** The names listed in a team's section of L'équipe, as read on screen. */
  const listedUnder = async (team: string) =>
    (await page.getByRole('region', { name: team, exact: true }).getByRole('listitem').allInnerTexts()).map((s) => s.trim());

  it('sets up, adds a lead to Technique, and shows them on L’équipe in French then English', async () => {
    // First run: every page leads to setup.
    await page.goto(`${journey.baseUrl}/`);
    expect(path()).toBe('/setup');
    await page.getByRole('heading', { level: 1, name: 'Installation' }).waitFor();
    expect(await htmlLang()).toBe('fr');
    await journey.audit('setup');

    await page.getByLabel("Nom de l'association").fill('TeDomum');
    await page.getByLabel('Nom affiché').fill('Ada Admin');
    await page.getByLabel('Adresse e-mail').fill(ADMIN.email);
    await page.getByLabel('Mot de passe').fill(ADMIN.password);
    await page.getByRole('button', { name: "Terminer l'installation" }).click();

    // Setup is gone; the account just created is signed in, on its home.
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('status').filter({ hasText: 'Installation terminée' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Bonjour, Ada Admin' }).waitFor();
    await journey.audit('home (logged in)');

    // People → Add a person, who agrees to appear on L'équipe.
    await (await navLink(page, 'Personnes')).click();
    await page.getByRole('heading', { level: 1, name: 'Personnes' }).waitFor();
    await journey.audit('people directory');
    await page.getByRole('link', { name: 'Ajouter une personne' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nouvelle personne' }).waitFor();
    await journey.audit('new person form');
    await page.getByLabel('Nom affiché').fill('Élodie Dupont');
    await page.getByLabel('Adresse e-mail').fill('elodie@example.org');
    await page.getByLabel('Pronoms').fill('elle');
    await page.getByRole('checkbox', { name: "Apparaître sur la page publique « L'équipe »" }).check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/people/') && u.pathname !== '/people/new');
    await page.getByRole('status').filter({ hasText: 'Personne créée.' }).waitFor();
    await page.getByRole('heading', { level: 1, name: /Élodie Dupont/ }).waitFor();
    await journey.audit('person page');

    // Technique's page, from the association's public page (the home now is personal: it lists
    // only the teams one is on, and links to the public page) → add her as lead, by email.
    await page.getByRole('link', { name: 'Accueil' }).click();
    await page.getByRole('link', { name: 'Voir la page publique de l’association' }).click();
    await page.getByRole('link', { name: 'Technique', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/teams/technique');
    await page.getByRole('heading', { level: 1, name: 'Technique' }).waitFor();
    await journey.audit('Technique (empty)');
    // The person picker looks the address up as it is typed (htmx): wait for its answer, as a
    // person would, before submitting (a submit mid-lookup aborts that request).
    const lookedUp = page.waitForResponse((r) => r.url().includes('/people/picker') && r.url().includes('elodie'));
    await page.getByRole('searchbox', { name: /^Personne/ }).fill('elodie@example.org');
    await lookedUp;
    await page.getByLabel('Rôle').selectOption({ label: 'Responsable' });
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await page.getByRole('status').filter({ hasText: "L'équipe a été mise à jour." }).waitFor();
    const row = page.getByRole('table', { name: 'Composition' }).getByRole('row').filter({ hasText: 'Élodie Dupont' });
    expect(await row.getByRole('cell').allInnerTexts()).toEqual(expect.arrayContaining(['Élodie Dupont', 'Responsable']));
    await journey.audit('Technique (with lead)');

    // L'équipe, in French: she is listed under Technique, as responsable, and not under Communauté.
    await (await navLink(page, "L'équipe")).click();
    await page.waitForURL((u) => u.pathname === '/equipe');
    await page.getByRole('heading', { level: 1, name: "L'équipe" }).waitFor();
    expect(await htmlLang()).toBe('fr');
    expect(await listedUnder('Technique')).toEqual(['Élodie Dupont — responsable']);
    expect(await listedUnder('Communauté')).toEqual([]);
    await journey.audit("L'équipe (fr, logged in)");

    // Logged in, the language button changes the profile's language and stays on the page.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'The team' }).waitFor();
    expect(path()).toBe('/equipe');
    expect(await htmlLang()).toBe('en');
    expect(await listedUnder('Technical')).toEqual(['Élodie Dupont — lead']);
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('heading', { level: 1, name: "L'équipe" }).waitFor();
    expect(await htmlLang()).toBe('fr');

    // The public sees the same: log out, come back to L'équipe as an anonymous visitor.
    await logOut(page);
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('link', { name: 'Se connecter' }).waitFor();
    await page.getByRole('link', { name: "L'équipe", exact: true }).click();
    await page.getByRole('heading', { level: 1, name: "L'équipe" }).waitFor();
    expect(await htmlLang()).toBe('fr');
    expect(await listedUnder('Technique')).toEqual(['Élodie Dupont — responsable']);
    await journey.audit("L'équipe (fr)");
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // The language link switches the same page to English.
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'The team' }).waitFor();
    expect(path()).toBe('/equipe');
    expect(await htmlLang()).toBe('en');
    expect(await listedUnder('Technical')).toEqual(['Élodie Dupont — lead']);
    expect(await listedUnder('Community')).toEqual([]);
    expect(await page.getByRole('link', { name: 'Français' }).count()).toBe(1);
    await journey.audit("L'équipe (en)");

    // The choice sticks while browsing on.
    await page.getByRole('link', { name: 'Home', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Our teams' }).waitFor();
    expect(await htmlLang()).toBe('en');

    expect(journey.inaccessiblePages()).toEqual([]);
    expect(journey.problems).toEqual([]);
  }, 120_000);

  it('stays readable at phone width (375 px), with the full menu of an administrator', async () => {
    // Independent of the journey above: set up if it did not get that far.
    if (!(await journey.services.accounts.isSetupDone())) {
      await journey.services.accounts.setup({
        associationName: 'TeDomum',
        displayName: 'Ada Admin',
        email: ADMIN.email,
        password: ADMIN.password,
        locale: 'fr',
      });
    }
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${journey.baseUrl}/login?lang=fr`);
    await page.getByLabel('Adresse e-mail').fill(ADMIN.email);
    await page.getByLabel('Mot de passe').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await signedIn(page);

    for (const [url, label] of [
      ['/equipe', "L'équipe"],
      ['/people/new', 'Nouvelle personne'],
    ] as const) {
      await page.goto(`${journey.baseUrl}${url}`);
      await page.getByRole('heading', { level: 1, name: label }).waitFor();
      if (url === '/equipe') await page.screenshot({ path: PHONE_SCREENSHOT, fullPage: true });
      // Nothing wider than the screen: no sideways scrolling to reach the menu or a field.
      expect(await pageWidth(), url).toBeLessThanOrEqual(375);
      // Pico's styles are applied (its body font is a system sans-serif, not the default serif).
      expect(await bodyFont(), url).toMatch(/system-ui|sans-serif/);
      expect(await checkAccessibility(page, `${label} (375 px)`), url).toEqual([]);
    }
    expect(journey.problems).toEqual([]);
  }, 60_000);
});
