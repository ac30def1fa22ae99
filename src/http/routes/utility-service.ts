/**
 * Utility service over HTTP: start (move-in, with its deposit), stop (move-out, with the final
 * reads) and transfer; the deposit a start would charge, service locations for the start form,
 * and a customer's utility accounts (for the Customer 360). Thin: each route calls one use case
 * of src/utility, which checks, writes and audits in one transaction.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseIsoDate } from '../../shared/dates.js';
import { findServiceLocations, listCustomerUtilityAccounts, quoteDeposit, startService, stopService, transferService } from '../../utility/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import * as schemas from './utility-service.schema.js';

const keyOf = (text: string): number | string => (/^[0-9]+$/.test(text) ? Number(text) : text);

export const utilityServiceRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database, clock }) => {
  const db = database.kysely;

  app.post('/api/utility/accounts', { schema: schemas.startServiceSchema, config: { permission: 'utility.service' } }, async (request, reply) => {
    const account = await startService(database, { input: request.body, actor: actorOf(request) });
    return reply.status(201).header('location', `/api/utility/accounts/${account.accountNumber}`).send(account);
  });

  app.post('/api/utility/accounts/:account/stop', { schema: schemas.stopServiceSchema, config: { permission: 'utility.service' } }, async (request) =>
    stopService(database, { input: { account: keyOf(request.params.account), ...request.body }, actor: actorOf(request) }),
  );

  app.post('/api/utility/accounts/:account/transfer', { schema: schemas.transferServiceSchema, config: { permission: 'utility.service' } }, async (request) =>
    transferService(database, { input: { account: keyOf(request.params.account), ...request.body }, actor: actorOf(request) }),
  );

  app.get('/api/utility/deposit-quote', { schema: schemas.depositQuoteSchema, config: { permission: 'utility.service' } }, async (request) =>
    quoteDeposit(db, { classCode: request.query.classCode, customerId: request.query.customerId ?? null, startedOn: parseIsoDate(request.query.startedOn, 'startedOn') }),
  );

  app.get('/api/utility/locations', { schema: schemas.findLocationsSchema, config: { permission: ['utility.service', 'utility.read'] } }, async (request) => ({
    locations: await findServiceLocations(db, { query: request.query.q, limit: request.query.limit ?? 10 }),
  }));

  app.get('/api/customers/:id/utility-accounts', { schema: schemas.customerAccountsSchema, config: { permission: ['utility.read', 'customers.read'] } },
    async (request) => ({ accounts: await listCustomerUtilityAccounts(db, request.params.id, clock.today()) }));
};
