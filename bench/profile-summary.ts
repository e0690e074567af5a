/**
 * `npx tsx bench/profile-summary.ts FILE.cpuprofile [count]`: the functions that spent the most
 * CPU themselves (self time) in a V8 CPU profile, grouped by function and file, and the share of
 * each top-level area (database driver, Kysely, preact rendering, Fastify, the application).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const [file, count = '25'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: tsx bench/profile-summary.ts FILE.cpuprofile [count]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };
const hits = new Map<number, number>();
for (const s of profile.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
const total = profile.samples.length;
const byFunction = new Map<string, number>();
const byArea = new Map<string, number>();
const area = (url: string) => {
  for (const [name, pattern] of [
    ['better-sqlite3', /better-sqlite3/],
    ['pg driver', /node_modules\/pg/],
    ['kysely', /kysely/],
    ['preact rendering', /preact/],
    ['fastify', /fastify|light-my-request|find-my-way|avvio/],
    ['application src/', /\/src\//],
  ] as const)
    if (pattern.test(url)) return name;
  return url ? 'other JavaScript' : 'V8 and native (GC, idle, program)';
};
for (const node of profile.nodes) {
  const n = hits.get(node.id) ?? 0;
  if (!n) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const short = url.replace(/^.*node_modules\//, '').replace(/^.*\/src\//, 'src/');
  const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + n);
  byArea.set(area(url), (byArea.get(area(url)) ?? 0) + n);
}
const pct = (n: number) => `${((n / total) * 100).toFixed(1).padStart(5)} %`;
console.log('by area:');
for (const [k, n] of [...byArea].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(n)}  ${k}`);
console.log('by function (self time):');
for (const [k, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) console.log(`  ${pct(n)}  ${k}`);
