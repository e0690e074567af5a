import { AppError } from './errors.js';

/**
 * Keyset pagination cursors (docs/api.md, "Lists": `?limit=&cursor=` → `{ items, nextCursor }`): the sort key
 * and id of the last row shown, opaque to clients. A cursor this server did not give is refused.
 */
export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { sortKey: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      !`${value[0]}${value[1]}`.includes('\u0000')
    )
      return { sortKey: value[0], id: value[1] };
  } catch {
    // fall through to the refusal
  }
  throw new AppError('validation_failed', 'cursor is not one this server gave', [{ path: '/cursor', code: 'invalid_cursor', message: 'unknown cursor' }]);
}
