// One association walks these tables, then the checks that are no one route's; the others are
// walked by their own files, in parallel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssociation, databaseFingerprint, dialectUnderTest, type TestAssociation } from '../harness.js';
import { checkCases, expectProblem, sendApi } from './harness.js';
import { queryCases } from './cases/index.js';
import * as site from './cases/site.js';
import * as accounts from './cases/accounts.js';
import * as people from './cases/people.js';
import * as privacy from './cases/privacy.js';

// POST /login and POST /profile/password stay in this file, in this order: failed logins of the
// administrator's address count across their cases.
checkCases('people and accounts', [site, accounts, people, privacy], (context) => {
  it('refuses wrong query values with problem+json', async () => {
    for (const c of queryCases) {
      const res = await sendApi(context(), 'GET', c);
      expectProblem(res, c, `${c.name}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    }
  });

  it('answers an unknown route with 404 problem+json, or a 404 page for a browser', async () => {
    const { a, browser } = context();
    for (const [method, url] of [
      ['GET', '/api/v1/nothing-here'],
      ['POST', '/api/v1/people/abc/def'],
      ['DELETE', '/api/v1/teams'],
      ['PUT', '/api/v1/people'],
    ] as const) {
      const before = await databaseFingerprint(a.database);
      const res = await a.app.inject({ method, url, headers: a.admin.headers, payload: method === 'GET' ? undefined : {} });
      expectProblem(res, { status: 404, code: 'not_found' }, `${method} ${url}`);
      expect(await databaseFingerprint(a.database)).toBe(before);
    }
    const page = await browser.get('/nulle-part');
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
  });

  it('keeps the values and shows the error beside the field when a form is refused', async () => {
    const { a, browser } = context();
    const before = await databaseFingerprint(a.database);
    await browser.get('/people/new');
    const res = await browser.post('/people/new', { displayName: 'Camille Exemple', email: 'camille@@exemple', pronouns: 'iel' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('role="alert"');
    expect(res.body).toMatch(/<input id="field-displayName" name="displayName" type="text" value="Camille Exemple"/);
    expect(res.body).toMatch(/<input id="field-pronouns" name="pronouns" type="text" value="iel"/);
    expect(res.body).toMatch(/name="email" type="email" value="camille@@exemple"[^>]*aria-invalid="true"[^>]*aria-describedby="field-email-error"/);
    expect(res.body).toMatch(/<small id="field-email-error" class="field-error">Adresse e-mail invalide\.<\/small>/);
    expect(res.body).not.toMatch(/id="field-displayName"[^>]*aria-invalid/);
    expect(await databaseFingerprint(a.database)).toBe(before);
  });

  it('imports nothing from a CSV whose every line is wrong, and names each line', async () => {
    const { a } = context();
    const before = await databaseFingerprint(a.database);
    const csv = 'displayName,email\nAlice,alice-at-example\n,bob2@example.org\nCarla,carla@\n';
    const res = await sendApi(context(), 'POST', { url: '/api/v1/people/import', raw: csv, type: 'text/csv' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      imported: 0,
      errors: [
        { line: 2, path: '/email' },
        { line: 3, path: '/displayName' },
        { line: 4, path: '/email' },
      ],
    });
    expect(await databaseFingerprint(a.database)).toBe(before);
  });
});

describe(`bad input before setup (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeAll(async () => {
    a = await buildAssociation({ setup: false });
  });
  afterAll(async () => {
    await a?.close();
  });

  it('shows the setup form again, values kept, and creates nothing', async () => {
    const browser = a.browser();
    await browser.get('/setup');
    const before = await databaseFingerprint(a.database);
    const cases: [Record<string, string>, number][] = [
      [{ associationName: 'TeDomum', displayName: 'Ada', email: 'ada@', password: 'a long enough passphrase' }, 400],
      [{ associationName: '', displayName: 'Ada', email: 'ada@example.org', password: 'a long enough passphrase' }, 400],
      [{ associationName: 'TeDomum', displayName: 'Ada', email: 'ada@example.org', password: 'short' }, 422],
      [{ associationName: 'TeDomum', displayName: '', email: 'ada@example.org', password: 'a long enough passphrase' }, 400],
    ];
    for (const [form, status] of cases) {
      const res = await browser.post('/setup', form);
      expect(res.statusCode, JSON.stringify(form)).toBe(status);
      expect(res.body).toContain('role="alert"');
      if (form.associationName) expect(res.body).toContain(`value="${form.associationName}"`);
      expect(await databaseFingerprint(a.database)).toBe(before);
    }
  });
});
