/**
 * SB 998 over HTTP: an account's shutoff eligibility rule by rule, its protections, shutoff
 * orders (release, cancel, reconnect), office closures and the annual disconnection report.
 * Thin: each route calls one use case of src/collections. A refused release answers 409 with
 * every failed rule in error.details.rules.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  cancelShutoffOrder,
  closeOffice,
  disconnectionReport,
  disconnectionReportCsv,
  evaluateShutoffEligibility,
  findUtilityAccount,
  listOfficeCalendar,
  listProtections,
  listShutoffOrders,
  orderReconnection,
  recordProtection,
  releaseShutoffOrder,
  reopenOffice,
  resolveProtection,
} from '../../collections/index.js';
import { parseIsoDate } from '../../shared/dates.js';
import { notFound } from '../../shared/errors.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import { sendAttachment } from '../download.js';
import * as schemas from './collections-sb998.schema.js';

export const collectionsSb998Routes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database, clock }) => {
  const db = database.kysely;

  app.get('/api/collections/accounts/:account/eligibility', { schema: schemas.eligibilitySchema, config: { permission: 'collections.read' } }, async (request) => {
    const asOf = request.query.asOf ? parseIsoDate(request.query.asOf, 'asOf') : clock.today();
    const account = await findUtilityAccount(db, request.params.account);
    const result = (await evaluateShutoffEligibility(db, { accountIds: [account.id], asOf })).get(account.id);
    if (!result) throw notFound('utility account', request.params.account);
    return { accountId: account.id, asOf, ...result };
  });

  app.get('/api/collections/accounts/:account/protections', { schema: schemas.listProtectionsSchema, config: { permission: 'collections.read' } }, async (request) => ({
    protections: await listProtections(db, { account: request.params.account, includeEnded: request.query.includeEnded === true }),
  }));

  app.post('/api/collections/accounts/:account/protections', { schema: schemas.addProtectionSchema, config: { permission: 'collections.work' } }, async (request, reply) =>
    reply.status(201).send(await recordProtection(database, { account: request.params.account, input: request.body, actor: actorOf(request), clock })));

  app.post('/api/collections/protections/:id/resolve', { schema: schemas.resolveProtectionSchema, config: { permission: 'collections.work' } }, async (request) =>
    resolveProtection(database, { protectionId: request.params.id, outcome: request.body.outcome, reason: request.body.reason, actor: actorOf(request), clock }));

  app.get('/api/collections/shutoff-orders', { schema: schemas.listShutoffsSchema, config: { permission: 'collections.read' } }, async (request) => {
    const accountId = request.query.account ? (await findUtilityAccount(db, request.query.account, 'account')).id : null;
    return { shutoffOrders: await listShutoffOrders(db, { status: request.query.status ?? null, accountId }) };
  });

  app.post('/api/collections/shutoff-orders/:id/release', { schema: schemas.releaseShutoffSchema, config: { permission: 'collections.shutoff' } }, async (request) =>
    releaseShutoffOrder(database, { shutoffId: request.params.id, actor: actorOf(request), asOf: clock.today() }));

  app.post('/api/collections/shutoff-orders/:id/cancel', { schema: schemas.cancelShutoffSchema, config: { permission: 'collections.shutoff' } }, async (request) =>
    cancelShutoffOrder(database, { shutoffId: request.params.id, reason: request.body.reason, actor: actorOf(request), asOf: clock.today() }));

  app.post('/api/collections/shutoff-orders/:id/reconnect', { schema: schemas.reconnectSchema, config: { permission: 'collections.shutoff' } }, async (request) =>
    orderReconnection(database, { shutoffId: request.params.id, afterHours: request.body.afterHours, actor: actorOf(request), asOf: clock.today() }));

  app.get('/api/collections/office-calendar', { schema: schemas.officeCalendarSchema, config: { permission: 'collections.setup' } }, async (request) =>
    listOfficeCalendar(db, request.query.year));

  app.post('/api/collections/office-closures', { schema: schemas.closeOfficeSchema, config: { permission: 'collections.setup' } }, async (request, reply) =>
    reply.status(201).send(await closeOffice(database, { input: request.body, actor: actorOf(request) })));

  app.post('/api/collections/office-closures/:date/reopen', { schema: schemas.reopenOfficeSchema, config: { permission: 'collections.setup' } }, async (request) =>
    reopenOffice(database, { closedOn: request.params.date, reason: request.body.reason, actor: actorOf(request) }));

  app.get('/api/collections/disconnection-report', { schema: schemas.reportSchema, config: { permission: 'collections.read' } }, async (request, reply) => {
    const report = await disconnectionReport(db, { year: request.query.year });
    if (request.query.format !== 'csv') return report;
    return sendAttachment(reply, { name: `disconnections-${report.year}.csv`, contentType: 'text/csv; charset=utf-8', body: disconnectionReportCsv(report) });
  });
};
