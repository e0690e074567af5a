import { expect } from 'vitest';
import { system, type Browser, type TestAssociation } from './harness.js';
import { mailedResetToken } from './mailbox.js';
import type { Office } from '../src/platform/auth/actor.js';

/* Browsers of people signed in for the session pages' tests, and what those tests read in the HTML. */

export const PASSWORD = 'a long and private passphrase';

export async function loggedIn(a: TestAssociation, displayName: string, options: { office?: Office; locale?: 'fr' | 'en' } = {}) {
  const p = await a.person({ displayName, locale: options.locale });
  if (options.office) await a.services.bureau.appoint(system, { personId: p.id, office: options.office });
  await a.services.accounts.requestPasswordReset(p.email, 'http://equipage.test');
  await a.services.accounts.resetPassword(await mailedResetToken(a, p.email), PASSWORD);
  const browser = a.browser();
  expect((await browser.login(p.email, PASSWORD)).statusCode).toBe(303);
  return { ...p, browser };
}

/** A form with a repeated field (checkboxes), which Browser.post cannot send. */
export async function postPairs(a: TestAssociation, browser: Browser, url: string, pairs: [string, string][]) {
  const body = new URLSearchParams([['_csrf', browser.csrf], ...pairs]).toString();
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return a.app.inject({ method: 'POST', url, payload: body, headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie } });
}

export const between = (html: string, start: string, end: string) => html.slice(html.indexOf(start), html.indexOf(end, html.indexOf(start)));
