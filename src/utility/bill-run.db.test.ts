import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { expectAppError } from '../../test/support/ledger-assertions.js';
import { testActor, testClock } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, seedUtility, utilityAccounts, utilityCustomer } from '../../test/support/utility-fixtures.js';
import { getJournalEntry, verifyLedger } from '../ledger/index.js';
import { getReceivableAccount, postPayment, receivableChecks } from '../receivables/index.js';
import {
  cancelBill,
  finalizeBillRun,
  getBill,
  getBillRegister,
  getUtilityAccount,
  holdBill,
  releaseBill,
  runBills,
  stopService,
  transferService,
  utilityChecks,
} from './index.js';

let database: Database;
const d = (text: string) => text as IsoDate;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedUtility(database);
});
afterAll(async () => database?.close());

async function violations(): Promise<string[]> {
  const found = [...(await verifyLedger(database.kysely))];
  for (const check of [...receivableChecks, ...utilityChecks]) found.push(...(await check.run(database.kysely)));
  return found.map((violation) => violation.message);
}

describe('a bill run, from reads to the ledger', () => {
  it('calculates tentative bills, lists exceptions on the register, finalizes them once and posts revenue by fund', async () => {
    const regular = await utilityCustomer(database, { name: 'Ana Regular' });
    const heavy = await utilityCustomer(database, { name: 'Bo Heavy' });
    const unread = await utilityCustomer(database, { name: 'Cy Unread' });
    await acceptedRead(database, regular.meterSerial, '2026-08-31', 1008); // 8 HCF
    await acceptedRead(database, heavy.meterSerial, '2026-08-31', 1025); // 25 HCF
    const input = { cycleCode: 'C1', throughDate: '2026-08-31', billDate: '2026-09-02' };
    const calculated = await runBills(database, { input, actor: testActor, clock: testClock });
    expect(calculated.billsCreated).toBe(3);
    expect(calculated.run.status).toBe('tentative');
    const register = await getBillRegister(database.kysely, { runKey: calculated.run.id, all: true });
    const byAccount = new Map(register.bills.map((bill) => [bill.accountNumber, bill]));
    // $20.00 fixed + 8 × $2.00 + $30.00 sewer = $66.00; 10 × $2 + 15 × $3 + $20 + $30 = $115.00.
    expect(byAccount.get(regular.accountNumber)?.currentChargesCents).toBe(6600);
    expect(byAccount.get(heavy.accountNumber)?.currentChargesCents).toBe(11_500);
    expect(byAccount.get(unread.accountNumber)?.status).toBe('held');
    expect(byAccount.get(unread.accountNumber)?.exceptions).toContain('no_read');
    expect(register.exceptions.find((row) => row.code === 'no_read')?.count).toBe(1);
    expect(register.byService.find((row) => row.revenueAccount === utilityAccounts.sewer)?.amountCents).toBe(9000);

    // Running the same cycle and date again continues nothing and creates nothing.
    const again = await runBills(database, { input, actor: testActor, clock: testClock });
    expect(again.billsCreated).toBe(0);
    expect(again.wasExisting).toBe(true);

    const finalized = await finalizeBillRun(database, { runKey: calculated.run.runNumber, actor: testActor });
    expect(finalized.billsFinalized).toBe(2);
    expect(finalized.run.status).toBe('finalized');
    expect(finalized.run.heldCount).toBe(1);
    expect((await finalizeBillRun(database, { runKey: calculated.run.id, actor: testActor })).billsFinalized).toBe(0);
    expect((await runBills(database, { input, actor: testActor, clock: testClock })).billsCreated).toBe(0);

    const bill = await getBill(database.kysely, (byAccount.get(regular.accountNumber) as { billNumber: string }).billNumber);
    expect(bill.status).toBe('final');
    expect(bill.reads[0]).toMatchObject({ meterSerial: regular.meterSerial, fromReading: 1000, toReading: 1008 });
    const entry = await getJournalEntry(database.kysely, bill.journalEntryId as number);
    const net = (code: string) => entry.lines.filter((line) => line.accountCode === code).reduce((sum, line) => sum + line.debitCents - line.creditCents, 0);
    expect(net(utilityAccounts.receivable)).toBe(18_100);
    expect(net(utilityAccounts.sewer)).toBe(-6000);
    expect(net(utilityAccounts.dueToSewer)).toBe(-6000);
    expect(net(utilityAccounts.dueFromWater)).toBe(6000);
    expect((await getReceivableAccount(database.kysely, regular.id, d('2026-09-30'))).balanceCents).toBe(6600);
    expect((await getUtilityAccount(database.kysely, regular.id)).billedThrough).toBe('2026-08-31');
    expect(await violations()).toEqual([]);
  });

  it('holds and releases single bills; a released bill of a final run posts at once', async () => {
    const account = await utilityCustomer(database, { name: 'Di Late Read', cycleCode: 'C1' });
    const read = await utilityCustomer(database, { name: 'Hal Read' });
    await acceptedRead(database, read.meterSerial, '2026-09-30', 1012);
    const run = await runBills(database, { input: { cycleCode: 'C1', throughDate: '2026-09-30', billDate: '2026-10-01' }, actor: testActor, clock: testClock });
    const register = await getBillRegister(database.kysely, { runKey: run.run.id, all: true });
    const target = register.bills.find((bill) => bill.accountNumber === account.accountNumber);
    expect(target?.status).toBe('held'); // no read yet
    await expectAppError(holdBill(database, { billKey: target?.billNumber as string, reason: 'x', actor: testActor }), 'conflict');
    const other = register.bills.find((bill) => bill.accountNumber === read.accountNumber) as { billNumber: string; status: string };
    expect(other.status).toBe('tentative');
    await expectAppError(holdBill(database, { billKey: other.billNumber, reason: ' ', actor: testActor }), 'invalid_input');
    const held = await holdBill(database, { billKey: other.billNumber, reason: 'Customer disputes the read', actor: testActor });
    expect(held.status).toBe('held');
    await finalizeBillRun(database, { runKey: run.run.id, actor: testActor });
    expect((await getBill(database.kysely, other.billNumber)).status).toBe('held');
    const released = await releaseBill(database, { billKey: other.billNumber, note: 'Read confirmed', actor: testActor });
    expect(released.status).toBe('final');
    expect(released.journalEntryId).not.toBeNull();
    expect(await violations()).toEqual([]);
  });

  it('cancels and rebills a final bill: the charge reversed, the corrected bill linked, a payment moved to it', async () => {
    const account = await utilityCustomer(database, { name: 'Ed Misread', startedOn: '2026-10-01' });
    await acceptedRead(database, account.meterSerial, '2026-10-31', 1090); // 90 HCF: misread
    const run = await runBills(database, { input: { cycleCode: 'C1', throughDate: '2026-10-31', billDate: '2026-11-02' }, actor: testActor, clock: testClock });
    await finalizeBillRun(database, { runKey: run.run.id, actor: testActor });
    const [original] = (await getBillRegister(database.kysely, { runKey: run.run.id, all: true })).bills.filter((bill) => bill.accountNumber === account.accountNumber);
    expect(original?.billKind).toBe('first');
    expect(original?.exceptions).not.toContain('no_read');
    // 10 × 2 + 80 × 3 + 20 + 30 = $310.00
    expect(original?.currentChargesCents).toBe(31_000);
    await postPayment(database, { input: { account: account.accountNumber, paymentDate: '2026-11-05', amountCents: 31_000, cashAccount: utilityAccounts.waterCash, reference: 'CHK 77' }, actor: testActor });
    // The read was 1009, not 1090: fix the read, then cancel and rebill.
    await sql`update meter_read set status = 'superseded' where read_date = '2026-10-31' and meter_id = (select id from meter where serial = ${account.meterSerial})`.execute(database.kysely);
    await acceptedRead(database, account.meterSerial, '2026-10-31', 1009);
    await expectAppError(cancelBill(database, { billKey: original?.billNumber as string, reason: '', actor: testActor, clock: testClock }), 'invalid_input');
    const { cancelled, corrected } = await cancelBill(database, { billKey: original?.billNumber as string, reason: 'Misread meter', on: '2026-11-10', actor: testActor, clock: testClock });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.replacedByBillId).toBe(corrected?.id);
    expect(corrected).toMatchObject({ billKind: 'rebill', status: 'final', replacesBillId: cancelled.id, currentChargesCents: 6800 });
    // The $310.00 paid covers the corrected $68.00; $242.00 stays a credit on the account.
    expect((await getReceivableAccount(database.kysely, account.id, d('2026-11-30'))).balanceCents).toBe(-24_200);
    await expectAppError(cancelBill(database, { billKey: cancelled.billNumber, reason: 'again', actor: testActor, clock: testClock }), 'conflict');
    expect(await violations()).toEqual([]);
  });

  it('bills a move-out as the final bill and a transfer starts the next customer the next day', async () => {
    const account = await utilityCustomer(database, { name: 'Flo Mover', startedOn: '2026-11-01', cycleCode: 'C1' });
    const newCustomer = await sql<{ id: number }>`insert into customer (customer_number, customer_type, legal_name, created_by)
      values ('C-612345', 'person', 'Gus Newcomer', 'tester') returning id`.execute(database.kysely);
    const { stopped, started } = await transferService(database, {
      input: { account: account.accountNumber, toCustomerId: newCustomer.rows[0]?.id as number, on: '2026-11-15', readings: { [account.meterSerial]: 1004 } },
      actor: testActor,
    });
    expect(stopped.stoppedOn).toBe('2026-11-15');
    expect(started.startedOn).toBe('2026-11-16');
    await acceptedRead(database, account.meterSerial, '2026-11-30', 1010);
    // A commercial customer pays the $200.00 deposit at move-in and moves out on the 20th.
    const depositor = await utilityCustomer(database, { name: 'Hana Shop', startedOn: '2026-11-01', classCode: 'commercial' });
    expect(depositor.deposits).toMatchObject([{ amountCents: 20_000, status: 'billed' }]);
    expect(depositor.balanceCents).toBe(20_000);
    await postPayment(database, { input: { account: depositor.accountNumber, paymentDate: '2026-11-02', amountCents: 20_000, cashAccount: utilityAccounts.waterCash, reference: 'Deposit' }, actor: testActor });
    await stopService(database, { input: { account: depositor.id, stoppedOn: '2026-11-20', readings: { [depositor.meterSerial]: 1005 } }, actor: testActor });
    const run = await runBills(database, { input: { cycleCode: 'C1', throughDate: '2026-11-30', billDate: '2026-12-01' }, actor: testActor, clock: testClock });
    const bills = (await getBillRegister(database.kysely, { runKey: run.run.id, all: true })).bills;
    const final = bills.find((bill) => bill.accountNumber === stopped.accountNumber);
    const first = bills.find((bill) => bill.accountNumber === started.accountNumber);
    expect(final).toMatchObject({ billKind: 'final', periodFrom: '2026-11-01', periodTo: '2026-11-15', consumption: '4.0000' });
    expect(first).toMatchObject({ billKind: 'first', periodFrom: '2026-11-16', periodTo: '2026-11-30', consumption: '6.0000' });
    await finalizeBillRun(database, { runKey: run.run.id, actor: testActor });
    expect((await getUtilityAccount(database.kysely, stopped.id)).status).toBe('final_billed');
    const depositorFinal = bills.find((bill) => bill.accountNumber === depositor.accountNumber);
    expect(depositorFinal).toMatchObject({ billKind: 'final', periodTo: '2026-11-20', consumption: '5.0000' });
    const afterFinal = await getUtilityAccount(database.kysely, depositor.id, d('2026-12-31'));
    expect(afterFinal.deposits).toMatchObject([{ status: 'applied', appliedCents: 20_000 }]);
    // The deposit paid the final bill; the rest is a credit to refund.
    expect(afterFinal.balanceCents).toBe((depositorFinal?.currentChargesCents ?? 0) - 20_000);
    await expectAppError(stopService(database, { input: { account: stopped.id, stoppedOn: '2026-11-20' }, actor: testActor }), 'conflict');
    expect(await violations()).toEqual([]);
  });

  it('keeps bill lines and reads immutable and their references checked by statement', async () => {
    const line = await sql<{ billId: number }>`select bill_id as "billId" from bill_line limit 1`.execute(database.kysely);
    const billId = line.rows[0]?.billId as number;
    const refused = (query: Promise<unknown>) => query.then(() => 'written', (error: Error) => error.message);
    expect(await refused(sql`update bill_line set amount_cents = 1 where bill_id = ${billId}`.execute(database.kysely))).toContain('never changed or deleted');
    expect(await refused(sql`delete from bill where id = ${billId}`.execute(database.kysely))).toContain('never changed or deleted');
    expect(await refused(sql`insert into bill_line (bill_id, line_number, service_type, component, description, amount_cents, revenue_account_id)
      values (-1, 1, 'water', 'flat', 'x', 1, (select id from account limit 1))`.execute(database.kysely))).toContain('names no bill');
    expect(await refused(sql`insert into bill_line (bill_id, line_number, service_type, component, description, amount_cents, revenue_account_id)
      values (${billId}, 99, 'water', 'flat', 'x', 1, -5)`.execute(database.kysely))).toContain('names no account');
    expect(await refused(sql`insert into bill_read (bill_id, meter_id, consumption) values (${billId}, -7, 0)`.execute(database.kysely))).toContain('names no meter');
  });

  it('checks the posted rows\' references by statement and keeps their parents (migration 030)', async () => {
    const refused = (query: Promise<unknown>) => query.then(() => 'written', (error: Error) => error.message);
    const item = await sql<{ id: number; accountId: number; entryId: number }>`select id, receivable_account_id as "accountId",
        journal_entry_id as "entryId" from receivable_item order by id limit 1`.execute(database.kysely);
    const { accountId, entryId } = item.rows[0] as { accountId: number; entryId: number };
    const posted = await sql<{ id: number }>`select account_id as id from journal_line where entry_id = ${entryId} limit 1`.execute(database.kysely);
    expect(await refused(sql`delete from account where id = ${posted.rows[0]?.id as number}`.execute(database.kysely))).toContain('has postings');
    expect(await refused(sql`delete from receivable_account where id = ${accountId}`.execute(database.kysely))).toContain('cannot be deleted');
    expect(await refused(sql`truncate customer cascade`.execute(database.kysely))).toMatch(/not allowed/);
    expect(await refused(sql`insert into receivable_application (credit_item_id, debit_item_id, amount_cents, applied_on, created_by)
      values (-1, -2, 1, '2026-12-01', 'test')`.execute(database.kysely))).toMatch(/does not exist|names/);
  });

  it('names each missing parent, one check per parent probed by its index (migration 031)', async () => {
    const refused = (query: Promise<unknown>) => query.then(() => 'written', (error: Error & { code?: string }) => `${error.code}: ${error.message}`);
    const bill = (await sql<{ id: number; accountId: number }>`select id, utility_account_id as "accountId" from bill order by id limit 1`.execute(database.kysely)).rows[0] as { id: number; accountId: number };
    const credit = (await sql<{ id: number }>`select id from receivable_item where amount_cents < 0 order by id limit 1`.execute(database.kysely)).rows[0] as { id: number };
    const assessment = (accountId: number, entryId: number | null) => sql`insert into penalty_assessment (bill_id, utility_account_id, assessed_on, outcome,
        current_base_cents, past_due_base_cents, computed_cents, amount_cents, journal_entry_id, created_by)
      values (${bill.id}, ${accountId}, '2026-12-07', 'no_rule', 0, 0, 0, 0, ${entryId}, 'test')`.execute(database.kysely);
    expect(await refused(assessment(-4, null))).toBe(`23503: penalty assessment of bill ${bill.id} names no utility account -4`);
    expect(await refused(assessment(bill.accountId, -8))).toBe(`23503: penalty assessment of bill ${bill.id} names no journal entry -8`);
    expect(await refused(sql`insert into receivable_application (credit_item_id, debit_item_id, amount_cents, applied_on, created_by)
      values (${credit.id}, -2, 1, '2026-12-01', 'test')`.execute(database.kysely))).toBe(`23503: application of item ${credit.id} to item -2 names a debit item that does not exist`);
    const meter = (await sql<{ id: number }>`select m.id from meter m
      where not exists (select 1 from bill_read r where r.bill_id = ${bill.id} and r.meter_id = m.id) order by m.id limit 1`.execute(database.kysely)).rows[0] as { id: number };
    expect(await refused(sql`insert into bill_read (bill_id, meter_id, consumption, to_read_id) values (${bill.id}, ${meter.id}, 0, -3)`.execute(database.kysely)))
      .toBe(`23503: bill read of bill ${bill.id} names no meter read (to)`);
    // The checks keep their plan settings: one index probe per row, never a scan of the parent.
    const settings = await sql<{ name: string; config: string[] | null }>`select proname as name, proconfig as config from pg_proc
      where proname like '%references_check' or proname = 'ledger_check_entry_has_lines' order by 1`.execute(database.kysely);
    expect(settings.rows.length).toBe(13);
    for (const row of settings.rows) expect(row.config?.join(','), row.name).toMatch(/enable_(hashjoin|seqscan)=off/);
  });

  it('refuses a second open run of a cycle and an unknown cycle', async () => {
    await runBills(database, { input: { cycleCode: 'C1', throughDate: '2026-12-31', billDate: '2027-01-02' }, actor: testActor, clock: testClock });
    await expectAppError(runBills(database, { input: { cycleCode: 'C1', throughDate: '2027-01-31', billDate: '2027-02-02' }, actor: testActor, clock: testClock }), 'conflict');
    await expectAppError(runBills(database, { input: { cycleCode: 'NOPE', throughDate: '2026-12-31' }, actor: testActor, clock: testClock }), 'invalid_input');
  });
});
