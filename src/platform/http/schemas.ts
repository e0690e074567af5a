import { Type, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    status: Type.Integer(),
    title: Type.String(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable snake_case code, e.g. email_taken' }),
    errors: Type.Array(Type.Object({ path: Type.String(), code: Type.String(), message: Type.String() }, { additionalProperties: true })),
  },
  { $id: 'Problem', description: 'application/problem+json (RFC 9457) with a stable code' },
);

/** The error responses every authenticated route can give, for the OpenAPI document. */
export const problemResponses = {
  400: Type.Ref(ProblemSchema),
  401: Type.Ref(ProblemSchema),
  403: Type.Ref(ProblemSchema),
  404: Type.Ref(ProblemSchema),
  409: Type.Ref(ProblemSchema),
  422: Type.Ref(ProblemSchema),
};

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
};

export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** The schema of a vocabulary declared once as a const list (statuses, kinds, outcomes): one of its words, in its order. */
export function literalUnion<T extends string>(list: readonly T[]): TUnion<TLiteral<T>[]> {
  return Type.Union(list.map((word) => Type.Literal(word)));
}
