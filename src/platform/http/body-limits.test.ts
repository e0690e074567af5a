import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAssociation, dialectUnderTest, postCsv, expectProblem, stateFingerprint, type TestAssociation } from '../../../test/harness.js';

const MB = 1024 * 1024;

/** A body that records how much of it the server pulled: refused before being read means nothing pulled. */
function watchedBody(bytes: number, chunk = 'a'.repeat(64 * 1024)): { stream: Readable; pulled: () => number } {
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= bytes) return void this.push(null);
      sent += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, pulled: () => sent };
}

describe(`request bodies are limited to what each route needs (${dialectUnderTest})`, () => {
  let a: TestAssociation;
  beforeEach(async () => {
    a = await buildAssociation();
  });
  afterEach(async () => {
    await a?.close();
  });

  it('a 1 MB body to a public route is refused with 413 payload_too_large, whatever its type, and changes nothing', async () => {
    const before = await stateFingerprint(a);
    const big = 'x'.repeat(MB);
    const json = await a.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'visitor@example.org', category: 'question', subject: 'Hello', message: big }),
    });
    expectProblem(json, 413, 'payload_too_large');
    expect(json.headers['content-type']).toMatch(/^application\/problem\+json/);
    const csv = await a.app.inject({ method: 'POST', url: '/api/v1/requests', headers: { 'content-type': 'text/csv' }, payload: big });
    expectProblem(csv, 413, 'payload_too_large');
    const form = await a.app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=a%40b.org&password=${big}`,
    });
    expect(form.statusCode).toBe(413);
    expect(await stateFingerprint(a)).toBe(before);
  });

  it('a multipart upload to a route that takes none is refused before a byte of it is read', async () => {
    const body = watchedBody(2 * MB);
    const res = await a.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' },
      payload: body.stream,
    });
    expectProblem(res, 415, 'unsupported_media_type');
    expect(body.pulled()).toBe(0);
  });

  it('an import of a few MB by an administrator still works', async () => {
    // Three people, with a notes column (ignored) that makes the file 3 MB.
    const notes = 'n'.repeat(MB);
    const csv = ['displayName,email,notes', ...[1, 2, 3].map((i) => `Person ${i},imported.${i}@example.org,${notes}`)].join('\n');
    const res = await postCsv(a, '/api/v1/people/import?dryRun=true', csv);
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    expect(res.json()).toMatchObject({ imported: 3, dryRun: true, errors: [], ignoredColumns: ['notes'] });
  });

  it.each([
    ['/api/v1/people/import', 'anonymous', 401],
    ['/api/v1/people/import', 'contributor', 403],
    ['/api/v1/contributions/import', 'anonymous', 401],
    ['/api/v1/contributions/import', 'contributor', 403],
  ] as const)('a large body to %s by %s is refused before being read (%i)', async (url, role, status) => {
    const actor = await a.actingAs(role);
    const body = watchedBody(8 * MB);
    const res = await a.app.inject({
      method: 'POST',
      url,
      headers: { ...actor.headers, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
      payload: body.stream,
    });
    expectProblem(res, status, status === 401 ? 'unauthenticated' : 'forbidden');
    expect(body.pulled()).toBe(0);
  });

  it('the import page refuses an upload from someone who may not import, before reading it', async () => {
    const browser = a.browser();
    await browser.get('/login');
    const body = watchedBody(4 * MB);
    const res = await a.app.inject({
      method: 'POST',
      url: '/people/import',
      headers: { accept: 'text/html', 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' },
      payload: body.stream,
    });
    expect([303, 401]).toContain(res.statusCode);
    expect(body.pulled()).toBe(0);
  });
});
