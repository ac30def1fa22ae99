/**
 * Receivables: a customer's accounts and balances (Customer 360), account activity, charges,
 * payments, memos, write-offs, refunds, transfers, reversals, aging, and set-up.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseIsoDate } from '../../shared/dates.js';
import { formatCents } from '../../shared/money.js';
import { toCsv } from '../../shared/csv.js';
import {
  enterMemo,
  getAgingReport,
  getCustomerReceivables,
  getReceivableAccount,
  listAccountActivity,
  listAdjustmentReasons,
  listReceivableControls,
  listReceivableKinds,
  listRefundRequests,
  openReceivableAccount,
  postCharges,
  postPayment,
  requestRefund,
  requestWriteOff,
  reverseReceivableEntry,
  setAllocationOrder,
  setReceivableAccountStatus,
  setReceivableControl,
  transferPayment,
  type AgingReportRow,
} from '../../receivables/index.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import { sendAttachment } from '../download.js';
import { idempotencyKeyOf, REPLAYED_HEADER } from '../idempotency.js';
import {
  accountActivitySchema,
  accountStatusSchema,
  agingSchema,
  allocationOrderSchema,
  customerReceivablesSchema,
  getAccountSchema,
  memoSchema,
  openAccountSchema,
  postChargesSchema,
  postPaymentSchema,
  refundRequestsSchema,
  refundSchema,
  reverseSchema,
  setControlSchema,
  setupSchema,
  transferSchema,
  writeOffSchema,
} from './receivables.schema.js';

export const receivableRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database, clock, approvalHandlers }) => {
  const asOfDate = (value: string | undefined) => (value ? parseIsoDate(value, 'asOf') : clock.today());

  app.get('/api/customers/:id/receivables', { schema: customerReceivablesSchema, config: { permission: 'customers.read' } }, async (request) =>
    getCustomerReceivables(database.kysely, request.params.id, asOfDate(request.query.asOf)),
  );

  app.get('/api/receivable-accounts/:key', { schema: getAccountSchema, config: { permission: 'customers.read' } }, async (request) =>
    getReceivableAccount(database.kysely, request.params.key, asOfDate(request.query.asOf)),
  );

  app.get('/api/receivable-accounts/:key/activity', { schema: accountActivitySchema, config: { permission: 'customers.read' } }, async (request) =>
    listAccountActivity(database.kysely, request.params.key, { beforeId: request.query.beforeId, limit: request.query.limit }),
  );

  app.post('/api/receivable-accounts', { schema: openAccountSchema, config: { permission: 'customers.edit' } }, async (request, reply) => {
    const account = await openReceivableAccount(database, {
      input: { ...request.body, openedOn: request.body.openedOn ?? clock.today() },
      actor: actorOf(request),
    });
    return reply.status(201).header('location', `/api/receivable-accounts/${account.accountNumber}`).send(account);
  });

  app.post('/api/receivable-accounts/:key/status', { schema: accountStatusSchema, config: { permission: 'customers.edit' } }, async (request) =>
    setReceivableAccountStatus(database, { accountKey: request.params.key, status: request.body.status, asOf: clock.today(), actor: actorOf(request) }),
  );

  app.post('/api/receivable-accounts/:key/charges', { schema: postChargesSchema, config: { permission: 'receivables.charge' } }, async (request, reply) => {
    const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key'], request.body.idempotencyKey, { isRequired: true });
    const result = await postCharges(database, { input: { ...request.body, account: request.params.key, idempotencyKey }, actor: actorOf(request) });
    if (result.isReplay) reply.status(200).header(REPLAYED_HEADER, 'true');
    else reply.status(201);
    return reply.send(result);
  });

  app.post('/api/receivable-accounts/:key/payments', { schema: postPaymentSchema, config: { permission: 'receivables.payment' } }, async (request, reply) => {
    const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key'], request.body.idempotencyKey, { isRequired: true });
    const result = await postPayment(database, { input: { ...request.body, account: request.params.key, idempotencyKey }, actor: actorOf(request) });
    if (result.isReplay) reply.status(200).header(REPLAYED_HEADER, 'true');
    else reply.status(201);
    return reply.send(result);
  });

  app.post('/api/receivable-accounts/:key/memos', { schema: memoSchema, config: { permission: 'receivables.adjust' } }, async (request, reply) => {
    const outcome = await enterMemo(database, {
      input: { ...request.body, account: request.params.key },
      principal: actorOf(request),
      handlers: approvalHandlers,
      idempotencyKey: idempotencyKeyOf(request.headers['idempotency-key'], request.body.idempotencyKey, { isRequired: false }),
    });
    return reply.status(outcome.status === 'posted' ? 201 : 202).send(outcome);
  });

  app.post('/api/receivable-accounts/:key/write-offs', { schema: writeOffSchema, config: { permission: 'receivables.adjust' } }, async (request, reply) => {
    const approval = await requestWriteOff(database, { input: { ...request.body, account: request.params.key }, principal: actorOf(request), handlers: approvalHandlers });
    return reply.status(202).send(approval);
  });

  app.post('/api/receivable-accounts/:key/refunds', { schema: refundSchema, config: { permission: 'receivables.adjust' } }, async (request, reply) => {
    const approval = await requestRefund(database, { input: { ...request.body, account: request.params.key }, principal: actorOf(request), handlers: approvalHandlers });
    return reply.status(202).send(approval);
  });

  app.post('/api/receivable-items/:id/transfer', { schema: transferSchema, config: { permission: 'receivables.adjust' } }, async (request, reply) => {
    const result = await transferPayment(database, { input: { ...request.body, paymentItemId: request.params.id }, actor: actorOf(request) });
    return reply.status(201).send(result);
  });

  app.post('/api/receivable-entries/:entryId/reverse', { schema: reverseSchema, config: { permission: 'receivables.adjust' } }, async (request, reply) => {
    const result = await reverseReceivableEntry(database, {
      journalEntryId: request.params.entryId,
      reason: request.body.reason,
      reversalDate: request.body.reversalDate ?? null,
      actor: actorOf(request),
      clock,
    });
    return reply.status(201).send(result);
  });

  app.get('/api/receivables/aging', { schema: agingSchema, config: { permission: 'customers.read' } }, async (request, reply) => {
    const report = await getAgingReport(database.kysely, {
      asOf: asOfDate(request.query.asOf),
      kind: request.query.kind,
      fundCode: request.query.fund,
      limit: request.query.format === 'csv' ? 1_000_000 : 1_000,
    });
    if (request.query.format !== 'csv') return report;
    const money = (pick: (row: AgingReportRow) => number) => (row: AgingReportRow) => formatCents(pick(row) as never);
    const csv = toCsv<AgingReportRow>([
      { header: 'account', value: (row) => row.accountNumber },
      { header: 'customer', value: (row) => row.customerName },
      { header: 'kind', value: (row) => row.kind },
      { header: 'fund', value: (row) => row.fundCode },
      { header: 'current', value: money((row) => row.aging.current), isNumeric: true },
      { header: '30_59', value: money((row) => row.aging.days30), isNumeric: true },
      { header: '60_89', value: money((row) => row.aging.days60), isNumeric: true },
      { header: '90_119', value: money((row) => row.aging.days90), isNumeric: true },
      { header: '120_plus', value: money((row) => row.aging.days120), isNumeric: true },
      { header: 'total', value: money((row) => row.totalCents), isNumeric: true },
      { header: 'unapplied_credit', value: money((row) => row.unappliedCreditCents), isNumeric: true },
    ], report.rows);
    return sendAttachment(reply, { name: `aging-${report.asOf}.csv`, contentType: 'text/csv; charset=utf-8', body: csv });
  });

  app.get('/api/receivables/setup', { schema: setupSchema, config: { permission: 'customers.read' } }, async () => ({
    kinds: await listReceivableKinds(database.kysely),
    controls: await listReceivableControls(database.kysely),
    reasons: await listAdjustmentReasons(database.kysely),
  }));

  app.put('/api/receivables/controls', { schema: setControlSchema, config: { permission: 'receivables.setup' } }, async (request) =>
    setReceivableControl(database, { ...request.body, actor: actorOf(request) }),
  );

  app.put('/api/receivables/kinds/:kind/allocation-order', { schema: allocationOrderSchema, config: { permission: 'receivables.setup' } }, async (request) =>
    setAllocationOrder(database, { kind: request.params.kind, order: request.body.order, actor: actorOf(request) }),
  );

  app.get('/api/refund-requests', { schema: refundRequestsSchema, config: { permission: 'customers.read' } }, async (request) => ({
    refunds: await listRefundRequests(database.kysely, { status: request.query.status }),
  }));
};
