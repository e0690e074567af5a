import { hash } from 'node:crypto';
import type { FieldError } from '../../platform/errors.js';
import { normaliseEmail, searchKey } from '../../platform/text.js';
import { checkedWindows, csvRecords, detectDelimiter, WINDOW, type CsvInput, type CsvRecord } from '../../platform/csv.js';
import { isCalendarDate } from '../../platform/time.js';

/**
 * Reading a contributions CSV (`email,kind,occurredOn,summary[,team,evidenceUrl,externalId]`, or
 * the same in French) into rows to import, with an error per bad line. Pure: who the emails and
 * teams belong to is the import's business (import.ts). Built for files of a million lines, so the
 * per-line work is a split, a few lookups in small caches and one hash.
 */

type Column = 'email' | 'kind' | 'occurredOn' | 'summary' | 'team' | 'evidenceUrl' | 'externalId';

/** Headers compared lower-cased, without accents, spaces, `_`, `-` or `.`. */
const HEADER_MAP: Record<string, Column> = {
  email: 'email',
  courriel: 'email',
  mail: 'email',
  adressecourriel: 'email',
  adresseemail: 'email',
  kind: 'kind',
  type: 'kind',
  nature: 'kind',
  occurredon: 'occurredOn',
  date: 'occurredOn',
  summary: 'summary',
  resume: 'summary',
  description: 'summary',
  team: 'team',
  equipe: 'team',
  teamslug: 'team',
  evidenceurl: 'evidenceUrl',
  evidence: 'evidenceUrl',
  url: 'evidenceUrl',
  lien: 'evidenceUrl',
  externalid: 'externalId',
  identifiant: 'externalId',
  id: 'externalId',
};

const REQUIRED: Column[] = ['email', 'kind', 'occurredOn', 'summary'];

/** Other names a kind goes by (French exports mostly); used only for kinds the configuration lists. */
const KIND_ALIASES: Record<string, string> = {
  admin: 'administration',
  developpement: 'development',
  dev: 'development',
  code: 'development',
  comm: 'communication',
  doc: 'documentation',
  request: 'requests',
  demande: 'requests',
  demandes: 'requests',
  'gestion des demandes': 'requests',
  support: 'requests',
  don: 'donation',
  dons: 'donation',
  evenement: 'event',
  events: 'event',
  autre: 'other',
  autres: 'other',
};

/** The source every imported contribution carries; (source, externalId) makes the import idempotent. */
export const IMPORT_SOURCE = 'import';

export interface ContributionImportRow {
  line: number;
  /** Normalised (trimmed, lower case): the import finds the person by it. */
  email: string;
  kind: string;
  /** YYYY-MM-DD. */
  occurredOn: string;
  summary: string;
  /** As written in the file; the import resolves it with `teamResolver`. */
  team: string | null;
  evidenceUrl: string | null;
  /** From the file, or derived from the line's content (`derivedExternalId`). */
  externalId: string;
}

export interface ImportLineError extends FieldError {
  line: number;
}

export interface ParsedContributions {
  rows: ContributionImportRow[];
  errors: ImportLineError[];
  ignoredColumns: string[];
}

/** `2025-03-14` or `14/03/2025` (also `4/3/2025`) as YYYY-MM-DD; null when it is neither. */
export function importDate(value: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : null;
}

/**
 * The external id of a line that has none: a hash of what the line says (email ignoring case,
 * kind, date, summary), so that importing the same file again finds every line already there.
 * 128 bits of SHA-256: a collision, which would skip a line, is out of reach.
 */
export function derivedExternalId(email: string, kind: string, occurredOn: string, summary: string): string {
  return `sha256:${hash('sha256', `${email}\n${kind}\n${occurredOn}\n${summary}`, 'base64url').slice(0, 22)}`;
}

/** Finds a team by its slug or its French or English name, ignoring case and accents. */
export function teamResolver(teams: { id: string; slug: string; name: { fr: string; en: string } }[]): (value: string) => string | undefined {
  const byKey = new Map<string, string>();
  for (const t of teams) for (const key of [searchKey(t.name.en), searchKey(t.name.fr), searchKey(t.slug)]) byKey.set(key, t.id);
  const cache = new Map<string, string | undefined>();
  return (value) => {
    if (!cache.has(value)) cache.set(value, byKey.get(searchKey(value)));
    return cache.get(value);
  };
}

const err = (line: number, path: string, code: string, message: string): ImportLineError => ({ line, path, code, message });

/** What the header says: where each column is, and the columns not used. */
export interface ContributionsHeader {
  ignoredColumns: string[];
}

/** What a line of the file comes to: a row to import, the errors of a refused line, or nothing (blank, or the header). */
type LineOutcome = ContributionImportRow | ImportLineError[] | null;

/**
 * Checks the records of one file in order, the header first: what can be checked without the
 * database, as contributionInputErrors does for one contribution; who the email and the team
 * belong to is for the import to find out. `done` turns true after a header without the required
 * columns (its error is the only outcome).
 */
