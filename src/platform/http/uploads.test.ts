import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildAssociation, dialectUnderTest, postCsv, system, type TestAssociation } from '../../../test/harness.js';
import { spoolBody } from './uploads.js';

/**
 * A CSV sent to an import route is written to a private file as it arrives and imported from there
 * (platform/http/uploads.ts): memory holds a window of it, a slow client holds no transaction
 * open while it sends, and the file is gone once the answer is sent.
 */
describe(`an import's body, spooled to a file (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  let folder: string;
  let tmp: string | undefined;
  beforeEach(async () => {
    a = await buildAssociation();
    // The process's temporary folder, for this test alone: where the spooled bodies go.
    tmp = process.env.TMPDIR;
    folder = mkdtempSync(join(tmpdir(), 'uploads-test-'));
    process.env.TMPDIR = folder;
  });
  afterEach(async () => {
    if (tmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmp;
    rmSync(folder, { recursive: true, force: true });
    await a?.close();
  });

  const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `Personne ${from + i},personne.${from + i}@example.org\n`).join('');

  it('writes the body to a file of its own while it arrives, lets other writes through meanwhile, imports it whole, then removes the file', async () => {
    let seenWhileSending: { files: string[]; written: string } | null = null;
    async function* slowly() {
      yield `displayName,email\n${lines(0, 1500)}`;
      // Halfway: the first half is in a file of its own, and the association writes as usual.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const [spool] = readdirSync(folder);
      seenWhileSending = { files: readdirSync(join(folder, spool!)), written: readFileSync(join(folder, spool!, 'body'), 'utf8') };
      await a.services.people.create(system, { displayName: 'Pendant l’envoi', email: 'pendant@example.org' });
      yield lines(1500, 3000);
    }
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/people/import',
      headers: { ...a.admin.headers, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
      payload: Readable.from(slowly()),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json()).toMatchObject({ imported: 3000, skipped: 0, invalidLines: 0 });
    expect(seenWhileSending!.files).toEqual(['body']);
    expect(seenWhileSending!.written.split('\n').slice(0, 2)).toEqual(['displayName,email', 'Personne 0,personne.0@example.org']);
    const during = await a.database.db.selectFrom('people').select('display_name').where('email_normalized', '=', 'pendant@example.org').execute();
    expect(during).toEqual([{ display_name: 'Pendant l’envoi' }]);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('spools the file chosen on the import page as it arrives, imports it from there, then removes it', async () => {
    const browser = a.browser();
    await browser.login(a.admin.email, ADMIN_PASSWORD);
    await browser.get('/people/import');
    const boundary = '----equipage-spool-boundary';
    let seenWhileSending: string | null = null;
    async function* slowly() {
      yield `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${browser.csrf}\r\n`;
      yield `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="people.csv"\r\nContent-Type: text/csv\r\n\r\n`;
      yield `displayName,email\n${lines(0, 1500)}`;
      // Halfway through the file: its first half is in a file of its own, not in memory.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const [spool] = readdirSync(folder);
      seenWhileSending = spool ? readFileSync(join(folder, spool, 'body'), 'utf8') : null;
      yield `${lines(1500, 3000)}\r\n--${boundary}--\r\n`;
    }
    const res = await a.app.inject({
      method: 'POST',
      url: '/people/import',
      payload: Readable.from(slowly()),
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'transfer-encoding': 'chunked',
        cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        accept: 'text/html',
      },
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.body).toContain('3000 importée(s), 0 ignorée(s), 0 erreur(s).');
    expect(seenWhileSending!.split('\n').slice(0, 2)).toEqual(['displayName,email', 'Personne 0,personne.0@example.org']);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses a body past the limit as soon as it passes it, and keeps no file', async () => {
    let pulled = 0;
    const body = new Readable({
      read() {
        pulled += 1024;
        this.push(pulled > 64 * 1024 ? null : 'x'.repeat(1024));
      },
    });
    await expect(spoolBody(body, 10 * 1024)).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(pulled).toBeLessThan(32 * 1024);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('removes the file when the import refuses the body', async () => {
    const res = await postCsv(a, '/api/v1/contributions/import', 'email,kind,occurredOn,summary\n"jamais fermé,event,2026-01-01,x\n');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_csv' });
    expect(readdirSync(folder)).toEqual([]);
  });
});
