import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  architecture,
  codeFiles,
  committedEvents,
  committedMap,
  domainEvents,
  eventsTableOf,
  fileCycles,
  fileGraph,
  mermaidOf,
  moduleGraph,
  projectRoot,
  sourceFiles,
  tableRows,
  unitOf,
} from '../scripts/architecture.mjs';
import { modules as composedModules } from '../src/modules.js';

type Graph = Map<string, Set<string>>;
const files: Graph = fileGraph();
const modules: Map<string, string[]> = moduleGraph(files);
const order: string[] = architecture.modules;
const pending: [string, string][] = architecture.pendingUpwardEdges;
const isPending = (from: string, to: string) => pending.some(([f, t]) => f === from && t === to);
const rank = (unit: string) => order.indexOf(unit);

describe('architecture: dependencies point one way', () => {
  it('every module folder is placed in the order, and every placed module exists', () => {
    const folders = new Set(
      sourceFiles()
        .map((f: string) => unitOf(f))
        .filter((u: string) => !['platform', 'integrations', 'composition'].includes(u)),
    );
    expect([...folders].sort()).toEqual([...order].sort());
    expect(Object.keys(architecture.purposes).sort()).toEqual([...order].sort());
  });

  it('the composition root lists every module once, in the same order, each declaring itself under its folder name', () => {
    expect(composedModules.map((m) => m.name)).toEqual(order);
  });

  it('the platform and the integrations import no module and not the composition root', () => {
    const wrong = [...modules.entries()].filter(([key]) => {
      const [from, to] = key.split(' -> ');
      return (from === 'platform' || from === 'integrations') && to !== 'platform' && to !== 'integrations';
    });
    expect(wrong.flatMap(([, list]) => list)).toEqual([]);
  });

  it('no module imports the composition root (app, container, main, modules list)', () => {
    const wrong = [...modules.entries()].filter(([key]) => {
      const [from, to] = key.split(' -> ');
      return rank(from) >= 0 && to === 'composition';
    });
    expect(wrong.flatMap(([, list]) => list)).toEqual([]);
  });

  it('every module edge points down the order, type-only imports included', () => {
    const upward = [...modules.entries()].filter(([key]) => {
      const [from, to] = key.split(' -> ');
      return rank(from) >= 0 && rank(to) > rank(from) && !isPending(from, to);
    });
    expect(upward.map(([key, list]) => `${key}: ${list.join(', ')}`)).toEqual([]);
  });

  it('the edges still waiting to be turned around all exist (the list only shrinks)', () => {
    const gone = pending.filter(([from, to]) => !modules.has(`${from} -> ${to}`));
    expect(gone).toEqual([]);
  });

  it('no import cycle between files, type-only imports included', () => {
    // Edges still pending may close cycles through the modules above; nothing else may.
    const skip = (from: string, to: string) => isPending(unitOf(from), unitOf(to));
    const cycles = fileCycles(files, skip).map((c: string[]) => c.map((f) => relative(projectRoot, f)));
    const known: string[][] = architecture.pendingCycles;
    const isKnown = (cycle: string[]) => known.some((k) => k.join() === cycle.join());
    expect(cycles.filter((c: string[]) => !isKnown(c))).toEqual([]);
    // A known cycle that is gone leaves the list, so it only shrinks.
    expect(known.filter((k) => !cycles.some((c: string[]) => c.join() === k.join()))).toEqual([]);
  });

  it('no source file above 500 lines, but those allowed and said why', () => {
    // Every code file: the source, its tests, the benchmarks and the scripts.
    const long = codeFiles(projectRoot)
      .map((f: string) => [relative(projectRoot, f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([path, lines]: readonly [string, number]) => lines > 500 && !(path in architecture.longFiles));
    expect(long).toEqual([]);
  });

  it('the map in docs/architecture.md is the one drawn from the code (npm run docs:graph)', () => {
    const docs = readFileSync(join(projectRoot, 'docs', 'architecture.md'), 'utf8');
    expect(committedMap(docs)).toBe(mermaidOf(modules));
  });

  it('the domain events table in docs/architecture.md is the one read from the code', () => {
    const docs = readFileSync(join(projectRoot, 'docs', 'architecture.md'), 'utf8');
    expect(committedEvents(docs)).toEqual(tableRows(eventsTableOf(domainEvents())));
  });

  it('every domain event is published by a module below each of its listeners', () => {
    const wrong = domainEvents().flatMap((e: { name: string; publisher: string; listeners: string[] }) =>
      e.listeners.filter((l) => rank(l) <= rank(e.publisher)).map((l) => `${e.name}: ${e.publisher} → ${l}`),
    );
    expect(wrong).toEqual([]);
  });

  it('the guard works: a platform file importing a module would be caught', () => {
    // The checks above read the graph; this one shows they would see a wrong edge.
    const fake: Graph = new Map([[join(projectRoot, 'src/platform/x.ts'), new Set([join(projectRoot, 'src/modules/people/service.ts')])]]);
    expect([...moduleGraph(fake).keys()]).toEqual(['platform -> people']);
    const cycle: Graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['a'])],
    ]);
    expect(fileCycles(cycle)).toEqual([['a', 'b']]);
  });
});
