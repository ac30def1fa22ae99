import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import type { IsoDate } from '../shared/dates.js';
import { approvalRegistry, approveRequest } from '../approvals/index.js';
import { getReceivableAccount, receivableApprovalHandlers, setReceivableControl } from '../receivables/index.js';
import { startService } from '../utility/index.js';
import { createTestDatabase } from '../../test/support/database.js';
import { billCycle, seedCollections } from '../../test/support/collections-fixtures.js';
import { testActor } from '../../test/support/ledger-fixtures.js';
import { principal } from '../../test/support/receivables-fixtures.js';
import { acceptedRead, utilityAccounts, utilityCustomer } from '../../test/support/utility-fixtures.js';
import {
  listClosedAccountBalances,
  referClosedAccounts,
  requestClosedAccountWriteOff,
  sendClosedAccountNotices,
  transferClosedBalance,
} from './index.js';

let database: Database;
const today = '2026-11-23' as IsoDate;
const handlers = approvalRegistry(receivableApprovalHandlers());
const clerk = principal('clerk.closed', ['receivables.adjust', 'collections.liens']);
const supervisor = principal('supervisor.closed', ['receivables.approve', 'receivables.adjust']);
type Account = Awaited<ReturnType<typeof utilityCustomer>>;
let moving: Account;
let gone: Account;
let agencyBound: Account;
let stillServed: Account;
let newAccountNumber: string;

/** A sewer-only account for the same customer at a new location (no meter needed). */
async function newAccountFor(customerId: number): Promise<string> {
  const parcel = await sql<{ id: number }>`insert into parcel (apn, situs_line1, situs_city, situs_zip, created_by)
    values ('077-111-222', '1 New Pl', 'Alder Creek', '95603', 'tester') returning id`.execute(database.kysely);
  const location = await sql<{ id: number }>`insert into service_location (parcel_id, location_number, address_line1, created_by)
    values (${parcel.rows[0]?.id}, 'L-777001', '1 New Pl', 'tester') returning id`.execute(database.kysely);
  const account = await startService(database, {
    input: { customerId, serviceLocationId: location.rows[0]?.id, classCode: 'single_family', cycleCode: 'C1', routeCode: 'R1', startedOn: '2026-11-01',
      agreements: [{ serviceType: 'sewer', rateCode: 'SEWER-F' }] },
    actor: testActor,
  });
  return account.accountNumber;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
  await setReceivableControl(database, { kind: 'utility', fundCode: '510', controlAccountCode: utilityAccounts.receivable,
    writeOffAccountCode: '510-5100-58900', actor: testActor });
  moving = await utilityCustomer(database, { name: 'Mona Moving' });
  gone = await utilityCustomer(database, { name: 'Gus Gone' });
  agencyBound = await utilityCustomer(database, { name: '=Carl Closed' });
  stillServed = await utilityCustomer(database, { name: 'Sam Served' });
  for (const account of [moving, gone, agencyBound, stillServed]) await acceptedRead(database, account.meterSerial, '2026-08-31', 1008);
  expect((await billCycle(database, '2026-08-31', '2026-09-02')).billsFinalized).toBe(4);
  // Final billing has its own tests: here the accounts are marked final-billed as it leaves them.
  await sql`update utility_account set status = 'final_billed', stopped_on = '2026-08-31'
    where id = any(${[moving.id, gone.id, agencyBound.id]}::bigint[])`.execute(database.kysely);
  newAccountNumber = await newAccountFor(moving.customerId);
});
afterAll(async () => database?.close());

