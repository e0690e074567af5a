import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import type { SiteUses } from './uses.js';

export function siteRoutes(app: App, services: SiteUses): void {
  app.get(
    '/healthz',
    {
      config: { policy: 'site.health', beforeSetup: true },
      schema: { tags: ['site'], summary: 'Liveness and database reachability', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    },
    async () => {
      await services.accounts.isSetupDone();
      return { status: 'ok' as const };
    },
  );
}
