import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrincipal } from '../shared/actor.js';
import type { IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { cents } from '../shared/money.js';
import { completeServiceOrder, getServiceOrder } from '../utility/index.js';
import { createTestDatabase } from '../../test/support/database.js';
import { billCycle, collectionAccounts, seedCollections } from '../../test/support/collections-fixtures.js';
import { expectAppError } from '../../test/support/ledger-assertions.js';
import { testActor, testClock } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, utilityCustomer } from '../../test/support/utility-fixtures.js';
import {
  addReconnectionFeeSchedule,
  cancelShutoffOrder,
  checkShutoffEligibility,
  closeOffice,
  disconnectionReport,
  disconnectionReportCsv,
  evaluateShutoffEligibility,
  getShutoffOrder,
  insertNotices,
  insertShutoffOrders,
  listOfficeCalendar,
  listProtections,
  loadBusinessCalendar,
  orderReconnection,
  recordProtection,
  releaseShutoffOrder,
  reopenOffice,
  resolveProtection,
  shutoffCompletionGuard,
} from './index.js';

let database: Database;
const today = '2026-11-23' as IsoDate;
const principal = systemPrincipal('test');

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
  // A city of 5,000 connections: SB 998 applies to its residential water accounts.
  await sql`insert into setting (key, value, updated_by) values ('collections.water_system_connections', '5000'::jsonb, 'tester')`.execute(database.kysely);
  await addReconnectionFeeSchedule(database, { actor: testActor, input: {
    effectiveFrom: '2026-07-01', businessHoursCents: 7500, afterHoursCents: 20000, lowIncomeBusinessHoursCapCents: 5000,
    lowIncomeAfterHoursCapCents: 15000, actualCostBusinessHoursCents: 9200, actualCostAfterHoursCents: 24500,
    revenueAccountCode: collectionAccounts.reconnectionFees, authority: 'Resolution 2026-41',
  } });
  await createAccounts();
});
afterAll(async () => database?.close());

const names = ['Evan Eligible', 'Cora Commercial', 'Sam Saturday', 'Pat Protected', 'Rita Release', 'Cal Cancel', 'Mae Medical', 'Lou Lowincome', 'Fay Furlough'];
const accounts = new Map<string, Awaited<ReturnType<typeof utilityCustomer>>>();

/** Every test's account, billed together on 2026-09-02 (due 2026-09-23, unpaid: 61 days past due on the test day). */
async function createAccounts(): Promise<void> {
  for (const name of names) {
    const account = await utilityCustomer(database, { name, ...(name === 'Cora Commercial' ? { classCode: 'commercial' } : {}) });
    await acceptedRead(database, account.meterSerial, '2026-08-31', 1008);
    accounts.set(name, account);
  }
  expect((await billCycle(database, '2026-08-31', '2026-09-02')).billsFinalized).toBe(names.length);
}

/** The named account with an open case, an SB 998 notice mailed 2026-11-06 and a pending shutoff order. */
async function delinquentAccount(name: string) {
  const account = accounts.get(name);
  if (!account) throw new Error(`no account ${name}`);
  const opened = await sql<{ id: number }>`insert into collection_case (utility_account_id, opened_on, delinquent_since, created_by)
    values (${account.id}, '2026-09-28', '2026-09-23', 'tester') returning id`.execute(database.kysely);
  const caseId = opened.rows[0]?.id as number;
  await insertNotices(database.kysely, [{ caseId, utilityAccountId: account.id, noticeType: 'sb998_notice', noticeDate: '2026-11-06' as IsoDate,
    delivery: 'mail', amountDueCents: cents(6600) }], 'tester');
  const [shutoffId] = await insertShutoffOrders(database.kysely, [{ caseId, utilityAccountId: account.id, eligibleOn: today }], 'tester');
  return { ...account, caseId, shutoffId: shutoffId as number };
}

async function refusals(shutoffId: number): Promise<unknown[]> {
  const result = await sql<{ details: unknown }>`select details from audit_log where entity_type = 'shutoff_order' and entity_id = ${String(shutoffId)}
    and outcome = 'refused' order by id`.execute(database.kysely);
  return result.rows.map((row) => row.details);
}

