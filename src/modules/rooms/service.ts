import type { ServiceContext } from '../../platform/services.js';
import type { TopicHandlers } from '../../platform/outbox/topics.js';
import './topics.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { activitySettings } from '../../platform/config.js';
import { createAuditRepository } from '../../platform/audit/repository.js';
import { createOutboxRepository, type OutboxEvent } from '../../platform/outbox/repository.js';
import { createAudiences } from '../contributions/audiences.js';
import { DeliveryError, type ProviderKind, type RoomPerson, type RoomProvider, type RoomProviders } from '../../integrations/rooms.js';
import { postWebhookEvent, type WebhookEventType } from '../../integrations/webhook.js';
import { canWatchRooms } from './policy.js';
import { createRoomsRepository, type Room, type RoomDelivery } from './repository.js';
import { checkNewRoom, reconcilesFromState, computeDrift, decideRoomChange, parseAudience, type AudiencePerson, type DriftEntry } from './rules.js';

export type { RoomProviders } from '../../integrations/rooms.js';

export interface RoomView extends Room {
  /** False when the configuration lacks this provider's credentials. */
  configured: boolean;
}

export interface Drift {
  roomId: string;
  checkedAt: string;
  missing: DriftEntry[];
  extra: DriftEntry[];
  unreachable: DriftEntry[];
  /** False for providers that cannot list members: `extra` and `missing` then come from what Équipage delivered. */
  membersFromProvider: boolean;
  /** The room's settings that break the promise (e.g. `room_not_invite_only`). */
  problems: string[];
}

/** Topics the rooms module delivers (see handlers below). */
export const ROOM_TOPICS = [
  'room.invite',
  'room.remove',
  'rooms.person',
  'room.reconcile',
  'room.sync',
  'membership.started',
  'membership.ended',
  'webhook.notify',
] as const;

export type RoomTopic = (typeof ROOM_TOPICS)[number];

