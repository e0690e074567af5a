import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dialectUnderTest } from '../harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../peers/webhook-receiver.js';
import { CHROMIUM, hasChromium, navLink, startJourney, type Journey } from './browser.js';

const ADMIN = { email: 'ada@example.org', password: 'correct horse battery staple' };
const SECRET = 'e2e-webhook-secret-0123456789';

/**
 * The rooms' pages in a real browser: an administrator registers the members' room (a webhook
 * here), reads its drift, repairs it, and finds the outbox and the mail log, which says that no
 * SMTP server sends the mails. Every page passes axe-core (no serious or critical issue).
 */
describe.skipIf(!hasChromium)(`rooms and mail pages (${dialectUnderTest}, ${CHROMIUM})`, () => {
  let journey: Journey;
  let page: Page;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ secret: SECRET });
    journey = await startJourney({ config: { WEBHOOK_SECRET: SECRET } });
    page = journey.page;
    await journey.services.accounts.setup({ associationName: 'TeDomum', displayName: 'Ada Admin', email: ADMIN.email, password: ADMIN.password, locale: 'fr' });
  }, 60_000);

  afterAll(async () => {
    await journey?.close();
    await receiver?.close();
  }, 30_000);

  it('registers a room, shows its drift and repairs it; the outbox and the mail log are one click away', async () => {
    await journey.logIn(ADMIN);
    await (await navLink(page, 'Salons')).click();
    await page.getByRole('heading', { level: 1, name: 'Salons' }).waitFor();
    expect(await page.getByText('Aucun salon n’est enregistré.').count()).toBe(1);

    // A wrong address is refused beside the field, and the form keeps what was typed.
    await page.getByRole('combobox', { name: /^Fournisseur/ }).selectOption('matrix');
    await page.getByLabel('Adresse du salon').fill('salon des membres');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Adresse de salon invalide pour ce fournisseur').first().waitFor();
    await journey.audit('rooms page with an error');

    await page.getByRole('combobox', { name: /^Fournisseur/ }).selectOption('webhook');
    await page.getByLabel('Adresse du salon').fill(receiver.url);
    await page.getByLabel('Nom affiché').fill('Forum des membres');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Forum des membres' }).waitFor();
    await page.getByText('Le salon correspond exactement à son public.').waitFor();
    await journey.audit('room page');
    await page.getByRole('button', { name: 'Réparer maintenant' }).click();
    await page.getByText('Réparation demandée').waitFor();

    await page.goto(`${journey.baseUrl}/admin/outbox`);
    await page.getByRole('heading', { level: 1, name: 'Envois' }).waitFor();
    await journey.audit('outbox page');
    await (await navLink(page, 'E-mails')).click();
    await page.getByRole('heading', { level: 1, name: 'E-mails' }).waitFor();
    await page.getByText('Aucun serveur SMTP n’est configuré').waitFor();
    await journey.audit('mail log page');

    expect(journey.inaccessiblePages()).toEqual([]);
    // The only failed request is the refused form, answered 400 on purpose.
    expect(journey.problems.filter((p) => !(p.includes('400') && p.includes('/rooms')))).toEqual([]);
  });
});
