import { Type } from '@sinclair/typebox';

const LineError = Type.Object({ line: Type.Integer(), path: Type.String(), code: Type.String(), message: Type.String() });

const counts = {
  imported: Type.Integer({ description: 'Contributions written (on a dry run: that would be)' }),
  skipped: Type.Integer({ description: 'Lines already imported before, or repeating an earlier line' }),
  invalidLines: Type.Integer({ description: 'Lines refused; `errors` holds the first 1,000 errors' }),
  errors: Type.Array(LineError),
  ignoredColumns: Type.Array(Type.String()),
  dryRun: Type.Boolean(),
};

export const ContributionsImportQuery = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ description: 'Report what would happen; write nothing' })),
    skipInvalid: Type.Optional(Type.Boolean({ description: 'Import the valid lines even when others are invalid' })),
  },
  { additionalProperties: false },
);

export const ContributionsImportSummarySchema = Type.Object(counts);

/** 422 `import_invalid`: a problem (RFC 9457) that also carries the counts; nothing was written. */
export const ContributionsImportProblemSchema = Type.Object({
  type: Type.String(),
  status: Type.Integer(),
  title: Type.String(),
  detail: Type.String(),
  code: Type.String(),
  ...counts,
});
