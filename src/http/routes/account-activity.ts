/** Account activity: the lines of one account over a date range with a running balance. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getAccountActivity } from '../../ledger/index.js';
import type { RouteContext } from '../context.js';
import { accountActivitySchema } from './account-activity.schema.js';

export const accountActivityRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (
  app,
  context,
) => {
  const { database, clock } = context;
  app.get(
    '/api/accounts/:code/activity',
    { schema: accountActivitySchema, config: { permission: 'ledger.read' } },
    async (request) => {
      const { from, to, limit, offset } = request.query;
      return getAccountActivity(database.kysely, {
        accountCode: request.params.code,
        from: from ?? null,
        to: to ?? null,
        ...(limit === undefined ? {} : { limit }),
        ...(offset === undefined ? {} : { offset }),
        clock,
      });
    },
  );
};
