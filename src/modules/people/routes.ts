import { Type } from '@sinclair/typebox';
import type { App } from '../../platform/http/types.js';
import { UPLOAD_BODY_LIMIT } from '../../platform/http/hooks.js';
import { uploadedCsv } from '../../platform/http/uploads.js';
import { IdParams, Page, PageQuery, problemResponses } from '../../platform/http/schemas.js';
import type { PeopleUses } from './uses.js';
import { CreatePersonBody, EmailLinkBody, EmailLinkResult, ImportSummarySchema, PersonSchema, UpdatePersonBody } from './schemas.js';
import { presentPerson } from './service.js';
import { ACTIVITY_FILTERS } from './rules.js';

export function peopleRoutes(app: App, services: PeopleUses): void {
  app.post(
    '/api/v1/people',
    {
      config: { policy: 'people.create' },
      schema: { tags: ['people'], summary: 'Create a person', body: CreatePersonBody, response: { 201: PersonSchema, ...problemResponses } },
    },
    async (request, reply) => {
      const person = await services.people.create(request.actor, request.body);
      return reply.status(201).send(presentPerson(person, request.actor));
    },
  );

  app.get(
    '/api/v1/people',
    {
      config: { policy: 'people.list' },
      schema: {
        tags: ['people'],
        summary: 'The directory: alphabetical, searchable by name, email or pseudonym, ignoring case and accents',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 200 })),
            team: Type.Optional(Type.String({ maxLength: 64 })),
            status: Type.Optional(
              Type.Union(
                ACTIVITY_FILTERS.map((f) => Type.Literal(f)),
                { description: 'Active contributors per the activity policy' },
              ),
            ),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(PersonSchema), ...problemResponses },
      },
    },
    async (request) => services.people.directory(request.actor, request.query),
  );

  app.patch(
    '/api/v1/people/:id',
    {
      config: { policy: 'people.update' },
      schema: { tags: ['people'], params: IdParams, body: UpdatePersonBody, response: { 200: PersonSchema, ...problemResponses } },
    },
    async (request) => {
      const { version, ...changes } = request.body;
      const person = await services.people.update(request.actor, request.params.id, changes, version);
      return presentPerson({ ...person, ...(await services.people.emailStatus(person)) }, request.actor);
    },
  );

  app.post(
    '/api/v1/people/:id/pending-email/cancel',
    {
      config: { policy: 'people.update' },
      schema: {
        tags: ['people'],
        summary: 'Withdraw the change of login address waiting for confirmation (the person, or staff for a non-administrator)',
        params: IdParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 200: PersonSchema, ...problemResponses },
      },
    },
    async (request) => {
      const person = await services.people.cancelEmailChange(request.actor, request.params.id);
      return presentPerson({ ...person, ...(await services.people.emailStatus(person)) }, request.actor);
    },
  );

  app.post(
    '/api/v1/email/confirm',
    {
      config: { policy: 'people.emailLink' },
      schema: {
        tags: ['people'],
        summary: 'Confirm a new login address with the token mailed to it',
        body: EmailLinkBody,
        response: { 200: EmailLinkResult, ...problemResponses },
      },
    },
    async (request) => services.people.emailChanges.confirm(request.body.token),
  );

  app.post(
    '/api/v1/email/cancel',
    {
      config: { policy: 'people.emailLink' },
      schema: {
        tags: ['people'],
        summary: 'Cancel a change of login address with the token mailed to the current address',
        body: EmailLinkBody,
        response: { 200: EmailLinkResult, ...problemResponses },
      },
    },
    async (request) => services.people.emailChanges.cancelByLink(request.body.token),
  );

  app.post(
    '/api/v1/people/import',
    {
      config: { policy: 'people.import', upload: true, spool: true },
      bodyLimit: UPLOAD_BODY_LIMIT,
      schema: {
        tags: ['people'],
        summary: 'Import people from CSV (displayName,email[,locale,matrixId,xmppJid,teams]) or a Paheko/Galette export',
        consumes: ['text/csv'],
        description:
          '`invite=true` mails an invitation to each new person with an email address, in their language (409 mail_not_configured without an SMTP server, and nothing is imported).',
        querystring: Type.Object(
          {
            dryRun: Type.Optional(Type.Boolean()),
            invite: Type.Optional(Type.Boolean({ description: 'Mail each new person an invitation to sign in (default false: imports are often history)' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ImportSummarySchema, ...problemResponses },
      },
    },
    async (request) => services.people.importCsv(request.actor, uploadedCsv(request.body), { dryRun: request.query.dryRun, invite: request.query.invite }),
  );
}
