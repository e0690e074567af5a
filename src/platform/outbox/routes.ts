import { Type } from '@sinclair/typebox';
import type { App } from '../http/types.js';
import { IdParams, problemResponses } from '../http/schemas.js';
import type { createOutboxService } from './service.js';

export function outboxRoutes(app: App, services: { outbox: ReturnType<typeof createOutboxService> }): void {
  app.get(
    '/api/v1/outbox',
    {
      config: { policy: 'outbox.read' },
      schema: {
        tags: ['outbox'],
        summary: 'Side effects waiting for delivery, delivered, or given up (dead letters): mails, room changes, webhooks',
        querystring: Type.Object(
          {
            subjectId: Type.Optional(Type.String({ maxLength: 64 })),
            topic: Type.Optional(Type.String({ maxLength: 64 })),
            state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')])),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            cursor: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => services.outbox.list(request.query),
  );

  app.post(
    '/api/v1/outbox/:id/retry',
    {
      config: { policy: 'outbox.retry' },
      schema: {
        tags: ['outbox'],
        summary: 'Give a dead letter a new round of attempts, now; 409 not_dead_letter otherwise',
        params: IdParams,
        response: { 200: Type.Object({ id: Type.String(), state: Type.Literal('pending') }), ...problemResponses },
      },
    },
    async (request) => services.outbox.retry(request.actor, request.params.id),
  );
}
