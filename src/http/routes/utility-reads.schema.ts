/** Schemas of the meter read routes: layouts, file imports, manual reads, estimates, the review queue. */
import { Type } from 'typebox';
import { NullableInteger, NullableString, withErrors } from '../schemas/common.js';

const tags = ['utility'];
const op = <T extends Record<string, unknown>>(operationId: string, summary: string, rest: T) => ({ operationId, tags, summary, ...rest });
const dateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const codes = ['high', 'low', 'zero_use', 'rollover', 'lower_than_last', 'out_of_cycle', 'estimated'];
const Codes = Type.Record(Type.String(), Type.Integer(), { description: 'Reads by exception code' });
const Problem = Type.Object({ row: Type.Integer({ description: '1 is the header row' }), field: Type.String(), message: Type.String() });

const ReadLayout = Type.Object({
  code: Type.String(), name: Type.String(), isActive: Type.Boolean(),
  spec: Type.Record(Type.String(), Type.Unknown(), { description: 'The layout as data (see samples/reads/*.json)' }),
});

export const MeterRead = Type.Object({
  id: Type.Integer(), meterId: Type.Integer(), meterSerial: Type.String(), unit: Type.String(), readDate: Type.String(), reading: Type.Integer(),
  readType: Type.String(), source: Type.String(), consumption: Type.Union([Type.String(), Type.Null()], { description: 'Decimal, in the meter\'s unit, multiplier applied' }),
  previousReadId: NullableInteger, previousReadDate: NullableString, previousReading: NullableInteger, rolledOver: Type.Boolean(),
  status: Type.String(), exceptionCodes: Type.Array(Type.String()), exceptionText: Type.Array(Type.String()), readerId: NullableString,
  notes: NullableString, importId: NullableInteger, fileName: NullableString, rowNumber: NullableInteger, accountNumber: NullableString,
  locationAddress: NullableString, cycleCode: NullableString, routeCode: NullableString, reviewReason: NullableString, reviewedBy: NullableString,
  reviewedAt: NullableString, createdAt: Type.String(), createdBy: Type.String(),
});

const ImportResult = Type.Object({
  importId: Type.Integer(), fileName: Type.String(), sha256: Type.String(), layoutCode: Type.String(), rowCount: Type.Integer(),
  acceptedCount: Type.Integer(), exceptionCount: Type.Integer(), exceptionsByCode: Codes, rejectedCount: Type.Integer(),
  problemCount: Type.Integer(), problems: Type.Array(Problem), supersededCount: Type.Integer(), timings: Type.Record(Type.String(), Type.Number()),
});

const ImportRow = Type.Object({
  id: Type.Integer(), fileName: Type.String(), sha256: Type.String(), layoutCode: NullableString, rowCount: Type.Integer(),
  acceptedCount: Type.Integer(), exceptionCount: Type.Integer(), rejectedCount: Type.Integer(), exceptionCounts: Codes,
  problems: Type.Array(Problem), timings: Type.Record(Type.String(), Type.Number()), createdAt: Type.String(), createdBy: Type.String(),
});

export const listReadLayoutsSchema = op('listReadLayouts', 'The layouts of meter read files (handheld, AMI)', {
  response: withErrors({ 200: Type.Object({ layouts: Type.Array(ReadLayout) }) }),
});

export const importReadsSchema = op('importReads', 'Import a file of meter reads: the same file twice is refused (409); a file with any bad row ' +
  'is refused with every problem by row and field (400, nothing stored) unless acceptGoodRows; held reads wait in the review queue', {
  body: Type.Object({
    layout: Type.String({ maxLength: 31 }), fileName: Type.String({ maxLength: 200 }), content: Type.String({ description: 'The file as text' }),
    acceptGoodRows: Type.Optional(Type.Boolean()),
  }, { additionalProperties: false }),
  response: withErrors({ 201: ImportResult }),
});

export const listReadImportsSchema = op('listReadImports', 'Imported read files, newest first', {
  response: withErrors({ 200: Type.Object({ imports: Type.Array(ImportRow) }) }),
});

export const listReadExceptionsSchema = op('listReadExceptions', 'The review queue: reads held by the checks, oldest first (or reads of another status)', {
  querystring: Type.Object({
    status: Type.Optional(Type.Union(['exception', 'overridden', 'rejected', 'accepted', 'superseded'].map((value) => Type.Literal(value)))),
    code: Type.Optional(Type.Union(codes.map((value) => Type.Literal(value)))),
    importId: Type.Optional(Type.Integer({ minimum: 1 })), meter: Type.Optional(Type.String({ maxLength: 30 })),
    cycleCode: Type.Optional(Type.String({ maxLength: 10 })), routeCode: Type.Optional(Type.String({ maxLength: 20 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })), offset: Type.Optional(Type.Integer({ minimum: 0 })),
  }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({ reads: Type.Array(MeterRead), total: Type.Integer({ description: 'All reads waiting for review' }), byCode: Codes }) }),
});

export const listMeterReadsSchema = op('listMeterReads', 'A meter\'s reads, newest first', {
  params: Type.Object({ serial: Type.String({ maxLength: 30 }) }),
  response: withErrors({ 200: Type.Object({ reads: Type.Array(MeterRead) }) }),
});

export const enterReadSchema = op('enterRead', 'A read typed by hand or a field worker\'s: accepted, or held for review; readType reread replaces the read of its date', {
  body: Type.Object({
    meter: Type.String({ maxLength: 30 }), readDate: dateText, reading: Type.Union([Type.Integer({ minimum: 0 }), Type.String({ maxLength: 12 })]),
    readType: Type.Optional(Type.Union(['actual', 'reread', 'first', 'final'].map((value) => Type.Literal(value)))),
    source: Type.Optional(Type.Union([Type.Literal('manual'), Type.Literal('field')])),
    readerId: Type.Optional(Type.String({ maxLength: 30 })), notes: Type.Optional(Type.String({ maxLength: 500 })),
  }, { additionalProperties: false }),
  response: withErrors({ 201: MeterRead }),
});

export const estimateReadsSchema = op('estimateReads', 'Estimated reads for meters in service with no read from `from` to `readDate`, from the 12-month average', {
  body: Type.Object({
    readDate: dateText, from: Type.Optional(dateText), cycleCode: Type.Optional(Type.String({ maxLength: 10 })), routeCode: Type.Optional(Type.String({ maxLength: 20 })),
  }, { additionalProperties: false }),
  response: withErrors({ 200: Type.Object({
    estimatedCount: Type.Integer(), exceptionCount: Type.Integer(), readIds: Type.Array(Type.Integer()),
    notEstimated: Type.Array(Type.Object({ meter: Type.String(), reason: Type.String() })),
  }) }),
});

const Decision = Type.Object({ reason: Type.String({ maxLength: 500, description: 'Why (at least 10 characters); audited with the reviewer' }) },
  { additionalProperties: false });
export const acceptReadSchema = op('acceptRead', 'Accept a held read as it is (an override: the reviewer and the reason are recorded and audited)', {
  params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: Decision, response: withErrors({ 200: MeterRead }),
});
export const rejectReadSchema = op('rejectRead', 'Reject a held read (a misread; a re-read or an estimate takes its place)', {
  params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: Decision, response: withErrors({ 200: MeterRead }),
});
