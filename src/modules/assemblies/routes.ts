import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import { IdParams, literalUnion, Nullable, problemResponses } from '../../platform/http/schemas.js';
import { ASSEMBLY_KINDS, CAPACITIES, MAJORITIES, RSVP_ANSWERS, VOTE_CHOICES } from './rules.js';
import type { AssembliesUses } from './uses.js';
import { agendaRoutes } from './agenda-routes.js';
import { MinutesBody } from '../sessions/schemas.js';

const Kind = literalUnion(ASSEMBLY_KINDS);
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Majority = literalUnion(MAJORITIES);
const Choice = literalUnion(VOTE_CHOICES);
const RsvpAnswer = literalUnion(RSVP_ANSWERS);
const ResolutionParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), resolutionId: Type.String({ minLength: 1, maxLength: 64 }) });
const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

const AssemblySchema = Type.Object(
  {
    id: Type.String(),
    kind: Kind,
    title: Type.String(),
    scheduledAt: Type.String(),
    durationMinutes: Type.Integer(),
    location: Nullable(Type.String()),
    videoUrl: Nullable(Type.String()),
    status: Type.String(),
    convenedAt: Nullable(Type.String()),
    forcedReason: Nullable(Type.String()),
    plannedAt: Type.Optional(
      Nullable(Type.String({ description: 'when it was planned, for an assembly held earlier than planned (its scheduledAt is then when it was held)' })),
    ),
    chairId: Type.Optional(Nullable(Type.String({ description: 'who chaired the assembly (the minutes)' }))),
    secretaryId: Type.Optional(Nullable(Type.String({ description: 'who took the minutes' }))),
    minutesApprovedAt: Type.Optional(Nullable(Type.String({ description: 'when the minutes were approved; they change no more' }))),
  },
  { additionalProperties: true },
);
const InviteeSchema = Type.Object(
  {
    personId: Type.String(),
    displayName: Type.String(),
    capacity: literalUnion(CAPACITIES),
    canVote: Type.Boolean(),
    rsvp: Nullable(RsvpAnswer),
    checkedInAt: Nullable(Type.String()),
    proxyHolderId: Nullable(Type.String()),
    holdsProxiesFor: Type.Array(Type.String()),
  },
  { additionalProperties: true },
);
const Empty = Type.Optional(Type.Object({}, { additionalProperties: false }));

