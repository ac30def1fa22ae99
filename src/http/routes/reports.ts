/** Trial balance and fund balances, read from the balances kept current as entries post. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getFundBalances, getTrialBalance } from '../../ledger/index.js';
import type { RouteContext } from '../context.js';
import { fundBalancesSchema, trialBalanceSchema } from './reports.schema.js';

export const reportRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, context) => {
  const { database, clock } = context;
  app.get(
    '/api/trial-balance',
    { schema: trialBalanceSchema, config: { permission: 'ledger.read' } },
    async (request) => {
      const { fund, asOf, includeZero } = request.query;
      return getTrialBalance(database.kysely, {
        fundCode: fund ?? null,
        asOf: asOf ?? null,
        includeZero: includeZero ?? false,
        clock,
      });
    },
  );

  app.get(
    '/api/fund-balances',
    { schema: fundBalancesSchema, config: { permission: 'ledger.read' } },
    async (request) =>
      getFundBalances(database.kysely, { asOf: request.query.asOf ?? null, clock }),
  );
};
