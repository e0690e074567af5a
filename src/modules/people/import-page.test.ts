import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, type TestAssociation } from '../../../test/harness.js';

const paheko = readFileSync(new URL('../../../test/fixtures/paheko-members-export.csv', import.meta.url));

function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer }) {
  const boundary = '----equipage-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe(`people import page (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
  });
  afterEach(async () => {
    await a.close();
  });

  it('imports an uploaded Paheko export and lists the refused lines with their numbers', async () => {
    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    await browser.get('/people/import');
    const body = multipart({ _csrf: browser.csrf, csv: '' }, { name: 'membres.csv', content: paheko });
    const res = await a.app.inject({
      method: 'POST',
      url: '/people/import',
      payload: body.payload,
      headers: { 'content-type': body.contentType, cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('9 importée(s), 1 ignorée(s), 2 erreur(s).');
    expect(res.body).toContain('Ligne 8');
    expect(res.body).toContain('Ligne 11 : même adresse que la ligne 2, ignorée.');
    const found = await a.app.inject({ method: 'GET', url: '/api/v1/people?q=ndiaye', headers: a.admin.headers });
    expect(found.json().items.map((p: { displayName: string }) => p.displayName)).toEqual(["Aïssatou N'Diaye"]);
  });

  it('refuses an upload without the form token and imports nothing', async () => {
    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    const body = multipart({ _csrf: 'forged' }, { name: 'membres.csv', content: paheko });
    const res = await a.app.inject({
      method: 'POST',
      url: '/people/import',
      payload: body.payload,
      headers: { 'content-type': body.contentType, cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html' },
    });
    expect(res.statusCode).toBe(403);
    const count = await a.app.inject({ method: 'GET', url: '/api/v1/people?q=dupont', headers: a.admin.headers });
    expect(count.json().items).toEqual([]);
  });
});
