/** Meter reads: layouts, file imports, manual reads and re-reads, estimates, and the review queue. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  acceptRead,
  countReadExceptions,
  enterRead,
  estimateReads,
  importReads,
  listMeterReads,
  listReadExceptions,
  listReadImports,
  listReadLayouts,
  rejectRead,
  type ReadExceptionCode,
  type MeterReadStatus,
} from '../../utility/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import * as schemas from './utility-reads.schema.js';

export const utilityReadRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, context) => {
  const { database, clock } = context;
  const db = database.kysely;

  app.get('/api/utility/reads/layouts', { schema: schemas.listReadLayoutsSchema, config: { permission: 'utility.reads' } }, async () => ({
    layouts: (await listReadLayouts(db)).map((layout) => ({ ...layout, spec: layout.spec as unknown as Record<string, unknown> })),
  }));

  app.post('/api/utility/reads/imports', {
    schema: schemas.importReadsSchema, config: { permission: 'utility.reads' }, bodyLimit: 256 * 1024 * 1024,
  }, async (request, reply) => {
    const result = await importReads(database, {
      layoutCode: request.body.layout, fileName: request.body.fileName, content: request.body.content,
      acceptGoodRows: request.body.acceptGoodRows === true, actor: actorOf(request), clock,
    });
    return reply.status(201).send(result);
  });

  app.get('/api/utility/reads/imports', { schema: schemas.listReadImportsSchema, config: { permission: 'utility.reads' } }, async () => ({
    imports: await listReadImports(db),
  }));

  app.get('/api/utility/reads/exceptions', { schema: schemas.listReadExceptionsSchema, config: { permission: 'utility.reads' } }, async (request) => {
    const query = request.query;
    const reads = await listReadExceptions(db, {
      ...(query.status ? { status: query.status as MeterReadStatus } : {}), ...(query.code ? { code: query.code as ReadExceptionCode } : {}),
      ...(query.importId ? { importId: query.importId } : {}), ...(query.meter ? { meter: query.meter } : {}),
      ...(query.cycleCode ? { cycleCode: query.cycleCode } : {}), ...(query.routeCode ? { routeCode: query.routeCode } : {}),
      ...(query.limit ? { limit: query.limit } : {}), ...(query.offset ? { offset: query.offset } : {}),
    });
    return { reads, ...(await countReadExceptions(db)) };
  });

  app.get('/api/utility/reads/meters/:serial', { schema: schemas.listMeterReadsSchema, config: { permission: 'utility.reads' } }, async (request) => ({
    reads: await listMeterReads(db, { meter: request.params.serial }),
  }));

  app.post('/api/utility/reads', { schema: schemas.enterReadSchema, config: { permission: 'utility.reads' } }, async (request, reply) =>
    reply.status(201).send(await enterRead(database, { input: request.body, actor: actorOf(request), clock })));

  app.post('/api/utility/reads/estimates', { schema: schemas.estimateReadsSchema, config: { permission: 'utility.reads' } }, async (request) =>
    estimateReads(database, { input: request.body, actor: actorOf(request), clock }));

  app.post('/api/utility/reads/:id/accept', { schema: schemas.acceptReadSchema, config: { permission: 'utility.reads.review' } }, async (request) =>
    acceptRead(database, { readId: request.params.id, reason: request.body.reason, actor: actorOf(request), clock }));

  app.post('/api/utility/reads/:id/reject', { schema: schemas.rejectReadSchema, config: { permission: 'utility.reads.review' } }, async (request) =>
    rejectRead(database, { readId: request.params.id, reason: request.body.reason, actor: actorOf(request), clock }));
};
