import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import { IdParams, Nullable, problemResponses } from '../../platform/http/schemas.js';
import type { SessionsUses } from './uses.js';
import { DecisionBody, DecisionSchema, MinutesBody, NewSessionBody, RecurrenceBody, RecurrenceSchema, SessionSchema, SessionSummarySchema } from './schemas.js';

export function sessionsRoutes(app: App, services: SessionsUses, publicUrl: string): void {
  app.get(
    '/api/v1/bureau/sessions',
    {
      config: { policy: 'bureau.sessions.read' },
      schema: {
        tags: ['sessions'],
        summary: 'Bureau sessions: upcoming (soonest first), past (latest first) or all',
        querystring: Type.Object(
          {
            when: Type.Optional(Type.Union([Type.Literal('upcoming'), Type.Literal('past')])),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(SessionSummarySchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await services.sessions.list(request.query) }),
  );

  app.post(
    '/api/v1/bureau/sessions',
    {
      config: { policy: 'bureau.sessions.plan' },
      schema: { tags: ['sessions'], summary: 'Plan an ad-hoc session', body: NewSessionBody, response: { 201: SessionSchema, ...problemResponses } },
    },
    async (request, reply) => reply.status(201).send(await services.sessions.create(request.actor, request.body)),
  );

  app.get(
    '/api/v1/bureau/sessions/:id',
    {
      config: { policy: 'bureau.sessions.read' },
      schema: {
        tags: ['sessions'],
        summary: 'A session with its agenda, attendance and decisions',
        params: IdParams,
        response: { 200: SessionSchema, ...problemResponses },
      },
    },
    async (request) => services.sessions.get(request.params.id),
  );

  app.post(
    '/api/v1/bureau/sessions/:id/open',
    {
      config: { policy: 'bureau.sessions.conduct' },
      schema: {
        tags: ['sessions'],
        summary: 'Open a planned session with the bureau members present; computes quorum',
        params: IdParams,
        body: Type.Object(
          { presentPersonIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 200, uniqueItems: true }) },
          { additionalProperties: false },
        ),
        response: { 200: SessionSchema, ...problemResponses },
      },
    },
    async (request) => services.sessions.open(request.actor, request.params.id, request.body.presentPersonIds),
  );

  app.post(
    '/api/v1/bureau/sessions/:id/decisions',
    {
      config: { policy: 'bureau.sessions.conduct' },
      schema: {
        tags: ['sessions'],
        summary: 'Decide an application of the agenda: only in an open session with quorum, once',
        params: IdParams,
        body: DecisionBody,
        response: { 201: Type.Composite([DecisionSchema, Type.Object({ session: SessionSchema })]), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { decision, session } = await services.sessions.decide(request.actor, request.params.id, request.body);
      return reply.status(201).send({ ...decision, session });
    },
  );

  app.post(
    '/api/v1/bureau/sessions/:id/close',
    {
      config: { policy: 'bureau.sessions.conduct' },
      schema: {
        tags: ['sessions'],
        summary: 'Close an open session: undecided and deferred items move to the next session; returns the minutes',
        params: IdParams,
        response: { 200: Type.Composite([SessionSchema, Type.Object({ minutes: Type.String() })]), ...problemResponses },
      },
    },
    async (request) => {
      const session = await services.sessions.close(request.actor, request.params.id);
      const { markdown } = await services.sessionDocuments.minutes(request.actor, request.params.id);
      return { ...session, minutes: markdown };
    },
  );

  app.get(
    '/api/v1/bureau/sessions/:id/minutes',
    {
      config: { policy: 'bureau.minutes.read' },
      schema: { tags: ['sessions'], summary: 'The minutes in Markdown (members: closed sessions, names and outcomes only)', params: IdParams },
    },
    async (request, reply) => {
      const { markdown } = await services.sessionDocuments.minutes(request.actor, request.params.id);
      return reply.type('text/markdown; charset=utf-8').send(markdown);
    },
  );

  app.patch(
    '/api/v1/bureau/sessions/:id/minutes',
    {
      config: { policy: 'bureau.sessions.conduct' },
      schema: {
        tags: ['sessions'],
        summary: 'The secretary’s part of the minutes: chair, secretary, what was said on each item; until approved (409 minutes_approved)',
        params: IdParams,
        body: MinutesBody,
        response: { 200: SessionSchema, ...problemResponses },
      },
    },
    async (request) => services.sessionMinutes.record(request.actor, request.params.id, request.body),
  );

  app.post(
    '/api/v1/bureau/sessions/:id/minutes/approval',
    {
      config: { policy: 'bureau.sessions.conduct' },
      schema: {
        tags: ['sessions'],
        summary: 'Approve the minutes of a closed session naming its chair and secretary (422 minutes_incomplete); they change no more',
        params: IdParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 200: SessionSchema, ...problemResponses },
      },
    },
    async (request) => services.sessionMinutes.approve(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/bureau/sessions/:id/agenda',
    {
      config: { policy: 'bureau.sessions.plan' },
      schema: {
        tags: ['sessions'],
        summary: 'Add a free item to the agenda',
        params: IdParams,
        body: Type.Object(
          {
            title: Type.String({ minLength: 1, maxLength: 200 }),
            body: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
            personId: Type.Optional(
              Nullable(Type.String({ minLength: 1, maxLength: 64, description: 'a member the item is about (an exclusion to consider)' })),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: SessionSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await services.sessions.addItem(request.actor, request.params.id, request.body)),
  );

  app.post(
    '/api/v1/bureau/sessions/:id/agenda/order',
    {
      config: { policy: 'bureau.sessions.plan' },
      schema: {
        tags: ['sessions'],
        summary: 'Set the order of the agenda (every item, each once)',
        params: IdParams,
        body: Type.Object(
          { itemIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: SessionSchema, ...problemResponses },
      },
    },
    async (request) => services.sessions.reorder(request.actor, request.params.id, request.body.itemIds),
  );

  app.get(
    '/api/v1/bureau/recurrence',
    {
      config: { policy: 'bureau.sessions.read' },
      schema: {
        tags: ['sessions'],
        summary: 'The recurrence of regular sessions (null: none set)',
        response: { 200: Nullable(RecurrenceSchema), ...problemResponses },
      },
    },
    async () => services.sessionPlanning.recurrence(),
  );

  app.put(
    '/api/v1/bureau/recurrence',
    {
      config: { policy: 'bureau.sessions.plan' },
      schema: {
        tags: ['sessions'],
        summary: 'Set the recurrence (an RRULE) and plan the next sessions from it',
        body: RecurrenceBody,
        response: { 200: RecurrenceSchema, ...problemResponses },
      },
    },
    async (request) => services.sessionPlanning.setRecurrence(request.actor, request.body),
  );

  app.get(
    '/api/v1/bureau/calendar.ics',
    {
      config: { policy: 'bureau.calendar' },
      schema: {
        tags: ['sessions'],
        summary: 'The bureau’s sessions as iCalendar, for a bureau member’s personal key (see the sessions page)',
        querystring: Type.Object({ key: Type.String({ minLength: 10, maxLength: 200 }) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const ics = await services.sessionDocuments.calendarFeed(request.query.key, publicUrl);
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(ics);
    },
  );
}
