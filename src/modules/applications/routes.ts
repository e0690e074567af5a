import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import { IdParams, literalUnion, Nullable, Page, PageQuery, problemResponses } from '../../platform/http/schemas.js';
import type { ApplicationsUses } from './uses.js';
import type { Application } from './repository.js';
import type { Actor } from '../../platform/auth/actor.js';
import { canManageApplications } from './policy.js';
import { APPLICATION_STATUSES, isOpenApplication, MOTIVATION_MAX } from './rules.js';

const ApplicationSchema = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  displayName: Type.String(),
  motivation: Type.String(),
  status: literalUnion(APPLICATION_STATUSES),
  sessionId: Nullable(Type.String()),
  sessionScheduledAt: Nullable(Type.String()),
  rapporteurId: Nullable(Type.String()),
  rapporteurName: Nullable(Type.String()),
  decisionId: Nullable(Type.String()),
  submittedAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  withdrawnAt: Nullable(Type.String()),
  allowedActions: Type.Array(Type.String(), { description: 'What the caller may do with it now, so that buttons never lie' }),
});

/** An application with what this actor may do with it now (Outline's `policies`). */
export function presentApplication(a: Application, actor: Actor) {
  const open = isOpenApplication(a.status);
  const allowedActions = [
    ...(open && (actor.personId === a.personId || canManageApplications(actor)) ? ['withdraw'] : []),
    ...(open && canManageApplications(actor) ? ['assignRapporteur'] : []),
  ];
  return { ...a, allowedActions };
}

export function applicationsRoutes(app: App, services: ApplicationsUses): void {
  app.post(
    '/api/v1/applications',
    {
      config: { policy: 'applications.apply' },
      schema: {
        tags: ['applications'],
        summary: 'Apply for membership, as the signed-in person; placed on the next session whose agenda is open',
        body: Type.Object({ motivation: Type.String({ minLength: 1, maxLength: MOTIVATION_MAX }) }, { additionalProperties: false }),
        response: { 201: ApplicationSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(presentApplication(await services.applications.apply(request.actor, request.body), request.actor)),
  );

  app.get(
    '/api/v1/applications',
    {
      config: { policy: 'applications.read' },
      schema: {
        tags: ['applications'],
        summary: 'Your applications; every application for the bureau',
        querystring: Type.Object({ open: Type.Optional(Type.Boolean()), ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(ApplicationSchema), ...problemResponses },
      },
    },
    async (request) => {
      const page = await services.applications.list(request.actor, request.query);
      return { ...page, items: page.items.map((a) => presentApplication(a, request.actor)) };
    },
  );

  app.get(
    '/api/v1/applications/:id',
    {
      config: { policy: 'applications.read' },
      schema: {
        tags: ['applications'],
        summary: 'One application: the applicant or the bureau only',
        params: IdParams,
        response: { 200: ApplicationSchema, ...problemResponses },
      },
    },
    async (request) => presentApplication(await services.applications.get(request.actor, request.params.id), request.actor),
  );

  app.post(
    '/api/v1/applications/:id/withdraw',
    {
      config: { policy: 'applications.withdraw' },
      schema: {
        tags: ['applications'],
        summary: 'Withdraw an application until the decision',
        params: IdParams,
        response: { 200: ApplicationSchema, ...problemResponses },
      },
    },
    async (request) => presentApplication(await services.applications.withdraw(request.actor, request.params.id), request.actor),
  );

  app.post(
    '/api/v1/applications/:id/rapporteur',
    {
      config: { policy: 'applications.manage' },
      schema: {
        tags: ['applications'],
        summary: 'Name the bureau member who reports on the application (null: nobody)',
        params: IdParams,
        body: Type.Object({ rapporteurId: Nullable(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false }),
        response: { 200: ApplicationSchema, ...problemResponses },
      },
    },
    async (request) =>
      presentApplication(await services.applications.assignRapporteur(request.actor, request.params.id, request.body.rapporteurId), request.actor),
  );

  app.get(
    '/api/v1/bureau/load',
    {
      config: { policy: 'applications.manage' },
      schema: {
        tags: ['applications'],
        summary: 'Each bureau member and the number of open applications they report on',
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ personId: Type.String(), displayName: Type.String(), office: Type.String(), openApplications: Type.Integer() })),
          }),
          ...problemResponses,
        },
      },
    },
    async () => ({ items: await services.applications.rapporteurLoad() }),
  );
}
