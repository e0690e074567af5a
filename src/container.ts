// The modules' strings and setting checks are registered when this list loads, before any service or page uses them.
import { modules } from './modules.js';
import type { ServiceContext } from './platform/services.js';
import { createAuditService } from './platform/audit/service.js';
import { createAccountsService, isAdministrator } from './modules/accounts/service.js';
import { createInvitations } from './modules/accounts/invitations.js';
import { createPeopleService } from './modules/people/service.js';
import { createTeamsService, teamIdsBySlug } from './modules/teams/service.js';
import { createBureauService } from './modules/bureau/service.js';
import { createContributionsService } from './modules/contributions/service.js';
import { createForgesService } from './modules/forges/service.js';
import { createContributionsImport } from './modules/contributions/import.js';
import { createApplicationsService } from './modules/applications/service.js';
import { createSessionsService, decisionWithSessionDate } from './modules/sessions/service.js';
import { createSessionPlanning } from './modules/sessions/planning.js';
import { createSessionDocuments } from './modules/sessions/documents.js';
import { createSessionMinutes } from './modules/sessions/minutes-service.js';
import { createOutboxService } from './platform/outbox/service.js';
import { canReadRegister, createMembershipsService, currentMembershipOf, isCurrentMember, isCurrentMemberCondition } from './modules/memberships/service.js';
import { createLifecycle } from './modules/memberships/lifecycle.js';
import { createRoomsService, type RoomProviders } from './modules/rooms/service.js';
import { createAssembliesService } from './modules/assemblies/service.js';
import { createRequestsService } from './modules/requests/service.js';
import { createPrivacyService } from './modules/privacy/service.js';
import { createHomeService } from './modules/home/service.js';
import { createSettingsService } from './platform/settings/service.js';
import { requestCategoriesCheck } from './modules/requests/kit.js';
import { createDispatcher } from './platform/outbox/dispatcher.js';
import type { OutboxTopic, TopicEvent, TopicHandlers } from './platform/outbox/topics.js';
import type { HandledTopics, WiredModule } from './platform/module.js';
import { defaultRetryPolicy, HOUR_MS } from './platform/outbox/rules.js';
import { keysOf } from './platform/auth/keys.js';
import { createMailDelivery } from './platform/mail/delivery.js';
import { createMailSender, createRoomProviders } from './integrations/index.js';
import { createEventBus, type Subscription } from './platform/events.js';

/**
 * Every module's subscriptions to the domain events of the modules below it, in the modules'
 * order (src/modules.ts), which is the order they run in.
 */
export function domainSubscriptions(ctx: ServiceContext): Subscription[] {
  return modules.flatMap((m): Subscription[] => m.subscriptions?.(ctx) ?? []);
}

/**
 * Every use case of the application, built once from the database, clock and configuration.
 * Room providers come from the configuration; tests may pass their own.
 */
export function buildServices(base: ServiceContext, providers: RoomProviders = createRoomProviders(base.config)) {
  // Who reacts to whose domain events: each module hands its subscriptions, the bus is shared.
  const ctx: ServiceContext = { ...base, events: createEventBus(domainSubscriptions(base)) };
  const settings = createSettingsService(ctx, [requestCategoriesCheck]);
  const invitations = createInvitations(ctx);
  const built = {
    settings,
    accounts: createAccountsService(ctx),
    invitations,
    // An import may invite its newcomers: people asks the accounts module through its port.
    people: createPeopleService(ctx, {
      teamIdsBySlug,
      isAdministrator,
      invitations,
      isCurrentMember: isCurrentMemberCondition,
      readsRegister: canReadRegister,
    }),
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
    sessionMinutes: createSessionMinutes(ctx),
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
  const handlers = Object.assign(
    { 'mail.send': (event: TopicEvent<'mail.send'>) => mail.deliver(event.payload.mailId, ctx.clock.now()) } satisfies TopicHandlers<'mail.send'>,
    ...wiredModules().map((m) => m.outboxHandlers?.(services) ?? {}),
  ) as TopicHandlers;
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

/**
 * The modules as the composition root wires them: this compiles only while the services built
 * above include every service each module says it uses (its `uses.ts`).
 */
export function wiredModules(): readonly WiredModule<Services>[] {
  return modules;
}

/**
 * Every declared outbox topic has its handler ("Nothing is lost"): the platform delivers mail, the
 * modules the topics their definitions handle. A topic declared but handled by nobody makes this
 * fail to compile, naming it.
 */
type Unhandled = Exclude<OutboxTopic, 'mail.send' | HandledTopics<(typeof modules)[number]>>;
export const everyTopicHandled: [Unhandled] extends [never] ? true : { unhandled: Unhandled } = true;
