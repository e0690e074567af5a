import { checkedWindows, csvRecords, detectDelimiter, type CsvInput, type CsvRecord } from '../../platform/csv.js';
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

function normaliseLocale(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = searchKey(value);
  if (['fr', 'fr_fr', 'fr-fr', 'francais', 'french'].includes(v)) return 'fr';
  if (['en', 'en_us', 'en_gb', 'en-us', 'en-gb', 'anglais', 'english'].includes(v)) return 'en';
  return value;
}

/** What a line of the file comes to: a row to import, the errors of a refused line, or nothing (blank, or the header). */
export type PeopleLineOutcome = ImportRow | ImportLineError[] | null;

/**
 * Checks the records of one people CSV (ours, or a Paheko or Galette member export) in order, the
 * header first: what can be checked without the database, as personInputErrors does for one
 * person. Cells are trimmed; a line whose cells are all empty is passed over. `done` turns true
 * after a header without an email and a name column (its error is the only outcome). Whether an
 * email came before, in the file or in the database, is for the import to find out.
 */
export function peopleLineChecker() {
  let targets: (ReturnType<typeof targetOf> | undefined)[] | null = null;
  const state = { done: false, sawHeader: false, ignoredColumns: [] as string[] };

  function check({ cells: raw, line }: CsvRecord): PeopleLineOutcome {
    const record = raw.map((c) => c.trim());
    if (record.every((c) => c === '')) return null;
    if (targets === null) {
      state.sawHeader = true;
      targets = record.map(targetOf);
      state.ignoredColumns = record.filter((_h, i) => targets![i] === undefined);
      if (!targets.includes('email') || !(targets.includes('displayName') || targets.includes('lastFirst') || targets.includes('lastName'))) {
        state.done = true;
        return [{ line, path: '/header', code: 'missing_columns', message: 'the header needs an email column and a name column (displayName,email,…)' }];
      }
      return null;
    }
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
    if (lineErrors.length > 0) return lineErrors.map((e) => ({ ...e, line }));
    return {
      line,
      displayName: displayName.trim(),
      email: input.email!.trim(),
      locale: input.locale,
      pseudonym: input.pseudonym,
      matrixId: input.matrixId,
      xmppJid: input.xmppJid,
      teams: (cells.teams ?? '')
        .split(/[|,;]/)
        .map((s) => s.trim())
        .filter(Boolean),
    };
  }

  return { check, state };
}

function targetOf(header: string) {
  return HEADER_MAP[searchKey(header)];
}

/**
 * The lines of a people CSV as the file arrives, a window at a time (csvRecordWindows): rows to
 * import, or the errors of a refused line (numbered as in the file, header = line 1). Throws
 * CsvSyntaxError when the text is not CSV at all. `header` receives the columns not used.
 */
export async function* peopleLinesFrom(
  input: CsvInput,
  header: { ignoredColumns: string[] },
  window?: number,
): AsyncGenerator<(ImportRow | ImportLineError[])[]> {
  const checker = peopleLineChecker();
  for await (const outcomes of checkedWindows(input, checker, window)) {
    header.ignoredColumns = checker.state.ignoredColumns;
    yield outcomes;
  }
  header.ignoredColumns = checker.state.ignoredColumns;
}

/**
 * Every line of a people CSV at once, with the lines repeating an earlier line's email set apart
 * (as the import reports them): for tests and small files. Pure: throws CsvSyntaxError only when
 * the text is not CSV at all.
 */
export function parsePeopleCsv(text: string): ParsedImport {
  const { check, state } = peopleLineChecker();
  const rows: ImportRow[] = [];
  const errors: ImportLineError[] = [];
  const duplicates: ParsedImport['duplicates'] = [];
  const firstLineOf = new Map<string, number>();
  for (const record of csvRecords(text, detectDelimiter(text))) {
    const outcome = check(record);
    if (Array.isArray(outcome)) errors.push(...outcome);
    else if (outcome !== null) {
      const key = normaliseEmail(outcome.email);
      const first = firstLineOf.get(key);
      if (first === undefined) {
        firstLineOf.set(key, outcome.line);
        rows.push(outcome);
      } else duplicates.push({ line: outcome.line, email: outcome.email, firstLine: first });
    }
    if (state.done) break;
  }
  return { rows, errors, duplicates, ignoredColumns: state.ignoredColumns };
}
