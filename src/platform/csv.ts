/**
 * Reading CSV files as the imports need them (docs/import.md): the records of a text, one at a
 * time, and the records of a file as it arrives, a window at a time, so that an import holds a
 * window and not the file. Hand-written rather than a general CSV parser: lines without a quote,
 * nearly all of them, are simply split (a general parser took 14 s for a million lines).
 */
import type { Transaction } from 'kysely';
import type { Database } from './db.js';
import { AppError } from './errors.js';
import type { DB } from './schema.js';

/** The file cannot be read as CSV at all (a quote never closed): nothing of it is imported. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
    /** Whether more of the file could make the record readable (a quote closed further on): the windows read on. */
    readonly moreTextMayMend = false,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export interface CsvRecord {
  cells: string[];
  /** The line it starts on: 1-based, blank lines counted, as a text editor shows it. */
  line: number;
}

/**
 * The records of `text`, one at a time. Quoted cells may hold the delimiter, `""` and line breaks;
 * lines without a quote, nearly all of them, are simply split (a general CSV parser took 14 s for
 * a million lines). Throws CsvSyntaxError on a quote that is never closed, and on a NUL character.
 */
export function* csvRecords(text: string, delimiter: string, part: { firstLine?: number; crAlone?: boolean } = {}): Generator<CsvRecord> {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Files saved with old Mac line endings (CR alone) have no LF at all.
  if (part.crAlone ?? (text.indexOf('\n') === -1 && text.indexOf('\r') !== -1)) text = text.replace(/\r/g, '\n');
  const length = text.length;
  // No text may hold a NUL (PostgreSQL refuses it, and only a binary file has one): the record that
  // holds it is refused as a syntax error, after the records before it, as a quote never closed is.
  const nulAt = text.indexOf('\u0000');
  const holdsNul = (from: number, to: number) => nulAt !== -1 && nulAt >= from && nulAt < to;
  const nulError = (at: number) => new CsvSyntaxError(at, 'a NUL character, which no text holds (is it a binary file?)');
  let pos = 0;
  let line = part.firstLine ?? 1;
  while (pos < length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = length;
    let lineText = text.slice(pos, end);
    if (holdsNul(pos, end) && !lineText.includes('"')) throw nulError(line);
    if (!lineText.includes('"')) {
      if (lineText.charCodeAt(lineText.length - 1) === 13) lineText = lineText.slice(0, -1);
      yield { cells: lineText.split(delimiter), line };
      pos = end + 1;
      line++;
      continue;
    }
    // A record with quotes, perhaps over several lines: read it cell by cell.
    const startLine = line;
    const startPos = pos;
    const cells: string[] = [];
    let cell = '';
    let i = pos;
    for (;;) {
      const c = i < length ? text[i] : '\n';
      if (c === '"' && cell.trim() === '') {
        // A quoted cell (spaces before the quote are dropped): up to the quote that is not doubled.
        cell = '';
        i++;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close === -1) throw new CsvSyntaxError(startLine, 'a quote (") opens a cell here and is never closed', true);
          const chunk = text.slice(i, close);
          for (let k = chunk.indexOf('\n'); k !== -1; k = chunk.indexOf('\n', k + 1)) line++;
          cell += chunk;
          if (text.charCodeAt(close + 1) === 34) {
            cell += '"';
            i = close + 2;
          } else {
            i = close + 1;
            break;
          }
        }
      } else if (c === delimiter) {
        cells.push(cell);
        cell = '';
        i++;
      } else if (c === '\n') {
        cells.push(cell.charCodeAt(cell.length - 1) === 13 ? cell.slice(0, -1) : cell);
        pos = i + 1;
        line++;
        break;
      } else {
        // Outside quotes (text after a closing quote, a stray quote inside a cell): kept as written.
        cell += c;
        i++;
      }
    }
    if (holdsNul(startPos, pos)) throw nulError(startLine);
    yield { cells, line: startLine };
  }
}

/** Lines an import reports at most in each list of its summary: a file of a million bad lines would otherwise answer with a million errors. */
export const MAX_REPORTED = 1000;

/** Paheko and most French tools export with `;`; ours uses `,`. Count outside quotes on the header line. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const unquoted = header.replace(/"[^"]*"/g, '');
  const counts = { ',': 0, ';': 0, '\t': 0 } as Record<',' | ';' | '\t', number>;
  for (const ch of unquoted) if (ch in counts) counts[ch as ',']++;
  return (Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0] as ',' | ';' | '\t') ?? ',';
}

/**
 * Text read from the file at a time before it is cut at its last complete record. Small enough
 * that a window's records die young: with 1 MB windows, their records outlived the young
 * generation and the garbage collector took 40 % of the reading (4 times the whole text's time).
 */
export const WINDOW = 1 << 16;

