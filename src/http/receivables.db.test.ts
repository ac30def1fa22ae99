/**
 * Receivables over HTTP: the Customer 360 balances, charges and payments with idempotency keys,
 * a memo over the threshold going to approval, the aging report (JSON and a formula-safe CSV),
 * and who may do what.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { customerWithAccount, receivableAccounts, seedReceivables } from '../../test/support/receivables-fixtures.js';
import { callerFor, testSession, type TestSession } from '../../test/support/http.js';
import { buildServer } from './index.js';

let database: Database;
let app: FastifyInstance;
let clerk: TestSession;
let cashier: TestSession;
let manager: TestSession;
let current: TestSession | null = null;
const call = callerFor(() => ({ app, session: current }));
const as = (session: TestSession) => {
  current = session;
  return call;
};

beforeAll(async () => {
  database = await createTestDatabase();
  await seedReceivables(database);
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  clerk = await testSession(app, database, { roles: ['billing_clerk'] });
  cashier = await testSession(app, database, { roles: ['cashier'] });
  manager = await testSession(app, database, { permissions: ['receivables.approve', 'customers.read', 'approvals.read_all'] });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('receivables API', () => {
  it('charges, pays (idempotently) and shows the balance on the Customer 360 call', async () => {
    const { account, customerId } = await customerWithAccount(database, '=HYPERLINK("http://evil.example","Click")');
    const charge = await as(clerk)({
      method: 'POST', url: `/api/receivable-accounts/${account.accountNumber}/charges`,
      headers: { 'idempotency-key': `charge-${account.id}` },
      payload: { chargeDate: '2026-08-01', dueDate: '2026-08-31', lines: [{ revenueAccount: receivableAccounts.alarmFees, amount: '150.00', description: 'False alarm' }] },
    });
    expect(charge.status).toBe(201);
    const noKey = await as(cashier)({
      method: 'POST', url: `/api/receivable-accounts/${account.accountNumber}/payments`,
      payload: { paymentDate: '2026-09-01', amountCents: 20_000, cashAccount: receivableAccounts.cash },
    });
    expect(noKey.status).toBe(400);
    const pay = () => as(cashier)({
      method: 'POST', url: `/api/receivable-accounts/${account.accountNumber}/payments`,
      headers: { 'idempotency-key': `pay-${account.id}` },
      payload: { paymentDate: '2026-09-01', amountCents: 20_000, cashAccount: receivableAccounts.cash, reference: 'Receipt 77' },
    });
    const paid = await pay();
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ appliedCents: 15_000, creditLeftCents: 5_000 });
    const again = await pay();
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const view = await as(cashier)<{ totals: { balanceCents: number; unappliedCreditCents: number }; accounts: Array<{ accountNumber: string }> }>({
      method: 'GET', url: `/api/customers/${customerId}/receivables?asOf=2026-09-30`,
    });
    expect(view.status).toBe(200);
    expect(view.body.totals).toMatchObject({ balanceCents: -5_000, unappliedCreditCents: 5_000 });
    const activity = await as(cashier)<{ items: Array<{ itemType: string; balanceAfterCents: number }> }>({
      method: 'GET', url: `/api/receivable-accounts/${account.accountNumber}/activity`,
    });
    expect(activity.body.items.map((item) => [item.itemType, item.balanceAfterCents])).toEqual([['payment', -5_000], ['charge', 15_000]]);
  });

  it('refuses a cashier a charge, and anyone a payment of "12.345"', async () => {
    const { account } = await customerWithAccount(database);
    const refused = await as(cashier)({
      method: 'POST', url: `/api/receivable-accounts/${account.accountNumber}/charges`, headers: { 'idempotency-key': 'x1' },
      payload: { chargeDate: '2026-08-01', dueDate: '2026-08-31', lines: [{ revenueAccount: receivableAccounts.alarmFees, amountCents: 100, description: 'x' }] },
    });
    expect(refused.status).toBe(403);
    const bad = await as(cashier)({
      method: 'POST', url: `/api/receivable-accounts/${account.accountNumber}/payments`, headers: { 'idempotency-key': 'x2' },
      payload: { paymentDate: '2026-09-01', amount: '12.345', cashAccount: receivableAccounts.cash },
    });
    expect(bad.status).toBe(400);
    expect(bad.error.code).toBe('invalid_input');
    expect(JSON.stringify(bad.error.details)).toContain('amount');
  });

  it('files a large credit memo for approval; the manager approves it', async () => {
    const { account } = await customerWithAccount(database);
    await as(clerk)({
      method: 'POST', url: `/api/receivable-accounts/${account.accountNumber}/charges`, headers: { 'idempotency-key': `c-${account.id}` },
      payload: { chargeDate: '2026-08-01', dueDate: '2026-08-31', lines: [{ revenueAccount: receivableAccounts.alarmFees, amountCents: 90_000, description: 'Damage to city property' }] },
    });
    const memo = await as(clerk)<{ status: string; request: { id: number } }>({
      method: 'POST', url: `/api/receivable-accounts/${account.accountNumber}/memos`,
      payload: { memoType: 'credit', memoDate: '2026-09-02', amountCents: 50_000, offsetAccount: receivableAccounts.alarmFees, reasonCode: 'BILLING_ERROR', description: 'Billed twice' },
    });
    expect(memo.status).toBe(202);
    expect(memo.body.status).toBe('pending_approval');
    const approved = await as(manager)({ method: 'POST', url: `/api/approvals/${memo.body.request.id}/approve`, payload: {} });
    expect(approved.status).toBe(200);
    const balance = await as(manager)<{ balanceCents: number }>({ method: 'GET', url: `/api/receivable-accounts/${account.accountNumber}?asOf=2026-09-30` });
    expect(balance.body.balanceCents).toBe(40_000);
  });

  it('posts a small memo once however often it is retried with its key', async () => {
    const { account } = await customerWithAccount(database);
    await as(clerk)({
      method: 'POST', url: `/api/receivable-accounts/${account.accountNumber}/charges`, headers: { 'idempotency-key': `m-${account.id}` },
      payload: { chargeDate: '2026-08-01', dueDate: '2026-08-31', lines: [{ revenueAccount: receivableAccounts.alarmFees, amountCents: 9_000, description: 'Alarm' }] },
    });
    const memo = () => as(clerk)<{ status: string; result: { isReplay: boolean; entry: { id: number } } }>({
      method: 'POST', url: `/api/receivable-accounts/${account.accountNumber}/memos`,
      payload: { idempotencyKey: `memo-${account.id}`, memoType: 'credit', memoDate: '2026-09-02', amountCents: 1_000,
        offsetAccount: receivableAccounts.alarmFees, reasonCode: 'CUSTOMER_SERVICE', description: 'Goodwill' },
    });
    const first = await memo();
    const second = await memo();
    expect(first.body.status).toBe('posted');
    expect(second.body.result.isReplay).toBe(true);
    expect(second.body.result.entry.id).toBe(first.body.result.entry.id);
    const balance = await as(clerk)<{ balanceCents: number }>({ method: 'GET', url: `/api/receivable-accounts/${account.accountNumber}?asOf=2026-09-30` });
    expect(balance.body.balanceCents).toBe(8_000);
  });

  it('exports the aging report as CSV with names made safe for spreadsheets', async () => {
    const csv = await as(clerk)({ method: 'GET', url: '/api/receivables/aging?asOf=2026-12-31&format=csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\n')[0]).toContain('account,customer');
    expect(csv.text).not.toMatch(/(^|,)=HYPERLINK/m);
    const json = await as(clerk)<{ accountCount: number; totals: { totalCents: number } }>({ method: 'GET', url: '/api/receivables/aging?asOf=2026-12-31' });
    expect(json.body.accountCount).toBeGreaterThan(0);
  });
});
