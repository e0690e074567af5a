import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectUnderTest } from './harness.js';
import { freeLoopbackPort } from './ports.js';

/**
 * `npm start` as a newcomer runs it: scripts/start.mjs builds the server bundle
 * (dist/equipage.mjs, the application and its packages in one file) when it is missing or stale,
 * then serves from it. What is bundled differently from the sources could break only here: a
 * package that reads files beside its own, one that requires something at run time, the assets
 * resolved from node_modules. The server runs on a SQLite file of its own whatever the suite's
 * database: what is under test is the bundle, and the PostgreSQL driver, left outside it, is
 * loaded by the command-line tests that run the same bundle on PostgreSQL.
 */
const root = new URL('..', import.meta.url).pathname;
const start = join(root, 'scripts', 'start.mjs');

describe(`npm start: the server bundle (${dialectUnderTest} suite, SQLite file)`, { timeout: 120_000 }, () => {
  let dir: string;
  let base: string;
  let output = '';
  let server: ReturnType<typeof spawn> | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'equipage-start-'));
    const port = await freeLoopbackPort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [start, 'serve'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'equipage.sqlite')}`, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [server.stdout!, server.stderr!]) stream.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`npm start stopped (${server.exitCode}): ${output}`);
      const ok = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`no /healthz within 90 s: ${output}`);
      await sleep(50);
    }
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the first-run setup page, its styles and script, and the API description', async () => {
    const home = await fetch(`${base}/`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/setup');

    const setup = await fetch(`${base}/setup`, { headers: { accept: 'text/html', 'accept-language': 'fr' } });
    expect(setup.status).toBe(200);
    const html = await setup.text();
    expect(html).toContain('<form');
    expect(html).toContain('name="password"');

    // The assets are resolved from the packages that ship them, relative to the bundle.
    const css = await fetch(`${base}/assets/pico.min.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect((await css.text()).length).toBeGreaterThan(10_000);
    const htmx = await fetch(`${base}/assets/htmx.min.js`);
    expect(htmx.status).toBe(200);
    expect(await htmx.text()).toContain('htmx');

    const openapi = await fetch(`${base}/api/v1/openapi.json`);
    expect(openapi.status).toBe(200);
    const description = (await openapi.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(description.openapi).toBe('3.1.0');
    expect(Object.keys(description.paths)).toContain('/api/v1/people');

    // Bad input is refused as the sources refuse it.
    const api = await fetch(`${base}/api/v1/teams`);
    expect(api.status).toBe(503);
    expect(((await api.json()) as { code: string }).code).toBe('setup_required');
  });

  it('runs the command line from the same bundle: an unknown command exits with 2', () => {
    const run = spawnSync(process.execPath, [start, 'no-such-command'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no-such-command|Usage/);
  });
});
