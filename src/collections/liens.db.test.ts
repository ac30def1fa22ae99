import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import type { IsoDate } from '../shared/dates.js';
import { importChartCsv } from '../ledger/index.js';
import { postPayment } from '../receivables/index.js';
import { createTestDatabase } from '../../test/support/database.js';
import { billCycle, seedCollections } from '../../test/support/collections-fixtures.js';
import { testActor } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, utilityAccounts, utilityCustomer } from '../../test/support/utility-fixtures.js';
import {
  exportLienRoll,
  getLien,
  getLienPayoff,
  listAccountOnRoll,
  listLiens,
  markPaidLiens,
  payOffLien,
  prepareLienRoll,
  recordLien,
  releaseLien,
  removeLien,
  sendLienNotices,
  setLienRule,
  submitLienRoll,
} from './index.js';

let database: Database;
const today = '2026-11-23' as IsoDate;
type Account = Awaited<ReturnType<typeof utilityCustomer>>;
const accounts: Record<'owner' | 'tenant' | 'paid' | 'held' | 'noApn' | 'arranged' | 'recordOwner', Account> = {} as never;

async function parcelOf(account: Account): Promise<number> {
  const result = await sql<{ parcelId: number }>`select parcel_id as "parcelId" from service_location where id = ${account.serviceLocationId}`.execute(database.kysely);
  return result.rows[0]?.parcelId as number;
}

async function ownsParcel(customerId: number, account: Account): Promise<void> {
  await sql`insert into customer_property (customer_id, parcel_id, service_location_id, role, start_date, created_by)
    values (${customerId}, ${await parcelOf(account)}, ${account.serviceLocationId}, 'owner', '2020-01-01', 'tester')`.execute(database.kysely);
}

async function entryCount(): Promise<number> {
  const result = await sql<{ count: number }>`select count(*)::int as count from journal_entry`.execute(database.kysely);
  return result.rows[0]?.count ?? 0;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
  await importChartCsv(database, { csvText: 'account,name,type,active,fund_name,fund_type,department_name\n510-7100-46300,Lien processing fees,revenue,yes,Water Fund,enterprise,Water Operations\n', actor: testActor });
  const names = { owner: 'Owen Owner', tenant: 'Tina Tenant', paid: 'Paula Paid', held: 'Hector Held', noApn: 'Nadia NoParcel', arranged: 'Arturo Arranged', recordOwner: 'Rita Renter' } as const;
  for (const [key, name] of Object.entries(names) as Array<[keyof typeof accounts, string]>) {
    accounts[key] = await utilityCustomer(database, { name });
    await acceptedRead(database, accounts[key].meterSerial, '2026-08-31', 1008);
    if (key !== 'tenant' && key !== 'recordOwner') await ownsParcel(accounts[key].customerId, accounts[key]);
  }
  // The tenant's landlord is a customer with a mailing address; the other renter's parcel names
  // only an owner of record (one a spreadsheet would run as a formula).
  const landlord = await sql<{ id: number }>`insert into customer (customer_number, customer_type, legal_name, created_by)
    values ('C-555001', 'person', 'Olga Landlord', 'tester') returning id`.execute(database.kysely);
  const landlordId = landlord.rows[0]?.id as number;
  await sql`insert into customer_address (customer_id, line1, city, state, zip, valid_from, created_by)
    values (${landlordId}, '9 Hill Rd', 'Sacramento', 'CA', '95814', '2020-01-01', 'tester')`.execute(database.kysely);
  await ownsParcel(landlordId, accounts.tenant);
  await sql`update parcel set owner_of_record = '=HYPERLINK("http://x")' where id = ${await parcelOf(accounts.recordOwner)}`.execute(database.kysely);
  await sql`update parcel set apn = '000-000-000' where id = ${await parcelOf(accounts.noApn)}`.execute(database.kysely);
  expect((await billCycle(database, '2026-08-31', '2026-09-02')).billsFinalized).toBe(7);
  await postPayment(database, { input: { account: accounts.paid.accountNumber, paymentDate: '2026-09-20', amountCents: 6600, cashAccount: utilityAccounts.waterCash }, actor: testActor });
  await sql`insert into collection_hold (utility_account_id, reason, starts_on, ends_on, created_by)
    values (${accounts.held.id}, 'Disputed bill under review', '2026-11-01', '2026-12-31', 'tester')`.execute(database.kysely);
  await sql`insert into payment_arrangement (arrangement_number, utility_account_id, arrangement_type, principal_cents, starts_on, created_by)
    values ('PA-900001', ${accounts.arranged.id}, 'amortization', 6600, '2026-11-01', 'tester')`.execute(database.kysely);
});
afterAll(async () => database?.close());

