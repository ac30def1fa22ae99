/**
 * Rate schedules over HTTP: the schedules and their effective-dated versions, a new schedule, and
 * a new version (checked whole: its definition by field path, its dates against the others: no
 * gap, no overlap). Thin: each route calls one use case of src/utility.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addRateVersion, createRateSchedule, getRateSchedule, listRateSchedules } from '../../utility/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import * as schemas from './utility-rates.schema.js';

export const utilityRateRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database }) => {
  const db = database.kysely;

  app.get('/api/utility/rate-schedules', { schema: schemas.listSchedulesSchema, config: { permission: 'utility.read' } }, async (request) => ({
    schedules: await listRateSchedules(db, request.query.serviceType ? { serviceType: request.query.serviceType } : {}),
  }));

  app.get('/api/utility/rate-schedules/:code', { schema: schemas.getScheduleSchema, config: { permission: 'utility.read' } }, async (request) =>
    getRateSchedule(db, request.params.code.toUpperCase()),
  );

  app.post('/api/utility/rate-schedules', { schema: schemas.createScheduleSchema, config: { permission: 'utility.rates' } }, async (request, reply) => {
    const schedule = await createRateSchedule(database, { input: request.body, actor: actorOf(request) });
    return reply.status(201).header('location', `/api/utility/rate-schedules/${schedule.code}`).send(schedule);
  });

  app.post('/api/utility/rate-schedules/:code/versions', { schema: schemas.addVersionSchema, config: { permission: 'utility.rates' } }, async (request, reply) => {
    const result = await addRateVersion(database, { rateCode: request.params.code.toUpperCase(), input: request.body, actor: actorOf(request) });
    return reply.status(201).send(result);
  });
};
