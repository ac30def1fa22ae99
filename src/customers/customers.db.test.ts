/**
 * Customers on a real database (both engines): every use case writes what it says with its audit
 * row, bad input names the field and writes nothing, the TIN never reaches the database in clear
 * and is shown masked, addresses keep their history, and follow-ups reach their clerk.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import type { FieldProblem } from '../shared/errors.js';
import { createTestDatabase } from '../../test/support/database.js';
import { customerInput, principalWith, useTestFieldKey } from '../../test/support/customer-fixtures.js';
import { createTestUser } from '../../test/support/http.js';
import { expectAppError } from '../../test/support/ledger-assertions.js';
import { seedLedger, testActor, testClock } from '../../test/support/ledger-fixtures.js';
import { customerChecks } from './verify-customers.js';
import {
  addContact,
  changeMailingAddress,
  completeFollowUp,
  createCustomer,
  createParcel,
  createServiceLocation,
  deactivateContact,
  endCustomerPropertyRole,
  findParcels,
  getCustomer,
  getParcel,
  linkCustomerToProperty,
  listFollowUps,
  listInteractions,
  recordInteraction,
  revealTin,
  updateCustomer,
} from './index.js';

let database: Database;

beforeAll(async () => {
  useTestFieldKey();
  database = await createTestDatabase();
  await seedLedger(database);
});
afterAll(async () => database?.close());

const clerk = principalWith('tester', ['customers.read', 'customers.edit']);
const manager = principalWith('manager', ['customers.read', 'customers.tin']);

async function count(table: string): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::bigint as n from ${sql.table(table)}`.execute(database.kysely);
  return result.rows[0]?.n ?? 0;
}

async function auditActions(entityId: number): Promise<string[]> {
  const result = await sql<{ action: string }>`select action from audit_log
    where entity_type = 'customer' and entity_id = ${String(entityId)} order by id`.execute(database.kysely);
  return result.rows.map((row) => row.action);
}

function problemFields(details: Record<string, unknown>): string[] {
  const problems = details.problems as FieldProblem[] | undefined;
  return problems ? problems.map((problem) => problem.field) : [String(details.field)];
}

describe('creating and changing customers', () => {
  it('creates a customer with contacts, address, TIN and flags, numbered from the sequence, audited', async () => {
    const customer = await createCustomer(database, {
      input: customerInput({
        legalName: 'Maria Elena Gonzalez',
        preferredLanguage: 'es',
        phones: [{ value: '(530) 555-0101', label: 'mobile' }],
        emails: [{ value: 'Maria.G@Example.com' }],
        tin: { type: 'ssn', value: '123-45-6789' },
        flags: { isCashOnly: true },
      }),
      actor: testActor,
      clock: testClock,
    });
    expect(customer.customerNumber).toMatch(/^C-\d{6}$/);
    expect(customer).toMatchObject({ legalName: 'Maria Elena Gonzalez', preferredLanguage: 'es', tinType: 'ssn', tinLast4: '6789' });
    expect(customer.flags).toEqual({ isCashOnly: true, hasReturnedMail: false, isDeceased: false, inBankruptcy: false, hasCollectionsHold: false });
    // Encrypted at rest: the column never holds the digits.
    const stored = await sql<{ tin: string; search: string }>`select tin_ciphertext as tin, search_text as search from customer
      where id = ${customer.id}`.execute(database.kysely);
    expect(stored.rows[0]?.tin).toMatch(/^v1:/);
    expect(stored.rows[0]?.tin).not.toContain('123456789');
    expect(stored.rows[0]?.tin).not.toContain('6789');
    expect(stored.rows[0]?.search).toContain('5305550101');
    expect(stored.rows[0]?.search).toContain('maria.g@example.com');
    expect(stored.rows[0]?.search).not.toContain('6789');
    const audit = await sql<{ after: string }>`select after_data::text as after from audit_log where action = 'customers.create'
      and entity_id = ${String(customer.id)}`.execute(database.kysely);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]?.after).not.toContain('123456789');

    const detail = await getCustomer(database.kysely, { customerId: customer.id, principal: clerk });
    expect(detail.tin).toEqual({ type: 'ssn', display: '***-**-6789', canReveal: false });
    expect(detail.contacts.map((contact) => contact.display)).toEqual(['maria.g@example.com', '(530) 555-0101']);
    expect(detail.mailingAddress?.oneLine).toMatch(/Oak St, Davis, CA 95616$/);
    expect(detail.mailingAddress?.validFrom).toBe('2026-11-23');
    expect((await getCustomer(database.kysely, { customerId: customer.id, principal: manager })).tin?.canReveal).toBe(true);
  });

  it('reveals the full TIN only to customers.tin, and audits each look', async () => {
    const customer = await createCustomer(database, { input: customerInput({ tin: { type: 'ein', value: '12-3456789' } }), actor: testActor });
    await expectAppError(revealTin(database, { customerId: customer.id, principal: clerk }), 'forbidden');
    expect(await revealTin(database, { customerId: customer.id, principal: manager })).toEqual({ customerId: customer.id, type: 'ein', tin: '12-3456789' });
    expect(await auditActions(customer.id)).toEqual(['customers.create', 'customers.reveal_tin']);
  });

  it('refuses bad input naming each field, and writes nothing', async () => {
    const before = await Promise.all(['customer', 'customer_contact', 'customer_address', 'audit_log'].map(count));
    const error = await expectAppError(
      createCustomer(database, {
        input: customerInput({
          legalName: ' ',
          phones: [{ value: '530-555-0101' }, { value: '12345' }],
          emails: [{ value: 'bob@' }],
          mailingAddress: { line1: '1 Elm', city: 'Davis', state: 'CA', zip: '9561' },
        }),
        actor: testActor,
      }),
      'invalid_input',
    );
    expect(problemFields(error.details).sort()).toEqual(['emails[0].value', 'legalName', 'mailingAddress.zip', 'phones[1].value']);
    expect(await Promise.all(['customer', 'customer_contact', 'customer_address', 'audit_log'].map(count))).toEqual(before);
  });

  it('stores a formula-looking name exactly as typed', async () => {
    const customer = await createCustomer(database, { input: customerInput({ legalName: '=HYPERLINK("http://evil","x")' }), actor: testActor });
    expect(customer.legalName).toBe('=HYPERLINK("http://evil","x")');
  });

  it('updates names, flags and the TIN, auditing before and after', async () => {
    const customer = await createCustomer(database, { input: customerInput({ legalName: 'Old Name' }), actor: testActor });
    const updated = await updateCustomer(database, {
      customerId: customer.id,
      changes: { legalName: 'New Name', dbaName: 'New Name Bakery', flags: { inBankruptcy: true }, tin: { type: 'ssn', value: '234-56-7890' } },
      actor: testActor,
    });
    expect(updated).toMatchObject({ legalName: 'New Name', dbaName: 'New Name Bakery', tinLast4: '7890' });
    expect(updated.flags.inBankruptcy).toBe(true);
    const search = await sql<{ s: string }>`select search_text as s from customer where id = ${customer.id}`.execute(database.kysely);
    expect(search.rows[0]?.s).toContain('new name bakery');
    const removed = await updateCustomer(database, { customerId: customer.id, changes: { tin: null }, actor: testActor });
    expect(removed.tinType).toBeNull();
    const error = await expectAppError(updateCustomer(database, { customerId: customer.id, changes: { preferredLanguage: 'xx', flags: { isGreat: true } as never }, actor: testActor }), 'invalid_input');
    expect(problemFields(error.details).sort()).toEqual(['flags.isGreat', 'preferredLanguage']);
    expect(await auditActions(customer.id)).toEqual(['customers.create', 'customers.update', 'customers.update']);
    await expectAppError(updateCustomer(database, { customerId: 999_999, changes: { legalName: 'X' }, actor: testActor }), 'not_found');
  });
});

describe('contacts and addresses', () => {
  it('adds and deactivates contacts, refusing duplicates and bad values by field', async () => {
    const customer = await createCustomer(database, { input: customerInput(), actor: testActor });
    const phone = await addContact(database, { customerId: customer.id, input: { kind: 'phone', value: '916.555.0199', label: 'work' }, actor: testActor });
    expect(phone).toMatchObject({ kind: 'phone', value: '9165550199', display: '(916) 555-0199', label: 'work', isActive: true });
    await expectAppError(addContact(database, { customerId: customer.id, input: { kind: 'phone', value: '(916) 555-0199' }, actor: testActor }), 'conflict');
    const bad = await expectAppError(addContact(database, { customerId: customer.id, input: { kind: 'email', value: 'nope' }, actor: testActor }), 'invalid_input');
    expect(problemFields(bad.details)).toEqual(['value']);
    const off = await deactivateContact(database, { customerId: customer.id, contactId: phone.id, actor: testActor });
    expect(off.isActive).toBe(false);
    await expectAppError(deactivateContact(database, { customerId: customer.id, contactId: phone.id, actor: testActor }), 'conflict');
    const search = await sql<{ s: string }>`select search_text as s from customer where id = ${customer.id}`.execute(database.kysely);
    expect(search.rows[0]?.s).not.toContain('9165550199');
  });

  it('keeps address history: the current row ends when a new one begins', async () => {
    const customer = await createCustomer(database, { input: customerInput(), actor: testActor, clock: testClock });
    await updateCustomer(database, { customerId: customer.id, changes: { flags: { hasReturnedMail: true } }, actor: testActor });
    const bad = await expectAppError(
      changeMailingAddress(database, { customerId: customer.id, address: { line1: '9 Pine Ave', city: 'Davis', state: 'CA', zip: 'ABCDE' }, actor: testActor }),
      'invalid_input',
    );
    expect(problemFields(bad.details)).toEqual(['mailingAddress.zip']);
    await expectAppError(
      changeMailingAddress(database, { customerId: customer.id, address: { line1: '9 Pine Ave', city: 'Davis', state: 'CA', zip: '95616' }, validFrom: '2026-01-01', actor: testActor }),
      'invalid_input',
    );
    const added = await changeMailingAddress(database, {
      customerId: customer.id,
      address: { line1: '9 Pine Ave', line2: 'Apt 2', city: 'Woodland', state: 'ca', zip: '95695-1234' },
      validFrom: '2026-12-01',
      actor: testActor,
    });
    expect(added.oneLine).toBe('9 Pine Ave Apt 2, Woodland, CA 95695-1234');
    const detail = await getCustomer(database.kysely, { customerId: customer.id, principal: clerk });
    expect(detail.mailingAddress?.id).toBe(added.id);
    expect(detail.pastAddresses).toHaveLength(1);
    expect(detail.pastAddresses[0]?.validTo).toBe('2026-12-01');
    expect(detail.flags.hasReturnedMail).toBe(false);
    const search = await sql<{ s: string }>`select search_text as s from customer where id = ${customer.id}`.execute(database.kysely);
    expect(search.rows[0]?.s).toContain('9 pine ave');
    expect(search.rows[0]?.s).not.toContain('oak st');
  });
});

describe('parcels, service locations and roles', () => {
  it('creates parcels with normalized APNs, refuses malformed ones and duplicates by field', async () => {
    const parcel = await createParcel(database, { input: { apn: '038150012', situsLine1: '500 Elm St', situsCity: 'Davis', situsZip: '95616', ownerOfRecord: 'Elm Holdings LLC' }, actor: testActor });
    expect(parcel.apn).toBe('038-150-012');
    const duplicate = await expectAppError(createParcel(database, { input: { apn: '038-150-012', situsLine1: 'x', situsCity: 'Davis', situsZip: '95616' }, actor: testActor }), 'conflict');
    expect(duplicate.details.field).toBe('apn');
    const bad = await expectAppError(createParcel(database, { input: { apn: '38-15', situsLine1: '', situsCity: 'Davis', situsZip: '956' }, actor: testActor }), 'invalid_input');
    expect(problemFields(bad.details).sort()).toEqual(['apn', 'situsLine1', 'situsZip']);
    expect((await findParcels(database.kysely, { apn: '038150' })).map((row) => row.apn)).toEqual(['038-150-012']);
    expect((await findParcels(database.kysely, { apn: '038-150-012' })).map((row) => row.apn)).toEqual(['038-150-012']);
  });

  it('links owners and tenants (both at once too), at service locations, and ends roles', async () => {
    const parcel = await createParcel(database, { input: { apn: '123-456-78', situsLine1: '77 Cedar Ln', situsCity: 'Davis', situsZip: '95616' }, actor: testActor });
    const unitA = await createServiceLocation(database, { parcelId: parcel.id, input: { addressLine1: '77 Cedar Ln', unit: 'A' }, actor: testActor });
    expect(unitA.locationNumber).toMatch(/^L-\d{6}$/);
    const other = await createParcel(database, { input: { apn: '123-456-79', situsLine1: '79 Cedar Ln', situsCity: 'Davis', situsZip: '95616' }, actor: testActor });
    const customer = await createCustomer(database, { input: customerInput(), actor: testActor });
    const owner = await linkCustomerToProperty(database, { customerId: customer.id, input: { parcelId: parcel.id, role: 'owner', startDate: '2020-05-01' }, actor: testActor });
    const tenant = await linkCustomerToProperty(database, { customerId: customer.id, input: { parcelId: parcel.id, serviceLocationId: unitA.id, role: 'tenant' }, actor: testActor, clock: testClock });
    expect(tenant).toMatchObject({ role: 'tenant', apn: '123-456-78', locationNumber: unitA.locationNumber, startDate: '2026-11-23' });
    await expectAppError(linkCustomerToProperty(database, { customerId: customer.id, input: { parcelId: parcel.id, role: 'owner' }, actor: testActor }), 'conflict');
    const wrongLocation = await expectAppError(
      linkCustomerToProperty(database, { customerId: customer.id, input: { parcelId: other.id, serviceLocationId: unitA.id, role: 'tenant' }, actor: testActor }),
      'invalid_input',
    );
    expect(wrongLocation.details.field).toBe('serviceLocationId');
    const badRole = await expectAppError(linkCustomerToProperty(database, { customerId: customer.id, input: { parcelId: parcel.id, role: 'landlord' }, actor: testActor }), 'invalid_input');
    expect(problemFields(badRole.details)).toEqual(['role']);
    let search = await sql<{ s: string }>`select search_text as s from customer where id = ${customer.id}`.execute(database.kysely);
    expect(search.rows[0]?.s).toContain('123-456-78');
    expect(search.rows[0]?.s).toContain('77 cedar ln');

    await expectAppError(endCustomerPropertyRole(database, { customerPropertyId: owner.id, endDate: '2019-01-01', actor: testActor }), 'invalid_input');
    const ended = await endCustomerPropertyRole(database, { customerPropertyId: tenant.id, endDate: '2026-12-31', actor: testActor });
    expect(ended.endDate).toBe('2026-12-31');
    await expectAppError(endCustomerPropertyRole(database, { customerPropertyId: tenant.id, actor: testActor }), 'conflict');
    const detail = await getParcel(database.kysely, parcel.id);
    expect(detail.serviceLocations.map((location) => location.id)).toEqual([unitA.id]);
    expect(detail.people.map((person) => [person.role, person.endDate])).toEqual([['owner', null], ['tenant', '2026-12-31']]);
    await endCustomerPropertyRole(database, { customerPropertyId: owner.id, endDate: '2026-12-31', actor: testActor });
    search = await sql<{ s: string }>`select search_text as s from customer where id = ${customer.id}`.execute(database.kysely);
    expect(search.rows[0]?.s).not.toContain('123-456-78');
    expect(await auditActions(customer.id)).toEqual([
      'customers.create', 'customers.link_property', 'customers.link_property', 'customers.end_property_role', 'customers.end_property_role',
    ]);
  });
});

describe('interactions and follow-ups', () => {
  it('notes interactions and lists a clerk their open follow-ups', async () => {
    const { username } = await createTestUser(database, { roles: ['billing_clerk'] });
    const customer = await createCustomer(database, { input: customerInput(), actor: testActor });
    const call = await recordInteraction(database, {
      customerId: customer.id,
      input: { channel: 'phone', topic: 'High bill question', notes: 'Says a leak was fixed on 11/20', followUpOn: '2026-11-30', followUpUser: username },
      actor: testActor,
      clock: testClock,
    });
    expect(call).toMatchObject({ channel: 'phone', recordedBy: 'tester', followUpUser: username, followUpOn: '2026-11-30', followUpDoneAt: null });
    await recordInteraction(database, { customerId: customer.id, input: { channel: 'counter', topic: 'Paid in cash' }, actor: testActor });
    const own = await recordInteraction(database, { customerId: customer.id, input: { channel: 'email', topic: 'Send statement', followUpOn: '2026-12-15' }, actor: testActor });
    expect(own.followUpUser).toBe('tester');

    const bad = await expectAppError(
      recordInteraction(database, { customerId: customer.id, input: { channel: 'pigeon', topic: '', followUpOn: '2026-02-30' }, actor: testActor }),
      'invalid_input',
    );
    expect(problemFields(bad.details).sort()).toEqual(['channel', 'followUpOn', 'topic']);
    const nobody = await expectAppError(
      recordInteraction(database, { customerId: customer.id, input: { channel: 'phone', topic: 'x', followUpOn: '2026-12-01', followUpUser: 'nobody_here' }, actor: testActor }),
      'invalid_input',
    );
    expect(nobody.details.field).toBe('followUpUser');
    const wrongAccount = await expectAppError(
      recordInteraction(database, { customerId: customer.id, input: { channel: 'phone', topic: 'x', accountNumber: 'UB-999999' }, actor: testActor }),
      'invalid_input',
    );
    expect(wrongAccount.details.field).toBe('accountNumber');

    expect((await listFollowUps(database.kysely, { username })).map((row) => row.id)).toEqual([call.id]);
    expect(await listFollowUps(database.kysely, { username, through: '2026-11-29' })).toEqual([]);
    expect((await listFollowUps(database.kysely, { username: 'tester', through: '2026-12-31' })).map((row) => row.topic)).toContain('Send statement');
    expect((await listInteractions(database.kysely, { customerId: customer.id })).map((row) => row.topic)).toHaveLength(3);

    const done = await completeFollowUp(database, { interactionId: call.id, actor: testActor });
    expect(done.followUpDoneBy).toBe('tester');
    await expectAppError(completeFollowUp(database, { interactionId: call.id, actor: testActor }), 'conflict');
    expect(await listFollowUps(database.kysely, { username })).toEqual([]);
    const detail = await getCustomer(database.kysely, { customerId: customer.id, principal: clerk });
    expect(detail.recentInteractions).toHaveLength(3);
    expect(detail.openFollowUpCount).toBe(1);
  });
});

describe('verify', () => {
  it('finds nothing wrong after all of the above', async () => {
    for (const check of customerChecks) expect(await check.run(database.kysely), check.invariant).toEqual([]);
  });

  it('names a customer with two current addresses (the index refuses it; the check says so if it is ever dropped)', async () => {
    const customer = await createCustomer(database, { input: customerInput(), actor: testActor });
    const refused = await database.kysely.transaction().execute(async (tx) => {
      try {
        await sql`insert into customer_address (customer_id, line1, city, state, zip, valid_from, created_by)
          values (${customer.id}, '2 A St', 'Davis', 'CA', '95616', '2026-01-01', 'tester')`.execute(tx);
        return false;
      } catch {
        return true;
      }
    });
    expect(refused).toBe(true);
  });
});
