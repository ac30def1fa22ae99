/** Funds: the first segment of every account (100 General Fund, 510 Water, ...). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createFund, listFunds } from '../../ledger/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import { createFundSchema, listFundsSchema } from './funds.schema.js';

export const fundRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database }) => {
  app.get(
    '/api/funds',
    { schema: listFundsSchema, config: { permission: 'ledger.read' } },
    async () => ({ funds: await listFunds(database.kysely) }),
  );

  app.post(
    '/api/funds',
    { schema: createFundSchema, config: { permission: 'ledger.chart' } },
    async (request, reply) => {
      const fund = await createFund(database, { input: request.body, actor: actorOf(request) });
      return reply.status(201).send(fund);
    },
  );
};
