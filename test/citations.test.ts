/**
 * Rules are cited by their name, never by a number. The number of an invariant, of a section of
 * the design or of a past work item points at a list nothing in the repository defines, so a
 * reader cannot follow it; a name ("Nothing is lost") can be looked up in docs/architecture.md, "Les
 * règles, par leur nom / Rules by name". This test walks the sources, tests, docs, benchmarks,
 * migrations and scripts and lists every line that still cites by number.
 *
 * A section of an external standard stays cited by its number (RFC 5545 §3.1, XEP-0045 §10.5,
 * ODF 1.2 part 3, §3.3): there the number is the standard's own, and the standard defines it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const roots = ['src', 'test', 'docs', 'bench', 'migrations', 'scripts', 'README.md', 'SECURITY.md'];
const skippedFolders = new Set(['node_modules', 'dist', 'data', '.tmp', '.git']);
const binaryExtensions = new Set('.png .jpg .jpeg .gif .webp .ico .svg .pdf .odt .docx .zip .gz .woff .woff2 .ttf .sqlite .db'.split(' '));

// Built from pieces, so that this file's own source does not cite anything.
const section = '\u00a7';
const number = String.raw`\s?#?\d`;
const citations = [
  new RegExp(String.raw`\bissues?${number}`, 'i'), // a past work item
  new RegExp(String.raw`\binvariants?${number}`, 'i'),
  new RegExp(String.raw`\bdesign\s?${section}\s?\d`, 'i'),
  new RegExp(String.raw`${section}\s?\d`), // a section alone
];
/** An external standard's section: its number is the standard's, so it is no citation by number. */
const standardSection = new RegExp(String.raw`(?:\bRFC\s?\d+|\bXEP-\d+|\bODF\s[\d.]+\spart\s\d+,?)\s?${section}\s?[\d.]+`, 'gi');

function filesUnder(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return binaryExtensions.has(extname(path).toLowerCase()) ? [] : [path];
  return readdirSync(path)
    .filter((name) => !skippedFolders.has(name))
    .flatMap((name) => filesUnder(join(path, name)));
}

/** Every line of the given text that cites a rule by number, as `file:line: text`. */
function citationsByNumber(file: string, text: string): string[] {
  if (text.includes('\u0000')) return [];
  return text.split('\n').flatMap((line, index) => {
    const withoutStandards = line.replace(standardSection, '');
    return citations.some((pattern) => pattern.test(withoutStandards)) ? [`${file}:${index + 1}: ${line.trim()}`] : [];
  });
}

describe('rules are cited by name, never by number', () => {
  it('recognises each kind of citation by number, and an external standard’s section as none', () => {
    // Written in pieces, so that this file cites nothing itself.
    const cited = [
      ['issue', '7'],
      ['Issue', '10 ' + section + '2'],
      ['issues', '4, 5'],
      ['invariant', '6'],
      ['invariants', '4 and 8'],
      ['Design', section + '3'],
      ['(' + section, '4)'],
    ];
    for (const [word, rest] of cited) expect(citationsByNumber('x', `// ${word} ${rest}`), `${word} ${rest}`).toHaveLength(1);
    const fine = ['RFC 5545 §3.3.5', 'XEP-0045 §10.5', '(ODF 1.2 part 3, §3.3)', 'Nothing is lost', 'issues opened on the forge', 'matrix-spec#1084'];
    for (const line of fine) expect(citationsByNumber('x', `// ${line}`), line).toEqual([]);
  });

  it('no file of the repository cites a rule by number', () => {
    const found = roots.flatMap((path) => filesUnder(join(root, path))).flatMap((file) => citationsByNumber(relative(root, file), readFileSync(file, 'utf8')));
    expect(found, `Cite the rule by its name (docs/architecture.md, "Rules by name"):\n${found.join('\n')}`).toEqual([]);
  });
});