describe('closed accounts with balances', () => {
  it('lists final-billed and closed accounts owing, with their aging and the customer\'s active account', async () => {
    const listed = await listClosedAccountBalances(database.kysely, { asOf: today });
    expect(listed.map((row) => row.accountNumber).sort()).toEqual([moving, gone, agencyBound].map((a) => a.accountNumber).sort());
    const mona = listed.find((row) => row.accountNumber === moving.accountNumber);
    expect(mona).toMatchObject({ balanceCents: 6600, status: 'final_billed', activeAccountNumber: newAccountNumber, oldestDueDate: '2026-09-23',
      aging: { current: 0, days30: 0, days60: 6600, days90: 0, days120: 0 } });
    expect(listed.find((row) => row.accountNumber === gone.accountNumber)?.activeAccountNumber).toBeNull();
  });

  it('mails final notices once in 30 days, and refuses one for an account still in service, naming it', async () => {
    const sent = await sendClosedAccountNotices(database, { noticeDate: '2026-10-01', actor: testActor });
    expect(sent.noticed).toBe(3);
    expect((await sendClosedAccountNotices(database, { noticeDate: '2026-10-15', actor: testActor })).noticed).toBe(0);
    const notice = await sql<{ noticeType: string; data: Record<string, unknown> }>`select notice_type as "noticeType", data
      from collection_notice where utility_account_id = ${moving.id}`.execute(database.kysely);
    expect(notice.rows[0]).toMatchObject({ noticeType: 'closed_account_final', data: { balanceCents: 6600, activeAccountNumber: newAccountNumber } });
    await expect(sendClosedAccountNotices(database, { accounts: [stillServed.accountNumber], noticeDate: today, actor: testActor }))
      .rejects.toThrow(new RegExp(`${stillServed.accountNumber} is not a final-billed or closed account`));
  });

  it('transfers the balance to the customer\'s active account: one balanced entry, both timelines; refused when there is none', async () => {
    const transfer = await transferClosedBalance(database, { account: moving.accountNumber, transferDate: today, actor: testActor });
    expect(transfer).toMatchObject({ amountCents: 6600, fromAccountNumber: moving.accountNumber, toAccountNumber: newAccountNumber });
    expect((await getReceivableAccount(database.kysely, moving.id, today)).balanceCents).toBe(0);
    expect((await getReceivableAccount(database.kysely, newAccountNumber, today)).balanceCents).toBe(6600);
    const events = await sql<{ eventType: string }>`select event_type as "eventType" from collection_event
      where event_type in ('balance_transferred', 'balance_received') order by id`.execute(database.kysely);
    expect(events.rows.map((row) => row.eventType)).toEqual(['balance_transferred', 'balance_received']);
    await expect(transferClosedBalance(database, { account: gone.accountNumber, transferDate: today, actor: testActor }))
      .rejects.toMatchObject({ code: 'invalid_input', details: { field: 'toAccount' } });
    await expect(transferClosedBalance(database, { account: moving.accountNumber, transferDate: today, actor: testActor }))
      .rejects.toMatchObject({ code: 'invalid_input', details: { field: 'account' } });
  });

  it('files a write-off for approval (maker-checker): nothing moves until someone else approves', async () => {
    const request = await requestClosedAccountWriteOff(database, { account: gone.accountNumber, writeOffDate: today, reasonCode: 'UNCOLLECTIBLE',
      description: 'Moved away, no forwarding address', principal: clerk, handlers });
    expect(request.status).toBe('pending');
    expect((await getReceivableAccount(database.kysely, gone.id, today)).balanceCents).toBe(6600);
    await expect(requestClosedAccountWriteOff(database, { account: gone.accountNumber, writeOffDate: today, reasonCode: 'UNCOLLECTIBLE',
      description: 'again', principal: clerk, handlers })).rejects.toThrow(/already waits for approval/);
    await expect(approveRequest(database, { requestId: request.id, principal: { ...supervisor, username: 'clerk.closed' }, handlers }))
      .rejects.toMatchObject({ code: 'forbidden' });
    await approveRequest(database, { requestId: request.id, principal: supervisor, handlers });
    expect((await getReceivableAccount(database.kysely, gone.id, today)).balanceCents).toBe(0);
  });

  it('refers an account to a collection agency once, with a safe CSV; a second referral is refused, naming the account', async () => {
    const referral = await referClosedAccounts(database, { accounts: [agencyBound.accountNumber], agency: 'Golden State Recovery', referredOn: today, actor: testActor });
    expect(referral).toMatchObject({ referred: 1, totalCents: 6600, agency: 'Golden State Recovery' });
    expect(referral.batch).toMatch(/^REF-20261123-/);
    const [header, row] = referral.csv.trim().split('\r\n');
    expect(header).toBe('Account,Name,Service address,Mailing address,Phone,Amount,Service stopped,Referred');
    expect(row).toContain(`${agencyBound.accountNumber},'=Carl Closed,`);
    expect(row).toContain(',66.00,2026-08-31,2026-11-23');
    await expect(referClosedAccounts(database, { accounts: [agencyBound.accountNumber], agency: 'Another Agency', referredOn: today, actor: testActor }))
      .rejects.toThrow(new RegExp(`${agencyBound.accountNumber} was referred to Golden State Recovery`));
    // Unnamed, the referral takes only accounts noticed 30 days ago and not referred: none are left.
    expect((await referClosedAccounts(database, { agency: 'Golden State Recovery', referredOn: today, actor: testActor })).referred).toBe(0);
    await expect(referClosedAccounts(database, { agency: ' ', referredOn: today, actor: testActor })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
