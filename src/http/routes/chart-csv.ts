/** The chart of accounts as CSV: export, and import with a dry run (all or nothing). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { exportChartCsv, importChartCsv } from '../../ledger/index.js';
import { invalidInput } from '../../shared/errors.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import { sendAttachment } from '../download.js';
import { CSV_CONTENT_TYPE, exportChartSchema, importChartSchema } from './chart-csv.schema.js';

export const chartCsvRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, context) => {
  const { database, clock } = context;

  app.get(
    '/api/accounts/export.csv',
    { schema: exportChartSchema, config: { permission: 'ledger.export' } },
    async (_request, reply) => {
      const csv = await exportChartCsv(database.kysely);
      return sendAttachment(reply, {
        name: `chart-of-accounts-${clock.today()}.csv`,
        contentType: CSV_CONTENT_TYPE,
        body: csv,
      });
    },
  );

  app.post(
    '/api/accounts/import',
    {
      schema: importChartSchema,
      config: { permission: 'ledger.chart' },
      bodyLimit: 16 * 1024 * 1024,
    },
    async (request) => {
      const body: unknown = request.body;
      if (typeof body !== 'string') {
        throw invalidInput('body', 'send the chart as CSV text with Content-Type: text/csv');
      }
      return importChartCsv(database, {
        csvText: body,
        actor: actorOf(request),
        isDryRun: request.query.dryRun ?? false,
      });
    },
  );
};
