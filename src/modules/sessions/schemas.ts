import { Type } from '@sinclair/typebox';
import { literalUnion, Nullable } from '../../platform/http/schemas.js';
import { AGENDA_ITEM_STATES, DECISION_OUTCOMES, ITEM_KINDS, SESSION_ORIGINS, SESSION_STATUSES } from './rules.js';

export const Instant = Type.String({ minLength: 10, maxLength: 40, description: 'ISO-8601 date and time, e.g. 2026-12-01T19:00:00Z' });
const Url = Type.String({ maxLength: 500, pattern: '^https?://\\S+$' });

export const VotesSchema = Type.Object(
  {
    for: Type.Integer({ minimum: 0, maximum: 1000 }),
    against: Type.Integer({ minimum: 0, maximum: 1000 }),
    abstain: Type.Integer({ minimum: 0, maximum: 1000 }),
  },
  { additionalProperties: false },
);

export const QuorumSchema = Type.Object({ required: Type.Integer(), present: Type.Integer(), reached: Type.Boolean() });

export const SessionSummarySchema = Type.Object({
  id: Type.String(),
  status: literalUnion(SESSION_STATUSES),
  scheduledAt: Type.String(),
  durationMinutes: Type.Integer(),
  location: Nullable(Type.String()),
  videoUrl: Nullable(Type.String()),
  origin: literalUnion(SESSION_ORIGINS),
});

export const AgendaItemSchema = Type.Object({
  id: Type.String(),
  kind: literalUnion(ITEM_KINDS),
  applicationId: Nullable(Type.String()),
  membershipId: Nullable(Type.String()),
  personId: Nullable(Type.String()),
  memberName: Nullable(Type.String()),
  title: Nullable(Type.String()),
  body: Nullable(Type.String()),
  position: Type.Integer(),
  state: literalUnion(AGENDA_ITEM_STATES),
  carriedTo: Nullable(Type.String()),
  applicantId: Nullable(Type.String()),
  applicantName: Nullable(Type.String()),
  rapporteurId: Nullable(Type.String()),
  rapporteurName: Nullable(Type.String()),
  deliberations: Type.Optional(Nullable(Type.String({ description: 'what was said on the item, for the minutes' }))),
});

export const DecisionSchema = Type.Object({
  id: Type.String(),
  agendaItemId: Type.String(),
  applicationId: Nullable(Type.String()),
  membershipId: Nullable(Type.String()),
  outcome: literalUnion(DECISION_OUTCOMES),
  votes: Nullable(VotesSchema),
  rationale: Nullable(Type.String()),
  decidedBy: Nullable(Type.String()),
  decidedAt: Type.String(),
});

export const SessionSchema = Type.Composite([
  SessionSummarySchema,
  Type.Object({
    openedAt: Nullable(Type.String()),
    closedAt: Nullable(Type.String()),
    plannedAt: Type.Optional(
      Nullable(Type.String({ description: 'when it was planned, for a session held earlier than planned (its scheduledAt is then when it was held)' })),
    ),
    chairId: Type.Optional(Nullable(Type.String({ description: 'who chaired the session (the minutes)' }))),
    secretaryId: Type.Optional(Nullable(Type.String({ description: 'who took the minutes' }))),
    minutesApprovedAt: Type.Optional(Nullable(Type.String({ description: 'when the minutes were approved; they change no more' }))),
    agenda: Type.Array(AgendaItemSchema),
    attendance: Type.Array(Type.Object({ personId: Type.String(), displayName: Type.String(), office: Type.String(), present: Type.Boolean() })),
    decisions: Type.Array(DecisionSchema),
    quorum: Nullable(QuorumSchema),
  }),
]);

export const NewSessionBody = Type.Object(
  {
    scheduledAt: Instant,
    location: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    videoUrl: Type.Optional(Nullable(Url)),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 15, maximum: 24 * 60 })),
  },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object(
  {
    applicationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    agendaItemId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'a lapse review or a free item about a member' })),
    outcome: literalUnion(DECISION_OUTCOMES),
    votes: Type.Optional(VotesSchema),
    rationale: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

export const RecurrenceBody = Type.Object(
  {
    rrule: Type.String({ minLength: 1, maxLength: 300 }),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    location: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    videoUrl: Type.Optional(Nullable(Url)),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 15, maximum: 24 * 60 })),
    sessionsAhead: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
  },
  { additionalProperties: false },
);

export const RecurrenceSchema = Type.Object({
  rrule: Type.String(),
  timezone: Type.String(),
  location: Nullable(Type.String()),
  videoUrl: Nullable(Type.String()),
  durationMinutes: Type.Integer(),
  sessionsAhead: Type.Integer(),
  updatedAt: Type.String(),
  description: Type.Object({ fr: Type.String(), en: Type.String() }),
});

/** A change of the minutes' record (checkMinutesChange in rules.ts): only what is given changes. */
export const MinutesBody = Type.Object(
  {
    chairId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64, description: 'someone present; null: nobody' }))),
    secretaryId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64, description: 'someone present; null: nobody' }))),
    deliberations: Type.Optional(
      Type.Array(
        Type.Object(
          { itemId: Type.String({ minLength: 1, maxLength: 64 }), text: Type.String({ maxLength: 20000, description: 'empty: removes what was written' }) },
          { additionalProperties: false },
        ),
        { maxItems: 200 },
      ),
    ),
  },
  { additionalProperties: false },
);