describe('shutoff eligibility and release', () => {
  it('explains an eligible account rule by rule, set-based for several accounts', async () => {
    const account = await delinquentAccount('Evan Eligible');
    const commercial = await delinquentAccount('Cora Commercial');
    const result = await evaluateShutoffEligibility(database.kysely, { accountIds: [account.id, commercial.id, 999_999], asOf: today });
    expect(result.size).toBe(2);
    const eligibility = result.get(account.id);
    expect(eligibility).toMatchObject({ eligible: true, earliestDate: today });
    expect(eligibility?.rules.find((r) => r.code === 'sb998.sixty_days_delinquent')?.reason).toMatch(/^The oldest unpaid bill \(B-\d+, due 2026-09-23\) is 61 days past due/);
    expect(eligibility?.rules.find((r) => r.code === 'sb998.notice_seven_business_days')?.reason).toMatch(/given by mail on 2026-11-06, 10 business days before/);
    // The daily job's view: the same verdicts, and the business calendar it counts with.
    const checks = await checkShutoffEligibility(database.kysely, [account.id, commercial.id], today);
    expect(checks.get(account.id)).toEqual({ eligible: true, earliestDate: today, refusals: [] });
    const calendar = await loadBusinessCalendar(database.kysely, today);
    expect(calendar.addBusinessDays(today, 7)).toBe('2026-12-04');
    expect(calendar.businessDaysBetween(today, '2026-12-04' as IsoDate)).toBe(7);
    const commercialRules = result.get(commercial.id)?.rules ?? [];
    expect(commercialRules.find((r) => r.code === 'sb998.applies')).toMatchObject({ applies: false });
    expect(commercialRules.filter((r) => r.code.startsWith('local.')).every((r) => r.applies)).toBe(true);
  });

  it('release on a Saturday or a state holiday is refused naming sb998.office_open', async () => {
    const account = await delinquentAccount('Sam Saturday');
    for (const day of ['2026-11-28', '2026-11-26'] as IsoDate[]) {
      const error = await expectAppError(releaseShutoffOrder(database, { shutoffId: account.shutoffId, actor: testActor, asOf: day }), 'conflict');
      expect(error.message).toContain('sb998.office_open');
      expect(error.details.rules).toEqual([expect.objectContaining({ code: 'sb998.office_open' })]);
    }
    const order = await getShutoffOrder(database.kysely, account.shutoffId);
    expect(order).toMatchObject({ status: 'pending', refusedRules: ['sb998.office_open'], refusedOn: '2026-11-26' });
    expect(order.refusal?.[0]?.reason).toMatch(/Thanksgiving Day/);
    expect(await refusals(account.shutoffId)).toHaveLength(2);
  });

  it('a shutoff order for a protected account (refused with the reason)', async () => {
    const account = await delinquentAccount('Pat Protected');
    await recordProtection(database, { account: account.accountNumber, actor: testActor, clock: testClock,
      input: { protectionType: 'appeal', receivedOn: '2026-11-20', documentRef: 'Letter disputing the September bill' } });
    const error = await expectAppError(releaseShutoffOrder(database, { shutoffId: account.shutoffId, actor: testActor, asOf: today }), 'conflict');
    expect(error.message).toMatch(/sb998\.no_pending_appeal: Protected: an appeal received 2026-11-20 \(Letter disputing the September bill\) is pending/);
    expect((await getShutoffOrder(database.kysely, account.shutoffId))).toMatchObject({ status: 'pending', refusedRules: ['sb998.no_pending_appeal'], serviceOrderNumber: null });
    const [appeal] = await listProtections(database.kysely, { account: account.id });
    await resolveProtection(database, { protectionId: appeal?.id as number, outcome: 'resolved', reason: 'Bill reviewed: correct', actor: testActor, clock: testClock });
    await expectAppError(resolveProtection(database, { protectionId: appeal?.id as number, outcome: 'withdrawn', reason: 'again', actor: testActor, clock: testClock }), 'conflict');
    const released = await releaseShutoffOrder(database, { shutoffId: account.shutoffId, actor: testActor, asOf: today });
    expect(released).toMatchObject({ status: 'released', releasedOn: today, refusedRules: [] });
  });

  it('releases an eligible order as a shutoff service order; completion checks again, records the day, then reconnection charges the capped fee', async () => {
    const account = await delinquentAccount('Rita Release');
    const released = await releaseShutoffOrder(database, { shutoffId: account.shutoffId, actor: testActor, asOf: today });
    const serviceOrder = await getServiceOrder(database.kysely, released.serviceOrderNumber as string);
    expect(serviceOrder).toMatchObject({ orderType: 'shutoff', utilityAccountId: account.id, status: 'open' });
    await expectAppError(releaseShutoffOrder(database, { shutoffId: account.shutoffId, actor: testActor, asOf: today }), 'conflict');
    const complete = (guarded: boolean) => completeServiceOrder(database, { orderKey: serviceOrder.orderNumber, input: { notes: 'Locked at the curb stop' },
      principal, clock: testClock, ...(guarded ? { shutoffGuard: shutoffCompletionGuard(database) } : {}) });
    // Deny by default: without collections' guard a shutoff order does not complete.
    await expectAppError(complete(false), 'conflict');
    // A bill investigation opened after release stops the field too.
    const { protection } = await recordProtection(database, { account: account.id, actor: testActor, clock: testClock,
      input: { protectionType: 'bill_investigation', documentRef: 'Customer reports a leak on the city side' } });
    const refused = await expectAppError(complete(true), 'conflict');
    expect(refused.message).toContain('sb998.no_pending_appeal');
    expect((await getShutoffOrder(database.kysely, account.shutoffId)).refusedRules).toEqual(['sb998.no_pending_appeal']);
    await resolveProtection(database, { protectionId: protection.id, outcome: 'resolved', reason: 'No leak found', actor: testActor, clock: testClock });
    const done = await complete(true);
    expect(done.completion).toMatchObject({ shutoffId: account.shutoffId, disconnectedOn: today });
    expect(await getShutoffOrder(database.kysely, account.shutoffId)).toMatchObject({ status: 'completed', disconnectedOn: today });
    const after = (await evaluateShutoffEligibility(database.kysely, { accountIds: [account.id], asOf: today })).get(account.id);
    expect(after?.rules.find((r) => r.code === 'local.shutoff_order_open')).toMatchObject({ passed: false, reason: `Service is already shut off (since ${today}).` });

    await recordProtection(database, { account: account.id, actor: testActor, clock: testClock,
      input: { protectionType: 'low_income', householdSize: 3, annualIncomeCents: 3_000_000 } });
    const reconnect = await orderReconnection(database, { shutoffId: account.shutoffId, afterHours: false, actor: testActor, asOf: today });
    // $75.00 fee, actual cost $92.00, low-income cap $50.00.
    expect(reconnect).toMatchObject({ reconnectionFeeCents: 5000, lowIncome: true, reconnectionAfterHours: false });
    const fee = await sql<{ amount: number; account: string }>`select i.amount_cents as amount, a.code as account from receivable_item i
      join account a on a.id = i.offset_account_id where i.receivable_account_id = ${account.id} and i.document_ref = ${reconnect.reconnectOrderNumber}`.execute(database.kysely);
    expect(fee.rows).toEqual([{ amount: 5000, account: collectionAccounts.reconnectionFees }]);
    await expectAppError(orderReconnection(database, { shutoffId: account.shutoffId, afterHours: true, actor: testActor, asOf: today }), 'conflict');
    await completeServiceOrder(database, { orderKey: reconnect.reconnectOrderNumber as string, input: { notes: 'Valve opened' }, principal, clock: testClock,
      shutoffGuard: shutoffCompletionGuard(database) });
    expect(await getShutoffOrder(database.kysely, account.shutoffId)).toMatchObject({ status: 'reconnected', reconnectedOn: today });

    const report = await disconnectionReport(database.kysely, { year: 2026 });
    expect(report.total).toEqual({ disconnections: 1, residential: 1, nonResidential: 0, lowIncome: 1, reconnected: 1 });
    expect(report.months[10]).toMatchObject({ month: 11, disconnections: 1 });
    const csv = disconnectionReportCsv(report);
    expect(csv.split('\r\n')[0]).toBe('period,disconnections_for_nonpayment,residential,non_residential,low_income,reconnected');
    expect(csv).toContain('2026 total,1,1,0,1,1');
  });

  it('cancels a pending or released order with a reason (the field order too)', async () => {
    const account = await delinquentAccount('Cal Cancel');
    await expectAppError(cancelShutoffOrder(database, { shutoffId: account.shutoffId, reason: ' ', actor: testActor, asOf: today }), 'invalid_input');
    const released = await releaseShutoffOrder(database, { shutoffId: account.shutoffId, actor: testActor, asOf: today });
    const cancelled = await cancelShutoffOrder(database, { shutoffId: account.shutoffId, reason: 'Paid in full at the counter', actor: testActor, asOf: today });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Paid in full at the counter' });
    expect((await getServiceOrder(database.kysely, released.serviceOrderNumber as string)).status).toBe('cancelled');
  });
});

