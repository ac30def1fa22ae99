/**
 * Cashiering: set-up, drawer sessions, counter payments, receipts (print, PDF, email), voids,
 * mail batches, deposits, the daily cash receipts report, and returned payments. Thin: each route
 * calls one use case of src/cashiering.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import {
  getLockboxFile,
  importLockboxFile,
  listLockboxExceptions,
  listLockboxFiles,
  listLockboxLayouts,
  resolveLockboxException,
  saveLockboxLayout,
  closeDrawerSession,
  closeMailBatch,
  createDrawer,
  denominations,
  emailReceipt,
  findOpenSession,
  getBatch,
  getCashieringSetup,
  getDailyCashReport,
  getDeposit,
  getDrawerSession,
  getReceipt,
  getReturnedItem,
  listBatches,
  listCounterItems,
  listDeposits,
  listDrawers,
  listDrawerSessions,
  listReceipts,
  listReturnedItems,
  lookupPayable,
  openDrawerSession,
  openMailBatch,
  prepareDeposit,
  receiptDocument,
  recordReceiptPrint,
  recordReturnedPayment,
  requestVoid,
  returnedNoticeDocument,
  saveCounterItem,
  setCashieringAccounts,
  setFundAccounts,
  signOffDrawerSession,
  takePayment,
  testCardProcessor,
  verifyDeposit,
  type BatchKind,
} from '../../cashiering/index.js';
import { CITY_LETTERHEAD, renderReceiptPdf, renderReturnedPaymentNotice } from '../../documents/index.js';
import { getSettings } from '../../settings/index.js';
import { hasPermission, type Principal } from '../../shared/actor.js';
import { toCsv } from '../../shared/csv.js';
import { parseIsoDate } from '../../shared/dates.js';
import { AppError } from '../../shared/errors.js';
import { cents, formatCents } from '../../shared/money.js';
import { actorOf } from '../actor.js';
import type { RouteContext } from '../context.js';
import { sendAttachment } from '../download.js';
import { idempotencyKeyOf, REPLAYED_HEADER } from '../idempotency.js';
import * as schemas from './cashiering.schema.js';

function sendPdf(reply: FastifyReply, name: string, pdf: Buffer): FastifyReply {
  return sendAttachment(reply, { name, contentType: 'application/pdf', body: Readable.from([pdf]) });
}

export const cashieringRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { database, clock, approvalHandlers }) => {
  const db = database.kysely;
  const processor = testCardProcessor;
  const dateOr = (value: string | undefined, field: string) => (value ? parseIsoDate(value, field) : clock.today());

  /** The mail desk (cashiering.batch without the counter) keys payments into open mail batches only. */
  async function requireMailBatchUnlessCounter(actor: Principal, batch: string | number | undefined | null): Promise<void> {
    if (hasPermission(actor, 'cashiering.counter')) return;
    if (batch === undefined || batch === null || batch === '') {
      throw new AppError('forbidden', 'Name the mail batch: taking payments into a drawer needs the permission cashiering.counter', { field: 'batch', permission: 'cashiering.counter' });
    }
    const found = await getBatch(db, batch);
    if (found.kind !== 'mail') {
      throw new AppError('forbidden', `Batch ${found.batchNumber} is not a mail batch: taking payments into a drawer needs the permission cashiering.counter`, { field: 'batch', permission: 'cashiering.counter' });
    }
  }

  app.get('/api/cashiering/setup', { schema: schemas.setupSchema, config: { permission: ['cashiering.counter', 'cashiering.batch', 'cashiering.setup', 'cashiering.deposit', 'cashiering.reports'] } }, async () => {
    const [setup, drawers, items, settings] = await Promise.all([getCashieringSetup(db), listDrawers(db), listCounterItems(db, { activeOnly: true }), getSettings(db)]);
    return { ...setup, drawers, items, denominations, overShortSignOffCents: cents(settings['cashiering.over_short_signoff_cents']) };
  });

  app.put('/api/cashiering/fund-accounts', { schema: schemas.setFundAccountsSchema, config: { permission: 'cashiering.setup' } }, async (request) =>
    setFundAccounts(database, { input: request.body, actor: actorOf(request) }),
  );

  app.put('/api/cashiering/accounts', { schema: schemas.setAccountsSchema, config: { permission: 'cashiering.setup' } }, async (request) =>
    setCashieringAccounts(database, { input: request.body, actor: actorOf(request) }),
  );

  app.post('/api/cashiering/drawers', { schema: schemas.createDrawerSchema, config: { permission: 'cashiering.setup' } }, async (request, reply) =>
    reply.status(201).send(await createDrawer(database, { input: request.body, actor: actorOf(request) })),
  );

  app.put('/api/cashiering/items', { schema: schemas.saveItemSchema, config: { permission: 'cashiering.setup' } }, async (request) =>
    saveCounterItem(database, { input: request.body, actor: actorOf(request) }),
  );

  app.get('/api/cashiering/session', { schema: schemas.mySessionSchema, config: { permission: 'cashiering.counter' } }, async (request) => ({
    session: await findOpenSession(db, actorOf(request).username),
  }));

  app.post('/api/cashiering/sessions', { schema: schemas.openSessionSchema, config: { permission: 'cashiering.counter' } }, async (request, reply) =>
    reply.status(201).send(await openDrawerSession(database, { input: request.body, actor: actorOf(request), clock })),
  );

  app.get('/api/cashiering/sessions', { schema: schemas.listSessionsSchema, config: { permission: 'cashiering.reports' } }, async (request) => ({
    sessions: await listDrawerSessions(db, {
      businessDate: request.query.businessDate ? parseIsoDate(request.query.businessDate, 'businessDate') : null,
      status: request.query.status ?? null,
      signOff: request.query.signOff ?? null,
      cashier: request.query.cashier ?? null,
    }),
  }));

  app.get('/api/cashiering/sessions/:id', { schema: schemas.getSessionSchema, config: { permission: ['cashiering.counter', 'cashiering.reports'] } }, async (request) => {
    const session = await getDrawerSession(db, request.params.id);
    const actor = actorOf(request);
    if (session.cashier !== actor.username && !hasPermission(actor, 'cashiering.reports')) {
      throw new AppError('forbidden', 'Another cashier\'s drawer is for supervisors and the reports', { permission: 'cashiering.reports' });
    }
    return session;
  });

  app.post('/api/cashiering/sessions/:id/close', { schema: schemas.closeSessionSchema, config: { permission: 'cashiering.counter' } }, async (request) => {
    const settings = await getSettings(db);
    return closeDrawerSession(database, {
      sessionId: request.params.id, input: request.body, actor: actorOf(request), clock,
      signOffThresholdCents: cents(settings['cashiering.over_short_signoff_cents']),
    });
  });

  app.post('/api/cashiering/sessions/:id/sign-off', { schema: schemas.signOffSchema, config: { permission: 'cashiering.supervise' } }, async (request) =>
    signOffDrawerSession(database, { sessionId: request.params.id, note: request.body.note, actor: actorOf(request) }),
  );

  app.get('/api/cashiering/lookup', { schema: schemas.lookupSchema, config: { permission: ['cashiering.counter', 'cashiering.batch'] } }, async (request) =>
    lookupPayable(database, request.query.q, clock.today()),
  );

  app.post('/api/cashiering/payments', { schema: schemas.takePaymentSchema, config: { permission: ['cashiering.counter', 'cashiering.batch'] } }, async (request, reply) => {
    await requireMailBatchUnlessCounter(actorOf(request), request.body.batch);
    const key = idempotencyKeyOf(request.headers['idempotency-key'], request.body.idempotencyKey, { isRequired: true });
    const result = await takePayment(database, { input: { ...request.body, idempotencyKey: key }, actor: actorOf(request), clock, processor });
    if (result.isReplay) return reply.status(200).header(REPLAYED_HEADER, 'true').send(result);
    return reply.status(201).header('location', `/api/cashiering/receipts/${result.receipt.receiptNumber}`).send(result);
  });

  app.get('/api/cashiering/receipts', { schema: schemas.listReceiptsSchema, config: { permission: ['cashiering.counter', 'cashiering.batch', 'cashiering.reports'] } }, async (request) => {
    const actor = actorOf(request);
    const mayReadAll = hasPermission(actor, 'cashiering.reports');
    const batch = request.query.batch ? await getBatch(db, request.query.batch) : null;
    const cashier = mayReadAll || batch?.kind === 'mail' ? request.query.cashier ?? null : actor.username;
    return {
      receipts: await listReceipts(db, {
        batch: batch?.id ?? null,
        customerId: request.query.customerId ?? null,
        businessDate: request.query.businessDate ? parseIsoDate(request.query.businessDate, 'businessDate') : null,
        cashier,
        limit: request.query.limit ?? 100,
      }),
    };
  });

  app.get('/api/cashiering/receipts/:number', { schema: schemas.getReceiptSchema, config: { permission: ['cashiering.counter', 'cashiering.batch', 'cashiering.reports', 'cashiering.returns'] } }, async (request) =>
    getReceipt(db, request.params.number),
  );

  app.post('/api/cashiering/receipts/:number/print', { schema: schemas.printReceiptSchema, config: { permission: ['cashiering.counter', 'cashiering.batch'] } }, async (request) =>
    recordReceiptPrint(database, { receiptNumber: request.params.number, actor: actorOf(request) }),
  );

  app.get('/api/cashiering/receipts/:number/pdf', { schema: schemas.receiptPdfSchema, config: { permission: ['cashiering.counter', 'cashiering.batch'] } }, async (request, reply) => {
    const print = await recordReceiptPrint(database, { receiptNumber: request.params.number, actor: actorOf(request) });
    const document = receiptDocument(print.receipt, { isCopy: print.isCopy, copyNumber: print.copyNumber, printedAt: clock.now() });
    return sendPdf(reply, `${print.receipt.receiptNumber}${print.isCopy ? '-copy' : ''}.pdf`, await renderReceiptPdf(document));
  });

  app.post('/api/cashiering/receipts/:number/email', { schema: schemas.emailReceiptSchema, config: { permission: 'cashiering.counter' } }, async (request, reply) => {
    const receipt = await getReceipt(db, request.params.number);
    const pdf = await renderReceiptPdf(receiptDocument(receipt, { isCopy: receipt.printCount > 0, copyNumber: receipt.printCount, printedAt: clock.now() }));
    const queued = await emailReceipt(database, { receiptNumber: receipt.receiptNumber, to: request.body.to, pdf, actor: actorOf(request), cityName: CITY_LETTERHEAD.name });
    return reply.status(202).send(queued);
  });

  app.post('/api/cashiering/receipts/:number/void', { schema: schemas.voidReceiptSchema, config: { permission: 'cashiering.counter' } }, async (request, reply) => {
    const approvalRequest = await requestVoid(database, { receiptNumber: request.params.number, reason: request.body.reason, principal: actorOf(request), handlers: approvalHandlers });
    return reply.status(202).send({ approvalRequest });
  });

  app.post('/api/cashiering/mail-batches', { schema: schemas.openMailBatchSchema, config: { permission: 'cashiering.batch' } }, async (request, reply) =>
    reply.status(201).send(await openMailBatch(database, { input: request.body, actor: actorOf(request), clock })),
  );

  app.post('/api/cashiering/mail-batches/:number/close', { schema: schemas.closeMailBatchSchema, config: { permission: 'cashiering.batch' } }, async (request) =>
    closeMailBatch(database, { batch: request.params.number, actor: actorOf(request) }),
  );

  app.get('/api/cashiering/batches', { schema: schemas.listBatchesSchema, config: { permission: ['cashiering.counter', 'cashiering.batch', 'cashiering.deposit', 'cashiering.reports'] } }, async (request) => ({
    batches: await listBatches(db, {
      businessDate: request.query.businessDate ? parseIsoDate(request.query.businessDate, 'businessDate') : null,
      kind: (request.query.kind as BatchKind | undefined) ?? null,
      status: (request.query.status as 'open' | 'closed' | undefined) ?? null,
      undeposited: request.query.undeposited ?? false,
    }),
  }));

  app.get('/api/cashiering/batches/:number', { schema: schemas.getBatchSchema, config: { permission: ['cashiering.counter', 'cashiering.batch', 'cashiering.deposit', 'cashiering.reports'] } }, async (request) =>
    getBatch(db, request.params.number),
  );

  app.post('/api/cashiering/deposits', { schema: schemas.prepareDepositSchema, config: { permission: 'cashiering.deposit' } }, async (request, reply) =>
    reply.status(201).send(await prepareDeposit(database, { input: request.body, actor: actorOf(request), clock })),
  );

  app.post('/api/cashiering/deposits/:number/verify', { schema: schemas.verifyDepositSchema, config: { permission: 'cashiering.deposit' } }, async (request) =>
    verifyDeposit(database, { depositNumber: request.params.number, actor: actorOf(request), clock }),
  );

  app.get('/api/cashiering/deposits', { schema: schemas.listDepositsSchema, config: { permission: 'cashiering.deposit' } }, async (request) => ({
    deposits: await listDeposits(db, {
      status: request.query.status ?? null,
      businessDate: request.query.businessDate ? parseIsoDate(request.query.businessDate, 'businessDate') : null,
    }),
  }));

  app.get('/api/cashiering/deposits/:number', { schema: schemas.getDepositSchema, config: { permission: 'cashiering.deposit' } }, async (request) =>
    getDeposit(db, request.params.number),
  );

  app.get('/api/cashiering/reports/daily', { schema: schemas.dailyReportSchema, config: { permission: 'cashiering.reports' } }, async (request, reply) => {
    const report = await getDailyCashReport(db, dateOr(request.query.date, 'date'));
    if (request.query.format !== 'csv') return report;
    const rows = [
      ...report.byBatch.map((row) => ['batch', row.batchNumber, `${row.kind} ${row.cashier ?? ''} ${row.drawerCode ?? ''}`.trim(), String(row.count), formatCents(row.totalCents, { grouping: false })]),
      ...report.byTender.map((row) => ['tender', row.tenderType, '', String(row.count), formatCents(row.amountCents, { grouping: false })]),
      ...report.byFund.map((row) => ['fund', row.fundCode, row.fundName, '', formatCents(row.amountCents, { grouping: false })]),
      ...report.byAccount.map((row) => ['account', row.accountCode, row.accountName, '', formatCents(row.amountCents, { grouping: false })]),
      ...report.voids.map((row) => ['void', row.receiptNumber, row.reason ?? '', '', formatCents(row.totalCents, { grouping: false })]),
    ];
    const columns = ['section', 'key', 'name', 'count', 'amount'].map((header, index) => ({
      header, value: (row: string[]) => row[index], isNumeric: index >= 3,
    }));
    return sendAttachment(reply, { name: `daily-cash-${report.date}.csv`, contentType: 'text/csv; charset=utf-8', body: toCsv(columns, rows) });
  });

  app.post('/api/cashiering/returns', { schema: schemas.recordReturnSchema, config: { permission: 'cashiering.returns' } }, async (request, reply) => {
    const settings = await getSettings(db);
    const item = await recordReturnedPayment(database, {
      input: request.body, actor: actorOf(request), clock, returnsBeforeCashOnly: settings['cashiering.returns_before_cash_only'],
    });
    return reply.status(201).send(item);
  });

  app.get('/api/cashiering/returns', { schema: schemas.listReturnsSchema, config: { permission: 'cashiering.returns' } }, async (request) => ({
    returns: await listReturnedItems(db, {
      customerId: request.query.customerId ?? null,
      from: request.query.from ? parseIsoDate(request.query.from, 'from') : null,
    }),
  }));

  app.get('/api/cashiering/returns/:id/notice', { schema: schemas.returnNoticeSchema, config: { permission: 'cashiering.returns' } }, async (request, reply) => {
    const item = await getReturnedItem(db, request.params.id);
    const notice = await returnedNoticeDocument(db, item, clock.today());
    if (!notice) throw new AppError('invalid_input', `Returned payment ${item.id} has no customer with a mailing address to write to`, { field: 'id' });
    return sendPdf(reply, `returned-payment-${item.receiptNumber}.pdf`, await renderReturnedPaymentNotice(notice));
  });

  app.get('/api/cashiering/lockbox/layouts', { schema: schemas.listLockboxLayoutsSchema, config: { permission: ['cashiering.batch', 'cashiering.setup'] } }, async () => ({
    layouts: (await listLockboxLayouts(db)).map((layout) => ({ ...layout, spec: layout.spec as unknown as Record<string, unknown> })),
  }));

  app.put('/api/cashiering/lockbox/layouts/:code', { schema: schemas.saveLockboxLayoutSchema, config: { permission: 'cashiering.setup' } }, async (request) => {
    const layout = await saveLockboxLayout(database, { input: { ...request.body, code: request.params.code }, actor: actorOf(request) });
    return { ...layout, spec: layout.spec as unknown as Record<string, unknown> };
  });

  app.post('/api/cashiering/lockbox/files', {
    schema: schemas.importLockboxSchema, config: { permission: 'cashiering.batch' }, bodyLimit: 64 * 1024 * 1024,
  }, async (request, reply) => {
    const result = await importLockboxFile(database, {
      layoutCode: request.body.layout, fileName: request.body.fileName, content: request.body.content, actor: actorOf(request), clock,
    });
    return reply.status(201).header('location', `/api/cashiering/lockbox/files/${result.file.id}`).send(result);
  });

  app.get('/api/cashiering/lockbox/files', { schema: schemas.listLockboxFilesSchema, config: { permission: 'cashiering.batch' } }, async () => ({
    files: await listLockboxFiles(db),
  }));

  app.get('/api/cashiering/lockbox/files/:id', { schema: schemas.getLockboxFileSchema, config: { permission: 'cashiering.batch' } }, async (request) => ({
    file: await getLockboxFile(db, request.params.id),
    exceptions: await listLockboxExceptions(db, { fileId: request.params.id }),
  }));

  app.get('/api/cashiering/lockbox/exceptions', { schema: schemas.listLockboxExceptionsSchema, config: { permission: 'cashiering.batch' } }, async (request) => ({
    exceptions: await listLockboxExceptions(db, { status: request.query.status ?? null, ...(request.query.fileId ? { fileId: request.query.fileId } : {}) }),
  }));

  app.post('/api/cashiering/lockbox/exceptions/:id/resolve', {
    schema: schemas.resolveLockboxExceptionSchema, config: { permission: 'cashiering.batch' },
  }, async (request) => resolveLockboxException(database, { exceptionId: request.params.id, input: request.body, actor: actorOf(request), clock }));
};
