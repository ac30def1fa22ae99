import { Type } from 'typebox';
import { OptionalBody, withErrors } from '../schemas/common.js';
import { FiscalPeriod } from '../schemas/periods.js';

const PeriodParams = Type.Object({
  key: Type.String({ description: 'YYYY-MM, or FY2027-13 for year-end', examples: ['2026-08'] }),
});

const ReasonBody = OptionalBody(
  Type.Object(
    { reason: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])) },
    { additionalProperties: false },
  ),
);

const FiscalYear = Type.Integer({
  minimum: 1901,
  maximum: 2999,
  description: 'Named by the year it ends: 2027 is FY 2026-27 (July 2026 to June 2027)',
  examples: [2027],
});

export const listPeriodsSchema = {
  operationId: 'listPeriods',
  tags: ['periods'],
  summary: 'Fiscal periods, optionally of one fiscal year',
  querystring: Type.Object(
    { fiscalYear: Type.Optional(FiscalYear) },
    { additionalProperties: false },
  ),
  response: withErrors({ 200: Type.Object({ periods: Type.Array(FiscalPeriod) }) }),
};

export const closePeriodSchema = {
  operationId: 'closePeriod',
  tags: ['periods'],
  summary: 'Close a period: it refuses postings until reopened',
  params: PeriodParams,
  body: ReasonBody,
  response: withErrors({ 200: FiscalPeriod }),
};

export const openPeriodSchema = {
  operationId: 'openPeriod',
  tags: ['periods'],
  summary: "Open (or reopen) a period; sets up its fiscal year's 13 periods if needed",
  params: PeriodParams,
  body: ReasonBody,
  response: withErrors({ 200: FiscalPeriod }),
};

export const setUpFiscalYearSchema = {
  operationId: 'setUpFiscalYear',
  tags: ['periods'],
  summary: 'Set up the 13 periods of a fiscal year (12 months and year-end); safe to repeat',
  params: Type.Object({ fy: FiscalYear }),
  response: withErrors({
    200: Type.Object({ fiscalYear: Type.Integer(), periods: Type.Array(FiscalPeriod) }),
  }),
};
