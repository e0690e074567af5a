import type { App } from '../http/types.js';
import type { PageDeps } from '../../app.js';

/** The administrators' view of the outbox (filled in by the pages work). */
export function outboxPages(_app: App, _deps: PageDeps): void {}