/** The general assemblies' API (docs/api.md). Thin: the service decides. */
export function assembliesRoutes(app: App, services: AssembliesUses): void {
  const s = () => services.assemblies;
  const tags = ['assemblies'];
  agendaRoutes(app, services);

  app.get(
    '/api/v1/assemblies',
    { config: { policy: 'assemblies.read' }, schema: { tags, summary: 'The assemblies that convene me (all of them for the bureau)' } },
    async (request) => ({
      items: await s().list(request.actor),
    }),
  );

  app.post(
    '/api/v1/assemblies',
    {
      config: { policy: 'assemblies.manage' },
      schema: {
        tags,
        summary: 'Prepare an assembly (draft): ordinary or extraordinary, title, date and time, place and/or video link',
        body: Type.Object(
          {
            kind: Kind,
            title: Type.String({ minLength: 1, maxLength: 200 }),
            scheduledAt: Instant,
            location: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
            videoUrl: Type.Optional(Nullable(Type.String({ maxLength: 500, pattern: '^https?://\\S+$' }))),
            durationMinutes: Type.Optional(Type.Integer({ minimum: 15, maximum: 24 * 60 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: AssemblySchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await s().create(request.actor, request.body)),
  );

  app.get(
    '/api/v1/assemblies/:id',
    { config: { policy: 'assemblies.read' }, schema: { tags, summary: 'One assembly: agenda, documents, resolutions, quorum, my place', params: IdParams } },
    async (request) => s().get(request.actor, request.params.id),
  );

  app.get(
    '/api/v1/assemblies/:id/invitees',
    {
      config: { policy: 'assemblies.read' },
      schema: {
        tags,
        summary: 'Every member, contributor and bureau office holder, with their capacity and vote (before convening: who would be convened)',
        description:
          'The whole list by default. With `limit`, `cursor`, `before` or `q`: a page (100 rows unless `limit` says) in the people’s order, of those whose name holds `q` (ignoring case and accents), with the cursors of the next and previous pages.',
        params: IdParams,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          cursor: Type.Optional(Type.String({ maxLength: 500, description: 'the page after this one: a nextCursor' })),
          before: Type.Optional(Type.String({ maxLength: 500, description: 'the page before this one: a previousCursor' })),
          q: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(InviteeSchema),
            nextCursor: Type.Optional(Nullable(Type.String())),
            previousCursor: Type.Optional(Nullable(Type.String())),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { limit, cursor, before, q } = request.query;
      if (limit === undefined && cursor === undefined && before === undefined && q === undefined)
        return { items: await s().invitees(request.actor, request.params.id) };
      const page = await s().inviteesPage(request.actor, request.params.id, { limit: limit ?? 100, cursor, before, q });
      return { items: page.items, nextCursor: page.nextCursor, previousCursor: page.previousCursor };
    },
  );

  app.post(
    '/api/v1/assemblies/:id/items',
    {
      config: { policy: 'assemblies.manage' },
      schema: {
        tags,
        summary: 'Add an agenda item',
        params: IdParams,
        body: Type.Object(
          { title: Type.String({ minLength: 1, maxLength: 200 }), body: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => reply.status(201).send(await s().addItem(request.actor, request.params.id, request.body)),
  );

  app.post(
    '/api/v1/assemblies/:id/documents',
    {
      config: { policy: 'assemblies.manage' },
      schema: {
        tags,
        summary: 'Attach a document by link (uploads: the page)',
        params: IdParams,
        body: Type.Object({ title: Type.String({ minLength: 1, maxLength: 200 }), url: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => reply.status(201).send(await s().addDocument(request.actor, request.params.id, request.body)),
  );

  app.post(
    '/api/v1/assemblies/:id/convene',
    {
      config: { policy: 'assemblies.manage' },
      schema: {
        tags,
        summary:
          'Send the notices of meeting (one mail per invitee, with a calendar invitation and a personal link); 422 notice_period_too_short inside the notice period unless forced with a reason',
        params: IdParams,
        body: Type.Optional(
          Type.Object({ force: Type.Optional(Type.Boolean()), reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
        ),
        response: { 200: Type.Object({ convened: Type.Integer() }), ...problemResponses },
      },
    },
    async (request) => s().convene(request.actor, request.params.id, request.body ?? {}),
  );

  app.post(
    '/api/v1/assemblies/:id/rsvp',
    {
      config: { policy: 'assemblies.participate' },
      schema: { tags, summary: 'My answer: will I attend?', params: IdParams, body: Type.Object({ answer: RsvpAnswer }, { additionalProperties: false }) },
    },
    async (request) => {
      await s().answerAsMember(request.actor, request.params.id, request.body.answer);
      return { answer: request.body.answer };
    },
  );

  app.post(
    '/api/v1/assemblies/:id/proxy',
    {
      config: { policy: 'assemblies.participate' },
      schema: {
        tags,
        summary: 'Give my proxy to another member (null withdraws it)',
        params: IdParams,
        body: Type.Object({ holderId: Nullable(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false }),
      },
    },
    async (request) => {
      await s().giveProxy(request.actor, request.params.id, request.body.holderId);
      return { holderId: request.body.holderId };
    },
  );

  app.post(
    '/api/v1/assemblies/:id/open',
    { config: { policy: 'assemblies.conduct' }, schema: { tags, summary: 'Open the assembly: check-in, quorum, votes', params: IdParams, body: Empty } },
    async (request) => s().open(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/assemblies/:id/check-in',
    {
      config: { policy: 'assemblies.conduct' },
      schema: {
        tags,
        summary: 'Record someone present (or not): the live quorum follows',
        params: IdParams,
        body: Type.Object({ personId: Type.String({ minLength: 1, maxLength: 64 }), present: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      },
    },
    async (request) => {
      await s().checkIn(request.actor, request.params.id, request.body.personId, request.body.present ?? true);
      return s().quorum(request.actor, request.params.id);
    },
  );

  app.get(
    '/api/v1/assemblies/:id/quorum',
    { config: { policy: 'assemblies.read' }, schema: { tags, summary: 'The quorum now: voters present + represented vs the rule', params: IdParams } },
    async (request) => s().quorum(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/assemblies/:id/resolutions',
    {
      config: { policy: 'assemblies.conduct' },
      schema: {
        tags,
        summary: 'Propose a resolution, with its majority rule',
        params: IdParams,
        body: Type.Object(
          { title: Type.String({ minLength: 1, maxLength: 300 }), text: Type.Optional(Nullable(Type.String({ maxLength: 10000 }))), majority: Majority },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => reply.status(201).send(await s().addResolution(request.actor, request.params.id, request.body)),
  );

  app.post(
    '/api/v1/assemblies/:id/resolutions/:resolutionId/open',
    { config: { policy: 'assemblies.conduct' }, schema: { tags, summary: 'Put a resolution to the vote', params: ResolutionParams, body: Empty } },
    async (request) => {
      await s().openResolution(request.actor, request.params.id, request.params.resolutionId);
      return { status: 'open' };
    },
  );

  app.post(
    '/api/v1/assemblies/:id/resolutions/:resolutionId/vote',
    {
      config: { policy: 'assemblies.participate' },
      schema: {
        tags,
        summary: 'My vote (and the votes of the members whose proxy I hold)',
        params: ResolutionParams,
        body: Type.Object({ choice: Choice }, { additionalProperties: false }),
      },
    },
    async (request) => s().vote(request.actor, request.params.id, request.params.resolutionId, request.body.choice),
  );

  app.post(
    '/api/v1/assemblies/:id/resolutions/:resolutionId/counts',
    {
      config: { policy: 'assemblies.conduct' },
      schema: {
        tags,
        summary: 'Counts from a show of hands',
        params: ResolutionParams,
        body: Type.Object(
          {
            for: Type.Integer({ minimum: 0, maximum: 100000 }),
            against: Type.Integer({ minimum: 0, maximum: 100000 }),
            abstain: Type.Integer({ minimum: 0, maximum: 100000 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      await s().recordCounts(request.actor, request.params.id, request.params.resolutionId, request.body);
      return { recorded: true };
    },
  );

  app.post(
    '/api/v1/assemblies/:id/resolutions/:resolutionId/close',
    {
      config: { policy: 'assemblies.conduct' },
      schema: { tags, summary: 'Close the vote: the result by the majority rule', params: ResolutionParams, body: Empty },
    },
    async (request) => s().closeResolution(request.actor, request.params.id, request.params.resolutionId),
  );

  app.post(
    '/api/v1/assemblies/:id/close',
    { config: { policy: 'assemblies.conduct' }, schema: { tags, summary: 'Close the assembly; the minutes are written', params: IdParams, body: Empty } },
    async (request) => s().close(request.actor, request.params.id),
  );

  app.patch(
    '/api/v1/assemblies/:id/minutes',
    {
      config: { policy: 'assemblies.conduct' },
      schema: {
        tags,
        summary: 'The secretary’s part of the minutes: chair, secretary, what was said on each item; from the opening until approved (409 minutes_approved)',
        params: IdParams,
        body: MinutesBody,
        response: { 200: AssemblySchema, ...problemResponses },
      },
    },
    async (request) => s().recordMinutes(request.actor, request.params.id, request.body),
  );

  app.post(
    '/api/v1/assemblies/:id/minutes/approval',
    {
      config: { policy: 'assemblies.conduct' },
      schema: {
        tags,
        summary: 'Approve the minutes of a closed assembly naming its chair and secretary (422 minutes_incomplete); they change no more',
        params: IdParams,
        body: Empty,
        response: { 200: AssemblySchema, ...problemResponses },
      },
    },
    async (request) => s().approveMinutes(request.actor, request.params.id),
  );

  app.get(
    '/api/v1/assemblies/:id/minutes',
    { config: { policy: 'assemblies.minutes' }, schema: { tags, summary: 'The minutes (text/markdown), for the members and the team', params: IdParams } },
    async (request, reply) => reply.type('text/markdown; charset=utf-8').send(await s().minutes(request.actor, request.params.id)),
  );

  app.get(
    '/api/v1/assemblies/:id/attendance',
    { config: { policy: 'assemblies.conduct' }, schema: { tags, summary: 'The attendance sheet with the proxies', params: IdParams } },
    async (request) => s().attendanceSheet(request.actor, request.params.id),
  );

  app.get(
    '/api/v1/assemblies/rsvp/:token',
    {
      config: { policy: 'assemblies.rsvp' },
      schema: { tags, summary: 'What the personal link shows (no login: the token is the credential)', params: TokenParams },
    },
    async (request) => s().rsvpViewWithCandidates(request.params.token),
  );

  app.post(
    '/api/v1/assemblies/rsvp/:token',
    {
      config: { policy: 'assemblies.rsvp' },
      schema: {
        tags,
        summary: 'Answer through the personal link',
        params: TokenParams,
        body: Type.Object({ answer: RsvpAnswer }, { additionalProperties: false }),
      },
    },
    async (request) => {
      await s().answer(request.params.token, request.body.answer);
      return { answer: request.body.answer };
    },
  );
}
