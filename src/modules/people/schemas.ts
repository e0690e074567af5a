import { Type } from '@sinclair/typebox';
import { Nullable } from '../../platform/http/schemas.js';
import { locales } from '../../platform/i18n/index.js';
import { REQUEST_NOTIFICATIONS } from './rules.js';

const RequestNotificationsSchema = Type.Union(
  REQUEST_NOTIFICATIONS.map((n) => Type.Literal(n)),
  { description: 'How this person is told of a new request on their teams: a mail for each (default), one digest a day, or nothing' },
);

const optionalFields = {
  locale: Type.Optional(Type.Union(locales.map((l) => Type.Literal(l)))),
  pseudonym: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
  pronouns: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  matrixId: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
  xmppJid: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
  publicConsent: Type.Optional(Type.Boolean()),
};

export const CreatePersonBody = Type.Object(
  {
    displayName: Type.String({ minLength: 1, maxLength: 120 }),
    email: Type.String({ minLength: 1, maxLength: 254 }),
    ...optionalFields,
  },
  { additionalProperties: false },
);

export const UpdatePersonBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    email: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
    ...optionalFields,
    requestNotifications: Type.Optional(RequestNotificationsSchema),
    version: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'The version you read; a newer one gives 409 version_conflict' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const PersonSchema = Type.Object(
  {
    id: Type.String(),
    displayName: Type.String(),
    email: Type.Optional(Type.String()),
    pseudonym: Nullable(Type.String()),
    pronouns: Nullable(Type.String()),
    locale: Type.String(),
    matrixId: Type.Optional(Nullable(Type.String())),
    xmppJid: Type.Optional(Nullable(Type.String())),
    publicConsent: Type.Boolean(),
    requestNotifications: Type.Optional(RequestNotificationsSchema),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    version: Type.Integer(),
    emailVerified: Type.Optional(
      Type.Boolean({ description: 'Whether the login address was verified through a mailed link (or held before verification was recorded)' }),
    ),
    pendingEmail: Type.Optional(
      Nullable(Type.String({ description: 'A new login address waiting for confirmation from that address; `email` stays the login until then' })),
    ),
    pendingEmailExpiresAt: Type.Optional(Nullable(Type.String({ description: 'When the confirmation link of pendingEmail stops working' }))),
    teams: Type.Optional(Type.Array(Type.Object({ slug: Type.String(), role: Type.String(), since: Type.String(), until: Nullable(Type.String()) }))),
  },
  { $id: 'Person' },
);

export const ImportSummarySchema = Type.Object({
  imported: Type.Integer(),
  skipped: Type.Integer(),
  dryRun: Type.Boolean(),
  errors: Type.Array(Type.Object({ line: Type.Integer(), path: Type.String(), code: Type.String(), message: Type.String() }), {
    description: 'The first 1000 errors, by line (header = line 1)',
  }),
  invalidLines: Type.Integer({ description: 'Lines refused, each with at least one error (those past the first 1000 errors counted here only)' }),
  duplicates: Type.Array(Type.Object({ line: Type.Integer(), email: Type.String(), firstLine: Type.Integer() }), {
    description: 'The first 1000 lines repeating the email of an earlier line of the file, skipped',
  }),
  duplicateLines: Type.Integer({ description: 'Lines repeating the email of an earlier line, all of them' }),
  ignoredColumns: Type.Array(Type.String()),
  invitations: Type.Optional(
    Type.Object(
      { sent: Type.Integer(), alreadySignedUp: Type.Integer(), withoutEmail: Type.Integer() },
      { description: 'Only with `invite=true`: invitations mailed to the new people (on a dry run, those that would be), and those passed over' },
    ),
  ),
});

export const EmailLinkBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const EmailLinkResult = Type.Object({ personId: Type.String(), email: Type.String({ description: 'The login address after this action' }) });
