import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../app.js';

/** The bureau's session pages and the minutes (filled in by the pages work). */
export function sessionsPages(_app: App, _deps: PageDeps): void {}
