import { Type } from '@sinclair/typebox';

/**
 * One field of a request part that no route declared (a hook that reads every request: the
 * language asked for, the form token). It stays `unknown` until the caller checks it: a route's
 * own input is typed by its schema instead.
 */
export function fieldOf(part: unknown, name: string): unknown {
  if (typeof part !== 'object' || part === null || !Object.hasOwn(part, name)) return undefined;
  return (part as Record<string, unknown>)[name];
}

/** `/:id` of a page: any text; the service answers "not found" for one that names nothing. */
export const PageIdParams = Type.Object({ id: Type.String() });

/** A list page's query: where the previous page stopped (a page ignores a cursor it can't read). */
export const CursorQuery = Type.Object({ cursor: Type.Optional(Type.String()) });
