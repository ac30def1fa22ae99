/**
 * General billing over HTTP on a real database: catalog, invoices with idempotency and their PDF,
 * reversal, recurring runs, accrual, dunning (JSON and PDF), the statement PDF, and refusals.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { billingAccounts, insertCustomer, seedBilling } from '../../test/support/billing-fixtures.js';
import { callerFor, testSession, type TestSession } from '../../test/support/http.js';
import { allPermissions } from '../access/index.js';
import { buildServer } from './index.js';

let database: Database;
let app: FastifyInstance;
let session: TestSession;
let cashier: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedBilling(database);
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  session = await testSession(app, database, { permissions: [...allPermissions] });
  cashier = await testSession(app, database, { roles: ['cashier'] });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const call = callerFor(() => ({ app, session }));
const callAsCashier = callerFor(() => ({ app, session: cashier }));
const json = { 'content-type': 'application/json' };

interface InvoiceBody { id: number; invoiceNumber: string; status: string; totalCents: number; accountNumber: string; lines: unknown[] }

async function invoice(customer: string, key: string, lines: unknown[] = [{ item: 'FALSE_ALARM' }], invoiceDate = '2026-08-01') {
  return call<InvoiceBody>({ method: 'POST', url: '/api/invoices', headers: { ...json, 'idempotency-key': key }, payload: { customer, invoiceDate, lines } });
}

function pdfResponse(answer: { status: number; headers: Record<string, unknown>; text: string }, raw: Buffer): string {
  expect(answer.status, answer.text.slice(0, 300)).toBe(200);
  expect(answer.headers['content-type']).toBe('application/pdf');
  expect(String(answer.headers['content-disposition'])).toMatch(/^attachment; filename=".+\.pdf"$/);
  expect(raw.subarray(0, 5).toString()).toBe('%PDF-');
  return raw.toString('latin1');
}

describe('catalog', () => {
  it('adds, lists and changes items; names the field of bad input', async () => {
    const created = await call<{ code: string; fundCode: string }>({ method: 'POST', url: '/api/billing/items', headers: json,
      payload: { code: 'TREE_DAMAGE', name: 'Damage to a street tree', revenueAccount: billingAccounts.alarmFees } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.fundCode).toBe('100');
    const bad = await call({ method: 'POST', url: '/api/billing/items', headers: json, payload: { code: 'BAD_ACCT', name: 'Bad', revenueAccount: billingAccounts.cash } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.error.details)).toContain('"revenueAccount"');
    const changed = await call<{ unitPriceCents: number }>({ method: 'PATCH', url: '/api/billing/items/TREE_DAMAGE', headers: json, payload: { unitPrice: '300.00' } });
    expect(changed.body.unitPriceCents).toBe(30_000);
    const list = await call<{ items: Array<{ code: string }> }>({ method: 'GET', url: '/api/billing/items' });
    expect(list.body.items.map((item) => item.code)).toContain('TREE_DAMAGE');
  });
});

describe('invoices', () => {
  it('needs a key, posts once per key, reads back, prints, and reverses', async () => {
    const customer = await insertCustomer(database, { name: 'Harbor Alarm Co' });
    const noKey = await call({ method: 'POST', url: '/api/invoices', headers: json, payload: { customer: customer.customerNumber, invoiceDate: '2026-08-01', lines: [{ item: 'FALSE_ALARM' }] } });
    expect(noKey.status).toBe(400);
    const first = await invoice(customer.customerNumber, `http-${customer.id}`, [{ item: 'FALSE_ALARM', quantity: 2 }]);
    expect(first.status, first.text).toBe(201);
    expect(first.headers.location).toBe(`/api/invoices/${first.body.id}`);
    expect([first.body.totalCents, first.body.status]).toEqual([30_000, 'open']);
    const replay = await invoice(customer.customerNumber, `http-${customer.id}`, [{ item: 'FALSE_ALARM', quantity: 2 }]);
    expect([replay.status, replay.headers['idempotent-replayed'], replay.body.id]).toEqual([200, 'true', first.body.id]);

    const twoFunds = await invoice(customer.customerNumber, `http-funds-${customer.id}`, [{ item: 'FALSE_ALARM' }, { item: 'HYDRANT_METER' }]);
    expect(twoFunds.status).toBe(400);
    expect(JSON.stringify(twoFunds.error.details)).toContain('"lines[1].item"');

    const listed = await call<{ invoices: InvoiceBody[] }>({ method: 'GET', url: `/api/invoices?customerId=${customer.id}&status=open` });
    expect(listed.body.invoices.map((row) => row.id)).toEqual([first.body.id]);
    const byNumber = await call<InvoiceBody>({ method: 'GET', url: `/api/invoices/${first.body.invoiceNumber}` });
    expect(byNumber.body.lines).toHaveLength(1);

    const pdf = await app.inject({ method: 'GET', url: `/api/invoices/${first.body.id}/pdf`, headers: { cookie: session.cookie } });
    pdfResponse({ status: pdf.statusCode, headers: pdf.headers, text: pdf.body }, pdf.rawPayload);

    const reversed = await call<{ invoice: InvoiceBody; releasedPaymentCents: number }>({ method: 'POST', url: `/api/invoices/${first.body.id}/reverse`,
      headers: json, payload: { reason: 'Alarm was a city test', reversalDate: '2026-08-10' } });
    expect(reversed.status, reversed.text).toBe(200);
    expect([reversed.body.invoice.status, reversed.body.releasedPaymentCents]).toEqual(['reversed', 0]);
    const again = await call({ method: 'POST', url: `/api/invoices/${first.body.id}/reverse`, headers: json, payload: { reason: 'again' } });
    expect([again.status, again.error.code]).toEqual([409, 'already_reversed']);
  });
});

describe('runs', () => {
  it('runs recurring invoices, accrues late charges and dunning (JSON and PDF); prints a statement', async () => {
    const customer = await insertCustomer(database, { name: 'Valley Youth Soccer' });
    const template = await call<{ id: number; nextRunDate: string }>({ method: 'POST', url: '/api/billing/recurring', headers: json,
      payload: { customer: customer.id, frequency: 'monthly', dayOfMonth: 1, startDate: '2026-07-01', lines: [{ item: 'FACILITY_RENTAL', quantity: 2 }] } });
    expect(template.status, template.text).toBe(201);
    const run = await call<{ invoices: Array<{ customerId: number }> }>({ method: 'POST', url: '/api/billing/recurring/run', headers: json, payload: { asOf: '2026-08-01' } });
    expect(run.body.invoices.filter((row) => row.customerId === customer.id)).toHaveLength(2);
    const rerun = await call<{ invoices: unknown[] }>({ method: 'POST', url: '/api/billing/recurring/run', headers: json, payload: { asOf: '2026-08-01' } });
    expect(rerun.body.invoices).toEqual([]);

    const accrued = await call<{ penaltyCents: number; charges: unknown[] }>({ method: 'POST', url: '/api/billing/accrue', headers: json, payload: { asOf: '2026-08-31' } });
    expect(accrued.status, accrued.text).toBe(200);
    expect(accrued.body.penaltyCents).toBeGreaterThan(0);

    const stages = await call<{ stages: Array<{ code: string; daysPastDue: number }> }>({ method: 'GET', url: '/api/billing/dunning-stages' });
    expect(stages.body.stages.map((stage) => stage.daysPastDue)).toEqual([30, 60, 90]);
    const badStages = await call({ method: 'PUT', url: '/api/billing/dunning-stages', headers: json,
      payload: { stages: [{ code: 'reminder', name: 'Reminder', daysPastDue: 45, nextStep: 'Pay' }, { code: 'final', name: 'Final', daysPastDue: 40, nextStep: 'Pay now' }] } });
    expect(badStages.status).toBe(400);
    expect(JSON.stringify(badStages.error.details)).toContain('"stages[1].daysPastDue"');

    const dunning = await call<{ letters: Array<{ customerNumber: string; stageCode: string }> }>({ method: 'POST', url: '/api/billing/dunning/run', headers: json, payload: { asOf: '2026-09-01' } });
    expect(dunning.status, dunning.text).toBe(200);
    expect(dunning.body.letters.find((letter) => letter.customerNumber === customer.customerNumber)?.stageCode).toBe('reminder');
    const batch = await app.inject({ method: 'POST', url: '/api/billing/dunning/run?format=pdf', headers: { ...json, cookie: session.cookie, 'x-csrf-token': session.csrfToken }, payload: { asOf: '2026-10-01' } });
    pdfResponse({ status: batch.statusCode, headers: batch.headers, text: batch.body }, batch.rawPayload);

    const statement = await app.inject({ method: 'GET', url: `/api/customers/${customer.id}/statement.pdf?from=2026-07-01&to=2026-08-31`, headers: { cookie: cashier.cookie } });
    pdfResponse({ status: statement.statusCode, headers: statement.headers, text: statement.body }, statement.rawPayload);
    const badDates = await callAsCashier({ method: 'GET', url: `/api/customers/${customer.id}/statement.pdf?from=2026-08-31&to=2026-07-01` });
    expect(badDates.status).toBe(400);
  });
});

describe('access', () => {
  it('refuses billing to a cashier', async () => {
    const customer = await insertCustomer(database);
    for (const request of [
      { method: 'POST' as const, url: '/api/invoices', headers: { ...json, 'idempotency-key': 'x' }, payload: { customer: customer.id, invoiceDate: '2026-08-01', lines: [{ item: 'FALSE_ALARM' }] } },
      { method: 'GET' as const, url: '/api/invoices' },
      { method: 'POST' as const, url: '/api/billing/items', headers: json, payload: {} },
      { method: 'PUT' as const, url: '/api/billing/dunning-stages', headers: json, payload: { stages: [] } },
    ]) {
      const answer = await callAsCashier(request);
      expect(answer.status, `${request.method} ${request.url}`).toBe(403);
    }
  });
});
