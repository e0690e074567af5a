/**
 * The time SQLite spends in each statement, by its text: better-sqlite3's statements are
 * synchronous, so a CPU profile shows them as one native function (`all`); this says which
 * statement it was. Times the statements of this connection, watched as the query-count test
 * watches them (test/statements.ts); `stop` stops and reports.
 */
import type { Database } from '../src/platform/db.js';
import { watchSqlite } from '../test/statements.js';

export function timeStatements(database: Database): { stop: (requests: number) => string } {
  if (!database.sqlite) throw new Error('statement timings read SQLite statements');
  const byText = new Map<string, { runs: number; ms: number }>();
  // A statement's text shortened once, not at every run (long statements would be timed doing it).
  const texts = new Map<string, string>();
  const stopWatching = watchSqlite(database.sqlite, (source, run) => {
    const started = performance.now();
    try {
      // An iterator's rows are read after it returns: only its start is counted.
      return run();
    } finally {
      const elapsed = performance.now() - started;
      let text = texts.get(source);
      if (text === undefined) texts.set(source, (text = source.replace(/\s+/g, ' ').slice(0, 160)));
      const entry = byText.get(text) ?? { runs: 0, ms: 0 };
      entry.runs++;
      entry.ms += elapsed;
      byText.set(text, entry);
    }
  });
  return {
    stop(requests) {
      stopWatching();
      const rows = [...byText].sort((a, b) => b[1].ms - a[1].ms);
      const total = rows.reduce((sum, [, e]) => sum + e.ms, 0);
      const lines = rows
        .slice(0, 10)
        .map(([text, e]) => `  ${(e.ms / requests).toFixed(2).padStart(8)} ms ${String(e.runs / requests).padStart(4)}× ${text}\n`);
      return `  statements: ${(total / requests).toFixed(2)} ms a request, the longest:\n${lines.join('')}`;
    },
  };
}
