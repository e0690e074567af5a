import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../app.js';

/** The register of members and the resignation pages (filled in by the pages work). */
export function membershipsPages(_app: App, _deps: PageDeps): void {}
