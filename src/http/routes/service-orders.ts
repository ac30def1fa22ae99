/**
 * Service orders over HTTP: the clerk's board and lists, create, assign, cancel; the field
 * worker's own list; detail and completion for both. Thin: each route calls one use case of
 * src/utility, which checks again that a field worker touches only their own orders (another's
 * order answers 404, so its existence is not told).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  assignServiceOrder,
  cancelServiceOrder,
  completeServiceOrder,
  createServiceOrder,
  getServiceOrder,
  getServiceOrderBoard,
  listFieldWorkers,
  listMyServiceOrders,
  listServiceOrders,
} from '../../utility/index.js';
import { shutoffCompletionGuard } from '../../collections/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import * as schemas from './service-orders.schema.js';

export const serviceOrderRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database, clock }) => {
  const db = database.kysely;
  const readers = ['utility.orders', 'utility.read'] as const;

  app.get('/api/utility/service-orders', { schema: schemas.listSchema, config: { permission: readers } }, async (request) => ({
    orders: await listServiceOrders(db, {
      status: request.query.status ?? null, assignee: request.query.assignee?.toLowerCase() ?? null, orderType: request.query.orderType ?? null,
      account: request.query.account ?? null, serviceLocationId: request.query.serviceLocationId ?? null, limit: request.query.limit ?? 200,
    }),
  }));

  app.get('/api/utility/service-orders/board', { schema: schemas.boardSchema, config: { permission: readers } }, async (request) => {
    const today = clock.today();
    return { ...(await getServiceOrderBoard(db, { today, assignee: request.query.assignee?.toLowerCase() ?? null })), today };
  });

  app.get('/api/utility/service-orders/field-workers', { schema: schemas.fieldWorkersSchema, config: { permission: 'utility.orders' } }, async () => ({
    fieldWorkers: await listFieldWorkers(db),
  }));

  app.post('/api/utility/service-orders', { schema: schemas.createSchema, config: { permission: 'utility.orders' } }, async (request, reply) => {
    const order = await createServiceOrder(database, { input: request.body, actor: actorOf(request) });
    return reply.status(201).header('location', `/api/utility/service-orders/${order.orderNumber}`).send(order);
  });

  app.get('/api/utility/service-orders/:number', { schema: schemas.getSchema, config: { permission: [...readers, 'utility.field'] } }, async (request) =>
    getServiceOrder(db, request.params.number, actorOf(request)),
  );

  app.post('/api/utility/service-orders/:number/assign', { schema: schemas.assignSchema, config: { permission: 'utility.orders' } }, async (request) =>
    assignServiceOrder(database, { orderKey: request.params.number, assignTo: request.body.assignTo, actor: actorOf(request) }),
  );

  app.post('/api/utility/service-orders/:number/complete', { schema: schemas.completeSchema, config: { permission: ['utility.orders', 'utility.field'] } }, async (request) =>
    completeServiceOrder(database, { orderKey: request.params.number, input: request.body, principal: actorOf(request), clock,
      // Shutoff and reconnect orders complete only through collections, which re-checks SB 998 on the day.
      shutoffGuard: shutoffCompletionGuard(database) }),
  );

  app.post('/api/utility/service-orders/:number/cancel', { schema: schemas.cancelSchema, config: { permission: 'utility.orders' } }, async (request) =>
    cancelServiceOrder(database, { orderKey: request.params.number, reason: request.body.reason, actor: actorOf(request) }),
  );

  app.get('/api/utility/my-orders', { schema: schemas.myOrdersSchema, config: { permission: 'utility.field' } }, async (request) => {
    const today = clock.today();
    return { ...(await listMyServiceOrders(db, { principal: actorOf(request), today })), today };
  });
};
