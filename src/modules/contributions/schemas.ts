import { Type } from '@sinclair/typebox';
import { Nullable } from '../../platform/http/schemas.js';
import { CONTRIBUTION_STATUSES } from './rules.js';

export const ContributionStatusSchema = Type.Union(CONTRIBUTION_STATUSES.map((s) => Type.Literal(s)));

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

export const RecordContributionBody = Type.Object(
  {
    personId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Whose contribution; default: yours' })),
    kind: Type.String({ minLength: 1, maxLength: 40 }),
    occurredOn: DateString,
    summary: Type.String({ minLength: 1, maxLength: 500 }),
    teamSlug: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
    evidenceUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    externalId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    amountCents: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 2147483647, description: 'Donations only; visible to the bureau' }))),
  },
  { additionalProperties: false },
);

export const ContributionSchema = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  personName: Type.String(),
  teamSlug: Nullable(Type.String()),
  kind: Type.String(),
  occurredOn: Type.String(),
  summary: Type.String(),
  evidenceUrl: Nullable(Type.String()),
  amountCents: Nullable(Type.Integer()),
  source: Type.String(),
  externalId: Nullable(Type.String()),
  status: ContributionStatusSchema,
  recordedBy: Nullable(Type.String()),
  reviewedBy: Nullable(Type.String()),
  reviewedAt: Nullable(Type.String()),
  rejectionReason: Nullable(Type.String()),
  createdAt: Type.String(),
  version: Type.Integer(),
});

export const ActivitySchema = Type.Object({
  active: Type.Boolean(),
  lastContributionOn: Nullable(Type.String()),
  activeUntil: Nullable(Type.String({ description: 'Null while active through a team role with no end' })),
  inactiveSince: Nullable(Type.String()),
  contributionsInWindow: Type.Integer(),
  windowDays: Type.Integer(),
  reasons: Type.Array(Type.Object({ code: Type.String() }, { additionalProperties: true })),
});

export { DateString };
