import { Type } from '@sinclair/typebox';
import type { App } from '../http/types.js';
import { Nullable, Page, PageQuery, problemResponses } from '../http/schemas.js';
import type { AuditService } from './service.js';

const AuditEntrySchema = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  at: Type.String(),
  actorId: Nullable(Type.String()),
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  prevHash: Type.String(),
  hash: Type.String(),
});

const MailSchema = Type.Object({
  id: Type.String(),
  to: Type.String(),
  personId: Nullable(Type.String()),
  kind: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  createdAt: Type.String(),
  sentAt: Nullable(Type.String()),
  status: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed'), Type.Literal('logged')]),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  locale: Nullable(Type.String()),
  hasHtml: Type.Boolean(),
  bodyWithheld: Type.Boolean({ description: 'The text is not shown (a decision on an application, a mail about a moderation report): body is empty' }),
  recipientWithheld: Type.Boolean({
    description: 'A mail about a moderation report: to, personId, subject, body and lastError are empty, so the log never names a reporter',
  }),
});

export function auditRoutes(app: App, audit: AuditService): void {
  app.get(
    '/api/v1/audit',
    {
      config: { policy: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, newest first (hash-chained; `equipage audit verify` checks the chain)',
        querystring: Type.Object(
          {
            subjectType: Type.Optional(Type.String({ maxLength: 64 })),
            subjectId: Type.Optional(Type.String({ maxLength: 64 })),
            actorId: Type.Optional(Type.String({ maxLength: 64 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(AuditEntrySchema), ...problemResponses },
      },
    },
    async (request) => audit.list(request.query),
  );

  app.get(
    '/api/v1/mail',
    {
      config: { policy: 'mail.read' },
      schema: {
        tags: ['audit'],
        summary: 'The mail log, newest first',
        querystring: Type.Object(
          {
            to: Type.Optional(Type.String({ maxLength: 254 })),
            status: Type.Optional(Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed'), Type.Literal('logged')])),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(MailSchema), ...problemResponses },
      },
    },
    async (request) => audit.mails(request.query),
  );
}
