import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import { IdParams, literalUnion, Nullable, PageQuery, ProblemSchema, problemResponses } from '../../platform/http/schemas.js';
import type { RequestsUses } from './uses.js';
import { CONSULTATION_STATUSES, LIMITS, STATUS_FILTERS } from './rules.js';

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
const Status = literalUnion(STATUS_FILTERS);
const Slug = Type.String({ minLength: 1, maxLength: 40 });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Empty = Type.Optional(Type.Object({}, { additionalProperties: false }));

const Submitted = Type.Object(
  { id: Type.String(), status: Type.Literal('new'), category: Type.String(), teamSlug: Type.String(), createdAt: Type.String() },
  { additionalProperties: true },
);
const ListItem = Type.Object(
  {
    id: Type.String(),
    category: Type.String(),
    teamSlug: Type.String(),
    status: Type.String(),
    subject: Type.String(),
    assignee: Nullable(Type.Object({ personId: Type.String(), displayName: Type.String() })),
    createdAt: Type.String(),
    ageMinutes: Type.Integer(),
    firstResponseMinutes: Nullable(Type.Integer()),
  },
  { additionalProperties: true },
);
const FollowMessage = Type.Object({ author: Type.Union([Type.Literal('requester'), Type.Literal('team')]), body: Type.String(), createdAt: Type.String() });
// Declared in full (no additional properties): the requester's view can never carry more by mistake.
const FollowView = Type.Object({
  id: Type.String(),
  category: Type.String(),
  teamName: Type.Object({ fr: Type.String(), en: Type.String() }),
  status: Type.String(),
  subject: Type.String(),
  message: Type.String(),
  link: Nullable(Type.String()),
  createdAt: Type.String(),
  messages: Type.Array(FollowMessage),
  canReply: Type.Boolean(),
  validUntil: Nullable(Type.String()),
});

/**
 * The requests API (docs/requests.md, "API"; docs/api.md). `POST /api/v1/requests` and the follow link are
 * public; the rest is the teams' inbox, scoped by the service to what the caller may see.
 */
