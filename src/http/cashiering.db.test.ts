/**
 * Who may use which cashiering route over HTTP. The mail desk (a billing clerk with
 * cashiering.batch but no drawer) finds accounts, keys checks into an open mail batch and reads
 * its receipts, but cannot take a payment into a drawer; the accountant (returns, reports) reads a
 * receipt before recording its return; a cashier reads nobody else's drawer.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { customerOwing, seedCashiering } from '../../test/support/cashiering-fixtures.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { callerFor, testSession, type TestSession } from '../../test/support/http.js';
import { buildServer } from './index.js';

let database: Database;
let app: FastifyInstance;
let clerk: TestSession;
let cashier: TestSession;
let accountant: TestSession;
let current: TestSession | null = null;
const call = callerFor(() => ({ app, session: current }));
const as = (session: TestSession) => {
  current = session;
  return call;
};

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCashiering(database);
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  clerk = await testSession(app, database, { roles: ['billing_clerk'] });
  cashier = await testSession(app, database, { roles: ['cashier'] });
  accountant = await testSession(app, database, { roles: ['accountant'] });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('cashiering over HTTP, by role', () => {
  it('lets the mail desk key a mail batch without a drawer, and nothing else', async () => {
    const owing = await customerOwing(database, { water: 4_250 }, 'Mail Desk Customer');
    const opened = await as(clerk)<{ batchNumber: string }>({
      method: 'POST', url: '/api/cashiering/mail-batches', payload: { controlTotalCents: 4_250, controlCount: 1, description: 'Drop box' },
    });
    expect(opened.status).toBe(201);
    const batchNumber = opened.body.batchNumber;

    const found = await as(clerk)<{ matches: Array<{ accountNumber: string | null }> }>({ method: 'GET', url: `/api/cashiering/lookup?q=${owing.water.accountNumber}` });
    expect(found.status).toBe(200);
    expect(found.body.matches.map((match) => match.accountNumber)).toContain(owing.water.accountNumber);

    const payment = {
      lines: [{ account: owing.water.accountNumber, amountCents: 4_250 }],
      tenders: [{ type: 'check', amountCents: 4_250, checkNumber: '1188' }],
    };
    const intoDrawer = await as(clerk)({ method: 'POST', url: '/api/cashiering/payments', headers: { 'idempotency-key': 'mail-desk-drawer' }, payload: payment });
    expect(intoDrawer.status).toBe(403);
    expect(intoDrawer.error.details).toMatchObject({ field: 'batch', permission: 'cashiering.counter' });

    const keyed = await as(clerk)<{ receipt: { receiptNumber: string } }>({
      method: 'POST', url: '/api/cashiering/payments', headers: { 'idempotency-key': 'mail-desk-1' }, payload: { ...payment, batch: batchNumber },
    });
    expect(keyed.status).toBe(201);
    const receiptNumber = keyed.body.receipt.receiptNumber;

    const batch = await as(clerk)<{ paymentCount: number; totalCents: number }>({ method: 'GET', url: `/api/cashiering/batches/${batchNumber}` });
    expect(batch.status).toBe(200);
    expect(batch.body).toMatchObject({ paymentCount: 1, totalCents: 4_250 });
    const receipts = await as(clerk)<{ receipts: Array<{ receiptNumber: string }> }>({ method: 'GET', url: `/api/cashiering/receipts?batch=${batchNumber}` });
    expect(receipts.body.receipts.map((receipt) => receipt.receiptNumber)).toEqual([receiptNumber]);
    expect((await as(clerk)({ method: 'GET', url: `/api/cashiering/receipts/${receiptNumber}` })).status).toBe(200);
    expect((await as(clerk)({ method: 'POST', url: `/api/cashiering/mail-batches/${batchNumber}/close`, payload: {} })).status).toBe(200);

    // The counter's own work stays the counter's.
    expect((await as(clerk)({ method: 'POST', url: '/api/cashiering/sessions', payload: { drawer: 'D1', openingCount: { bill_20: 5 } } })).status).toBe(403);
    expect((await as(clerk)({ method: 'POST', url: `/api/cashiering/receipts/${receiptNumber}/void`, payload: { reason: 'Wrong account' } })).status).toBe(403);
    expect((await as(clerk)({ method: 'GET', url: '/api/cashiering/reports/daily' })).status).toBe(403);

    // The accountant reads the receipt (to record its return) but keys nothing.
    const read = await as(accountant)<{ receiptNumber: string; totalCents: number }>({ method: 'GET', url: `/api/cashiering/receipts/${receiptNumber}` });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ receiptNumber, totalCents: 4_250 });
    const refused = await as(accountant)({ method: 'POST', url: '/api/cashiering/payments', headers: { 'idempotency-key': 'accountant-1' }, payload: { ...payment, batch: batchNumber } });
    expect(refused.status).toBe(403);
    expect(refused.error.message).toMatch(/one of the permissions cashiering\.counter, cashiering\.batch/);
    expect((await as(accountant)({ method: 'GET', url: '/api/cashiering/setup' })).status).toBe(200);
  });

  it('keeps a drawer batch out of the mail desk\'s reach', async () => {
    const owing = await customerOwing(database, { water: 1_000 });
    const session = await as(cashier)<{ batchNumber: string }>({ method: 'POST', url: '/api/cashiering/sessions', payload: { drawer: 'D2', openingCount: { bill_20: 5 } } });
    expect(session.status).toBe(201);
    const intoDrawer = await as(clerk)({
      method: 'POST', url: '/api/cashiering/payments', headers: { 'idempotency-key': 'mail-desk-into-drawer' },
      payload: { batch: session.body.batchNumber, lines: [{ account: owing.water.accountNumber, amountCents: 1_000 }], tenders: [{ type: 'check', amountCents: 1_000, checkNumber: '55' }] },
    });
    expect(intoDrawer.status).toBe(403);
    expect(intoDrawer.error.message).toMatch(/not a mail batch/);
  });

  it('shows the lockbox layouts to the mail desk and to set-up; only set-up changes them, only the mail desk imports', async () => {
    for (const session of [clerk, accountant]) {
      const listed = await as(session)<{ layouts: Array<{ code: string }> }>({ method: 'GET', url: '/api/cashiering/lockbox/layouts' });
      expect(listed.status).toBe(200);
      expect(listed.body.layouts.map((layout) => layout.code)).toEqual(expect.arrayContaining(['credit_union_csv', 'first_california_bank']));
    }
    expect((await as(cashier)({ method: 'GET', url: '/api/cashiering/lockbox/layouts' })).status).toBe(403);
    expect((await as(accountant)({ method: 'GET', url: '/api/cashiering/lockbox/files' })).status).toBe(403);
    expect((await as(clerk)({ method: 'PUT', url: '/api/cashiering/lockbox/layouts/credit_union_csv', payload: { bankName: 'x', spec: {} } })).status).toBe(403);
  });
});
