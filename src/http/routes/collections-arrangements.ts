/**
 * Payment arrangements and collection holds over HTTP. Thin: each route calls one use case of
 * src/collections. The day is the server clock's city date (a preview and the arrangement made
 * from it start the same day).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  arrangementStanding,
  cancelArrangement,
  createArrangement,
  getArrangement,
  listArrangements,
  listHolds,
  parseArrangementRequest,
  placeHold,
  proposeArrangement,
  releaseHold,
} from '../../collections/index.js';
import { parseIsoDate } from '../../shared/dates.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import * as schemas from './collections-arrangements.schema.js';

export const collectionsArrangementRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database, clock }) => {
  const db = database.kysely;

  app.post('/api/collections/arrangements/preview', { schema: schemas.previewSchema, config: { permission: ['collections.read', 'collections.work'] } },
    async (request) => proposeArrangement(db, parseArrangementRequest({ ...request.body, asOf: clock.today() })));

  app.post('/api/collections/arrangements', { schema: schemas.createSchema, config: { permission: 'collections.work' } }, async (request, reply) => {
    const arrangement = await createArrangement(database, { input: { ...request.body, asOf: clock.today() }, actor: actorOf(request) });
    return reply.status(201).header('location', `/api/collections/arrangements/${arrangement.arrangementNumber}`).send(arrangement);
  });

  app.get('/api/collections/arrangements', { schema: schemas.listSchema, config: { permission: 'collections.read' } }, async (request) => ({
    arrangements: await listArrangements(db, {
      status: request.query.status ?? null, inDefault: request.query.inDefault ?? null, account: request.query.account ?? null, limit: request.query.limit ?? 200,
    }),
  }));

  app.get('/api/collections/arrangements/:number', { schema: schemas.getSchema, config: { permission: 'collections.read' } }, async (request) => {
    const arrangement = await getArrangement(db, request.params.number);
    const standing = await arrangementStanding(db, { accountIds: [arrangement.accountId], asOf: clock.today() });
    const current = standing.get(arrangement.accountId);
    return { arrangement, standing: current && current.arrangementId === arrangement.id ? current : null };
  });

  app.post('/api/collections/arrangements/:number/cancel', { schema: schemas.cancelSchema, config: { permission: 'collections.work' } }, async (request) =>
    cancelArrangement(database, { arrangementKey: request.params.number, reason: request.body.reason, actor: actorOf(request), asOf: clock.today() }),
  );

  app.get('/api/collections/holds', { schema: schemas.listHoldsSchema, config: { permission: 'collections.read' } }, async (request) => ({
    holds: await listHolds(db, {
      account: request.query.account ?? null,
      inForceOn: request.query.inForceOn ? parseIsoDate(request.query.inForceOn, 'inForceOn') : null,
      limit: request.query.limit ?? 200,
    }),
    today: clock.today(),
  }));

  app.post('/api/collections/holds', { schema: schemas.placeHoldSchema, config: { permission: 'collections.work' } }, async (request, reply) => {
    const hold = await placeHold(database, { ...request.body, actor: actorOf(request), asOf: clock.today() });
    return reply.status(201).send(hold);
  });

  app.post('/api/collections/holds/:id/release', { schema: schemas.releaseHoldSchema, config: { permission: 'collections.work' } }, async (request) =>
    releaseHold(database, { holdId: request.params.id, reason: request.body.reason, actor: actorOf(request), asOf: clock.today() }),
  );
};