export function requestsRoutes(app: App, services: RequestsUses): void {
  const s = () => services.requests;
  const tags = ['requests'];

  app.post(
    '/api/v1/requests',
    {
      config: { policy: 'requests.submit' },
      schema: {
        tags,
        summary:
          'Write to the association, no account needed: the requester gets a mail with a private link. 429 too_many_requests (with Retry-After) past the limits per address and per email',
        security: [],
        body: Type.Object(
          {
            email: Type.String({ minLength: 1, maxLength: 254 }),
            category: Type.String({ minLength: 1, maxLength: 40 }),
            subject: Text(LIMITS.subject),
            message: Text(LIMITS.message),
            teamSlug: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
            link: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.link }))),
            name: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.name }))),
            concerns: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.concerns }))),
            locale: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')])),
            website: Type.Optional(Nullable(Type.String({ maxLength: 500, description: 'Leave out: a honeypot for robots' }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: Submitted, ...problemResponses, 429: Type.Ref(ProblemSchema) },
      },
    },
    async (request, reply) => {
      const submitted = await s().submit({ ...request.body, locale: request.body.locale ?? request.i18n.locale }, { ip: request.ip });
      return reply.status(201).send(submitted);
    },
  );

  app.get(
    '/api/v1/requests',
    {
      config: { policy: 'requests.handle' },
      schema: {
        tags,
        summary: 'The inbox: requests of my teams (every team for the bureau), oldest first',
        querystring: Type.Object(
          {
            team: Type.Optional(Slug),
            status: Type.Optional(Status),
            assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'a person id, me, or none' })),
            category: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(ListItem), nextCursor: Nullable(Type.String()) }), ...problemResponses },
      },
    },
    async (request) => s().list(request.actor, request.query),
  );

  app.get(
    '/api/v1/requests/consultations',
    {
      config: { policy: 'requests.handle' },
      schema: {
        tags,
        summary: 'Questions other teams asked my teams about their requests',
        querystring: Type.Object({ team: Type.Optional(Slug), status: Type.Optional(literalUnion(CONSULTATION_STATUSES)) }, { additionalProperties: false }),
      },
    },
    async (request) => ({ items: await s().consultations(request.actor, request.query) }),
  );

  app.get(
    '/api/v1/requests/consultations/:id',
    {
      config: { policy: 'requests.handle' },
      schema: { tags, summary: 'One question asked to my team, with what it may know of the request', params: IdParams },
    },
    async (request) => s().consultation(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/requests/consultations/:id/answer',
    {
      config: { policy: 'requests.handle' },
      schema: {
        tags,
        summary: 'Answer a question asked to my team: it goes back into the request as an internal note',
        params: IdParams,
        body: Type.Object({ answer: Text(LIMITS.reply) }, { additionalProperties: false }),
      },
    },
    async (request) => s().answerConsultation(request.actor, request.params.id, request.body),
  );

  app.get(
    '/api/v1/requests/follow/:token',
    {
      config: { policy: 'requests.follow' },
      schema: {
        tags,
        summary: 'The private link: the request and the public replies (no login: the token is the credential)',
        security: [],
        params: TokenParams,
        response: { 200: FollowView, 404: Type.Ref(ProblemSchema) },
      },
    },
    async (request) => s().followView(request.params.token),
  );

  app.post(
    '/api/v1/requests/follow/:token/replies',
    {
      config: { policy: 'requests.follow' },
      schema: {
        tags,
        summary: 'Answer through the private link: a request waiting on the requester goes back to the team',
        security: [],
        params: TokenParams,
        body: Type.Object({ body: Text(LIMITS.reply) }, { additionalProperties: false }),
        response: { 201: FollowView, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await s().followReply(request.params.token, request.body)),
  );

  app.get(
    '/api/v1/requests/:id',
    { config: { policy: 'requests.handle' }, schema: { tags, summary: 'One request with its thread, consultations and allowed actions', params: IdParams } },
    async (request) => s().get(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/requests/:id/replies',
    {
      config: { policy: 'requests.handle' },
      schema: {
        tags,
        summary: 'A public reply (mailed to the requester; by default the request then waits on them) or an internal note (never shown to them)',
        params: IdParams,
        body: Type.Object(
          { body: Text(LIMITS.reply), internal: Type.Optional(Type.Boolean()), waiting: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => reply.status(201).send(await s().reply(request.actor, request.params.id, request.body)),
  );

  app.post(
    '/api/v1/requests/:id/assign',
    {
      config: { policy: 'requests.handle' },
      schema: {
        tags,
        summary: 'Assign to oneself (no personId), to someone on the team, or to nobody (null)',
        params: IdParams,
        body: Type.Optional(Type.Object({ personId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))) }, { additionalProperties: false })),
      },
    },
    async (request) => s().assign(request.actor, request.params.id, request.body ?? {}),
  );

  app.post(
    '/api/v1/requests/:id/consult',
    {
      config: { policy: 'requests.handle' },
      schema: {
        tags,
        summary: 'Ask another team a question about this request; the request stays with its team',
        params: IdParams,
        body: Type.Object({ teamSlug: Slug, question: Text(LIMITS.reply) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => reply.status(201).send(await s().consult(request.actor, request.params.id, request.body)),
  );

  app.post(
    '/api/v1/requests/:id/resolve',
    {
      config: { policy: 'requests.handle' },
      schema: { tags, summary: 'Resolve: the requester is told; one confirmed `requests` contribution for the handler', params: IdParams, body: Empty },
    },
    async (request) => s().resolve(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/requests/:id/reopen',
    { config: { policy: 'requests.handle' }, schema: { tags, summary: 'Reopen a resolved request', params: IdParams, body: Empty } },
    async (request) => s().reopen(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/requests/:id/close',
    {
      config: { policy: 'requests.handle' },
      schema: { tags, summary: 'Close (final); the private link works 30 more days', params: IdParams, body: Empty },
    },
    async (request) => s().close(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/requests/:id/accept-join',
    {
      config: { policy: 'requests.join.decide' },
      schema: {
        tags,
        summary: 'Accept a join request (a lead of that team): the person, created if new, is on the roster',
        params: IdParams,
        body: Empty,
      },
    },
    async (request) => s().acceptJoin(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/requests/:id/refuse-join',
    {
      config: { policy: 'requests.join.decide' },
      schema: {
        tags,
        summary: 'Refuse a join request with a reason, which is mailed',
        params: IdParams,
        body: Type.Object({ reason: Text(LIMITS.reason) }, { additionalProperties: false }),
      },
    },
    async (request) => s().refuseJoin(request.actor, request.params.id, request.body),
  );
}
