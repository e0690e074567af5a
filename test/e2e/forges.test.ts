import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dialectUnderTest, system } from '../harness.js';
import { logOut, CHROMIUM, hasChromium, startJourney, type Journey } from './browser.js';

const ADMIN = { email: 'ada@example.org', password: 'correct horse battery staple' };
const FIONA = { email: 'fiona@example.org', password: 'a long and private passphrase' };
const SECRET = 'e2e-forgejo-secret-0123456789';

/**
 * The forges' journey over real HTTP: Forgejo's documented push arrives signed on a listening
 * server; its author is unknown, so the administrator links them to Fiona on /admin/forges; Fiona
 * then finds the commit among her contributions and links a GitLab login from her profile. Every
 * page passes axe-core (no serious or critical issue).
 */
describe.skipIf(!hasChromium)(`forges journey (${dialectUnderTest}, ${CHROMIUM})`, () => {
  let journey: Journey;
  let page: Page;

  beforeAll(async () => {
    journey = await startJourney({ config: { FORGEJO_WEBHOOK_SECRET: SECRET } });
    page = journey.page;
    const { services } = journey;
    await services.accounts.setup({ associationName: 'TeDomum', displayName: 'Ada Admin', email: ADMIN.email, password: ADMIN.password, locale: 'fr' });
    await services.people.create(system, { displayName: 'Fiona Forge', email: FIONA.email });
    await journey.setPasswordFromMail(FIONA);
  }, 60_000);

  afterAll(async () => {
    await journey?.close();
  }, 30_000);

  it('receives a signed push, links its unknown author, and credits them', async () => {
    const body = readFileSync(new URL('../../src/modules/forges/fixtures/forgejo-push.json', import.meta.url));
    const hook = (signature: string) =>
      fetch(`${journey.baseUrl}/api/v1/hooks/forgejo`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forgejo-event': 'push',
          'x-forgejo-delivery': 'f6266f16-1bf3-46a5-9ea4-602e06ead473',
          'x-forgejo-signature': signature,
        },
        body,
      });
    expect((await hook(createHmac('sha256', 'some other secret').update(body).digest('hex'))).status).toBe(401);
    const delivered = await hook(createHmac('sha256', SECRET).update(body).digest('hex'));
    expect(delivered.status).toBe(200);
    expect(await delivered.json()).toMatchObject({ status: 'processed', recorded: 0, unknownAuthors: 1 });

    await journey.logIn(ADMIN);
    await page.goto(`${journey.baseUrl}/admin/forges`);
    await page.getByRole('heading', { level: 1, name: 'Forges' }).waitFor();
    await journey.audit('admin forges page');
    const row = page.getByRole('row').filter({ hasText: 'Forgejo ou Gitea : forgejo' });
    await row.getByLabel('Relier forgejo').fill('personne@example.org');
    await row.getByRole('button', { name: 'Relier' }).click();
    await page.getByRole('alert').waitFor();
    await journey.audit('admin forges page with an error');
    await page.getByRole('row').filter({ hasText: 'forgejo' }).getByLabel('Relier forgejo').fill(FIONA.email);
    await page.getByRole('row').filter({ hasText: 'forgejo' }).getByRole('button', { name: 'Relier' }).click();
    await page.getByRole('status').filter({ hasText: 'Identité reliée' }).waitFor();
    await page.getByText('Aucun·e auteur·ice inconnu·e.').waitFor();
    await logOut(page);

    await journey.logIn(FIONA);
    await page.goto(`${journey.baseUrl}/profile`);
    const section = page.getByRole('region', { name: 'Comptes de forge' });
    await section.getByText('forgejo', { exact: true }).waitFor();
    await journey.audit('profile with forge accounts');
    await section.getByRole('combobox').selectOption({ label: 'GitLab' });
    await section.getByLabel('Identifiant ou adresse').fill('fiona forge');
    await section.getByRole('button', { name: 'Relier ce compte' }).click();
    await page.getByRole('alert').waitFor();
    await journey.audit('forge accounts form with an error');
    await page.getByLabel('Identifiant ou adresse').fill('fiona.forge');
    await page.getByRole('button', { name: 'Relier ce compte' }).click();
    await page.getByRole('status').filter({ hasText: 'Compte de forge relié' }).waitFor();
    await page.getByRole('region', { name: 'Comptes de forge' }).getByText('fiona.forge', { exact: true }).waitFor();

    const fiona = (await journey.services.people.directory(system, { q: 'Fiona' })).items[0];
    const contributions = await journey.services.contributions.timeline(system, fiona.id);
    expect(contributions.map((c) => [c.source, c.externalId, c.status])).toEqual([['forgejo', 'bffeb74224043ba2feb48d137756c8a9331c449a', 'confirmed']]);
    expect(journey.inaccessiblePages()).toEqual([]);
  }, 60_000);
});
