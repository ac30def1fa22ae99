/**
 * Finding duplicates and merging them through maker-checker approval, on a real database (both
 * engines): everything the merged customer had moves to the survivor, the merged row stays
 * pointing at it, nobody approves their own merge, and `civic verify`'s checks hold afterwards.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalRegistry, approveRequest } from '../approvals/index.js';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { customerInput, openTestReceivableAccount, principalWith, useTestFieldKey } from '../../test/support/customer-fixtures.js';
import { expectAppError } from '../../test/support/ledger-assertions.js';
import { seedLedger, testActor } from '../../test/support/ledger-fixtures.js';
import {
  createCustomer,
  createParcel,
  customerMergeHandler,
  findDuplicateCandidates,
  getCustomer,
  linkCustomerToProperty,
  recordInteraction,
  refreshCustomerSearch,
  requestCustomerMerge,
  searchCustomers,
} from './index.js';
import { customerChecks } from './verify-customers.js';

let database: Database;
const handlers = approvalRegistry([customerMergeHandler()]);
const clerk = principalWith('clerk_a', ['customers.read', 'customers.edit']);
const approver = principalWith('manager_b', ['customers.read', 'receivables.approve']);

beforeAll(async () => {
  useTestFieldKey();
  database = await createTestDatabase();
  await seedLedger(database);
});
afterAll(async () => database?.close());

describe('duplicates and merges', () => {
  it('finds duplicates by TIN last four, contacts and similar name at the same address', async () => {
    const address = { line1: '42 Walnut St', city: 'Davis', state: 'CA', zip: '95616' };
    const a = await createCustomer(database, { input: customerInput({ legalName: 'Catherine Moore', mailingAddress: address, tin: { type: 'ssn', value: '321-54-9876' } }), actor: testActor });
    const b = await createCustomer(database, { input: customerInput({ legalName: 'Catherine Moor', mailingAddress: { ...address, line1: '42 Walnut Street' } }), actor: testActor });
    const c = await createCustomer(database, { input: customerInput({ legalName: 'Someone Else', tin: { type: 'ssn', value: '123-45-9876' } }), actor: testActor });
    const candidates = await findDuplicateCandidates(database.kysely, a.id);
    expect(candidates.map((row) => [row.customerId, row.reasons])).toEqual([
      [b.id, ['similar_name_same_address']],
      [c.id, ['same_tin_last4']],
    ]);
  });

  it('moves contacts, addresses, properties, interactions and accounts to the survivor on approval', async () => {
    const survivor = await createCustomer(database, { input: customerInput({ legalName: 'Harold Finch', phones: [{ value: '5305550177' }] }), actor: testActor });
    const merged = await createCustomer(database, {
      input: customerInput({ legalName: 'Harry Finch', phones: [{ value: '5305550177' }], emails: [{ value: 'hf@example.com' }], tin: { type: 'ssn', value: '234-56-1111' }, flags: { inBankruptcy: true } }),
      actor: testActor,
    });
    const accountId = await openTestReceivableAccount(database, { customerId: merged.id, accountNumber: 'UB-200001' });
    await database.kysely.transaction().execute((tx) => refreshCustomerSearch(tx, [merged.id]));
    const parcel = await createParcel(database, { input: { apn: '111-222-333', situsLine1: '3 Ash St', situsCity: 'Davis', situsZip: '95616' }, actor: testActor });
    await linkCustomerToProperty(database, { customerId: merged.id, input: { parcelId: parcel.id, role: 'tenant' }, actor: testActor });
    await recordInteraction(database, { customerId: merged.id, input: { channel: 'phone', topic: 'Moving in' }, actor: testActor });

    await expectAppError(requestCustomerMerge(database, { input: { survivorId: survivor.id, mergedId: merged.id, reason: 'x' }, principal: principalWith('cashier', ['customers.read']), handlers }), 'forbidden');
    const request = await requestCustomerMerge(database, { input: { survivorId: survivor.id, mergedId: merged.id, reason: 'Same man, nickname' }, principal: clerk, handlers });
    await expectAppError(approveRequest(database, { requestId: request.id, principal: principalWith('clerk_a', ['receivables.approve']), handlers }), 'forbidden');
    await expectAppError(approveRequest(database, { requestId: request.id, principal: principalWith('other', ['customers.edit']), handlers }), 'forbidden');
    const approved = await approveRequest(database, { requestId: request.id, principal: approver, handlers });
    expect(approved.status).toBe('approved');

    const owner = await sql<{ customerId: number }>`select customer_id as "customerId" from receivable_account where id = ${accountId}`.execute(database.kysely);
    expect(owner.rows[0]?.customerId).toBe(survivor.id);
    const after = await getCustomer(database.kysely, { customerId: survivor.id, principal: clerk });
    expect(after.accounts.map((account) => account.accountNumber)).toEqual(['UB-200001']);
    expect(after.properties.map((property) => property.apn)).toEqual(['111-222-333']);
    expect(after.recentInteractions.map((row) => row.topic)).toEqual(['Moving in']);
    expect(after.contacts.filter((contact) => contact.isActive).map((contact) => contact.value).sort()).toEqual(['5305550177', 'hf@example.com']);
    expect(after.pastAddresses).toHaveLength(1);
    expect(after.flags.inBankruptcy).toBe(true);
    expect(after.tin?.display).toBe('***-**-1111');
    const gone = await getCustomer(database.kysely, { customerId: merged.id, principal: clerk });
    expect(gone).toMatchObject({ status: 'merged', mergedIntoId: survivor.id, contacts: [], accounts: [] });
    const record = await sql<{ approvedBy: string; requestedBy: string; moved: { receivableAccounts: number[] } }>`
      select approved_by as "approvedBy", requested_by as "requestedBy", moved from customer_merge where merged_id = ${merged.id}`.execute(database.kysely);
    expect(record.rows[0]).toMatchObject({ approvedBy: 'manager_b', requestedBy: 'clerk_a', moved: { receivableAccounts: [accountId] } });
    const audit = await sql<{ n: number }>`select count(*)::bigint as n from audit_log where action = 'customers.merge'
      and entity_id = ${String(survivor.id)}`.execute(database.kysely);
    expect(audit.rows[0]?.n).toBe(1);

    expect((await searchCustomers(database.kysely, { query: 'UB-200001' }))[0]).toMatchObject({ customerId: survivor.id });
    expect((await searchCustomers(database.kysely, { query: 'harry finch' })).map((row) => row.customerId)).not.toContain(merged.id);
    for (const check of customerChecks) expect(await check.run(database.kysely), check.invariant).toEqual([]);

    await expectAppError(requestCustomerMerge(database, { input: { survivorId: survivor.id, mergedId: merged.id, reason: 'again' }, principal: clerk, handlers }), 'conflict');
    await expectAppError(requestCustomerMerge(database, { input: { survivorId: merged.id, mergedId: survivor.id, reason: 'into merged' }, principal: clerk, handlers }), 'conflict');
    await expectAppError(requestCustomerMerge(database, { input: { survivorId: survivor.id, mergedId: survivor.id, reason: 'self' }, principal: clerk, handlers }), 'invalid_input');
  });

  it('a verify check names a merged customer that still owns an account', async () => {
    const survivor = await createCustomer(database, { input: customerInput(), actor: testActor });
    const merged = await createCustomer(database, { input: customerInput(), actor: testActor });
    const request = await requestCustomerMerge(database, { input: { survivorId: survivor.id, mergedId: merged.id, reason: 'dup' }, principal: clerk, handlers });
    await approveRequest(database, { requestId: request.id, principal: approver, handlers });
    await openTestReceivableAccount(database, { customerId: merged.id, accountNumber: 'UB-200002' });
    const check = customerChecks.find((item) => item.invariant === 'merged_customers_own_nothing');
    const violations = await check?.run(database.kysely);
    expect(violations?.map((violation) => violation.message)).toEqual([`customer ${merged.customerNumber} was merged but still has receivable accounts`]);
  });
});
