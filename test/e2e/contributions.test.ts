import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dialectUnderTest, system } from '../harness.js';
import { logOut, CHROMIUM, hasChromium, startJourney, type Journey } from './browser.js';
import { navLink } from './browser.js';

const ADMIN = { email: 'ada@example.org', password: 'correct horse battery staple' };
const LINA = { email: 'lina@example.org', password: 'a long and private passphrase' };

/**
 * The contributions' journey in a real browser: a contributor declares a contribution in the form, the
 * bureau's administrator confirms it from the queue (after a rejection refused for want of a
 * reason), and the person's page, the team page and the directory show the status. Every page
 * passes axe-core (no serious or critical issue).
 */
describe.skipIf(!hasChromium)(`contributions journey (${dialectUnderTest}, ${CHROMIUM})`, () => {
  let journey: Journey;
  let page: Page;

  beforeAll(async () => {
    journey = await startJourney();
    page = journey.page;
    const { services } = journey;
    await services.accounts.setup({ associationName: 'TeDomum', displayName: 'Ada Admin', email: ADMIN.email, password: ADMIN.password, locale: 'fr' });
    const lina = await services.people.create(system, { displayName: 'Lina Déclarante', email: LINA.email });
    await services.teams.addToRoster(system, 'technique', lina.id, 'member');
    await journey.setPasswordFromMail(LINA);
  }, 60_000);

  afterAll(async () => {
    await journey?.close();
  }, 30_000);

  it('declares, confirms from the queue, and shows the status everywhere it belongs', async () => {
    await journey.logIn(LINA);
    await (await navLink(page, 'Contributions')).click();
    await page.getByRole('heading', { level: 1, name: 'Déclarer une contribution' }).waitFor();
    await journey.audit('declare form');

    // A date in the future is refused beside its field, and what was typed stays.
    await page.getByLabel('Nature').selectOption({ label: 'Administration' });
    await page.getByLabel('Date').fill('2999-01-01');
    await page.getByLabel('Ce qui a été fait, en quelques mots').fill('Mise à jour du serveur de courriel');
    await page.getByLabel('Équipe concernée (facultatif)').selectOption({ label: 'Technique' });
    await page.getByRole('button', { name: 'Déclarer' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByLabel('Ce qui a été fait, en quelques mots').inputValue()).toBe('Mise à jour du serveur de courriel');
    await page.getByText('Une contribution ne peut pas être dans le futur.').first().waitFor();
    await journey.audit('declare form with an error');

    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel('Date').fill(today);
    await page.getByRole('button', { name: 'Déclarer' }).click();
    await page.getByRole('status').filter({ hasText: 'Contribution déclarée' }).waitFor();
    const timeline = page.getByRole('table', { name: 'Contributions' });
    const row = timeline.getByRole('row').filter({ hasText: 'Mise à jour du serveur de courriel' });
    expect(await row.getByRole('cell').allInnerTexts()).toEqual(expect.arrayContaining(['Administration', 'Technique', 'en attente de confirmation']));
    await journey.audit('person page, declared');
    await logOut(page);
    await page.getByRole('link', { name: 'Se connecter' }).waitFor();

    // The administrator finds it from the declare page, and cannot reject it without a reason.
    await journey.logIn(ADMIN);
    await (await navLink(page, 'Contributions')).click();
    await page.getByRole('link', { name: '1 contribution attend votre confirmation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Contributions à confirmer' }).waitFor();
    await journey.audit('review queue');
    await page.getByRole('button', { name: /^Rejeter la contribution de Lina Déclarante/ }).click();
    await page.getByRole('alert').waitFor();
    await journey.audit('review queue with an error');
    await page.getByRole('button', { name: /^Confirmer la contribution de Lina Déclarante/ }).click();
    await page.getByRole('status').filter({ hasText: 'Contribution confirmée' }).waitFor();
    await page.getByText('Aucune contribution en attente.').waitFor();

    // Technique's page shows her status to the administrator; the directory filters on it.
    await page.goto(`${journey.baseUrl}/teams/technique`);
    const roster = page.getByRole('table', { name: 'Composition' }).getByRole('row').filter({ hasText: 'Lina Déclarante' });
    expect((await roster.getByRole('cell').allInnerTexts()).join(' ')).toContain('Contributeur·rice actif·ve');
    await journey.audit('Technique with statuses');
    await page.goto(`${journey.baseUrl}/people`);
    await page.getByLabel('Activité').selectOption({ label: 'Inactif·ves' });
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL((u) => u.searchParams.get('status') === 'inactive');
    expect(await page.getByRole('link', { name: 'Lina Déclarante' }).count()).toBe(0);
    await journey.audit('directory, inactive');
    await page.getByRole('link', { name: 'Ada Admin' }).click();
    await page.getByRole('heading', { level: 2, name: 'Contributions' }).waitFor();
    await journey.audit('person page, inactive');

    expect(journey.inaccessiblePages()).toEqual([]);
    // The two refused forms answered 400, as they should; nothing else went wrong.
    expect(journey.problems.filter((p) => !/status of 400 \(Bad Request\)|HTTP 400/.test(p))).toEqual([]);
  }, 120_000);
});