function payloadOf(event: OutboxEvent): Record<string, unknown> {
  return (event.payload ?? {}) as Record<string, unknown>;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * Rooms bound to an audience ("The members' room holds exactly the active members"): the register is the single source of truth. Desired =
 * the audience's people with a handle on the provider; actual = the room's members where the
 * provider can tell, else what Équipage delivered. Every change reaches the rooms through the
 * outbox; reconciliation (on demand and hourly) repairs what was changed by hand.
 */
export function createRoomsService(ctx: ServiceContext, providers: RoomProviders) {
  const { database, clock, config } = ctx;
  const rooms = createRoomsRepository(database.db);
  const audiences = createAudiences(database.db, activitySettings(config).policy);

  function providerOf(room: Room): RoomProvider {
    return providers[room.provider];
  }

  function ready(room: Room): RoomProvider {
    const provider = providerOf(room);
    if (!provider.configured) throw new AppError('provider_not_configured', `The ${room.provider} provider has no credentials in the configuration`);
    return provider;
  }

  async function load(id: string): Promise<Room> {
    const room = await rooms.findById(id);
    if (!room || room.archivedAt) throw new AppError('not_found', `No room ${id}`);
    return room;
  }

  function guard(actor: Actor): void {
    if (!canWatchRooms(actor)) throw new AppError('forbidden', 'Rooms are for the bureau and administrators');
  }

  /** The audience's people today: members, the whole team (roster or active), or one team's roster. */
  async function audienceOf(room: Room): Promise<RoomPerson[]> {
    const audience = parseAudience(room.audience);
    if (!audience) return [];
    if (audience.kind === 'members') return audiences.members();
    if (audience.kind === 'team') return audiences.team(audience.slug);
    return audiences.contributors(clock.today());
  }

  function asAudience(provider: RoomProvider, people: RoomPerson[]): AudiencePerson[] {
    return people.map((p) => ({ personId: p.id, displayName: p.displayName, handle: provider.handleOf(p) }));
  }

  /** The room's members: the provider's word, or what Équipage delivered when it cannot tell. */
  async function actualOf(room: Room, provider: RoomProvider): Promise<{ handles: string[]; fromProvider: boolean }> {
    const listed = await provider.members(room.address);
    return listed === null ? { handles: await rooms.invitedHandles(room.id), fromProvider: false } : { handles: listed, fromProvider: true };
  }

  async function computeRoomDrift(room: Room): Promise<Drift> {
    const provider = ready(room);
    let actual: { handles: string[]; fromProvider: boolean };
    let problems: string[];
    try {
      [actual, problems] = await Promise.all([actualOf(room, provider), provider.check(room.address)]);
    } catch (error) {
      throw new AppError('provider_unavailable', `The ${room.provider} provider did not answer: ${(error as Error).message}`);
    }
    const people = room.provider === 'webhook' ? await audiences.peopleByIds(actual.handles) : await rooms.peopleWithHandles();
    const known = new Map<string, { personId: string; displayName: string }>();
    for (const p of people) {
      const handle = provider.handleOf(p);
      if (handle) known.set(handle, { personId: p.id, displayName: p.displayName });
    }
    const drift = computeDrift(asAudience(provider, await audienceOf(room)), actual.handles, known);
    const checkedAt = clock.now();
    await rooms.recordDrift(room.id, checkedAt, { missing: drift.missing.length, extra: drift.extra.length, unreachable: drift.unreachable.length });
    return { roomId: room.id, checkedAt, ...drift, membersFromProvider: actual.fromProvider, problems };
  }

  /** Queues one delivery per handle out of place; each one re-checks before acting. */
  async function repair(room: Room, drift: Drift, reason: string): Promise<number> {
    const entries = [...drift.missing, ...drift.extra].filter((e) => e.handle !== null);
    if (entries.length === 0) return 0;
    const now = clock.now();
    await database.transaction(async (trx) => {
      const outbox = createOutboxRepository(trx);
      for (const e of entries) {
        await outbox.enqueue({
          topic: 'room.sync',
          subjectType: 'room',
          subjectId: room.id,
          payload: { roomId: room.id, handle: e.handle, personId: e.personId, reason },
          now,
        });
      }
    });
    return entries.length;
  }

  /** Brings one handle of one room to what the audience says now (idempotent: checks first). */
  async function syncOne(event: OutboxEvent): Promise<void> {
    const p = payloadOf(event);
    const room = await rooms.findById(String(p.roomId));
    if (!room || room.archivedAt) return;
    const provider = providerOf(room);
    if (!provider.configured) throw new DeliveryError(`The ${room.provider} provider has no credentials in the configuration`, { permanent: true });
    let personId = text(p.personId);
    let handle = text(p.handle);
    if (handle === null && personId !== null) {
      const [person] = await audiences.peopleByIds([personId]);
      handle = person ? provider.handleOf(person) : null;
    }
    if (handle === null) return; // Unreachable on this provider: the drift page says so.
    // Whoever holds this handle, and whether one of them belongs: a few rows, not the audience.
    const holders =
      room.provider === 'webhook' ? await audiences.peopleByIds([handle]) : (await rooms.peopleWithHandles()).filter((p) => provider.handleOf(p) === handle);
    const audience = parseAudience(room.audience);
    const belonging = audience
      ? await audiences.whoBelongs(
          audience,
          holders.map((h) => h.id),
          clock.today(),
        )
      : new Set<string>();
    const match = holders.find((h) => belonging.has(h.id));
    personId ??= match?.id ?? null;
    const { handles } = await actualOf(room, provider);
    const change = decideRoomChange(match !== undefined, handles.includes(handle));
    if (change === 'nothing') return;
    const context = { eventId: event.id, roomId: room.id, personId, reason: text(p.reason) ?? 'reconcile', occurredAt: event.createdAt };
    if (change === 'invite') await provider.invite(room.address, handle, context);
    else await provider.remove(room.address, handle, context);
    await rooms.recordDelivery({ roomId: room.id, handle, personId, action: change, outboxId: event.id, at: clock.now() });
  }

  /** One person's audiences may have changed: one sync per room, each retried on its own. */
  async function fanOutPerson(event: OutboxEvent): Promise<void> {
    const p = payloadOf(event);
    const personId = text(p.personId);
    if (!personId) throw new DeliveryError('The event names no person', { permanent: true });
    const all = await rooms.list();
    if (all.length === 0) return;
    const now = clock.now();
    await database.transaction(async (trx) => {
      const outbox = createOutboxRepository(trx);
      for (const room of all) {
        await outbox.enqueue({
          topic: 'room.sync',
          subjectType: 'room',
          subjectId: room.id,
          payload: { roomId: room.id, personId, reason: text(p.reason) ?? event.topic },
          now,
        });
      }
    });
  }

  /** membership.started / .ended reach every webhook bound to the members, as signed events. */
  async function fanOutMembership(event: OutboxEvent): Promise<void> {
    const hooks = (await rooms.list()).filter((r) => r.provider === 'webhook' && r.audience === 'members');
    if (hooks.length === 0) return;
    const now = clock.now();
    await database.transaction(async (trx) => {
      const outbox = createOutboxRepository(trx);
      for (const room of hooks) {
        await outbox.enqueue({
          topic: 'webhook.notify',
          subjectType: 'room',
          subjectId: room.id,
          payload: { roomId: room.id, type: event.topic, data: event.payload, occurredAt: event.createdAt },
          now,
        });
      }
    });
  }

  async function notifyWebhook(event: OutboxEvent): Promise<void> {
    const p = payloadOf(event);
    const room = await rooms.findById(String(p.roomId));
    if (!room || room.archivedAt) return;
    if (!config.WEBHOOK_SECRET) throw new DeliveryError('WEBHOOK_SECRET is not set', { permanent: true });
    const data = (typeof p.data === 'object' && p.data !== null ? p.data : {}) as Record<string, unknown>;
    const type = p.type as WebhookEventType;
    await postWebhookEvent(room.address, { id: event.id, type, occurredAt: String(p.occurredAt ?? event.createdAt), data }, { secret: config.WEBHOOK_SECRET });
  }

  const handlers: TopicHandlers<RoomTopic> = {
    'room.invite': fanOutPerson,
    'room.remove': fanOutPerson,
    'rooms.person': fanOutPerson,
    'room.sync': syncOne,
    'room.reconcile': async (event) => {
      const room = await rooms.findById(String(payloadOf(event).roomId));
      if (!room || room.archivedAt || !providerOf(room).configured) return;
      try {
        await repair(room, await computeRoomDrift(room), 'reconcile');
      } catch (error) {
        // Unavailable now: the dispatcher retries with backoff.
        throw error instanceof AppError ? new Error(error.message) : error;
      }
    },
    'membership.started': fanOutMembership,
    'membership.ended': fanOutMembership,
    'webhook.notify': notifyWebhook,
  };

  return {
    handlers,

    async list(actor: Actor): Promise<RoomView[]> {
      guard(actor);
      return (await rooms.list()).map((r) => ({ ...r, configured: providerOf(r).configured }));
    },

    async get(actor: Actor, id: string): Promise<RoomView> {
      guard(actor);
      const room = await load(id);
      return { ...room, configured: providerOf(room).configured };
    },

    /** Registers a room (administrators) and queues its first reconciliation. */
    async create(actor: Actor, input: { provider: ProviderKind; address: string; audience: string; name?: string }): Promise<RoomView> {
      if (!actor.isAdmin) throw new AppError('forbidden', 'Only administrators register rooms');
      const provider = providers[input.provider];
      const address = provider.parseAddress(input.address.trim());
      const audience = parseAudience(input.audience.trim());
      const refusal = checkNewRoom({
        addressValid: address !== null,
        audienceValid: audience !== null,
        teamExists: audience?.kind !== 'team' || (await rooms.teamExists(audience.slug)),
        exists: address !== null && (await rooms.exists(input.provider, address)),
      });
      if (refusal) throw AppError.from(refusal);
      // Webhook events are messages, not a state a later reconciliation can restore: without a
      // secret each one would be dropped for good. Matrix and XMPP rooms may wait for credentials:
      // they show as not configured, and their first reconciliation then brings them up to date.
      if (!provider.configured && !reconcilesFromState(input.provider))
        throw new AppError('provider_not_configured', `The ${input.provider} provider has no credentials in the configuration (WEBHOOK_SECRET)`);
      const now = clock.now();
      const room = await database.transaction(async (trx) => {
        const created = await createRoomsRepository(trx).insert({
          provider: input.provider,
          address: address!,
          audience: input.audience.trim(),
          name: input.name?.trim() || address!,
          now,
        });
        await createAuditRepository(trx, database.dialect).append({
          actorId: actor.personId,
          action: 'room.created',
          subjectType: 'room',
          subjectId: created.id,
          after: { provider: created.provider, address: created.address, audience: created.audience, name: created.name },
          at: now,
        });
        await createOutboxRepository(trx).enqueue({
          topic: 'room.reconcile',
          subjectType: 'room',
          subjectId: created.id,
          payload: { roomId: created.id },
          now,
        });
        return created;
      });
      return { ...room, configured: provider.configured };
    },

    /** The drift, asked of the provider now. */
    async drift(actor: Actor, id: string): Promise<Drift> {
      guard(actor);
      return computeRoomDrift(await load(id));
    },

    /** The drift, and one queued delivery per handle out of place. */
    async reconcile(actor: Actor, id: string): Promise<Drift & { queued: number }> {
      guard(actor);
      const room = await load(id);
      const drift = await computeRoomDrift(room);
      const queued = await repair(room, drift, 'reconcile');
      if (queued > 0) {
        await createAuditRepository(database.db, database.dialect).append({
          actorId: actor.personId,
          action: 'room.reconciled',
          subjectType: 'room',
          subjectId: room.id,
          after: { missing: drift.missing.length, extra: drift.extra.length, queued },
          at: clock.now(),
        });
      }
      return { ...drift, queued };
    },

    async deliveries(actor: Actor, id: string, limit = 20): Promise<RoomDelivery[]> {
      guard(actor);
      return rooms.deliveries((await load(id)).id, limit);
    },

    /** The periodic run: every room with a configured provider, each on its own. */
    async reconcileAll(onError: (room: Room, error: unknown) => void = () => undefined): Promise<number> {
      let queued = 0;
      for (const room of await rooms.list()) {
        if (!providerOf(room).configured) continue;
        try {
          queued += await repair(room, await computeRoomDrift(room), 'reconcile');
        } catch (error) {
          onError(room, error);
        }
      }
      return queued;
    },

    async close(): Promise<void> {
      await Promise.all(Object.values(providers).map((p) => p.close?.()));
    },
  };
}

export type RoomsService = ReturnType<typeof createRoomsService>;
