/**
 * Utility bill runs and bills over HTTP: a run started in the background (202, then progress to
 * the end), the register with its filters and pages, hold and release, finalize (202 and its
 * progress; a clerk without utility.bills.finalize is refused), a bill with its lines and reads,
 * cancel and rebill, the account with its bills; and the refusals a clerk meets (a bad cycle, a
 * hold without a reason, cancelling a tentative bill).
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { asUser, callerFor, testSession, type TestSession } from '../../test/support/http.js';
import { extractPdfText } from '../documents/index.js';
import { acceptedRead, seedUtility, utilityAccounts, utilityCustomer } from '../../test/support/utility-fixtures.js';
import { buildServer } from './index.js';

interface Progress {
  state: 'running' | 'failed' | 'stalled' | 'idle';
  phase: 'calculate' | 'finalize' | null;
  done: number;
  total: number | null;
  error: { code: string; message: string } | null;
}
interface Run {
  id: number;
  runNumber: string;
  status: string;
  billCount: number;
  heldCount: number;
  totalCents: number;
}
interface RunAnswer {
  run: Run;
  progress: Progress;
  isStarted?: boolean;
}
interface Bill {
  id: number;
  billNumber: string;
  accountNumber: string;
  status: string;
  exceptions: string[];
  currentChargesCents: number;
  holdReason: string | null;
  replacesBillId: number | null;
  replacedByBillId: number | null;
  lines: Array<{ revenueAccount: string; amountCents: number }>;
  reads: Array<{ meterSerial: string; fromReading: number | null; toReading: number | null }>;
}
interface Register {
  run: Run;
  byService: Array<{ revenueAccount: string; amountCents: number }>;
  byStatus: Array<{ status: string; count: number }>;
  exceptions: Array<{ code: string; count: number }>;
  bills: Bill[];
  billsTotal: number;
}

let database: Database;
let app: FastifyInstance;
let clerk: TestSession;
let reviewer: TestSession;
let reader: TestSession;
let current: TestSession | null = null;
const call = callerFor(() => ({ app, session: current }));
const as = (session: TestSession) => {
  current = session;
  return call;
};

beforeAll(async () => {
  database = await createTestDatabase();
  await seedUtility(database);
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  clerk = await testSession(app, database, { roles: ['billing_clerk'] });
  reviewer = await testSession(app, database, { permissions: ['utility.read', 'utility.bills'] });
  reader = await testSession(app, database, { permissions: ['utility.read'] });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** Polls the run until this server is done with it. */
async function settled(session: TestSession, runId: number): Promise<RunAnswer> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const answer = await as(session)<RunAnswer>({ method: 'GET', url: `/api/utility/bill-runs/${runId}` });
    expect(answer.status).toBe(200);
    if (answer.body.progress.state !== 'running') return answer.body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`bill run ${runId} did not finish`);
}

