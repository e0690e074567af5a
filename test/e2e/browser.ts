import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import type { Services } from '../../src/container.js';
import type { Database } from '../../src/platform/db.js';
import { freshDatabase, testConfig } from '../harness.js';
import { mailedResetToken } from '../mailbox.js';
import type { Config } from '../../src/platform/config.js';

/** Debian's chromium; CI installs it. Playwright's own browser downloads are never used. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser journeys skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

interface RunningServer {
  baseUrl: string;
  services: Services;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/** A real HTTP server on a fresh database, setup not done: what a newcomer gets from `npm start`. */
async function startServer(config: Record<string, string>): Promise<RunningServer> {
  const { database, drop } = await freshDatabase();
  const serverConfig = testConfig(config);
  const { app, services } = await buildApp({ database, config: serverConfig });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    services,
    database,
    config: serverConfig,
    async close() {
      await app.close();
      await drop();
    },
  };
}

interface RunningBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors and failed requests seen so far (a CSP violation shows up here). */
  problems: string[];
  close(): Promise<void>;
}

/** Headless chromium with a throwaway profile; the app's CSP stays in force. */
async function launchBrowser(options: { timeoutMs?: number; locale?: JourneyLocale } = {}): Promise<RunningBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'equipage-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    // The browser's language: its Accept-Language chooses the pages' language until someone signs in.
    locale: options.locale === 'en' ? 'en-GB' : 'fr-FR',
    timeout: 30_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.setDefaultTimeout(options.timeoutMs ?? 10_000);
  context.setDefaultNavigationTimeout(options.timeoutMs ?? 10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe-core on the page as it stands. The source is evaluated through the DevTools
 * protocol, which the page's CSP does not govern, so the test keeps the real CSP.
 */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

/** Serious and critical violations fail the journey; lesser ones are printed so they get seen. */
export async function checkAccessibility(page: Page, label: string): Promise<AxeViolation[]> {
  const violations = await axeViolations(page);
  const minor = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  for (const v of minor) {
    console.log(`[axe] ${label}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The languages a journey's browser may ask for. */
export type JourneyLocale = 'fr' | 'en';

export interface Journey {
  baseUrl: string;
  services: Services;
  /** The server's database, for what a journey cannot set up through pages in reasonable time. */
  database: Database;
  /** The server's configuration (its keys open the mails a person receives). */
  config: Config;
  page: Page;
  /** Console errors and failed requests seen so far (a CSP violation shows up here). */
  problems: string[];
  /** Records what axe-core finds on the current page; the journey asserts on all of it at the end. */
  audit(label: string): Promise<void>;
  /** The audited pages with a serious or critical issue, and what it is: empty when every page passed. */
  inaccessiblePages(): { page: string; violations: string[] }[];
  logIn(who: { email: string; password: string }): Promise<void>;
  /** Sets someone's password as anyone would: from the link mailed to them. */
  setPasswordFromMail(who: { email: string; password: string }): Promise<void>;
  close(): Promise<void>;
}

/**
 * A browser journey's stage: a listening server on a fresh database (setup not done, `config`
 * added to the test configuration) and headless chromium on it, with axe-core at hand. The
 * browser speaks `locale` (French unless told), as the visitor's Accept-Language.
 */
export async function startJourney(options: { config?: Record<string, string>; locale?: JourneyLocale } = {}): Promise<Journey> {
  const server = await startServer(options.config ?? {});
  const browser = await launchBrowser({ locale: options.locale }).catch(async (e: unknown) => {
    await server.close();
    throw e;
  });
  const { baseUrl, services, database, config } = server;
  const { page } = browser;
  const audited: { page: string; violations: string[] }[] = [];
  return {
    baseUrl,
    services,
    database,
    config,
    page,
    problems: browser.problems,
    async audit(label) {
      const serious = await checkAccessibility(page, label);
      audited.push({
        page: label,
        violations: serious.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      });
    },
    inaccessiblePages: () => audited.filter((a) => a.violations.length > 0),
    async logIn(who) {
      await page.goto(`${baseUrl}/login`);
      // The login page speaks the browser's language: French, or English for an English journey.
      await page.getByLabel(/Adresse e-mail|Email address/).fill(who.email);
      await page.getByLabel(/Mot de passe|Password/).fill(who.password);
      await page.getByRole('button', { name: /^(Se connecter|Log in)$/ }).click();
      // Signed in, the navigation gathers what the person may use under its "Menu", log-out included.
      await page
        .getByRole('navigation', { name: /Navigation principale|Main navigation/ })
        .locator('summary')
        .waitFor();
    },
    async setPasswordFromMail(who) {
      await services.accounts.requestPasswordReset(who.email, baseUrl);
      await services.accounts.resetPassword(await mailedResetToken({ database, config }, who.email), who.password);
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * A link of the main navigation, as a person finds it: in the bar, or else in the "Menu" they
 * open first (a <details> element: the links inside are hidden until it opens).
 */
export async function navLink(page: Page, name: string) {
  const nav = page.getByRole('navigation', { name: /Navigation principale|Main navigation/ });
  const link = nav.getByRole('link', { name, exact: true });
  if ((await link.count()) === 0) await nav.locator('summary').click();
  return link.first();
}

/** Logs out as a person does: the button sits in the navigation's "Menu", opened first when closed. */
export async function logOut(page: Page) {
  const nav = page.getByRole('navigation', { name: /Navigation principale|Main navigation/ });
  const button = nav.getByRole('button', { name: /^(Se déconnecter|Log out)$/ });
  if (!(await button.isVisible())) await nav.locator('summary').click();
  await button.click();
}

/** Waits until the page shows a signed-in person's navigation (its "Menu"). */
export async function signedIn(page: Page) {
  await page
    .getByRole('navigation', { name: /Navigation principale|Main navigation/ })
    .locator('summary')
    .waitFor();
}
