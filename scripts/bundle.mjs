#!/usr/bin/env node
// The server as one JavaScript file, dist/equipage.mjs: the application and the packages it uses,
// bundled by esbuild. Node then reads and compiles one file at start instead of resolving, reading
// and compiling some 1,400 modules one by one, which was most of a cold start (docs/performance.md,
// "Cold start"). `npm start`, bin/equipage and `npm run build` make it; the bench starts its
// servers from bundles made the same way, so what it measures is what runs.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const projectRoot = dirname(dirname(fileURLToPath(import.meta.url)));
export const serverBundle = join(projectRoot, 'dist', 'equipage.mjs');

/**
 * Packages left outside the bundle, loaded from node_modules as usual:
 * - native addons, which cannot be bundled (better-sqlite3, @node-rs/argon2);
 * - what the code already loads only when first needed, so that a start does not pay for it
 *   (pg and pg-copy-streams on a SQLite server, the common-passwords dictionary);
 * - @fastify/swagger, which reads its own package.json next to its files.
 */
export const externalPackages = ['better-sqlite3', '@node-rs/argon2', 'pg', 'pg-copy-streams', '@zxcvbn-ts/language-common', '@fastify/swagger'];

/**
 * esbuild's options for bundling `entry` (a TypeScript or JavaScript file of the project) into
 * `outfile`, which must lie inside the project so that the external packages resolve. The banner
 * gives the CommonJS packages inside an ES module the `require` they call for Node's own modules.
 */
export function bundleOptions(entry, outfile) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: externalPackages,
    sourcemap: 'linked',
    logLevel: 'warning',
    banner: { js: "import { createRequire as equipageCreateRequire } from 'node:module'; const require = equipageCreateRequire(import.meta.url);" },
  };
}

/** Bundles `entry` into `outfile` (see bundleOptions). */
export async function bundle(entry, outfile) {
  // Loaded here: serving from an existing bundle does not need esbuild.
  const { build } = await import('esbuild');
  await build(bundleOptions(entry, outfile));
  return outfile;
}

function newestIn(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestIn(path));
    else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Whether dist/equipage.mjs is missing or older than what it is built from: the sources, the
 * migrations, and the installed packages (they are inside the bundle: an `npm install` that
 * changes one must rebuild it).
 */
export function serverBundleIsStale() {
  if (!existsSync(serverBundle)) return true;
  const lock = join(projectRoot, 'package-lock.json');
  const inputs = Math.max(newestIn(join(projectRoot, 'src')), newestIn(join(projectRoot, 'migrations')), existsSync(lock) ? statSync(lock).mtimeMs : 0);
  return statSync(serverBundle).mtimeMs < inputs;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bundle(join(projectRoot, 'src', 'main.ts'), serverBundle);
}