function lineChecker(options: { kinds: readonly string[]; today: string }, header: ContributionsHeader) {
  const { kinds, today } = options;
  // Kinds and dates repeat a lot in a big file: each distinct one is read and checked once.
  const kindOf = new Map<string, string | null>();
  const dateOf = new Map<string, string | ImportLineError>();
  const urlPattern = /^https?:\/\/\S+$/;
  let index: Record<Column, number> | null = null;
  const state = { done: false, sawHeader: false };

  function check({ cells, line }: CsvRecord): LineOutcome {
    if (index === null) {
      if (cells.every((c) => c.trim() === '')) return null;
      state.sawHeader = true;
      const columns = cells.map((h) => HEADER_MAP[searchKey(h).replace(/[\s_.-]/g, '')]);
      header.ignoredColumns = cells.filter((_h, i) => columns[i] === undefined).map((h) => h.trim());
      index = { email: -1, kind: -1, occurredOn: -1, summary: -1, team: -1, evidenceUrl: -1, externalId: -1 };
      for (const [i, column] of columns.entries()) if (column && index[column] === -1) index[column] = i;
      const missing = REQUIRED.filter((c) => index![c] === -1);
      if (missing.length > 0) {
        state.done = true;
        return [err(line, '/header', 'missing_columns', `the header needs the columns email,kind,occurredOn,summary (missing: ${missing.join(', ')})`)];
      }
      return null;
    }
    const count = cells.length;
    const email = index.email < count ? normaliseEmail(cells[index.email]) : '';
    const rawKind = index.kind < count ? cells[index.kind].trim() : '';
    const rawDate = index.occurredOn < count ? cells[index.occurredOn].trim() : '';
    const summary = index.summary < count ? cells[index.summary].trim() : '';
    const team = index.team !== -1 && index.team < count ? cells[index.team].trim() : '';
    const evidenceUrl = index.evidenceUrl !== -1 && index.evidenceUrl < count ? cells[index.evidenceUrl].trim() : '';
    const externalId = index.externalId !== -1 && index.externalId < count ? cells[index.externalId].trim() : '';
    if (!email && !rawKind && !rawDate && !summary && !team && !evidenceUrl && !externalId) return null;

    let kind = kindOf.get(rawKind);
    if (kind === undefined) {
      const key = searchKey(rawKind);
      const alias = KIND_ALIASES[key] ?? key;
      kind = kinds.includes(key) ? key : kinds.includes(alias) ? alias : null;
      kindOf.set(rawKind, kind);
    }
    let date = dateOf.get(rawDate);
    if (date === undefined) {
      const iso = importDate(rawDate);
      if (iso === null || !isCalendarDate(iso)) date = err(0, '/occurredOn', 'invalid_date', 'a real date, written YYYY-MM-DD or dd/mm/yyyy');
      else if (iso > today) date = err(0, '/occurredOn', 'in_future', 'a contribution cannot be in the future');
      else date = iso;
      dateOf.set(rawDate, date);
    }
    const urlOk = !evidenceUrl || (evidenceUrl.length <= 2000 && urlPattern.test(evidenceUrl));
    if (!email || kind === null || typeof date !== 'string' || !summary || summary.length > 500 || !urlOk || externalId.length > 200) {
      const errors: ImportLineError[] = [];
      if (!email) errors.push(err(line, '/email', 'required', 'whose contribution? an email is needed'));
      if (kind === null) errors.push(err(line, '/kind', 'unknown_kind', `kind must be one of ${kinds.join(', ')}`));
      if (typeof date !== 'string') errors.push({ ...date, line });
      if (!summary) errors.push(err(line, '/summary', 'required', 'say in a few words what was done'));
      else if (summary.length > 500) errors.push(err(line, '/summary', 'too_long', 'at most 500 characters'));
      if (!urlOk) errors.push(err(line, '/evidenceUrl', 'invalid_url', 'a link starting with http:// or https://'));
      if (externalId.length > 200) errors.push(err(line, '/externalId', 'too_long', 'at most 200 characters'));
      return errors;
    }
    return {
      line,
      email,
      kind,
      occurredOn: date,
      summary,
      team: team || null,
      evidenceUrl: evidenceUrl || null,
      externalId: externalId || derivedExternalId(email, kind, date, summary),
    };
  }

  return { check, state };
}

const emptyFile = (): ImportLineError[] => [err(1, '/header', 'missing_columns', 'the file is empty: it needs a header line email,kind,occurredOn,summary')];

/**
 * The lines of a contributions CSV, one at a time: a row to import, or the errors of a refused
 * line (numbered as in the file, header = line 1). Blank lines are passed over. Checks what can be
 * checked without the database (lineChecker). Throws CsvSyntaxError when the text is not CSV at all.
 */
export function* contributionLines(
  text: string,
  options: { kinds: readonly string[]; today: string },
  header: ContributionsHeader = { ignoredColumns: [] },
): Generator<ContributionImportRow | ImportLineError[]> {
  const { check, state } = lineChecker(options, header);
  for (const record of csvRecords(text, detectDelimiter(text))) {
    const outcome = check(record);
    if (outcome !== null) yield outcome;
    if (state.done) return;
  }
  if (!state.sawHeader) yield emptyFile();
}

/**
 * The same lines as contributionLines, read from the file as it arrives (the command line's
 * stream), a window of whole records at a time (csvRecordWindows): memory holds a window and its
 * rows, not the file. Line numbers, errors and what is accepted are exactly those of
 * contributionLines on the whole text.
 */
export async function* contributionLinesFrom(
  source: CsvInput,
  options: { kinds: readonly string[]; today: string },
  header: ContributionsHeader = { ignoredColumns: [] },
  window = WINDOW,
): AsyncGenerator<(ContributionImportRow | ImportLineError[])[]> {
  const checker = lineChecker(options, header);
  yield* checkedWindows(source, checker, window);
  if (!checker.state.sawHeader) yield [emptyFile()];
}

/** Every line of a contributions CSV at once (see contributionLines): for tests and small files. */
export function parseContributionsCsv(text: string, options: { kinds: readonly string[]; today: string }): ParsedContributions {
  const header: ContributionsHeader = { ignoredColumns: [] };
  const rows: ContributionImportRow[] = [];
  const errors: ImportLineError[] = [];
  for (const item of contributionLines(text, options, header)) {
    if (Array.isArray(item)) errors.push(...item);
    else rows.push(item);
  }
  return { rows, errors, ignoredColumns: header.ignoredColumns };
}
