import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import { IdParams, Nullable, ProblemSchema, problemResponses } from '../../platform/http/schemas.js';
import type { RoomsUses } from './uses.js';
import { PROVIDER_KINDS, ROOM_ACTIONS } from './rules.js';

const ProviderLiteral = Type.Union(PROVIDER_KINDS.map((p) => Type.Literal(p)));

const RoomSchema = Type.Object({
  id: Type.String(),
  provider: ProviderLiteral,
  address: Type.String(),
  audience: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
  configured: Type.Boolean(),
  lastReconciledAt: Nullable(Type.String()),
  lastDrift: Nullable(Type.Object({ missing: Type.Integer(), extra: Type.Integer(), unreachable: Type.Integer() })),
});

const DriftEntrySchema = Type.Object({ handle: Nullable(Type.String()), personId: Nullable(Type.String()), displayName: Nullable(Type.String()) });
const DriftSchema = Type.Object({
  roomId: Type.String(),
  checkedAt: Type.String(),
  missing: Type.Array(DriftEntrySchema),
  extra: Type.Array(DriftEntrySchema),
  unreachable: Type.Array(DriftEntrySchema),
  membersFromProvider: Type.Boolean(),
  problems: Type.Array(Type.String()),
  queued: Type.Optional(Type.Integer()),
});

const providerProblems = { ...problemResponses, 502: Type.Ref(ProblemSchema) };

export function roomsRoutes(app: App, services: RoomsUses): void {
  app.get(
    '/api/v1/rooms',
    {
      config: { policy: 'rooms.read' },
      schema: {
        tags: ['rooms'],
        summary: 'Rooms bound to an audience, with their last drift',
        response: { 200: Type.Object({ items: Type.Array(RoomSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await services.rooms.list(request.actor) }),
  );

  app.post(
    '/api/v1/rooms',
    {
      config: { policy: 'rooms.manage' },
      schema: {
        tags: ['rooms'],
        summary: 'Register a room: its provider, its address (Matrix room id, XMPP room JID, webhook URL) and its audience',
        body: Type.Object(
          {
            provider: ProviderLiteral,
            address: Type.String({ minLength: 1, maxLength: 500 }),
            audience: Type.String({ minLength: 1, maxLength: 80, description: 'members, contributors or team:<slug>' }),
            name: Type.Optional(Type.String({ maxLength: 120 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: RoomSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await services.rooms.create(request.actor, request.body)),
  );

  app.get(
    '/api/v1/rooms/:id',
    {
      config: { policy: 'rooms.read' },
      schema: { tags: ['rooms'], summary: 'One room', params: IdParams, response: { 200: RoomSchema, ...problemResponses } },
    },
    async (request) => services.rooms.get(request.actor, request.params.id),
  );

  app.get(
    '/api/v1/rooms/:id/drift',
    {
      config: { policy: 'rooms.read' },
      schema: {
        tags: ['rooms'],
        summary: 'Who should be in the room and is not (missing), who is and should not (extra), who has no handle (unreachable); asked of the provider now',
        params: IdParams,
        response: { 200: DriftSchema, ...providerProblems },
      },
    },
    async (request) => services.rooms.drift(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/rooms/:id/reconcile',
    {
      config: { policy: 'rooms.reconcile' },
      schema: {
        tags: ['rooms'],
        summary: 'The drift, and one queued invitation or removal per person out of place',
        params: IdParams,
        response: { 200: DriftSchema, ...providerProblems },
      },
    },
    async (request) => services.rooms.reconcile(request.actor, request.params.id),
  );

  app.get(
    '/api/v1/rooms/:id/deliveries',
    {
      config: { policy: 'rooms.read' },
      schema: {
        tags: ['rooms'],
        summary: 'The last invitations and removals delivered to the room',
        params: IdParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                handle: Type.String(),
                personId: Nullable(Type.String()),
                displayName: Nullable(Type.String()),
                action: Type.Union(ROOM_ACTIONS.map((a) => Type.Literal(a))),
                deliveredAt: Type.String(),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => ({ items: await services.rooms.deliveries(request.actor, request.params.id) }),
  );
}
