import { parse } from 'csv-parse/sync';
import type { FieldError } from '../../platform/errors.js';
import { normaliseEmail, searchKey } from '../../platform/text.js';
import { displayNameFromLastFirst, personInputErrors, type PersonInput } from './rules.js';

/** Where each column of an import goes. Headers are compared lower-cased and without accents. */
const HEADER_MAP: Record<string, keyof ImportRow | 'lastFirst' | 'firstName' | 'lastName'> = {
  displayname: 'displayName',
  name: 'displayName',
  nom_complet: 'displayName',
  'nom & prenom': 'lastFirst',
  'nom et prenom': 'lastFirst',
  nom: 'lastName',
  nom_adh: 'lastName',
  prenom: 'firstName',
  prenom_adh: 'firstName',
  email: 'email',
  'e-mail': 'email',
  courriel: 'email',
  'adresse e-mail': 'email',
  'adresse email': 'email',
  'adresse courriel': 'email',
  email_adh: 'email',
  locale: 'locale',
  langue: 'locale',
  pref_lang: 'locale',
  pseudonym: 'pseudonym',
  pseudo: 'pseudonym',
  pseudo_adh: 'pseudonym',
  matrixid: 'matrixId',
  matrix: 'matrixId',
  xmppjid: 'xmppJid',
  xmpp: 'xmppJid',
  jabber: 'xmppJid',
  teams: 'teams',
  equipes: 'teams',
};

export interface ImportRow {
  line: number;
  displayName: string;
  email: string;
  locale?: string;
  pseudonym?: string | null;
  matrixId?: string | null;
  xmppJid?: string | null;
  teams: string[];
}

export interface ImportLineError extends FieldError {
  line: number;
}

export interface ParsedImport {
  rows: ImportRow[];
  errors: ImportLineError[];
  /** Lines skipped because an earlier line of the same file has the same email. */
  duplicates: { line: number; email: string; firstLine: number }[];
  ignoredColumns: string[];
}

/** Paheko and most French tools export with `;`; ours uses `,`. Count outside quotes on the header line. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const unquoted = header.replace(/"[^"]*"/g, '');
  const counts = { ',': 0, ';': 0, '\t': 0 } as Record<',' | ';' | '\t', number>;
  for (const ch of unquoted) if (ch in counts) counts[ch as ',']++;
  return (Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0] as ',' | ';' | '\t') ?? ',';
}

function normaliseLocale(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = searchKey(value);
  if (['fr', 'fr_fr', 'fr-fr', 'francais', 'french'].includes(v)) return 'fr';
  if (['en', 'en_us', 'en_gb', 'en-us', 'en-gb', 'anglais', 'english'].includes(v)) return 'en';
  return value;
}

/**
 * Reads a people CSV (ours, or a Paheko or Galette member export) into rows to import, with an
 * error per bad line (numbered as in the file, header = line 1) and duplicates within the file.
 * Pure: throws only when the text is not CSV at all.
 */
export function parsePeopleCsv(text: string): ParsedImport {
  const delimiter = detectDelimiter(text);
  const records = parse(text.replace(/^\uFEFF/, ''), {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    raw: true,
    trim: true,
  }) as { record: string[]; raw: string }[];
  if (records.length === 0) return { rows: [], errors: [], duplicates: [], ignoredColumns: [] };
  // csv-parse numbers a record by its last line and counts a CRLF inside quotes twice: number each
  // record by the line it starts on, from the line breaks of the raw text before it (skipped blank lines included).
  const breaks = (s: string) => s.match(/\r\n|\r|\n/g)?.length ?? 0;
  let linesBefore = 0;
  const startLines = records.map(({ raw }) => {
    const start = linesBefore + breaks(/^(?:[ \t]*(?:\r\n|\r|\n))*/.exec(raw)![0]) + 1;
    linesBefore += breaks(raw);
    return start;
  });

  const header = records[0].record.map((h) => searchKey(h));
  const targets = header.map((h) => HEADER_MAP[h]);
  const ignoredColumns = records[0].record.filter((_h, i) => targets[i] === undefined);
  const errors: ImportLineError[] = [];
  if (!targets.includes('email') || !(targets.includes('displayName') || targets.includes('lastFirst') || targets.includes('lastName'))) {
    errors.push({ line: 1, path: '/header', code: 'missing_columns', message: 'the header needs an email column and a name column (displayName,email,…)' });
    return { rows: [], errors, duplicates: [], ignoredColumns };
  }

  const rows: ImportRow[] = [];
  const duplicates: ParsedImport['duplicates'] = [];
  const firstLineOf = new Map<string, number>();
  for (const [index, { record }] of records.entries()) {
    if (index === 0) continue;
    const line = startLines[index];
    const cells: Partial<Record<string, string>> = {};
    targets.forEach((target, i) => {
      if (target && record[i] !== undefined && record[i] !== '') cells[target] = record[i];
    });
    const displayName =
      cells.displayName ?? (cells.lastFirst ? displayNameFromLastFirst(cells.lastFirst) : [cells.firstName, cells.lastName].filter(Boolean).join(' '));
    const input: PersonInput = {
      displayName,
      email: cells.email ?? '',
      locale: normaliseLocale(cells.locale),
      pseudonym: cells.pseudonym ?? null,
      matrixId: cells.matrixId ?? null,
      xmppJid: cells.xmppJid ?? null,
    };
    const lineErrors = personInputErrors(input, false);
    if (lineErrors.length > 0) {
      errors.push(...lineErrors.map((e) => ({ ...e, line })));
      continue;
    }
    const email = input.email!.trim();
    const key = normaliseEmail(email);
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      duplicates.push({ line, email, firstLine: first });
      continue;
    }
    firstLineOf.set(key, line);
    rows.push({
      line,
      displayName: displayName.trim(),
      email,
      locale: input.locale,
      pseudonym: input.pseudonym,
      matrixId: input.matrixId,
      xmppJid: input.xmppJid,
      teams: (cells.teams ?? '')
        .split(/[|,;]/)
        .map((s) => s.trim())
        .filter(Boolean),
    });
  }
  return { rows, errors, duplicates, ignoredColumns };
}
