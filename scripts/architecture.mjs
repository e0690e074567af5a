/**
 * The architecture as data: the modules in the domain's order, what each is for, and the
 * source's import graph read from the code. ESLint (eslint.config.js) turns the order into
 * import rules; test/architecture.test.ts checks the graph against it; `npm run docs:graph`
 * writes the Mermaid map into docs/architecture.md, and the test fails when that map is stale.
 */
import { readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const architecture = {
  /**
   * Lowest first: a module may import only the modules before it. The order is the domain's:
   * people exist before teams, teams before contributions, contributions before applications,
   * which a bureau session decides, and the decision starts a membership, which rooms,
   * assemblies and the rest follow.
   */
  modules: [
    'people',
    'teams',
    'accounts',
    'contributions',
    'forges',
    'bureau',
    'applications',
    'sessions',
    'memberships',
    'rooms',
    'assemblies',
    'requests',
    'privacy',
    'home',
    'site',
  ],
  purposes: {
    people: 'The register of people: names, contact addresses, consents, the directory and imports.',
    teams: 'Teams, their missions and who holds which role in them, with dates.',
    accounts: 'Login identities apart from people: sign-in, sessions, passwords, two-factor, API tokens, setup.',
    contributions: 'Contributions and the activity policy that says who is an active contributor.',
    forges: 'Contributions read from forges (Git hosts) through signed webhooks.',
    bureau: 'The bureau: its offices, who holds them when, and the two-person rule for changing it.',
    applications: 'Membership applications: who may apply, what they say, their status until decided.',
    sessions: 'Bureau sessions: agenda, quorum, votes and recorded decisions, minutes and calendar.',
    memberships: 'The register of members: a membership starts from an accepted decision and ends by the rules.',
    rooms: 'Chat rooms and mailing services kept in line with their audience (members, teams).',
    assemblies: 'General assemblies: convocation of everyone, attendance, proxies, votes and minutes.',
    requests: 'Requests from the public and members, routed to teams, with private follow links.',
    privacy: "A person's export and erasure of their data, decided and carried out with a trace.",
    home: 'Each person’s home page: what awaits them across the modules.',
    site: 'The association’s public page, first-run setup and the settings a bureau changes.',
  },
  /**
   * Module edges that still point up the order, each to be replaced by a domain event or a port.
   * The test fails when one of them no longer exists, so the list only shrinks.
   */
  pendingUpwardEdges: [],
  /** Import cycles inside a module still to be broken, each listed by its files. */
  pendingCycles: [],
  /** Files that still cast request input instead of declaring its schema (ESLint skips them). */
  pendingCastFiles: [],
  /** Code files (see codeFiles) allowed above 500 lines, and why. */
  longFiles: {
    'src/platform/schema.ts': 'the database schema types, one interface per table, kept in one place on purpose',
  },
};

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every TypeScript file under src/, tests excluded unless asked. */
export function sourceFiles(root = projectRoot, { tests = false } = {}) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && (tests || !/\.test\.tsx?$/.test(entry.name))) files.push(path);
    }
  };
  walk(join(root, 'src'));
  return files.sort();
}

/** Every code file of the project: src/, test/, bench/ and scripts/ (`.ts`, `.tsx`, `.mjs`), tests included. */
export function codeFiles(root = projectRoot) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (/\.(tsx?|mjs)$/.test(entry.name)) files.push(path);
    }
  };
  for (const dir of ['src', 'test', 'bench', 'scripts']) if (existsSync(join(root, dir))) walk(join(root, dir));
  return files.sort();
}

function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier).replace(/\.js$/, '');
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((c) => existsSync(c)) ?? null;
}

/** The layer or module a file belongs to: `platform`, `integrations`, `composition`, or a module's name. */
export function unitOf(file, root = projectRoot) {
  const parts = relative(join(root, 'src'), file).split(sep);
  // The migrations are the database's history: they sit with the platform, which runs them.
  if (parts[0] === '..' && parts[1] === 'migrations') return 'platform';
  if (parts[0] === 'modules' && parts.length > 1) return parts[1];
  if (parts[0] === 'platform' || parts[0] === 'integrations') return parts[0];
  return 'composition';
}

/**
 * Every relative import between source files, type-only imports and re-exports included (the
 * TypeScript scanner reads them all), as `file → files`.
 */
