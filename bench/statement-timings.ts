/**
 * The time SQLite spends in each statement, by its text: better-sqlite3's statements are
 * synchronous, so a CPU profile shows them as one native function (`all`); this says which
 * statement it was. Wraps the statements' methods while on; `stop` restores them and reports.
 */
import Database from 'better-sqlite3';

type Method = 'all' | 'get' | 'run' | 'iterate';
const methods: Method[] = ['all', 'get', 'run', 'iterate'];

export function timeStatements(): { stop: (requests: number) => string } {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<Method, (...args: unknown[]) => unknown>;
  probe.close();
  const originals = methods.map((m) => [m, proto[m]] as const);
  const byText = new Map<string, { runs: number; ms: number }>();
  // A statement's text shortened once, not at every run (long statements would be timed doing it).
  const texts = new WeakMap<object, string>();
  const textOf = (statement: { source: string }) => {
    let text = texts.get(statement);
    if (text === undefined) texts.set(statement, (text = statement.source.replace(/\s+/g, ' ').slice(0, 160)));
    return text;
  };
  for (const [m, original] of originals) {
    proto[m] = function timed(this: { source: string }, ...args: unknown[]) {
      const started = performance.now();
      try {
        // An iterator's rows are read after it returns: only its start is counted.
        return original.apply(this, args);
      } finally {
        const text = textOf(this);
        const entry = byText.get(text) ?? { runs: 0, ms: 0 };
        entry.runs++;
        entry.ms += performance.now() - started;
        byText.set(text, entry);
      }
    };
  }
  return {
    stop(requests) {
      for (const [m, original] of originals) proto[m] = original;
      const rows = [...byText].sort((a, b) => b[1].ms - a[1].ms);
      const total = rows.reduce((sum, [, e]) => sum + e.ms, 0);
      const lines = rows
        .slice(0, 10)
        .map(([text, e]) => `  ${(e.ms / requests).toFixed(2).padStart(8)} ms ${String(e.runs / requests).padStart(4)}× ${text}\n`);
      return `  statements: ${(total / requests).toFixed(2)} ms a request, the longest:\n${lines.join('')}`;
    },
  };
}