describe('protections', () => {
  it('the three medical conditions protect the account and write an arrangement offer', async () => {
    const account = await delinquentAccount('Mae Medical');
    const missing = await expectAppError(recordProtection(database, { account: account.id, actor: testActor, clock: testClock,
      input: { protectionType: 'medical_certification' } }), 'invalid_input');
    expect((missing.details.problems as { field: string }[]).map((p) => p.field)).toEqual(['providerName', 'licenseNumber', 'validUntil']);
    const first = await recordProtection(database, { account: account.id, actor: testActor, clock: testClock,
      input: { protectionType: 'medical_certification', providerName: 'Dr. Ana Ruiz', licenseNumber: 'A123456', validUntil: '2027-05-31' } });
    expect(first).toMatchObject({ mustOfferArrangement: false, protection: { documentRef: 'Dr. Ana Ruiz, license A123456' } });
    const tooRich = await expectAppError(recordProtection(database, { account: account.id, actor: testActor, clock: testClock,
      input: { protectionType: 'inability_to_pay', householdSize: 2, annualIncomeCents: 5_000_000 } }), 'invalid_input');
    expect(tooRich.message).toMatch(/annualIncomeCents: \$50,000.00 is not below 200% of the federal poverty line for a household of 2 \(\$42,300.00/);
    await recordProtection(database, { account: account.id, actor: testActor, clock: testClock,
      input: { protectionType: 'inability_to_pay', program: 'calfresh', caseNumber: 'CF-99812' } });
    const third = await recordProtection(database, { account: account.id, actor: testActor, clock: testClock,
      input: { protectionType: 'willing_arrangement', documentRef: 'Said so by phone, 11/23' } });
    expect(third.mustOfferArrangement).toBe(true);
    expect(third.offerNoticeNumber).toMatch(/^N-2026-/);
    const eligibility = (await evaluateShutoffEligibility(database.kysely, { accountIds: [account.id], asOf: today })).get(account.id);
    expect(eligibility).toMatchObject({ eligible: false, mustOfferArrangement: true });
    expect(eligibility?.rules.find((r) => r.code === 'sb998.medical_certification')?.reason).toMatch(/Offer the customer a payment arrangement/);
    const events = await sql<{ eventType: string }>`select event_type as "eventType" from collection_event where utility_account_id = ${account.id} order by id`.execute(database.kysely);
    expect(events.rows.map((e) => e.eventType)).toEqual(['protection_recorded', 'protection_recorded', 'protection_recorded', 'arrangement_offered']);
    expect(await listProtections(database.kysely, { account: account.accountNumber })).toHaveLength(3);
  });

  it('low income is valid for the set number of months', async () => {
    const account = await delinquentAccount('Lou Lowincome');
    const { protection } = await recordProtection(database, { account: account.id, actor: testActor, clock: testClock,
      input: { protectionType: 'low_income', receivedOn: '2026-11-02', documented: true, documentRef: 'LIHWAP award letter' } });
    expect(protection).toMatchObject({ validUntil: '2027-11-01', status: 'active' });
  });
});

describe('office closures', () => {
  it('closes a weekday (not a weekend or state holiday), reopens it with a reason, and the calendar follows', async () => {
    await expectAppError(closeOffice(database, { input: { closedOn: '2026-12-26', reason: 'x' }, actor: testActor }), 'invalid_input');
    await expectAppError(closeOffice(database, { input: { closedOn: '2026-12-25', reason: 'x' }, actor: testActor }), 'invalid_input');
    await closeOffice(database, { input: { closedOn: '2026-12-24', reason: 'City furlough day' }, actor: testActor });
    await expectAppError(closeOffice(database, { input: { closedOn: '2026-12-24', reason: 'again' }, actor: testActor }), 'conflict');
    const account = await delinquentAccount('Fay Furlough');
    const closed = (await evaluateShutoffEligibility(database.kysely, { accountIds: [account.id], asOf: '2026-12-24' as IsoDate })).get(account.id);
    expect(closed?.rules.find((r) => r.code === 'sb998.office_open')).toMatchObject({ passed: false, reason: expect.stringMatching(/City furlough day/) });
    await reopenOffice(database, { closedOn: '2026-12-24', reason: 'Furlough cancelled by council', actor: testActor });
    const open = (await evaluateShutoffEligibility(database.kysely, { accountIds: [account.id], asOf: '2026-12-24' as IsoDate })).get(account.id);
    expect(open?.rules.find((r) => r.code === 'sb998.office_open')?.passed).toBe(true);
    const calendar = await listOfficeCalendar(database.kysely, 2026);
    expect(calendar.closures).toEqual([expect.objectContaining({ closedOn: '2026-12-24', isClosed: false, reopenReason: 'Furlough cancelled by council' })]);
    expect(calendar.holidays).toHaveLength(11);
    await closeOffice(database, { input: { closedOn: '2026-12-24', reason: 'Closed after all' }, actor: testActor });
    const audit = await sql<{ action: string }>`select action from audit_log where entity_type = 'office_closure' order by id`.execute(database.kysely);
    expect(audit.rows.map((row) => row.action)).toEqual(['collections.close_office', 'collections.reopen_office', 'collections.close_office']);
  });
});
