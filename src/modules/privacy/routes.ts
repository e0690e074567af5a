import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import { IdParams, problemResponses } from '../../platform/http/schemas.js';
import type { PrivacyUses } from './uses.js';
import { ERASURE_REASONS } from './rules.js';

export const EraseBody = Type.Object(
  {
    confirm: Type.String({ minLength: 1, maxLength: 200, description: 'The display name of the person, typed again' }),
    reason: Type.Union(
      ERASURE_REASONS.map((r) => Type.Literal(r)),
      { description: 'The ground of the erasure (GDPR art. 17(1)); kept in the audit log, which holds no personal data of the erasure' },
    ),
  },
  { additionalProperties: false },
);

const ErasureSchema = Type.Object({
  id: Type.String(),
  displayName: Type.String({ description: 'The pseudonym the record now carries' }),
  erasedAt: Type.String(),
  removed: Type.Record(Type.String(), Type.Integer(), { description: 'How many rows of each kind went or were emptied' }),
});

export function privacyRoutes(app: App, services: PrivacyUses): void {
  app.get(
    '/api/v1/me/export',
    {
      config: { policy: 'privacy.export' },
      schema: {
        tags: ['privacy'],
        summary: 'Everything the association keeps about you, as a JSON attachment (format equipage-personal-data, version 1)',
        response: { 200: Type.Object({}, { additionalProperties: true, description: 'The export; see docs/privacy.md' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const data = await services.privacy.exportFor(request.actor);
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="equipage-${data.exportedAt.slice(0, 10)}.json"`)
        .header('cache-control', 'no-store')
        .send(JSON.stringify(data, null, 2));
    },
  );

  app.post(
    '/api/v1/people/:id/erase',
    {
      config: { policy: 'privacy.erase' },
      schema: {
        tags: ['privacy'],
        summary:
          'Erase a person on their request: pseudonymised, access removed; 409 already_erased, active_bureau_member, last_administrator, still_member, open_application',
        params: IdParams,
        body: EraseBody,
        response: { 200: ErasureSchema, ...problemResponses },
      },
    },
    async (request) => services.privacy.erase(request.actor, request.params.id, request.body),
  );
}
