// The modules' strings and setting checks, before any service or page uses them.
import './modules.js';
import type { ServiceContext } from './platform/services.js';
import { createAuditService } from './platform/audit/service.js';
import { accountsSubscriptions, createAccountsService, isAdministrator } from './modules/accounts/service.js';
import { createPeopleService } from './modules/people/service.js';
import { createTeamsService, teamIdsBySlug, teamsSubscriptions } from './modules/teams/service.js';
import { createBureauService } from './modules/bureau/service.js';
import { createContributionsService } from './modules/contributions/service.js';
import { createForgesService } from './modules/forges/service.js';
import { createContributionsImport } from './modules/contributions/import.js';
import { createApplicationsService } from './modules/applications/service.js';
import { createSessionsService, decisionWithSessionDate } from './modules/sessions/service.js';
import { sessionsSubscriptions } from './modules/sessions/subscriptions.js';
import { createSessionPlanning } from './modules/sessions/planning.js';
import { createSessionDocuments } from './modules/sessions/documents.js';
import { createOutboxService } from './platform/outbox/service.js';
import { createMembershipsService, currentMembershipOf, isCurrentMember } from './modules/memberships/service.js';
import { membershipsSubscriptions } from './modules/memberships/subscriptions.js';
import { createLifecycle } from './modules/memberships/lifecycle.js';
import { createRoomsService, type RoomProviders } from './modules/rooms/service.js';
import { roomsSubscriptions } from './modules/rooms/queue.js';
import { createAssembliesService } from './modules/assemblies/service.js';
import { createRequestsService } from './modules/requests/service.js';
import { createPrivacyService } from './modules/privacy/service.js';
import { createHomeService } from './modules/home/service.js';
import { createSettingsService } from './platform/settings/service.js';
import { requestCategoriesCheck } from './modules/requests/kit.js';
import { createDispatcher } from './platform/outbox/dispatcher.js';
import type { TopicHandlers } from './platform/outbox/topics.js';
import { defaultRetryPolicy, HOUR_MS } from './platform/outbox/rules.js';
import { keysOf } from './platform/auth/keys.js';
import { createMailDelivery } from './platform/mail/delivery.js';
import { createMailSender, createRoomProviders } from './integrations/index.js';
import { createEventBus, type Subscription } from './platform/events.js';

/**
 * Every module's subscriptions to the domain events of the modules below it, in the order they
 * run. A module that reacts to another's event adds its list here.
 */
export function domainSubscriptions(ctx: ServiceContext): Subscription[] {
  return [...teamsSubscriptions(), ...accountsSubscriptions(), ...sessionsSubscriptions(ctx), ...membershipsSubscriptions(ctx), ...roomsSubscriptions()];
}

/**
 * Every use case of the application, built once from the database, clock and configuration.
 * Room providers come from the configuration; tests may pass their own.
 */
export function buildServices(base: ServiceContext, providers: RoomProviders = createRoomProviders(base.config)) {
  // Who reacts to whose domain events: each module hands its subscriptions, the bus is shared.
  const ctx: ServiceContext = { ...base, events: createEventBus(domainSubscriptions(base)) };
  const settings = createSettingsService(ctx, [requestCategoriesCheck]);
  const built = {
    settings,
    accounts: createAccountsService(ctx),
    people: createPeopleService(ctx, { teamIdsBySlug, isAdministrator }),
    teams: createTeamsService(ctx),
    bureau: createBureauService(ctx),
    audit: createAuditService(ctx),
    contributions: createContributionsService(ctx),
    forges: createForgesService(ctx),
    contributionsImport: createContributionsImport(ctx),
    applications: createApplicationsService(ctx, { currentMembership: currentMembershipOf, decision: decisionWithSessionDate }),
    sessions: createSessionsService(ctx, { isMember: isCurrentMember }),
    sessionPlanning: createSessionPlanning(ctx),
    sessionDocuments: createSessionDocuments(ctx),
    outbox: createOutboxService(ctx),
    memberships: createMembershipsService(ctx),
    lifecycle: createLifecycle(ctx),
    rooms: createRoomsService(ctx, providers),
    assemblies: createAssembliesService(ctx),
    requests: createRequestsService(ctx, settings),
    privacy: createPrivacyService(ctx),
  };
  return { ...built, home: createHomeService(ctx, built) };
}

/**
 * The outbox dispatcher with a handler for every topic the application writes
 * ("Nothing is lost"). `serve` starts it; tests drain it.
 */
export function buildDispatcher(ctx: ServiceContext, services: Services, options: { onError?: (topic: string, error: unknown) => void } = {}) {
  const mail = createMailDelivery({ db: ctx.database.db, sender: createMailSender(ctx.config), keys: keysOf(ctx.config) });
  // Every declared topic has its handler, with the payload it declares: a missing one does not compile.
  const handlers: TopicHandlers = {
    ...services.rooms.handlers,
    'mail.send': (event) => mail.deliver(event.payload.mailId, ctx.clock.now()),
  };
  return createDispatcher({
    database: ctx.database,
    clock: ctx.clock,
    handlers,
    policy: { ...defaultRetryPolicy, giveUpAfterMs: ctx.config.OUTBOX_GIVE_UP_AFTER_HOURS * HOUR_MS, maxAttempts: ctx.config.OUTBOX_MAX_ATTEMPTS },
    onError: (event, error) => options.onError?.(event.topic, error),
    onDead: async (event, error) => {
      // A dead event's payload is read back from its row: only a mail's is needed here.
      if (event.topic === 'mail.send') await mail.giveUp(String((event.payload as { mailId?: unknown } | null)?.mailId ?? ''), error);
    },
  });
}

export type Services = ReturnType<typeof buildServices>;
