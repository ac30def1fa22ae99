/**
 * Meters over HTTP: find by serial (with where each is and the account in service there), add
 * to stock, install, remove and exchange (both reads kept). Thin: each route calls one use case
 * of src/utility.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addMeter, exchangeMeter, findMeter, installMeter, removeMeter, searchMeters } from '../../utility/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import * as schemas from './utility-meters.schema.js';

export const utilityMeterRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database }) => {
  const db = database.kysely;

  app.get('/api/utility/meters', { schema: schemas.searchMetersSchema, config: { permission: 'utility.read' } }, async (request) => ({
    meters: await searchMeters(db, { serial: request.query.serial, limit: request.query.limit ?? 20 }),
  }));

  app.get('/api/utility/meters/:serial', { schema: schemas.getMeterSchema, config: { permission: 'utility.read' } }, async (request) =>
    findMeter(db, request.params.serial),
  );

  app.post('/api/utility/meters', { schema: schemas.addMeterSchema, config: { permission: 'utility.service' } }, async (request, reply) => {
    const meter = await addMeter(database, { input: request.body, actor: actorOf(request) });
    return reply.status(201).header('location', `/api/utility/meters/${meter.serial}`).send(meter);
  });

  app.post('/api/utility/meters/:serial/install', { schema: schemas.installMeterSchema, config: { permission: 'utility.service' } }, async (request) =>
    installMeter(database, { input: { serial: request.params.serial, ...request.body }, actor: actorOf(request) }),
  );

  app.post('/api/utility/meters/:serial/remove', { schema: schemas.removeMeterSchema, config: { permission: 'utility.service' } }, async (request) =>
    removeMeter(database, { serial: request.params.serial, removedOn: request.body.removedOn, reading: request.body.reading, actor: actorOf(request) }),
  );

  app.post('/api/utility/meters/:serial/exchange', { schema: schemas.exchangeMeterSchema, config: { permission: 'utility.service' } }, async (request) =>
    exchangeMeter(database, { oldSerial: request.params.serial, ...request.body, actor: actorOf(request) }),
  );
};
