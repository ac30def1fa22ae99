/**
 * Liens on the tax roll and closed accounts' balances over HTTP. Reading needs collections.read;
 * every write needs collections.liens (a write-off request also needs receivables.adjust, which
 * receivables checks). Thin: each route calls one use case of src/collections.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  exportLienRoll,
  getLien,
  getLienRule,
  listAccountOnRoll,
  listClosedAccountBalances,
  listLienRolls,
  listLiens,
  payOffLien,
  prepareLienRoll,
  recordLien,
  referClosedAccounts,
  referralCsv,
  releaseLien,
  removeLien,
  requestClosedAccountWriteOff,
  sendClosedAccountNotices,
  sendLienNotices,
  setLienRule,
  submitLienRoll,
  transferClosedBalance,
} from '../../collections/index.js';
import { parseIsoDate } from '../../shared/dates.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import { sendAttachment } from '../download.js';
import * as schemas from './collections-liens.schema.js';

export const collectionsLienRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database, clock, approvalHandlers }) => {
  const db = database.kysely;
  const read = 'collections.read';
  const write = 'collections.liens';
  const dateOr = (value: string | undefined, field: string) => (value ? parseIsoDate(value, field) : clock.today());

  app.get('/api/collections/liens/rolls', { schema: schemas.listRollsSchema, config: { permission: read } }, async () => ({ rolls: await listLienRolls(db) }));

  app.get('/api/collections/liens/rule', { schema: schemas.getRuleSchema, config: { permission: read } }, async (request) =>
    getLienRule(db, dateOr(request.query.date, 'date')));

  app.put('/api/collections/liens/rule', { schema: schemas.setRuleSchema, config: { permission: write } }, async (request) =>
    setLienRule(database, { input: request.body, actor: actorOf(request) }));

  app.get('/api/collections/liens', { schema: schemas.listLiensSchema, config: { permission: read } }, async (request) => ({
    liens: await listLiens(db, { fiscalYear: request.query.fiscalYear ?? null, status: request.query.status ?? null, account: request.query.account ?? null }),
  }));

  app.post('/api/collections/liens/rolls/:fy/prepare', { schema: schemas.prepareSchema, config: { permission: write } }, async (request) =>
    prepareLienRoll(database, { fiscalYear: request.params.fy, asOf: request.body.asOf, actor: actorOf(request), today: clock.today() }));

  app.post('/api/collections/liens/rolls/:fy/accounts', { schema: schemas.listAccountSchema, config: { permission: write } }, async (request, reply) => {
    const lien = await listAccountOnRoll(database, { fiscalYear: request.params.fy, asOf: request.body.asOf, account: request.body.account,
      actor: actorOf(request), today: clock.today() });
    return reply.status(201).send(lien);
  });

  app.post('/api/collections/liens/rolls/:fy/notices', { schema: schemas.noticesSchema, config: { permission: write } }, async (request) =>
    sendLienNotices(database, { fiscalYear: request.params.fy, noticeDate: dateOr(request.body.noticeDate, 'noticeDate'),
      hearingDate: request.body.hearingDate, actor: actorOf(request) }));

  app.post('/api/collections/liens/rolls/:fy/submit', { schema: schemas.submitSchema, config: { permission: write } }, async (request) =>
    submitLienRoll(database, { fiscalYear: request.params.fy, on: dateOr(request.body.on, 'on'), actor: actorOf(request) }));

  app.get('/api/collections/liens/rolls/:fy/export.csv', { schema: schemas.exportSchema, config: { permission: read } }, async (request, reply) => {
    const exported = await exportLienRoll(db, { fiscalYear: request.params.fy });
    return sendAttachment(reply, { name: exported.fileName, contentType: 'text/csv; charset=utf-8', body: exported.csv });
  });

  app.get('/api/collections/liens/:id', { schema: schemas.getLienSchema, config: { permission: read } }, async (request) => getLien(db, request.params.id));

  app.post('/api/collections/liens/:id/remove', { schema: schemas.removeSchema, config: { permission: write } }, async (request) =>
    removeLien(database, { lienKey: request.params.id, reason: request.body.reason, on: dateOr(request.body.on, 'on'), actor: actorOf(request) }));

  app.post('/api/collections/liens/:id/record', { schema: schemas.recordSchema, config: { permission: write } }, async (request) =>
    recordLien(database, { lienKey: request.params.id, recordingNumber: request.body.recordingNumber, recordedOn: request.body.recordedOn,
      actor: actorOf(request), today: clock.today() }));

  app.post('/api/collections/liens/:id/pay-off', { schema: schemas.payOffSchema, config: { permission: write } }, async (request) =>
    payOffLien(database, { lienKey: request.params.id, on: dateOr(request.body.on, 'on'), actor: actorOf(request) }));

  app.post('/api/collections/liens/:id/release', { schema: schemas.releaseSchema, config: { permission: write } }, async (request) =>
    releaseLien(database, { lienKey: request.params.id, releaseRecordingNumber: request.body.releaseRecordingNumber,
      releasedOn: request.body.releasedOn, actor: actorOf(request) }));

  app.get('/api/collections/closed-accounts', { schema: schemas.listClosedSchema, config: { permission: read } }, async (request) => {
    const asOf = dateOr(request.query.asOf, 'asOf');
    return { accounts: await listClosedAccountBalances(db, { asOf }), asOf };
  });

  app.post('/api/collections/closed-accounts/notices', { schema: schemas.closedNoticesSchema, config: { permission: write } }, async (request) =>
    sendClosedAccountNotices(database, { accounts: request.body.accounts ?? null, noticeDate: dateOr(request.body.noticeDate, 'noticeDate'), actor: actorOf(request) }));

  app.post('/api/collections/closed-accounts/:account/transfer', { schema: schemas.transferSchema, config: { permission: write } }, async (request) => {
    const transfer = await transferClosedBalance(database, { account: request.params.account, toAccount: request.body.toAccount ?? null,
      transferDate: dateOr(request.body.transferDate, 'transferDate'), actor: actorOf(request) });
    return { fromAccountNumber: transfer.fromAccountNumber, toAccountNumber: transfer.toAccountNumber, amountCents: transfer.amountCents, journalEntryId: transfer.entry.id };
  });

  app.post('/api/collections/closed-accounts/:account/write-off', { schema: schemas.writeOffSchema, config: { permission: write } }, async (request, reply) => {
    const approval = await requestClosedAccountWriteOff(database, { account: request.params.account, writeOffDate: dateOr(request.body.writeOffDate, 'writeOffDate'),
      reasonCode: request.body.reasonCode, description: request.body.description, principal: actorOf(request), handlers: approvalHandlers });
    return reply.status(202).send({ approvalRequestId: approval.id, status: approval.status, summary: approval.summary });
  });

  app.post('/api/collections/closed-accounts/referrals', { schema: schemas.referSchema, config: { permission: write } }, async (request) =>
    referClosedAccounts(database, { accounts: request.body.accounts ?? null, agency: request.body.agency, referredOn: dateOr(request.body.referredOn, 'referredOn'),
      ...(request.body.afterNoticeDays === undefined ? {} : { afterNoticeDays: request.body.afterNoticeDays }), actor: actorOf(request) }));

  app.get('/api/collections/closed-accounts/referrals/:batch', { schema: schemas.referralCsvSchema, config: { permission: read } }, async (request, reply) =>
    sendAttachment(reply, { name: `${request.params.batch}.csv`, contentType: 'text/csv; charset=utf-8', body: await referralCsv(db, request.params.batch) }));
};
