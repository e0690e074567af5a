import { Type } from '@sinclair/typebox';
import { Nullable } from '../../platform/http/schemas.js';
import { TEAM_ROLES } from './rules.js';

const Text = Type.Object({ fr: Type.String(), en: Type.String() });
const PartialText = (max: number) =>
  Type.Object({ fr: Type.Optional(Type.String({ maxLength: max })), en: Type.Optional(Type.String({ maxLength: max })) }, { additionalProperties: false });

export const RosterEntrySchema = Type.Object({
  personId: Type.String(),
  displayName: Type.String(),
  role: Type.Union(TEAM_ROLES.map((r) => Type.Literal(r))),
  since: Type.String(),
  until: Nullable(Type.String()),
});

export const TeamSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String({ description: "In the reader's language" }),
  names: Text,
  mission: Text,
  responsibilities: Text,
  position: Type.Integer(),
  version: Type.Integer(),
  roster: Type.Array(RosterEntrySchema),
});

export const CreateTeamBody = Type.Object(
  {
    slug: Type.String({ minLength: 1, maxLength: 40 }),
    name: PartialText(80),
    mission: Type.Optional(PartialText(4000)),
    responsibilities: Type.Optional(PartialText(4000)),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const UpdateTeamBody = Type.Object(
  {
    name: Type.Optional(PartialText(80)),
    mission: Type.Optional(PartialText(4000)),
    responsibilities: Type.Optional(PartialText(4000)),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    version: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const AddMemberBody = Type.Object(
  { personId: Type.String({ minLength: 1, maxLength: 64 }), role: Type.Union(TEAM_ROLES.map((r) => Type.Literal(r))) },
  { additionalProperties: false },
);

export const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 40 }) });
