/** `civic collections arrangements ...` and `civic collections holds ...` in-process on a real database. */
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
let accountNumber = '';

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
  await createTestUser(database, { roles: ['billing_clerk'], username: 'linh.nguyen' });
  await createTestUser(database, { roles: ['auditor'], username: 'ava.auditor' });
  const account = await utilityCustomer(database, { name: 'Cli Arranged' });
  accountNumber = account.accountNumber;
  await acceptedRead(database, account.meterSerial, '2026-08-31', 1008);
  await billCycle(database, '2026-08-31', '2026-09-02');
}, 120_000);
afterAll(async () => database?.close());

describe('civic collections arrangements and holds', () => {
  it('proposes, creates, lists, shows and cancels an arrangement', async () => {
    const proposed = await civic('collections', 'arrangements', 'propose', accountNumber, '--months', '3', '--first-due', '2026-12-15');
    expect(proposed.stderr).toBe('');
    expect(proposed.stdout).toContain('$66.00 past due');
    expect(proposed.stdout).toContain('2027-02-15');
    const tooLong = await civic('collections', 'arrangements', 'create', accountNumber, '--months', '13', '--with-bills');
    expect(tooLong.code).not.toBe(0);
    expect(tooLong.stderr).toContain('months');
    expect((await civic('--as', 'ava.auditor', 'collections', 'arrangements', 'create', accountNumber, '--months', '3', '--with-bills')).stderr)
      .toContain('collections.work');
    const created = await civic('--as', 'linh.nguyen', 'collections', 'arrangements', 'create', accountNumber, '--months', '3', '--with-bills');
    expect(created.stderr).toBe('');
    const number = /Created (PA-\d+)/.exec(created.stdout)?.[1] as string;
    expect(number).toBeDefined();
    expect((await civic('--as', 'ava.auditor', 'collections', 'arrangements', 'list', '--status', 'active')).stdout).toContain(number);
    const shown = await civic('collections', 'arrangements', 'show', number);
    expect(shown.stdout).toContain('In good standing');
    expect(shown.stdout).toContain('due with the bills');
    expect((await civic('--as', 'linh.nguyen', 'collections', 'arrangements', 'cancel', number, '--reason', 'Entered twice')).stdout).toContain(`${number} cancelled`);
  });

  it('places, lists and releases a hold', async () => {
    const placed = await civic('--as', 'linh.nguyen', 'collections', 'holds', 'place', accountNumber, '--reason', 'Bill investigation', '--until', '2026-12-31');
    expect(placed.stderr).toBe('');
    const id = /Hold (\d+)/.exec(placed.stdout)?.[1] as string;
    expect((await civic('collections', 'holds', 'list', '--in-force')).stdout).toContain('Bill investigation');
    expect((await civic('--as', 'linh.nguyen', 'collections', 'holds', 'release', id, '--reason', 'Closed')).stdout).toContain('released');
    expect((await civic('collections', 'holds', 'list', '--in-force')).stdout).toContain('0 holds');
  });
});