describe('the lien roll', () => {
  it('prepares the roll as of a date, set-based, listing owners by APN and reporting every other account with its reasons; money does not move', async () => {
    const entriesBefore = await entryCount();
    const prepared = await prepareLienRoll(database, { fiscalYear: 2027, asOf: today, actor: testActor, today });
    expect(prepared.roll).toMatchObject({ fiscalYear: 2027, status: 'draft', dueToCountyOn: '2026-08-10', lienCount: 1, totalCents: 6600 });
    expect(prepared.listed).toBe(1);
    const byAccount = new Map(prepared.excluded.map((row) => [row.accountNumber, row]));
    expect(byAccount.get(accounts.tenant.accountNumber)?.reasons).toEqual(['not_owner']);
    expect(byAccount.get(accounts.held.accountNumber)?.reasons).toEqual(['on_hold']);
    expect(byAccount.get(accounts.arranged.accountNumber)?.reasons).toEqual(['on_arrangement']);
    expect(byAccount.get(accounts.noApn.accountNumber)?.reasons).toEqual(['no_apn']);
    expect(byAccount.get(accounts.noApn.accountNumber)?.message).toContain(`${accounts.noApn.accountNumber} (Nadia NoParcel) cannot be listed`);
    expect(byAccount.has(accounts.paid.accountNumber)).toBe(false);
    const [lien] = await listLiens(database.kysely, { fiscalYear: 2027 });
    expect(lien).toMatchObject({ accountNumber: accounts.owner.accountNumber, ownerName: 'Owen Owner', customerIsOwner: true, amountCents: 6600,
      payoffCents: 6600, status: 'listed', oldestDueDate: '2026-09-23' });
    expect(lien?.apn).toMatch(/^055-/);
    // Listing is not a posting: the receivable stays on the account.
    expect(await entryCount()).toBe(entriesBefore);
    const again = await prepareLienRoll(database, { fiscalYear: 2027, asOf: today, actor: testActor, today });
    expect(again.listed).toBe(0);
    expect(again.roll.lienCount).toBe(1);
  });

  it('bad input: a lien on an account without an APN is refused, naming the account', async () => {
    const attempt = listAccountOnRoll(database, { fiscalYear: 2027, asOf: today, account: accounts.noApn.accountNumber, actor: testActor, today });
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_input', details: { field: 'account', accountNumber: accounts.noApn.accountNumber, reasons: ['no_apn'] } });
    await expect(attempt).rejects.toThrow(/no parcel with an APN/);
    const refusal = await sql<{ outcome: string; entityId: string }>`select outcome, entity_id as "entityId" from audit_log
      where action = 'collections.list_account_on_lien_roll' order by id desc limit 1`.execute(database.kysely);
    expect(refusal.rows[0]).toEqual({ outcome: 'refused', entityId: accounts.noApn.accountNumber });
    await expect(prepareLienRoll(database, { fiscalYear: 2027, asOf: '2026-11-30', actor: testActor, today })).rejects.toMatchObject({ code: 'invalid_input', details: { field: 'asOf' } });
    await expect(prepareLienRoll(database, { fiscalYear: 27, asOf: today, actor: testActor, today })).rejects.toMatchObject({ details: { field: 'fiscalYear' } });
  });

  it('with tenants included, lists a tenant\'s account against the owner, and never lists charges already on a lien', async () => {
    await setLienRule(database, { input: { effectiveFrom: '2026-11-24', includeTenants: true, minimumCents: 1000, minimumDaysDelinquent: 60,
      authority: 'Council resolution 2026-41' }, actor: testActor });
    const prepared = await prepareLienRoll(database, { fiscalYear: 2028, asOf: '2026-11-24', actor: testActor, today });
    expect(prepared.listed).toBe(2);
    const liens = await listLiens(database.kysely, { fiscalYear: 2028 });
    const tenant = liens.find((lien) => lien.accountNumber === accounts.tenant.accountNumber);
    expect(tenant).toMatchObject({ ownerName: 'Olga Landlord', customerIsOwner: false, customerName: 'Tina Tenant',
      ownerAddress: { line1: '9 Hill Rd', city: 'Sacramento', source: 'customer' } });
    const renter = liens.find((lien) => lien.accountNumber === accounts.recordOwner.accountNumber);
    expect(renter).toMatchObject({ ownerName: '=HYPERLINK("http://x")', ownerAddress: { source: 'situs' } });
    expect(liens.some((lien) => lien.accountNumber === accounts.owner.accountNumber)).toBe(false);
  });

  it('mails lien notices to the owners: the notice data names the owner as addressee, the customer separately', async () => {
    const sent = await sendLienNotices(database, { fiscalYear: 2028, noticeDate: today, actor: testActor });
    expect(sent.noticed).toBe(2);
    expect((await sendLienNotices(database, { fiscalYear: 2028, noticeDate: today, actor: testActor })).noticed).toBe(0);
    const notice = await sql<{ customerId: number; data: Record<string, unknown>; amountDueCents: number; noticeType: string }>`
      select customer_id as "customerId", data, amount_due_cents as "amountDueCents", notice_type as "noticeType"
      from collection_notice where utility_account_id = ${accounts.tenant.id}`.execute(database.kysely);
    expect(notice.rows).toHaveLength(1);
    expect(notice.rows[0]).toMatchObject({ customerId: accounts.tenant.customerId, noticeType: 'lien_notice', amountDueCents: 6600,
      data: { addressee: { name: 'Olga Landlord', isCustomer: false, address: { line1: '9 Hill Rd' } }, customerName: 'Tina Tenant',
        apn: expect.stringMatching(/^055-/), fiscalYear: 2028, taxYear: '2027-28', dueToCountyOn: '2027-08-10' } });
    const lien = await getLien(database.kysely, accounts.tenant.accountNumber);
    expect(lien.status).toBe('noticed');
    expect(lien.noticeNumber).toMatch(/^N-2026-/);
    const timeline = await sql<{ eventType: string }>`select event_type as "eventType" from collection_event
      where utility_account_id = ${accounts.tenant.id} order by id`.execute(database.kysely);
    expect(timeline.rows.map((row) => row.eventType)).toEqual(['lien_listed', 'lien_noticed']);
  });

  it('exports the roll for the county (APN, amount, account, owner), safe against formula injection', async () => {
    const exported = await exportLienRoll(database.kysely, { fiscalYear: 2028 });
    expect(exported.rows).toBe(2);
    const lines = exported.csv.trim().split('\r\n');
    expect(lines[0]).toBe('APN,Amount,Account,Owner,Service address');
    expect(exported.csv).toContain(`66.00,${accounts.tenant.accountNumber},Olga Landlord`);
    expect(exported.csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(exported.fileName).toBe('lien-roll-FY2028.csv');
  });

  it('records a lien (number, date, ten years), refuses the payoff while owed, pays off from the listed charges, releases', async () => {
    await expect(recordLien(database, { lienKey: accounts.tenant.accountNumber, recordingNumber: 'DOC-1', recordedOn: '2026-12-01', actor: testActor, today }))
      .rejects.toMatchObject({ code: 'invalid_input', details: { field: 'recordedOn' } });
    await expect(recordLien(database, { lienKey: accounts.tenant.accountNumber, recordingNumber: ' ', recordedOn: today, actor: testActor, today }))
      .rejects.toMatchObject({ code: 'invalid_input' });
    const recorded = await recordLien(database, { lienKey: accounts.tenant.accountNumber, recordingNumber: '2026-0098765', recordedOn: '2026-11-20', actor: testActor, today });
    expect(recorded).toMatchObject({ status: 'recorded', recordingNumber: '2026-0098765', recordedOn: '2026-11-20', expiresOn: '2036-11-20' });
    await expect(releaseLien(database, { lienKey: recorded.id, releaseRecordingNumber: 'R-1', releasedOn: today, actor: testActor }))
      .rejects.toMatchObject({ code: 'conflict' });
    await expect(payOffLien(database, { lienKey: recorded.id, on: today, actor: testActor })).rejects.toThrow(/\$66\.00 of the lien/);
    // A part payment lowers the payoff: what is still open of the listed charges.
    await postPayment(database, { input: { account: accounts.tenant.accountNumber, paymentDate: today, amountCents: 6000, cashAccount: utilityAccounts.waterCash }, actor: testActor });
    expect((await getLienPayoff(database.kysely, recorded.id)).payoffCents).toBe(600);
    await postPayment(database, { input: { account: accounts.tenant.accountNumber, paymentDate: today, amountCents: 600, cashAccount: utilityAccounts.waterCash }, actor: testActor });
    const paid = await payOffLien(database, { lienKey: recorded.id, on: today, actor: testActor });
    expect(paid).toMatchObject({ status: 'paid_off', paidOffOn: today, payoffCents: 0 });
    const released = await releaseLien(database, { lienKey: recorded.id, releaseRecordingNumber: '2026-0099001', releasedOn: today, actor: testActor });
    expect(released).toMatchObject({ status: 'released', releaseRecordingNumber: '2026-0099001', releasedOn: today });
    const audit = await sql<{ action: string }>`select action from audit_log where entity_type = 'lien' and entity_id = ${String(recorded.id)} order by id`.execute(database.kysely);
    expect(audit.rows.map((row) => row.action)).toEqual(['collections.lien_recorded', 'collections.lien_paid_off', 'collections.lien_released']);
  });

  it('removes an account from the draft roll with a reason; a submitted roll no longer changes', async () => {
    await expect(removeLien(database, { lienKey: accounts.owner.accountNumber, reason: '', on: today, actor: testActor }))
      .rejects.toMatchObject({ code: 'invalid_input' });
    const removed = await removeLien(database, { lienKey: accounts.owner.accountNumber, reason: 'Paid at the counter before submission', on: today, actor: testActor });
    expect(removed).toMatchObject({ status: 'removed', removedReason: 'Paid at the counter before submission' });
    await expect(submitLienRoll(database, { fiscalYear: 2027, on: today, actor: testActor })).rejects.toMatchObject({ code: 'conflict' });
    const submitted = await submitLienRoll(database, { fiscalYear: 2028, on: today, actor: testActor });
    expect(submitted).toMatchObject({ status: 'submitted', submittedOn: today });
    const renter = await getLien(database.kysely, accounts.recordOwner.accountNumber);
    await expect(removeLien(database, { lienKey: renter.id, reason: 'Paid', on: today, actor: testActor })).rejects.toMatchObject({ code: 'conflict' });
    await expect(prepareLienRoll(database, { fiscalYear: 2028, asOf: '2026-11-24', actor: testActor, today })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('charges the rule\'s processing fee through receivables, in the lien amount and its payoff', async () => {
    await setLienRule(database, { input: { effectiveFrom: '2026-11-25', includeTenants: false, processingFeeCents: 2500,
      processingFeeAccountCode: '510-7100-46300', authority: 'Fee resolution 2026-7' }, actor: testActor });
    await expect(setLienRule(database, { input: { effectiveFrom: '2026-11-26', processingFeeCents: 100, authority: 'x' }, actor: testActor }))
      .rejects.toMatchObject({ code: 'invalid_input' });
    const entriesBefore = await entryCount();
    const prepared = await prepareLienRoll(database, { fiscalYear: 2029, asOf: '2026-11-25', actor: testActor, today });
    // The owner's charges are free again (their listing was removed); the fee is one entry.
    expect(prepared.listed).toBe(1);
    expect(prepared.feesCents).toBe(2500);
    expect(await entryCount()).toBe(entriesBefore + 1);
    const lien = await getLien(database.kysely, accounts.owner.accountNumber);
    expect(lien).toMatchObject({ amountCents: 9100, payoffCents: 9100, status: 'listed' });
    expect(lien.feeItemId).not.toBeNull();
  });

  it('the daily job marks paid off, set-based, the liens whose listed charges are paid', async () => {
    const tx = database.kysely;
    expect(await database.kysely.transaction().execute((inner) => markPaidLiens(inner, { on: today, actor: testActor }))).toBe(0);
    await postPayment(database, { input: { account: accounts.owner.accountNumber, paymentDate: today, amountCents: 9100, cashAccount: utilityAccounts.waterCash }, actor: testActor });
    expect(await tx.transaction().execute((inner) => markPaidLiens(inner, { on: today, actor: testActor }))).toBe(1);
    expect(await getLien(database.kysely, accounts.owner.accountNumber)).toMatchObject({ status: 'paid_off', paidOffOn: today, payoffCents: 0 });
  });
});
