import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dialectUnderTest, system } from '../harness.js';
import { totpCode } from '../../src/platform/auth/totp.js';
import { signedIn, logOut, CHROMIUM, hasChromium, startJourney, type Journey } from './browser.js';

const ADMIN = { email: 'ada@example.org', password: 'correct horse battery staple' };
const EVA = { name: 'Eva Volontaire', email: 'eva@example.org', password: 'une phrase de passe assez longue' };
const NEW_PASSWORD = 'toujours une autre phrase de passe';

/**
 * Account security and privacy in a real browser: a volunteer changes her password (her other session ends), turns the
 * second factor on from its QR code page and logs in with a code, downloads her data, reads the
 * privacy page; an administrator erases someone in two steps. Every page passes axe-core and
 * nothing trips the Content-Security-Policy (no console error, no refused request).
 */
describe.skipIf(!hasChromium)(`security and privacy journey (${dialectUnderTest}, ${CHROMIUM})`, () => {
  let journey: Journey;
  let page: Page;

  beforeAll(async () => {
    journey = await startJourney();
    page = journey.page;
    const { services } = journey;
    await services.accounts.setup({ associationName: 'TeDomum', displayName: 'Ada Admin', email: ADMIN.email, password: ADMIN.password, locale: 'fr' });
    const eva = await services.people.create(system, { displayName: EVA.name, email: EVA.email });
    await services.teams.addToRoster(system, 'communaute', eva.id, 'member');
    await services.people.create(system, { displayName: 'Paul Parti', email: 'paul@example.org' });
    await journey.setPasswordFromMail(EVA);
  }, 60_000);

  afterAll(async () => {
    await journey?.close();
  }, 30_000);

  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

  it('changes the password, turns the second factor on, logs in with a code, downloads the data', async () => {
    // A second session of Eva's, elsewhere: the password change ends it.
    const elsewhere = (await journey.services.accounts.login({ email: EVA.email, password: EVA.password, ip: '203.0.113.7' })).token;
    await journey.logIn(EVA);
    await page.goto(`${journey.baseUrl}/profile`);
    await heading('Mon profil');
    await journey.audit('profile');

    await page.getByRole('link', { name: 'Changer de mot de passe' }).click();
    await heading('Changer de mot de passe');
    await journey.audit('change password');
    await page.getByLabel('Mot de passe actuel').fill(EVA.password);
    await page.getByLabel('Nouveau mot de passe', { exact: false }).first().fill('motdepasse123');
    await page.getByLabel('Nouveau mot de passe, une seconde fois').fill('motdepasse123');
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    // Too common: refused beside the field, nothing changed.
    await page.locator('.field-error').first().waitFor();
    await journey.audit('change password, refused');
    await page.getByLabel('Mot de passe actuel').fill(EVA.password);
    await page.getByLabel('Nouveau mot de passe', { exact: false }).first().fill(NEW_PASSWORD);
    await page.getByLabel('Nouveau mot de passe, une seconde fois').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await page.getByRole('status').filter({ hasText: 'Mot de passe changé' }).waitFor();
    expect(await journey.services.accounts.resolveActor({ sessionToken: elsewhere })).toMatchObject({ personId: null });

    await page.goto(`${journey.baseUrl}/profile/two-factor`);
    await heading('Double authentification');
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    await page.locator('code.totp-secret').waitFor();
    await journey.audit('two-factor, scan the key');
    const secret = (await page.locator('code.totp-secret').innerText()).replace(/\s/g, '');
    await page.getByLabel('Code à 6 chiffres').fill(totpCode(secret, Date.now() / 1000));
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await page.locator('ul.recovery-codes li').first().waitFor();
    expect(await page.locator('ul.recovery-codes li').count()).toBe(10);
    await journey.audit('two-factor, recovery codes');

    // Logging in again takes the password, then a code (the next step's, never the one just used).
    await logOut(page);
    await page.goto(`${journey.baseUrl}/login`);
    await page.getByLabel('Adresse e-mail').fill(EVA.email);
    await page.getByLabel('Mot de passe').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await heading('Code de vérification');
    await journey.audit('login, second step');
    await page
      .getByLabel('Code', { exact: false })
      .first()
      .fill(totpCode(secret, Date.now() / 1000 + 30));
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await signedIn(page);

    await page.goto(`${journey.baseUrl}/profile`);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Télécharger mes données' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^equipage-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(readFileSync((await file.path())!, 'utf8'));
    expect(data.person).toMatchObject({ displayName: EVA.name, email: EVA.email });
    expect(JSON.stringify(data)).not.toContain('Paul Parti');

    await page.getByRole('contentinfo').getByRole('link', { name: 'Données personnelles' }).click();
    await heading('Vos données personnelles');
    await journey.audit('privacy page');
  }, 90_000);

  it('erases a person in two steps, the name typed to confirm', async () => {
    await logOut(page);
    await journey.logIn(ADMIN);
    const paul = (await journey.services.people.directory(system, { q: 'Paul' })).items[0]!;
    await page.goto(`${journey.baseUrl}/people/${paul.id}`);
    await page.getByRole('link', { name: 'Effacer cette personne…' }).click();
    await heading('Effacer Paul Parti');
    await journey.audit('erase, second step');
    await page.getByLabel(/Pour confirmer, tapez le nom de la personne/).fill('Paul');
    await page.getByRole('button', { name: 'Effacer définitivement' }).click();
    await page.locator('.field-error').first().waitFor();
    await page.getByLabel(/Pour confirmer, tapez le nom de la personne/).fill('Paul Parti');
    await page.getByRole('button', { name: 'Effacer définitivement' }).click();
    await page.getByRole('status').filter({ hasText: 'La personne est effacée' }).waitFor();
    await heading(/Personne effacée/);
    await journey.audit('erased person');

    expect(journey.inaccessiblePages()).toEqual([]);
    // The two refusals the journey asked for (a common password: 422; a wrong name: 400) and the
    // navigations it cut short are expected; anything else — a CSP violation first — is not.
    const expected = /(HTTP|status of) (400|422)\b.*\/(profile\/password|people\/[^/]+\/erase)\b|net::ERR_ABORTED/;
    expect(journey.problems.filter((p) => !expected.test(p))).toEqual([]);
    expect(journey.problems.join('\n')).not.toMatch(/Content Security Policy/i);
  }, 60_000);
});