describe('utility bill runs over HTTP', () => {
  it('runs a cycle in the background, reviews the register, holds and releases, finalizes, cancels and rebills', async () => {
    const ana = await utilityCustomer(database, { name: 'Ana Http' });
    const bo = await utilityCustomer(database, { name: 'Bo Http' });
    const cy = await utilityCustomer(database, { name: 'Cy Unread Http' });
    await acceptedRead(database, ana.meterSerial, '2026-08-31', 1008); // 8 HCF: $66.00
    await acceptedRead(database, bo.meterSerial, '2026-08-31', 1025); // 25 HCF: $115.00

    const setup = await as(reader)<{ cycles: Array<{ code: string; accountCount: number; routes: unknown[] }> }>({ method: 'GET', url: '/api/utility/setup' });
    expect(setup.status).toBe(200);
    expect(setup.body.cycles.find((cycle) => cycle.code === 'C1')?.accountCount).toBe(3);

    const input = { cycleCode: 'C1', throughDate: '2026-08-31', billDate: '2026-09-02' };
    const start = await as(reviewer)<RunAnswer>({ method: 'POST', url: '/api/utility/bill-runs', payload: input });
    expect(start.status).toBe(202);
    expect(start.body).toMatchObject({ isStarted: true, progress: { state: 'running', phase: 'calculate' } });
    expect(start.headers.location).toBe(`/api/utility/bill-runs/${start.body.run.id}`);
    const runId = start.body.run.id;
    const calculated = await settled(reviewer, runId);
    expect(calculated.run).toMatchObject({ status: 'tentative', billCount: 3, heldCount: 1, totalCents: 6600 + 11_500 + 5000 });
    expect(calculated.progress.state).toBe('idle');

    // The same cycle and date again: nothing to start, the run is answered.
    const again = await as(reviewer)<RunAnswer>({ method: 'POST', url: '/api/utility/bill-runs', payload: input });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ isStarted: false, run: { id: runId } });
    const listed = await as(reader)<{ runs: RunAnswer[] }>({ method: 'GET', url: '/api/utility/bill-runs?cycle=C1' });
    expect(listed.body.runs.map((row) => row.run.id)).toContain(runId);

    // The register: exceptions by default, every bill with all=true, filters and pages.
    const register = await as(reader)<Register>({ method: 'GET', url: `/api/utility/bill-runs/${start.body.run.runNumber}/register` });
    expect(register.status).toBe(200);
    expect(register.body.bills.map((bill) => bill.accountNumber)).toEqual([cy.accountNumber]);
    expect(register.body.exceptions).toContainEqual({ code: 'no_read', count: 1 });
    expect(register.body.byService.find((row) => row.revenueAccount === utilityAccounts.sewer)?.amountCents).toBe(9000);
    const everything = await as(reader)<Register>({ method: 'GET', url: `/api/utility/bill-runs/${runId}/register?all=true&limit=2` });
    expect(everything.body.billsTotal).toBe(3);
    expect(everything.body.bills).toHaveLength(2);
    const secondPage = await as(reader)<Register>({ method: 'GET', url: `/api/utility/bill-runs/${runId}/register?all=true&limit=2&offset=2` });
    expect(secondPage.body.bills).toHaveLength(1);
    const tentative = await as(reader)<Register>({ method: 'GET', url: `/api/utility/bill-runs/${runId}/register?all=true&status=tentative` });
    expect(tentative.body.bills.map((bill) => bill.accountNumber).sort()).toEqual([ana.accountNumber, bo.accountNumber].sort());
    const noRead = await as(reader)<Register>({ method: 'GET', url: `/api/utility/bill-runs/${runId}/register?exception=no_read` });
    expect(noRead.body.billsTotal).toBe(1);
    expect((await as(reader)({ method: 'GET', url: `/api/utility/bill-runs/${runId}/register?exception=bogus` })).status).toBe(400);

    const boBill = tentative.body.bills.find((bill) => bill.accountNumber === bo.accountNumber) as Bill;
    const anaBill = tentative.body.bills.find((bill) => bill.accountNumber === ana.accountNumber) as Bill;
    // Hold: a reason is required; release makes it tentative again.
    const noReason = await as(reviewer)({ method: 'POST', url: `/api/utility/bills/${boBill.billNumber}/hold`, payload: { reason: '  ' } });
    expect(noReason.status).toBe(400);
    expect(noReason.error).toMatchObject({ code: 'invalid_input', details: { field: 'reason' } });
    expect((await as(reader)({ method: 'POST', url: `/api/utility/bills/${boBill.billNumber}/hold`, payload: { reason: 'Looks high' } })).status).toBe(403);
    const held = await as(reviewer)<Bill>({ method: 'POST', url: `/api/utility/bills/${boBill.billNumber}/hold`, payload: { reason: 'Looks high' } });
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ status: 'held', holdReason: 'Looks high' });
    expect((await as(reviewer)({ method: 'POST', url: `/api/utility/bills/${boBill.billNumber}/hold`, payload: { reason: 'Twice' } })).status).toBe(409);
    const released = await as(reviewer)<Bill>({ method: 'POST', url: `/api/utility/bills/${boBill.id}/release`, payload: { note: 'Read confirmed' } });
    expect(released.body).toMatchObject({ status: 'tentative', holdReason: null });

    // A tentative bill is not cancelled (it is held or recalculated).
    const tentativeCancel = await as(reviewer)({ method: 'POST', url: `/api/utility/bills/${anaBill.billNumber}/cancel`, payload: { reason: 'Misread' } });
    expect(tentativeCancel.status).toBe(409);

    // Finalize: not without utility.bills.finalize; in the background for the clerk who has it.
    const refused = await as(reviewer)({ method: 'POST', url: `/api/utility/bill-runs/${runId}/finalize`, payload: {} });
    expect(refused.status).toBe(403);
    expect(refused.error.details).toMatchObject({ permission: 'utility.bills.finalize' });
    const finalizing = await as(clerk)<RunAnswer>({ method: 'POST', url: `/api/utility/bill-runs/${runId}/finalize` });
    expect(finalizing.status).toBe(202);
    expect(finalizing.body.progress).toMatchObject({ state: 'running', phase: 'finalize' });
    const finalized = await settled(clerk, runId);
    // The progress says why when it did not finish (seen once on a loaded machine).
    expect(finalized.run, JSON.stringify(finalized.progress)).toMatchObject({ status: 'finalized', heldCount: 1 });
    const finalizedAgain = await as(clerk)<RunAnswer>({ method: 'POST', url: `/api/utility/bill-runs/${runId}/finalize`, payload: {} });
    expect(finalizedAgain.status).toBe(200);
    expect(finalizedAgain.body.isStarted).toBe(false);

    // The bill as data: lines and reads.
    const bill = await as(reader)<Bill>({ method: 'GET', url: `/api/utility/bills/${anaBill.billNumber}` });
    expect(bill.status).toBe(200);
    expect(bill.body).toMatchObject({ status: 'final', currentChargesCents: 6600 });
    expect(bill.body.reads[0]).toMatchObject({ meterSerial: ana.meterSerial, fromReading: 1000, toReading: 1008 });
    expect(bill.body.lines.reduce((sum, line) => sum + line.amountCents, 0)).toBe(6600);
    expect((await as(reader)({ method: 'GET', url: '/api/utility/bills/B-99999999' })).status).toBe(404);
    // The bill as the resident got it: a PDF with the amount and the stub's scan line, marked COPY.
    const pdf = await app.inject(asUser(reader, { method: 'GET', url: `/api/utility/bills/${anaBill.billNumber}/pdf` }));
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const text = extractPdfText(pdf.rawPayload);
    expect(text).toContain(anaBill.billNumber);
    expect(text).toContain('COPY');
    expect(text).toContain('$66.00');

    // Cancel and rebill: a reason is required; the corrected bill names the one it replaces.
    expect((await as(reviewer)({ method: 'POST', url: `/api/utility/bills/${anaBill.billNumber}/cancel`, payload: { reason: '' } })).status).toBe(400);
    expect((await as(reader)({ method: 'POST', url: `/api/utility/bills/${anaBill.billNumber}/cancel`, payload: { reason: 'Misread' } })).status).toBe(403);
    const corrected = await as(reviewer)<{ cancelled: Bill; corrected: Bill }>({
      method: 'POST', url: `/api/utility/bills/${anaBill.billNumber}/cancel`, payload: { reason: 'Customer asked for a check of the read', on: '2026-09-10' },
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.cancelled).toMatchObject({ status: 'cancelled', replacedByBillId: corrected.body.corrected.id });
    expect(corrected.body.corrected).toMatchObject({ status: 'final', replacesBillId: anaBill.id, currentChargesCents: 6600 });

    // The account: services, meters, balance and its bills (the cancelled one and its correction).
    const account = await as(reader)<{ account: { accountNumber: string; balanceCents: number; agreements: unknown[] }; meters: Array<{ serial: string }>; bills: Bill[] }>({
      method: 'GET', url: `/api/utility/accounts/${ana.accountNumber}`,
    });
    expect(account.status).toBe(200);
    expect(account.body.account).toMatchObject({ accountNumber: ana.accountNumber, balanceCents: 6600 });
    expect(account.body.account.agreements).toHaveLength(2);
    expect(account.body.meters.map((meter) => meter.serial)).toEqual([ana.meterSerial]);
    expect(account.body.bills.map((row) => row.status).sort()).toEqual(['cancelled', 'final']);
    expect((await as(reader)({ method: 'GET', url: `/api/utility/accounts/${ana.id}` })).status).toBe(200);
    expect((await as(reader)({ method: 'GET', url: '/api/utility/accounts/999999' })).status).toBe(404);
  });

  it('refuses a bad cycle, a bad date, a second open run, and finalizing a run that does not exist', async () => {
    const unknown = await as(reviewer)({ method: 'POST', url: '/api/utility/bill-runs', payload: { cycleCode: 'NOPE', throughDate: '2026-09-30' } });
    expect(unknown.status).toBe(400);
    expect(unknown.error).toMatchObject({ code: 'invalid_input', details: { field: 'cycle' } });
    const badDate = await as(reviewer)({ method: 'POST', url: '/api/utility/bill-runs', payload: { cycleCode: 'C1', throughDate: '2026-09-31' } });
    expect(badDate.status).toBe(400);
    expect(badDate.error.details).toMatchObject({ field: 'throughDate' });
    const earlyBill = await as(reviewer)({ method: 'POST', url: '/api/utility/bill-runs', payload: { cycleCode: 'C1', throughDate: '2026-09-30', billDate: '2026-09-01' } });
    expect(earlyBill.status).toBe(400);
    expect((await as(reader)({ method: 'POST', url: '/api/utility/bill-runs', payload: { cycleCode: 'C1', throughDate: '2026-09-30' } })).status).toBe(403);

    const open = await as(reviewer)<RunAnswer>({ method: 'POST', url: '/api/utility/bill-runs', payload: { cycleCode: 'C1', throughDate: '2026-09-30', billDate: '2026-10-01' } });
    expect([200, 202]).toContain(open.status);
    const calculated = await settled(reviewer, open.body.run.id);
    expect(calculated.run.billCount).toBeGreaterThan(0);

    // A server stopped mid-run leaves it calculating with nobody on it: stalled, and started again it continues.
    await sql`update bill_run set status = 'calculating' where id = ${open.body.run.id}`.execute(database.kysely);
    const stalled = await as(reader)<RunAnswer>({ method: 'GET', url: `/api/utility/bill-runs/${open.body.run.id}` });
    expect(stalled.body.progress).toMatchObject({ state: 'stalled', phase: 'calculate', done: calculated.run.billCount, total: null });
    const resumed = await as(reviewer)<RunAnswer>({ method: 'POST', url: '/api/utility/bill-runs', payload: { cycleCode: 'C1', throughDate: '2026-09-30' } });
    expect([200, 202]).toContain(resumed.status);
    expect(resumed.body.run.id).toBe(open.body.run.id);
    expect((await settled(reviewer, open.body.run.id)).run.status).toBe('tentative');
    const second = await as(reviewer)({ method: 'POST', url: '/api/utility/bill-runs', payload: { cycleCode: 'C1', throughDate: '2026-10-31', billDate: '2026-11-01' } });
    expect(second.status).toBe(409);
    expect((await as(clerk)({ method: 'POST', url: '/api/utility/bill-runs/999999/finalize', payload: {} })).status).toBe(404);
    expect((await as(reader)({ method: 'GET', url: '/api/utility/bill-runs/BR-2026-9999' })).status).toBe(404);
    expect((await as(reader)({ method: 'GET', url: '/api/utility/bill-runs/not-a-run' })).status).toBe(400);
  });
});
