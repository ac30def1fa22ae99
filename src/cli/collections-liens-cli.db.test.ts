/** `civic collections liens ...` and `civic collections closed ...` in-process on a real database. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { civicRunner } from '../../test/support/cli.js';
import { billCycle, seedCollections } from '../../test/support/collections-fixtures.js';
import { createTestDatabase } from '../../test/support/database.js';
import { createTestUser } from '../../test/support/http.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, utilityCustomer } from '../../test/support/utility-fixtures.js';

let database: Database;
const civic = civicRunner(() => database, { clock: testClock });
let owner: Awaited<ReturnType<typeof utilityCustomer>>;
let closed: Awaited<ReturnType<typeof utilityCustomer>>;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
  await createTestUser(database, { roles: ['utility_supervisor'], username: 'grace.wong' });
  await createTestUser(database, { roles: ['billing_clerk'], username: 'linh.nguyen' });
  owner = await utilityCustomer(database, { name: 'Clara Cli' });
  closed = await utilityCustomer(database, { name: 'Colin Closed' });
  for (const account of [owner, closed]) await acceptedRead(database, account.meterSerial, '2026-08-31', 1008);
  await sql`insert into customer_property (customer_id, parcel_id, role, start_date, created_by)
    select ${owner.customerId}, parcel_id, 'owner', '2020-01-01', 'tester' from service_location where id = ${owner.serviceLocationId}`.execute(database.kysely);
  await billCycle(database, '2026-08-31', '2026-09-02');
  await sql`update utility_account set status = 'final_billed', stopped_on = '2026-08-31' where id = ${closed.id}`.execute(database.kysely);
});
afterAll(async () => database?.close());

describe('civic collections liens and closed', () => {
  it('prepares, lists, notices, records, shows the payoff, exports and submits the roll', async () => {
    const prepared = await civic('--as', 'grace.wong', 'collections', 'liens', 'prepare', '--year', 'FY2027', '--as-of', '2026-11-23');
    expect(prepared.stderr).toBe('');
    expect(prepared.stdout).toContain('listed now 1 for 66.00');
    expect(prepared.stdout).toContain(`${closed.accountNumber} (Colin Closed) cannot be listed: the customer is a tenant`);
    const list = await civic('--as', 'linh.nguyen', 'collections', 'liens', 'list', '--year', '2027');
    expect(list.stdout).toContain(owner.accountNumber);
    expect(list.stdout).toContain('listed');
    const refused = await civic('--as', 'linh.nguyen', 'collections', 'liens', 'notice', '--year', '2027');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('collections.liens');
    expect((await civic('--as', 'grace.wong', 'collections', 'liens', 'notice', '--year', '2027')).stdout).toContain('1 lien notices');
    const recorded = await civic('--as', 'grace.wong', 'collections', 'liens', 'record', owner.accountNumber, '--number', '2026-777', '--date', '2026-11-20');
    expect(recorded.stdout).toContain('lasts until 2036-11-20');
    expect((await civic('collections', 'liens', 'payoff', owner.accountNumber)).stdout).toContain('payoff 66.00');
    const mark = await civic('collections', 'liens', 'payoff', owner.accountNumber, '--mark');
    expect(mark.code).toBe(1);
    expect(mark.stderr).toContain('$66.00 of the lien');
    const exported = await civic('--as', 'grace.wong', 'collections', 'liens', 'export', '--year', '2027', '--submit');
    expect(exported.stdout.split('\r\n')[0]).toBe('APN,Amount,Account,Owner,Service address');
    expect(exported.stdout).toContain(`66.00,${owner.accountNumber},Clara Cli`);
    expect((await civic('collections', 'liens', 'list', '--status', 'nope')).code).toBe(1);
  });

  it('lists closed accounts, mails final notices and refers one to an agency once', async () => {
    const list = await civic('--as', 'linh.nguyen', 'collections', 'closed', 'list');
    expect(list.stdout).toContain(closed.accountNumber);
    expect(list.stdout).toContain('1 accounts');
    expect((await civic('collections', 'closed', 'notice', closed.accountNumber)).stdout).toMatch(/1 final notices: N-2026-\d{6}/);
    const referred = await civic('collections', 'closed', 'refer', closed.accountNumber, '--agency', 'Golden State Recovery');
    expect(referred.stdout).toContain(`${closed.accountNumber},Colin Closed`);
    expect(referred.stderr).toContain('1 accounts referred to Golden State Recovery for 66.00');
    const twice = await civic('collections', 'closed', 'refer', closed.accountNumber, '--agency', 'Golden State Recovery');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('already');
    const transfer = await civic('collections', 'closed', 'transfer', closed.accountNumber);
    expect(transfer.code).toBe(1);
  });
});
