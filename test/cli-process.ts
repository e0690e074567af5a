import { buildSync } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bundleOptions } from '../scripts/bundle.mjs';

const root = new URL('..', import.meta.url).pathname;
const built = new Map<string, string>();

/**
 * A TypeScript entry point (relative to the project) as one JavaScript file, built once per test
 * file: a process that runs it starts in about half a second, where compiling the sources with tsx
 * at each start costs two to four on a busy machine. It is built as dist/equipage.mjs is
 * (`scripts/bundle.mjs`), so the tests run what production runs; the packages left outside the
 * bundle resolve from the project's node_modules, so the file lives under it.
 */
export function bundled(entry: string): string {
  const known = built.get(entry);
  if (known) return known;
  const dir = join(root, 'node_modules', '.cache', 'equipage-test');
  mkdirSync(dir, { recursive: true });
  // One file per test file: workers share a process id when they are threads.
  const outfile = join(dir, `${basename(entry, '.ts')}-${process.pid}-${randomBytes(4).toString('hex')}.mjs`);
  // Workers do not always see their process exit: old bundles are cleared by the next runs instead.
  for (const old of readdirSync(dir)) {
    const path = join(dir, old);
    if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { force: true });
  }
  buildSync(bundleOptions(join(root, entry), outfile));
  built.set(entry, outfile);
  return outfile;
}

/** The command line, `src/main.ts`, bundled. */
export const bundledMain = (): string => bundled('src/main.ts');
