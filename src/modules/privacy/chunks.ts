/** Rows per IN list: well under SQLite's bound-parameter limit. */
const CHUNK = 500;

export function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** A boolean as either database returns it. */
export const bool = (v: unknown) => v === true || Number(v) === 1;
