#!/usr/bin/env node
// Builds the server bundle, dist/equipage.mjs, when it is missing or older than the sources, then
// runs the command line with the given arguments. `npm start` uses it to serve right after
// `npm install` on a fresh clone; bin/equipage does the same.
import { pathToFileURL } from 'node:url';
import { bundle, projectRoot, serverBundle, serverBundleIsStale } from './bundle.mjs';
import { join } from 'node:path';

export async function ensureBuilt() {
  if (!serverBundleIsStale()) return;
  process.stderr.write('Building Équipage (esbuild)…\n');
  await bundle(join(projectRoot, 'src', 'main.ts'), serverBundle);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await ensureBuilt();
  const { main } = await import(pathToFileURL(serverBundle).href);
  await main(process.argv.slice(2));
}