export function fileGraph(root = projectRoot) {
  const graph = new Map();
  for (const file of sourceFiles(root)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set();
    for (const { fileName } of importedFiles) {
      const target = resolveImport(file, fileName);
      if (target && target !== file) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The module graph: `module → modules it imports`, with the files that make each edge. */
export function moduleGraph(files, root = projectRoot) {
  const edges = new Map();
  for (const [file, targets] of files) {
    const from = unitOf(file, root);
    for (const target of targets) {
      const to = unitOf(target, root);
      if (from === to) continue;
      const key = `${from} -> ${to}`;
      if (!edges.has(key)) edges.set(key, []);
      edges.get(key).push(`${relative(root, file)} → ${relative(root, target)}`);
    }
  }
  return edges;
}

/** Import cycles between files (strongly connected components of more than one file). */
export function fileCycles(files, skip = () => false) {
  let index = 0;
  const stack = [];
  const info = new Map();
  const cycles = [];
  const visit = (v) => {
    info.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of files.get(v) ?? []) {
      if (skip(v, w)) continue;
      if (!info.has(w)) {
        visit(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).onStack) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
    }
    if (info.get(v).low === info.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of files.keys()) if (!info.has(v)) visit(v);
  return cycles;
}

/**
 * The Mermaid map of the modules, drawn from the import graph (docs/architecture.md). Every module
 * also uses the platform; those arrows would hide the others, so the map leaves them out.
 */
export function mermaidOf(modules) {
  const lines = ['```mermaid', 'flowchart BT'];
  for (const name of architecture.modules) lines.push(`  ${name}[${name}]`);
  const edges = [...modules.keys()]
    .map((key) => key.split(' -> '))
    .filter(([from, to]) => architecture.modules.includes(from) && architecture.modules.includes(to))
    .sort(
      ([a1, b1], [a2, b2]) =>
        architecture.modules.indexOf(a1) - architecture.modules.indexOf(a2) || architecture.modules.indexOf(b1) - architecture.modules.indexOf(b2),
    );
  // Bottom to top: an arrow goes from a module to one it imports, which sits below it.
  for (const [from, to] of edges) lines.push(`  ${from} --> ${to}`);
  lines.push('```');
  return lines.join('\n');
}

/**
 * The domain events as the code declares them: each event's publisher (the module whose file
 * merges it into DomainEvents), its first sentence of documentation, and who subscribes to it
 * (`on('event', 'listener', …)` in a subscriptions file).
 */
export function domainEvents(root = projectRoot) {
  const events = new Map();
  const listeners = new Map();
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8');
    const unit = unitOf(file, root);
    const block = text.match(/interface DomainEvents \{([\s\S]*?)\n {2}\}/);
    if (block && unit !== 'platform') {
      for (const m of block[1].matchAll(/(?:\/\*\*([\s\S]*?)\*\/\s*)?'([\w.]+)':/g)) {
        const doc = (m[1] ?? '').replace(/\n\s*\* ?/g, ' ').trim();
        events.set(m[2], { publisher: unit, summary: doc.split(/(?<=\.)\s/)[0].replace(/\.$/, '') });
      }
    }
    for (const m of text.matchAll(/\bon\(\s*'([\w.]+)',\s*'([\w-]+)'/g)) {
      if (!listeners.has(m[1])) listeners.set(m[1], new Set());
      listeners.get(m[1]).add(m[2]);
    }
  }
  return [...events.entries()]
    .map(([name, e]) => ({ name, ...e, listeners: [...(listeners.get(name) ?? [])].sort() }))
    .sort((a, b) => architecture.modules.indexOf(a.publisher) - architecture.modules.indexOf(b.publisher) || a.name.localeCompare(b.name));
}

/** The events' table of docs/architecture.md. */
export function eventsTableOf(events) {
  const rows = ['| event | published by | heard by | what it says |', '|---|---|---|---|'];
  for (const e of events) rows.push(`| \`${e.name}\` | ${e.publisher} | ${e.listeners.join(', ') || '(nobody yet)'} | ${e.summary.replace(/\|/g, '\\|')} |`);
  return rows.join('\n');
}

const START = '<!-- module-graph:start (npm run docs:graph writes this part) -->';
const END = '<!-- module-graph:end -->';

const EVENTS_START = '<!-- domain-events:start (npm run docs:graph writes this part) -->';
const EVENTS_END = '<!-- domain-events:end -->';

function replaceBlock(text, start, end, content) {
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`docs/architecture.md has no ${start} … ${end} block`);
  return `${text.slice(0, a + start.length)}\n\n${content}\n\n${text.slice(b)}`;
}

function readBlock(text, start, end) {
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  return a < 0 || b < a ? null : text.slice(a + start.length, b).trim();
}

/** docs/architecture.md with its map replaced by `map`. */
export function withMap(text, map) {
  return replaceBlock(text, START, END, map);
}

export function committedMap(text) {
  return readBlock(text, START, END);
}

/** docs/architecture.md with its events' table replaced by `table`. */
export function withEvents(text, table) {
  return replaceBlock(text, EVENTS_START, EVENTS_END, table);
}

/** The events' table as rows of cells, whatever the column widths (Prettier aligns them). */
export function tableRows(table) {
  return (table ?? '')
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

export function committedEvents(text) {
  return tableRows(readBlock(text, EVENTS_START, EVENTS_END));
}

// `node scripts/architecture.mjs` rewrites the map in docs/architecture.md.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const docs = join(projectRoot, 'docs', 'architecture.md');
  const text = withMap(readFileSync(docs, 'utf8'), mermaidOf(moduleGraph(fileGraph())));
  const written = withEvents(text, eventsTableOf(domainEvents()));
  // Prettier aligns the table's columns, as `npm run check` expects.
  const prettier = await import('prettier');
  writeFileSync(docs, await prettier.format(written, { ...(await prettier.resolveConfig(docs)), filepath: docs }));
  console.log('docs/architecture.md: module map and domain events written');
}
