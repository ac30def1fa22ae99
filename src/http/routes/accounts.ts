/**
 * The chart of accounts: fund-department-object accounts. Accounts are deactivated, never
 * deleted; an account with postings keeps its type.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createAccount, getAccount, listAccounts, updateAccount } from '../../ledger/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import {
  createAccountSchema,
  getAccountSchema,
  listAccountsSchema,
  updateAccountSchema,
} from './accounts.schema.js';

export const accountRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database }) => {
  app.get(
    '/api/accounts',
    { schema: listAccountsSchema, config: { permission: 'ledger.read' } },
    async (request) => {
      const { fund, type, active, q } = request.query;
      const accounts = await listAccounts(database.kysely, {
        ...(fund === undefined ? {} : { fundCode: fund }),
        ...(type === undefined ? {} : { accountType: type }),
        ...(active === undefined ? {} : { isActive: active }),
        ...(q === undefined || q.trim() === '' ? {} : { search: q.trim() }),
      });
      return { accounts };
    },
  );

  app.get(
    '/api/accounts/:code',
    { schema: getAccountSchema, config: { permission: 'ledger.read' } },
    async (request) => getAccount(database.kysely, request.params.code),
  );

  app.post(
    '/api/accounts',
    { schema: createAccountSchema, config: { permission: 'ledger.chart' } },
    async (request, reply) => {
      const account = await createAccount(database, {
        input: request.body,
        actor: actorOf(request),
      });
      return reply.status(201).send(account);
    },
  );

  app.patch(
    '/api/accounts/:code',
    { schema: updateAccountSchema, config: { permission: 'ledger.chart' } },
    async (request) =>
      updateAccount(database, {
        code: request.params.code,
        changes: request.body,
        actor: actorOf(request),
      }),
  );
};
