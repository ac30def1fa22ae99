/** Fiscal periods: list, close, open, and setting up a fiscal year. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { closePeriod, listPeriods, openPeriod, setUpFiscalYear } from '../../ledger/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import {
  closePeriodSchema,
  listPeriodsSchema,
  openPeriodSchema,
  setUpFiscalYearSchema,
} from './periods.schema.js';

export const periodRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database }) => {
  app.get(
    '/api/periods',
    { schema: listPeriodsSchema, config: { permission: 'ledger.read' } },
    async (request) => {
      const { fiscalYear } = request.query;
      const periods = await listPeriods(
        database.kysely,
        fiscalYear === undefined ? {} : { fiscalYear },
      );
      return { periods };
    },
  );

  app.post(
    '/api/periods/:key/close',
    { schema: closePeriodSchema, config: { permission: 'ledger.periods' } },
    async (request) =>
      closePeriod(database, {
        periodKey: request.params.key,
        actor: actorOf(request),
        reason: request.body?.reason ?? null,
      }),
  );

  app.post(
    '/api/periods/:key/open',
    { schema: openPeriodSchema, config: { permission: 'ledger.periods' } },
    async (request) =>
      openPeriod(database, {
        periodKey: request.params.key,
        actor: actorOf(request),
        reason: request.body?.reason ?? null,
      }),
  );

  app.post(
    '/api/fiscal-years/:fy',
    { schema: setUpFiscalYearSchema, config: { permission: 'ledger.periods' } },
    async (request) => {
      const fiscalYear = request.params.fy;
      const periods = await setUpFiscalYear(database, { fiscalYear, actor: actorOf(request) });
      return { fiscalYear, periods };
    },
  );
};
