import type { ServiceContext } from './platform/services.js';
import { createAuditService } from './platform/audit/service.js';
import { createAccountsService } from './modules/accounts/service.js';
import { createPeopleService } from './modules/people/service.js';
import { createTeamsService } from './modules/teams/service.js';
import { createBureauService } from './modules/bureau/service.js';
import { createSiteService } from './modules/site/service.js';
import { createContributionsService } from './modules/contributions/service.js';
import { createForgesService } from './modules/forges/service.js';
import { createContributionsImport } from './modules/contributions/import.js';
import { createApplicationsService } from './modules/applications/service.js';
import { createSessionsService } from './modules/sessions/service.js';
import { createSessionPlanning } from './modules/sessions/planning.js';
import { createSessionDocuments } from './modules/sessions/documents.js';
import { createOutboxService } from './platform/outbox/service.js';
import { createMembershipsService } from './modules/memberships/service.js';
import { createLifecycle } from './modules/memberships/lifecycle.js';

/** Every use case of the application, built once from the database, clock and configuration. */
export function buildServices(ctx: ServiceContext) {
  return {
    accounts: createAccountsService(ctx),
    people: createPeopleService(ctx),
    teams: createTeamsService(ctx),
    bureau: createBureauService(ctx),
    site: createSiteService(ctx),
    audit: createAuditService(ctx),
    contributions: createContributionsService(ctx),
    forges: createForgesService(ctx),
    contributionsImport: createContributionsImport(ctx),
    applications: createApplicationsService(ctx),
    sessions: createSessionsService(ctx),
    sessionPlanning: createSessionPlanning(ctx),
    sessionDocuments: createSessionDocuments(ctx),
    outbox: createOutboxService(ctx),
    memberships: createMembershipsService(ctx),
    lifecycle: createLifecycle(ctx),
  };
}

export type Services = ReturnType<typeof buildServices>;
