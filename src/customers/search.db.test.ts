/**
 * Customer search on a real database (both engines): exact numbers first, names as typed, typos
 * forgiven, merged customers leading to their survivor, and never more than 20 rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { customerInput, openTestReceivableAccount, useTestFieldKey } from '../../test/support/customer-fixtures.js';
import { seedLedger, testActor } from '../../test/support/ledger-fixtures.js';
import {
  createCustomer,
  createParcel,
  linkCustomerToProperty,
  refreshCustomerSearch,
  searchCustomers,
  type CustomerRow,
} from './index.js';

let database: Database;
let john: CustomerRow;
let acme: CustomerRow;

const search = (query: string, limit?: number) => searchCustomers(database.kysely, { query, ...(limit ? { limit } : {}) });

beforeAll(async () => {
  useTestFieldKey();
  database = await createTestDatabase();
  await seedLedger(database);
  john = await createCustomer(database, {
    input: customerInput({
      legalName: 'John Smith',
      phones: [{ value: '(530) 555-0101' }],
      emails: [{ value: 'jsmith@example.com' }],
      mailingAddress: { line1: '1234 Elmwood Dr', city: 'Davis', state: 'CA', zip: '95616' },
    }),
    actor: testActor,
  });
  acme = await createCustomer(database, {
    input: customerInput({ customerType: 'business', legalName: 'Acme Holdings LLC', dbaName: 'Sunrise Bakery' }),
    actor: testActor,
  });
  const others = ['Jane Smithers', 'Johanna Schmidt', 'Joan Smythe', 'Robert Jones', 'Mary Johnson', 'Jon Smit', 'Li Wei', 'Nguyen Van An'];
  for (const legalName of others) await createCustomer(database, { input: customerInput({ legalName }), actor: testActor });
  for (let index = 0; index < 30; index += 1) {
    await createCustomer(database, { input: customerInput({ legalName: `Garcia Family ${index}` }), actor: testActor });
  }
  await openTestReceivableAccount(database, { customerId: john.id, accountNumber: 'UB-100234' });
  await openTestReceivableAccount(database, { customerId: acme.id, accountNumber: 'BL-100777' });
  await database.kysely.transaction().execute((tx) => refreshCustomerSearch(tx, [john.id, acme.id]));
  const parcel = await createParcel(database, { input: { apn: '070-210-033', situsLine1: '88 River Rd', situsCity: 'Davis', situsZip: '95616' }, actor: testActor });
  await linkCustomerToProperty(database, { customerId: acme.id, input: { parcelId: parcel.id, role: 'owner' }, actor: testActor });
});
afterAll(async () => database?.close());

describe('exact matches first', () => {
  it('finds an account number, whole or as typed so far', async () => {
    const [first] = await search('UB-100234');
    expect(first).toMatchObject({ customerId: john.id, matchedOn: 'account_number', accountNumbers: ['UB-100234'] });
    expect((await search('ub-100'))[0]).toMatchObject({ customerId: john.id, matchedOn: 'account_number' });
    expect((await search('bl100777'))[0]).toMatchObject({ customerId: acme.id, matchedOn: 'account_number' });
  });

  it('finds a customer number', async () => {
    expect((await search(john.customerNumber.toLowerCase()))[0]).toMatchObject({ customerId: john.id, matchedOn: 'customer_number' });
  });

  it('finds a phone however it is punctuated, and without its area code', async () => {
    for (const query of ['530.555.0101', '(530) 555-0101', '+1 530 555 0101', '5305550101', '555-0101']) {
      expect((await search(query))[0], query).toMatchObject({ customerId: john.id, matchedOn: 'phone' });
    }
  });

  it('finds an email and an APN with or without dashes', async () => {
    expect((await search('JSmith@Example'))[0]).toMatchObject({ customerId: john.id, matchedOn: 'email' });
    expect((await search('070210033'))[0]).toMatchObject({ customerId: acme.id, matchedOn: 'apn' });
    expect((await search('070-210-033'))[0]).toMatchObject({ customerId: acme.id, matchedOn: 'apn' });
  });
});

describe('names and typos', () => {
  it('lists names beginning with what was typed, legal or DBA', async () => {
    const results = await search('john');
    expect(results[0]).toMatchObject({ legalName: 'John Smith', matchedOn: 'name' });
    expect(results.map((row) => row.legalName)).toContain('Johanna Schmidt');
    expect((await search('sunrise'))[0]).toMatchObject({ customerId: acme.id, matchedOn: 'name', dbaName: 'Sunrise Bakery' });
  });

  it('forgives typos: "Jonh Smiht" finds John Smith', async () => {
    const results = await search('Jonh Smiht');
    expect(results.map((row) => row.legalName)).toContain('John Smith');
    expect(results.find((row) => row.customerId === john.id)?.matchedOn).toBe('similar_name');
    expect(results.slice(0, 2).map((row) => row.legalName).sort()).toEqual(['John Smith', 'Jon Smit']);
  });

  it('finds a customer by street address, and by a surname typed second', async () => {
    expect((await search('1234 elmwood'))[0]).toMatchObject({ customerId: john.id, matchedOn: 'address' });
    expect((await search('elmwood davis'))[0]).toMatchObject({ customerId: john.id, matchedOn: 'words' });
    expect((await search('Garcai Famly 7'))[0]).toMatchObject({ legalName: 'Garcia Family 7', matchedOn: 'similar_name' });
    expect((await search('smith')).map((row) => row.customerId)).toContain(john.id);
    expect((await search('88 river rd')).map((row) => row.customerId)).toContain(acme.id);
  });

  it('returns rows a result list can show', async () => {
    const [first] = await search('UB-100234');
    expect(first).toEqual({
      customerId: john.id,
      customerNumber: john.customerNumber,
      legalName: 'John Smith',
      dbaName: null,
      customerType: 'person',
      status: 'active',
      mailingAddress: '1234 Elmwood Dr, Davis, CA 95616',
      accountNumbers: ['UB-100234'],
      flags: { isCashOnly: false, hasReturnedMail: false, isDeceased: false, inBankruptcy: false, hasCollectionsHold: false },
      matchedOn: 'account_number',
    });
  });

  it('never returns more than 20, and treats LIKE wildcards as text', async () => {
    expect(await search('garcia')).toHaveLength(20);
    expect(await search('garcia', 5)).toHaveLength(5);
    expect(await search('garcia', 500)).toHaveLength(20);
    expect(await search('%')).toEqual([]);
    expect(await search('   ')).toEqual([]);
    for (const query of ['_ohn', '%ohn', 'j_hn']) {
      expect((await search(query)).filter((row) => row.matchedOn === 'name'), query).toEqual([]);
    }
  });
});
