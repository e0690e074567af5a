import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../i18n/index.js';

const srcRoot = new URL('../..', import.meta.url).pathname;

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) yield path;
  }
}

/** Every action the code appends: `action: 'x.y'` in an entry, or the third argument of a module's audit(db, actor, 'x.y', …). */
function actionsWritten(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(srcRoot)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\baction: '([a-z_]+\.[a-z_]+)'/g)) found.add(m[1]);
    for (const m of text.matchAll(/\baudit\(\s*[\w.]+,\s*[\w.!?() ]+,\s*'([a-z_]+\.[a-z_]+)'/g)) found.add(m[1]);
    // An action chosen by a condition: `audit(trx, actor, changed ? 'x.changed' : 'x.done', …)`.
    for (const m of text.matchAll(/\baudit\(\s*[\w.]+,\s*[\w.!?() ]+,\s*[\w.!]+\s*\?\s*'([a-z_]+\.[a-z_]+)'\s*:\s*'([a-z_]+\.[a-z_]+)'/g)) {
      found.add(m[1]);
      found.add(m[2]);
    }
  }
  return found;
}

describe('audit actions in words', () => {
  it('names every action the code writes, in French and in English', () => {
    const actions = actionsWritten();
    // The scan finds the actions of every kind of module (a broken pattern would find none).
    for (const known of ['person.created', 'request.resolved', 'assembly.voted', 'second_factor.enabled']) expect(actions).toContain(known);
    for (const locale of ['fr', 'en'] as const) {
      const strings = catalogue(locale);
      expect([...actions].filter((a) => !(`audit.action.${a}` in strings)).sort(), locale).toEqual([]);
    }
  });
});
