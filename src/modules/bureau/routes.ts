import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import { IdParams, Nullable, problemResponses } from '../../platform/http/schemas.js';
import type { Services } from '../../container.js';

const OfficeLiteral = Type.Union([Type.Literal('president'), Type.Literal('secretary'), Type.Literal('treasurer'), Type.Literal('member')]);
const TermSchema = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  displayName: Type.String(),
  office: OfficeLiteral,
  since: Type.String(),
  until: Nullable(Type.String()),
});
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export function bureauRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/bureau/members',
    {
      config: { policy: 'bureau.members.list' },
      schema: {
        tags: ['bureau'],
        summary: 'Who holds which office today; `history=true` for every term',
        querystring: Type.Object({ history: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(TermSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: request.query.history ? await services.bureau.history() : await services.bureau.current() }),
  );

  app.post(
    '/api/v1/bureau/members',
    {
      config: { policy: 'bureau.members.manage' },
      schema: {
        tags: ['bureau'],
        summary: 'Give a person an office (from `since`, default today)',
        body: Type.Object(
          { personId: Type.String({ minLength: 1, maxLength: 64 }), office: OfficeLiteral, since: Type.Optional(DateString) },
          { additionalProperties: false },
        ),
        response: { 201: TermSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await services.bureau.appoint(request.actor, request.body)),
  );

  app.post(
    '/api/v1/bureau/members/:id/end',
    {
      config: { policy: 'bureau.members.manage' },
      schema: {
        tags: ['bureau'],
        summary: 'End an office (as of `until`, default today); the term stays in the history',
        params: IdParams,
        body: Type.Optional(Type.Object({ until: Type.Optional(DateString) }, { additionalProperties: false })),
        response: { 200: TermSchema, ...problemResponses },
      },
    },
    async (request) => services.bureau.end(request.actor, request.params.id, request.body?.until),
  );
}
