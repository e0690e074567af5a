import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dialectUnderTest, system, testConfig } from '../harness.js';
import { mailedLink } from '../mailbox.js';
import { CHROMIUM, hasChromium, navLink, startJourney, type Journey } from './browser.js';

const ADMIN = { email: 'ada@example.org', password: 'correct horse battery staple' };
const DOCS_IMAGES = new URL('../../docs/images/', import.meta.url).pathname;

/**
 * Everyday use (docs/everyday-use.md): a newcomer sets the association up and lands signed in on their home;
 * volunteers, in French and in English, set their password from the mailed link and land on a
 * home listing what is for them; the menu opens without a script; pickers find people as typed.
 * Every page passes axe-core, with the real Content-Security-Policy and no script error.
 */
describe.skipIf(!hasChromium)(`everyday use in a browser (${dialectUnderTest}, ${CHROMIUM})`, () => {
  let journey: Journey;
  let page: Page;

  beforeAll(async () => {
    journey = await startJourney();
    page = journey.page;
  }, 60_000);

  afterAll(async () => {
    await journey?.close();
  }, 30_000);

  /** Sets a password from the link mailed to `email`, as the person would, and lands where the site sends them. */
  async function setPasswordFromMailedLink(
    email: string,
    password: string,
    labels: { forgot: string; send: string; sent: string; password: string; submit: string },
  ) {
    await page.goto(`${journey.baseUrl}/password/forgot`);
    await page.getByLabel(labels.forgot).fill(email);
    await page.getByRole('button', { name: labels.send }).click();
    // The mail is recorded before the answer reaches the browser: going on before the answer has come would abort
    // the form's own navigation.
    await page.getByText(labels.sent).waitFor();
    const link = await mailedLink({ database: journey.database, config: testConfig() }, email, /\/password\/reset/);
    await page.goto(`${journey.baseUrl}${link.pathname}${link.search}`);
    await page.getByLabel(labels.password).first().fill(password);
    await page.getByRole('button', { name: labels.submit }).click();
    await page.waitForURL((u) => u.pathname === '/');
  }

  it('a newcomer sets up and lands signed in on their home; the administrator invites a volunteer, who sets a password from the invitation and finds what is for them', async () => {
    await page.goto(`${journey.baseUrl}/`);
    await page.getByLabel("Nom de l'association").fill('TeDomum');
    await page.getByLabel('Nom affiché').fill('Ada Admin');
    await page.getByLabel('Adresse e-mail').fill(ADMIN.email);
    await page.getByLabel('Mot de passe').fill(ADMIN.password);
    await page.getByRole('button', { name: "Terminer l'installation" }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('heading', { level: 1, name: 'Bonjour, Ada Admin' }).waitFor();
    await journey.audit('home (administrator)');

    // The menu opens without a script; the members' register is in it for whoever may read it.
    await page.getByRole('navigation', { name: 'Navigation principale' }).locator('summary').click();
    await page.getByRole('link', { name: 'Registre des membres' }).waitFor();
    await (await navLink(page, 'Réglages')).click();
    await page.getByRole('heading', { level: 1, name: "Réglages de l'association" }).waitFor();
    await journey.audit('settings');

    // The picker finds Véra as "vera" is typed (htmx, under the CSP).
    const s = journey.services;
    const vera = await s.people.create(system, { displayName: 'Véra Bénévole', email: 'vera@example.org', locale: 'fr' });
    await page.goto(`${journey.baseUrl}/teams/communaute`);
    await page.getByRole('searchbox', { name: /Personne/ }).pressSequentially('vera', { delay: 30 });
    await page.getByRole('radio', { name: 'Véra Bénévole' }).check();
    await journey.audit('team page with the picker');
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await page.getByRole('status').waitFor();

    await s.requests.submit(
      { email: 'quelqu.un@example.org', category: 'question', subject: 'Mon compte', message: 'Je n’arrive plus à me connecter.' },
      { ip: '198.51.100.7' },
    );

    // The administrator invites Véra from her page; with no mail server here, the link is shown once, to pass on.
    await page.goto(`${journey.baseUrl}/people/${vera.id}`);
    await page.getByText('Pas encore invité·e, pas encore connecté·e.').waitFor();
    await page.getByRole('button', { name: 'Envoyer une invitation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lien d’invitation pour Véra Bénévole' }).waitFor();
    await journey.audit('invitation link shown once');
    const invitation = new URL((await page.locator('main code').textContent())!.trim());
    expect(invitation.pathname).toBe('/invitation');

    // Véra opens it, chooses her password and lands, signed in, on her home.
    await page.context().clearCookies();
    await page.goto(`${journey.baseUrl}${invitation.pathname}${invitation.search}`);
    await page.getByRole('heading', { level: 1, name: 'Bienvenue' }).waitFor();
    await journey.audit('invitation welcome');
    await page.getByLabel('Mot de passe').first().fill('un potager fleuri au printemps');
    await page.getByRole('button', { name: 'Choisir ce mot de passe' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('heading', { level: 1, name: 'Bonjour, Véra Bénévole' }).waitFor();
    await page.getByRole('region', { name: 'Mes équipes' }).getByRole('link', { name: 'Communauté' }).waitFor();
    await page.getByRole('region', { name: 'Ce qui m’attend' }).getByText('1 demande ouverte').waitFor();
    await journey.audit('home (volunteer, French)');

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${DOCS_IMAGES}home-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${DOCS_IMAGES}home-phone.png`, fullPage: true });
    const width = await page.evaluate(
      () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(390);
    // On a phone, the three pages of the bar move into the menu.
    await page.getByRole('navigation', { name: 'Navigation principale' }).locator('summary').click();
    await page.getByRole('link', { name: 'Demandes', exact: true }).waitFor();
    await page.setViewportSize({ width: 1280, height: 900 });

    expect(journey.inaccessiblePages()).toEqual([]);
    expect(journey.problems).toEqual([]);
  });

  it('an English-speaking volunteer lands on a home in English', async () => {
    const s = journey.services;
    const eve = await s.people.create(system, { displayName: 'Eve Helper', email: 'eve@example.org', locale: 'en' });
    await s.teams.addToRoster(system, 'technique', eve.id, 'member');
    await page.context().clearCookies();
    await page.goto(`${journey.baseUrl}/password/forgot?lang=en`);
    await setPasswordFromMailedLink(eve.email, 'eve grows tomatoes in the garden', {
      forgot: 'Email address',
      send: 'Send the link',
      sent: 'If this address belongs to an account, a link has just been sent to it.',
      password: 'Password',
      submit: 'Change password',
    });
    await page.getByRole('heading', { level: 1, name: 'Hello, Eve Helper' }).waitFor();
    await page.getByRole('region', { name: 'My teams' }).getByRole('link', { name: 'Technical' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await journey.audit('home (volunteer, English)');
    expect(journey.inaccessiblePages()).toEqual([]);
    expect(journey.problems).toEqual([]);
  });
});
