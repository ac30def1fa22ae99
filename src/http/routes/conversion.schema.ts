import { Type } from 'typebox';
import { Cents, NullableString, withErrors } from '../schemas/common.js';

const Problem = Type.Object({
  file: Type.String(),
  kind: Type.String(),
  row: Type.Integer({ description: 'Spreadsheet row: 1 is the header' }),
  column: Type.String(),
  value: NullableString,
  message: Type.String(),
});

const Counts = Type.Object({
  rows: Type.Integer(),
  created: Type.Integer({ description: 'Created, or in a dry run would be' }),
  skipped: Type.Integer({ description: 'Imported before (same legacy id): skipped' }),
  rowsWithProblems: Type.Integer(),
});

export const ConversionReport = Type.Object({
  status: Type.Union([Type.Literal('dry_run'), Type.Literal('imported'), Type.Literal('rejected')]),
  importId: Type.Union([Type.Integer(), Type.Null()]),
  isPartial: Type.Boolean(),
  files: Type.Array(Type.Object({ kind: Type.String(), name: Type.String(), rows: Type.Integer() })),
  counts: Type.Record(Type.String(), Counts),
  problemCount: Type.Integer(),
  problems: Type.Array(Problem, { description: 'Every problem (at most 5,000 listed; problemCount has them all)' }),
  propertyRolesCreated: Type.Integer(),
  openingBalanceTotalCents: Cents,
  journalEntryIds: Type.Array(Type.Integer()),
});

export const importConversionSchema = {
  operationId: 'importConversionFile',
  tags: ['conversion'],
  summary:
    'Import one legacy CSV (customers, parcels, locations, accounts or balances). dryRun=true reports every ' +
    'problem by row and column without writing; with problems nothing is imported (status rejected) unless ' +
    'acceptPartial=true. Rows imported before are skipped.',
  params: Type.Object({
    kind: Type.Union(['customers', 'parcels', 'locations', 'accounts', 'balances'].map((kind) => Type.Literal(kind))),
  }),
  querystring: Type.Object(
    {
      dryRun: Type.Optional(Type.Boolean({ default: false })),
      acceptPartial: Type.Optional(Type.Boolean({ default: false })),
      fileName: Type.Optional(Type.String({ maxLength: 200, description: 'The name problems are reported under' })),
    },
    { additionalProperties: false },
  ),
  body: { content: { 'text/csv': { schema: Type.String({ description: 'The CSV, header row first (docs/conversion.md)' }) } } },
  response: withErrors({ 200: ConversionReport }),
};
