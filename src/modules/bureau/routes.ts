import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import { IdParams, literalUnion, Nullable, problemResponses } from '../../platform/http/schemas.js';
import { APPOINTMENT_WARNINGS, CHANGE_KINDS, CHANGE_STATUSES, OFFICE_SOURCES, OFFICES } from './rules.js';
import type { BureauUses } from './uses.js';

const OfficeLiteral = literalUnion(OFFICES);
const TermSchema = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  displayName: Type.String(),
  office: OfficeLiteral,
  since: Type.String(),
  until: Nullable(Type.String()),
  source: Type.Union(
    OFFICE_SOURCES.map((s) => Type.Literal(s)),
    { description: 'setup: recorded before the first session; confirmed: by a second bureau member; import: history recorded by the server' },
  ),
});
const ChangeSchema = Type.Object({
  id: Type.String(),
  kind: literalUnion(CHANGE_KINDS),
  personId: Type.String(),
  displayName: Type.String(),
  office: OfficeLiteral,
  officeId: Nullable(Type.String()),
  effectiveOn: Nullable(Type.String({ description: 'a later day it takes effect on; null: the day it is confirmed' })),
  status: literalUnion(CHANGE_STATUSES),
  proposedBy: Type.String(),
  proposedByName: Type.String(),
  proposedAt: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
});
/** Added to an appointment's answer (API v1 adds fields, never renames): what the bureau should check, though nothing was refused. */
const Warnings = Type.Array(
  Type.Object({
    code: Type.Union(
      APPOINTMENT_WARNINGS.map((w) => Type.Literal(w)),
      { description: 'not_a_member: the person holds no active or lapsing membership today; the office is given all the same' },
    ),
    message: Type.String(),
  }),
);
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const pendingNote =
  'Before the bureau has held its first session the change is recorded at once; from then on it answers 202 with the proposed change, which takes effect when a second bureau member confirms it (POST /api/v1/bureau/changes/{id}/confirm).';

export function bureauRoutes(app: App, services: BureauUses): void {
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
        summary: 'Give a person an office (from `since`, default today; never oneself, never a past day)',
        description: pendingNote,
        body: Type.Object(
          { personId: Type.String({ minLength: 1, maxLength: 64 }), office: OfficeLiteral, since: Type.Optional(DateString) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Composite([TermSchema, Type.Object({ warnings: Warnings })]),
          202: Type.Composite([ChangeSchema, Type.Object({ warnings: Warnings })]),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const { warnings, ...outcome } = await services.bureau.requestAppointment(request.actor, request.body);
      return outcome.applied ? reply.status(201).send({ ...outcome.applied, warnings }) : reply.status(202).send({ ...outcome.pending, warnings });
    },
  );

  app.post(
    '/api/v1/bureau/members/:id/end',
    {
      config: { policy: 'bureau.members.manage' },
      schema: {
        tags: ['bureau'],
        summary: 'End an office (as of `until`, default today, never a past day); the term stays in the history',
        description: `${pendingNote} A change that would leave the bureau unable to reach its quorum is refused (409 bureau_quorum_at_risk).`,
        params: IdParams,
        body: Type.Optional(Type.Object({ until: Type.Optional(DateString) }, { additionalProperties: false })),
        response: { 200: TermSchema, 202: ChangeSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const outcome = await services.bureau.requestEnd(request.actor, request.params.id, request.body?.until);
      return outcome.applied ? reply.status(200).send(outcome.applied) : reply.status(202).send(outcome.pending);
    },
  );

  app.get(
    '/api/v1/bureau/changes',
    {
      config: { policy: 'bureau.members.manage' },
      schema: {
        tags: ['bureau'],
        summary: 'Proposed changes of the bureau waiting for a second bureau member',
        response: { 200: Type.Object({ items: Type.Array(ChangeSchema) }), ...problemResponses },
      },
    },
    async () => ({ items: await services.bureau.pending() }),
  );

  app.post(
    '/api/v1/bureau/changes/:id/confirm',
    {
      config: { policy: 'bureau.changes.confirm' },
      schema: {
        tags: ['bureau'],
        summary: 'Confirm a proposed change: a bureau member other than its proposer and the person it is about',
        params: IdParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 200: Type.Object({ change: ChangeSchema, term: TermSchema }), ...problemResponses },
      },
    },
    async (request) => services.bureau.confirm(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/bureau/changes/:id/cancel',
    {
      config: { policy: 'bureau.members.manage' },
      schema: {
        tags: ['bureau'],
        summary: 'Withdraw a proposed change (its proposer, or a bureau member)',
        params: IdParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 200: ChangeSchema, ...problemResponses },
      },
    },
    async (request) => services.bureau.cancel(request.actor, request.params.id),
  );
}
