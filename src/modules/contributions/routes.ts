import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import { UPLOAD_BODY_LIMIT } from '../../platform/http/hooks.js';
import { uploadedCsv } from '../../platform/http/uploads.js';
import { IdParams, Page, PageQuery, problemResponses } from '../../platform/http/schemas.js';
import type { ContributionsUses } from './uses.js';
import { ActivitySchema, ContributionSchema, ContributionStatusSchema, DateString, RecordContributionBody } from './schemas.js';
import { ContributionsImportProblemSchema, ContributionsImportQuery, ContributionsImportSummarySchema } from './import-schemas.js';
import { problemFor, sendProblem } from '../../platform/http/problems.js';

export function contributionsRoutes(app: App, services: ContributionsUses): void {
  app.post(
    '/api/v1/contributions',
    {
      config: { policy: 'contributions.declare' },
      schema: {
        tags: ['contributions'],
        summary: 'Declare one of your contributions, or record someone else’s (team lead, bureau, administrator: confirmed at once)',
        body: RecordContributionBody,
        response: { 200: ContributionSchema, 201: ContributionSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { contribution, created } = await services.contributions.record(request.actor, request.body);
      // Same (source, externalId) again: the first one back, with 200 rather than 201.
      return reply.status(created ? 201 : 200).send(contribution);
    },
  );

  app.get(
    '/api/v1/contributions',
    {
      config: { policy: 'contributions.read' },
      schema: {
        tags: ['contributions'],
        summary: 'Contributions, newest first; people outside the team see only their own',
        querystring: Type.Object(
          {
            personId: Type.Optional(Type.String({ maxLength: 64 })),
            status: Type.Optional(ContributionStatusSchema),
            team: Type.Optional(Type.String({ maxLength: 40 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(ContributionSchema), ...problemResponses },
      },
    },
    async (request) => services.contributions.list(request.actor, request.query),
  );

  app.get(
    '/api/v1/contributions/:id',
    {
      config: { policy: 'contributions.read' },
      schema: { tags: ['contributions'], params: IdParams, response: { 200: ContributionSchema, ...problemResponses } },
    },
    async (request) => services.contributions.get(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/contributions/:id/confirm',
    {
      config: { policy: 'contributions.review' },
      schema: {
        tags: ['contributions'],
        summary: 'Confirm a declared contribution (a lead of its team, the bureau, an administrator; never one’s own)',
        params: IdParams,
        response: { 200: ContributionSchema, ...problemResponses },
      },
    },
    async (request) => services.contributions.review(request.actor, request.params.id, 'confirmed'),
  );

  app.post(
    '/api/v1/contributions/:id/reject',
    {
      config: { policy: 'contributions.review' },
      schema: {
        tags: ['contributions'],
        summary: 'Reject a declared contribution, with the reason the declarer will read',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
        response: { 200: ContributionSchema, ...problemResponses },
      },
    },
    async (request) => services.contributions.review(request.actor, request.params.id, 'rejected', request.body.reason),
  );

  app.get(
    '/api/v1/people/:id/activity',
    {
      config: { policy: 'activity.read' },
      schema: {
        tags: ['contributions'],
        summary: 'Is this person an active contributor (today, or `on` a date), and why',
        params: IdParams,
        querystring: Type.Object({ on: Type.Optional(DateString) }, { additionalProperties: false }),
        response: { 200: ActivitySchema, ...problemResponses },
      },
    },
    async (request) => services.contributions.activity(request.actor, request.params.id, request.query.on),
  );

  app.post(
    '/api/v1/contributions/import',
    {
      config: { policy: 'contributions.import', upload: true, spool: true },
      bodyLimit: UPLOAD_BODY_LIMIT,
      schema: {
        tags: ['contributions'],
        summary: 'Import confirmed contributions from CSV (email,kind,occurredOn,summary[,team,evidenceUrl,externalId]); see docs/import.md',
        consumes: ['text/csv'],
        querystring: ContributionsImportQuery,
        response: { 200: ContributionsImportSummarySchema, ...problemResponses, 422: ContributionsImportProblemSchema },
      },
    },
    async (request, reply) => {
      const { dryRun, skipInvalid } = request.query;
      const summary = await services.contributionsImport.importCsv(request.actor, uploadedCsv(request.body), { dryRun, skipInvalid });
      if (summary.invalidLines > 0 && !skipInvalid) {
        // Nothing was written: say why, line by line, with the counts the import would have had.
        const detail = `${summary.invalidLines} invalid line(s), first at line ${summary.errors[0].line}; fix them or ask again with skipInvalid=true`;
        return sendProblem(reply, { ...problemFor('import_invalid', detail, summary.errors, request.i18n), ...summary });
      }
      return summary;
    },
  );
}