/** What an import reads: the whole text, or its pieces as they arrive (text, or UTF-8 bytes). */
export type CsvInput = string | AsyncIterable<string | Buffer>;

/**
 * The records of a CSV file as it arrives, a window of whole records at a time: memory holds a
 * window, not the file. Each window is cut after its last line break and parsed as it is; when
 * the cut falls inside a quoted cell (its closing quote is further on, so the window does not
 * parse), more text is added and the window parsed again. Records, line numbers and the error are
 * exactly those of csvRecords on the whole text: on a quote never closed, the records before it
 * come first, then CsvSyntaxError. A file whose first line break is a CR alone (old Mac files) is
 * read whole, as csvRecords reads it. The delimiter is the header's (detectDelimiter).
 */
export async function* csvRecordWindows(input: CsvInput, window = WINDOW): AsyncGenerator<CsvRecord[]> {
  const source: AsyncIterable<string | Buffer> = typeof input === 'string' ? oneChunk(input) : input;
  let buffer = '';
  let delimiter: string | null = null;
  let firstLine = 1;
  let ended = false;
  const iterator = source[Symbol.asyncIterator]();
  const decoder = new TextDecoder('utf-8');
  const more = async (): Promise<boolean> => {
    const next = await iterator.next();
    if (next.done) {
      buffer += decoder.decode();
      ended = true;
      return false;
    }
    buffer += typeof next.value === 'string' ? next.value : decoder.decode(next.value, { stream: true });
    return true;
  };
  // Until the first LF, the file may be one of CR alone: then it is read whole.
  while (buffer.indexOf('\n') === -1 && (await more()));
  if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
  const crAlone = buffer.indexOf('\n') === -1 && buffer.indexOf('\r') !== -1;

  for (;;) {
    while (!ended && buffer.length < window) await more();
    const cut = ended ? buffer.length : buffer.lastIndexOf('\n') + 1;
    if (cut === 0) {
      if (ended) break;
      await more();
      continue;
    }
    const text = buffer.slice(0, cut);
    delimiter ??= detectDelimiter(text);
    const records: CsvRecord[] = [];
    let unreadable: CsvSyntaxError | null = null;
    try {
      for (const record of csvRecords(text, delimiter, { firstLine, crAlone })) records.push(record);
    } catch (e) {
      if (!(e instanceof CsvSyntaxError)) throw e;
      unreadable = e;
    }
    // A quoted cell goes on past the cut: read on (twice as much, so that a long cell is not
    // parsed again for every piece), unless the file has ended: then the quote is never closed.
    if (unreadable?.moreTextMayMend && !ended) {
      const enough = buffer.length * 2;
      while (!ended && buffer.length < enough) await more();
      continue;
    }
    if (records.length > 0) yield records;
    if (unreadable) throw unreadable;
    if (ended) break;
    for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) firstLine++;
    buffer = buffer.slice(cut);
  }
}

/** What an import makes of each record in turn (a row, a line's errors, or nothing), and whether it has read enough. */
export interface CsvLineChecker<Outcome> {
  check(record: CsvRecord): Outcome | null;
  state: { done: boolean };
}

/**
 * The outcomes of the checker for the records of a file as it arrives, a window's worth at a
 * time; stops reading once the checker is done (a header it refuses: nothing after it counts,
 * not even a quote never closed).
 */
export async function* checkedWindows<Outcome>(input: CsvInput, checker: CsvLineChecker<Outcome>, window = WINDOW): AsyncGenerator<Outcome[]> {
  for await (const records of csvRecordWindows(input, window)) {
    const outcomes: Outcome[] = [];
    for (const record of records) {
      const outcome = checker.check(record);
      if (outcome !== null) outcomes.push(outcome);
      if (checker.state.done) break;
    }
    if (outcomes.length > 0) yield outcomes;
    if (checker.state.done) return;
  }
}

async function* oneChunk(text: string): AsyncGenerator<string> {
  yield text;
}

/** Ends an import's transaction without keeping anything, carrying out what the work found. */
class Discarded<T> extends Error {
  constructor(readonly summary: T) {
    super('rolled back');
  }
}

/**
 * An import's work in one transaction: what it returns is kept; what it hands to `discard` is
 * returned with nothing kept (a dry run, or a file refused for its lines, reports the counts of
 * the real thing); a file that is not readable CSV is refused as `invalid_csv`, nothing kept.
 */
export async function importInTransaction<T>(database: Database, work: (trx: Transaction<DB>, discard: (summary: T) => never) => Promise<T>): Promise<T> {
  const discard = (summary: T): never => {
    throw new Discarded(summary);
  };
  try {
    return await database.transaction((trx) => work(trx, discard));
  } catch (e) {
    if (e instanceof Discarded) return e.summary as T;
    if (e instanceof CsvSyntaxError) throw new AppError('invalid_csv', `The file is not readable CSV: ${e.message}`);
    throw e;
  }
}
