import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import { literalUnion, Nullable, problemResponses } from '../../platform/http/schemas.js';
import { MEMBERSHIP_STATUSES } from './rules.js';
import type { MembershipsUses } from './uses.js';

const Status = literalUnion(MEMBERSHIP_STATUSES);
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

const MembershipSchema = Type.Object({
  id: Type.String(),
  status: Status,
  since: Type.String(),
  until: Nullable(Type.String()),
  decisionId: Nullable(Type.String()),
  endedReason: Nullable(Type.String()),
  endedDecisionId: Nullable(Type.String()),
  graceUntil: Nullable(Type.String()),
});

const MembershipViewSchema = Type.Object({
  status: Type.Union([Type.Literal('none'), Status]),
  since: Nullable(Type.String()),
  until: Nullable(Type.String()),
  graceUntil: Nullable(Type.String()),
  history: Type.Array(MembershipSchema),
});

const RegisterQuery = Type.Object(
  {
    status: Type.Optional(Status),
    history: Type.Optional(Type.Boolean()),
    // Without a limit the whole register comes back, as before pages existed.
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export function membershipsRoutes(app: App, services: MembershipsUses): void {
  app.get(
    '/api/v1/members',
    {
      config: { policy: 'members.register' },
      schema: {
        tags: ['members'],
        summary: 'The register of members: current members (active, lapsing); `history=true` every membership; `status=` one status',
        querystring: RegisterQuery,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                personId: Type.String(),
                displayName: Type.String(),
                since: Type.String(),
                until: Nullable(Type.String()),
                status: Status,
                endedReason: Nullable(Type.String()),
              }),
            ),
            nextCursor: Nullable(Type.String()),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => services.memberships.registerPage(request.actor, request.query),
  );

  app.get(
    '/api/v1/members/export.csv',
    {
      config: { policy: 'members.register' },
      schema: { tags: ['members'], summary: 'The register as CSV (semicolon-separated, UTF-8)', querystring: RegisterQuery },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="registre-des-membres.csv"')
        .send(await services.memberships.registerCsv(request.actor, request.query)),
  );

  app.get(
    '/api/v1/members/counts',
    {
      config: { policy: 'members.register' },
      schema: {
        tags: ['members'],
        summary: 'Members at the end of each month (24 months), and today',
        querystring: Type.Object({ months: Type.Optional(Type.Integer({ minimum: 1, maximum: 120 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ date: Type.String(), members: Type.Integer() })) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await services.memberships.counts(request.actor, request.query.months) }),
  );

  app.get(
    '/api/v1/people/:id/membership',
    {
      config: { policy: 'membership.read' },
      schema: {
        tags: ['members'],
        summary: 'A person’s membership and its history (the person, the bureau, administrators)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: MembershipViewSchema, ...problemResponses },
      },
    },
    async (request) => services.memberships.of(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/people/:id/membership/resign',
    {
      config: { policy: 'membership.resign' },
      schema: {
        tags: ['members'],
        summary: 'Resign, effective at once: only the member themself',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: MembershipViewSchema, ...problemResponses },
      },
    },
    async (request) => services.memberships.resign(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/lifecycle/run',
    {
      config: { policy: 'lifecycle.run' },
      schema: {
        tags: ['members'],
        summary: 'Run the daily membership checks now, as of `date` (default today); idempotent',
        body: Type.Optional(Type.Object({ date: Type.Optional(DateString) }, { additionalProperties: false })),
        response: {
          200: Type.Object({
            date: Type.String(),
            members: Type.Integer(),
            warned: Type.Integer(),
            lapsing: Type.Integer(),
            resumed: Type.Integer(),
            reviews: Type.Integer(),
            lapsed: Type.Integer(),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => services.lifecycle.run(request.body?.date),
  );
}
