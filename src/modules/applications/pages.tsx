import type { App } from '../../platform/http/types.js';
import type { PageDeps } from '../../app.js';

/** The applicant's pages and the bureau's list of applications (filled in by the pages work). */
export function applicationsPages(_app: App, _deps: PageDeps): void {}
