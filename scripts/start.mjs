#!/usr/bin/env node
// Builds dist/ when it is missing or older than the sources, then runs the CLI with the given
// arguments. `npm start` uses it to serve right after `npm install` on a fresh clone.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, 'dist', 'src', 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    if (name.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|tsx)$/.test(name.name) && !/\.test\.tsx?$/.test(name.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureBuilt() {
  const sources = Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'migrations')));
  if (existsSync(entry) && statSync(entry).mtimeMs >= sources) return;
  process.stderr.write('Building Équipage (tsc)…\n');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureBuilt();
  const { main } = await import(pathToFileURL(entry).href);
  await main(process.argv.slice(2));
}
