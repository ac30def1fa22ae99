import { Type } from 'typebox';
import { ChartImportReport } from '../schemas/chart.js';
import { withErrors } from '../schemas/common.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

const csvText = Type.String({
  description:
    'CSV with a header row: account,name,type,active and optionally fund_name,fund_type,' +
    'department_name (to create funds and departments that do not exist yet)',
  examples: ['account,name,type,active\n100-1510-41100,Business license tax,revenue,yes\n'],
});

export const exportChartSchema = {
  operationId: 'exportChartCsv',
  tags: ['chart'],
  summary: 'The chart of accounts as CSV (the same columns import reads)',
  response: withErrors({
    200: { description: 'CSV attachment', content: { 'text/csv': { schema: Type.String() } } },
  }),
};

export const importChartSchema = {
  operationId: 'importChartCsv',
  tags: ['chart'],
  summary: 'Import a chart CSV, all or nothing; dryRun=true reports without writing',
  querystring: Type.Object(
    { dryRun: Type.Optional(Type.Boolean({ default: false })) },
    { additionalProperties: false },
  ),
  body: { content: { 'text/csv': { schema: csvText } } },
  response: withErrors({ 200: ChartImportReport }),
};
