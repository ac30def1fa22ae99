/** `civic orders ...` in-process on a real database: create, assign, list, a field worker's own list and completion. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { addMeter } from '../utility/index.js';
import { civicRunner } from '../../test/support/cli.js';
import { createTestDatabase } from '../../test/support/database.js';
import { createTestUser } from '../../test/support/http.js';
import { testActor, testClock } from '../../test/support/ledger-fixtures.js';
import { seedUtility, utilityCustomer } from '../../test/support/utility-fixtures.js';

let database: Database;
const civic = civicRunner(() => database, { clock: testClock });

beforeAll(async () => {
  database = await createTestDatabase();
  await seedUtility(database);
  await createTestUser(database, { roles: ['field_worker'], username: 'marco.diaz' });
  await createTestUser(database, { roles: ['field_worker'], username: 'ana.ruiz' });
  await createTestUser(database, { roles: ['billing_clerk'], username: 'linh.nguyen' });
});
afterAll(async () => database?.close());

describe('civic orders', () => {
  it('creates, assigns and lists an order; the field worker sees it and completes it with a reading', async () => {
    const account = await utilityCustomer(database, { name: 'Cli Reread' });
    const created = await civic('--as', 'linh.nguyen', 'orders', 'create', '--type', 'reread', '--account', account.accountNumber, '--priority', 'high',
      '--description', 'Read looks high', '--due', '2026-11-25');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const number = /Created (SO-\d+)/.exec(created.stdout)?.[1] as string;
    expect(number).toBeDefined();
    expect((await civic('--as', 'linh.nguyen', 'orders', 'assign', number, '--to', 'marco.diaz')).stdout).toContain(`${number} assigned to marco.diaz`);
    const list = await civic('orders', 'list', '--assignee', 'marco.diaz');
    expect(list.stdout).toContain(number);
    expect(list.stdout).toContain(account.meterSerial);
    expect((await civic('orders', 'list', '--status', 'nope')).code).not.toBe(0);

    const mine = await civic('--as', 'marco.diaz', 'orders', 'mine');
    expect(mine.stdout).toContain(number);
    expect((await civic('--as', 'ana.ruiz', 'orders', 'show', number)).stderr).toContain('not found');
    expect((await civic('--as', 'marco.diaz', 'orders', 'list')).stderr).toContain('one of the permissions utility.orders, utility.read');
    const refused = await civic('--as', 'ana.ruiz', 'orders', 'complete', number, '--notes', 'Done', '--reading', '1005');
    expect(refused.code).not.toBe(0);
    const done = await civic('--as', 'marco.diaz', 'orders', 'complete', number, '--notes', 'Reads 1005', '--reading', '1005');
    expect(done.stderr).toBe('');
    expect(done.stdout).toContain(`${number} completed by marco.diaz`);
    const shown = await civic('orders', 'show', number);
    expect(shown.stdout).toContain('last read 1005');
    expect(shown.stdout).toContain('Completed by marco.diaz: Reads 1005');
  });

  it('completes a meter exchange and cancels an order with a reason', async () => {
    const account = await utilityCustomer(database, { name: 'Cli Exchange' });
    await addMeter(database, { input: { serial: 'CLI-NEW-2', size: '5/8', dials: 6 }, actor: testActor });
    const created = await civic('orders', 'create', '--type', 'meter_exchange', '--account', account.accountNumber, '--description', 'Stopped meter', '--assign', 'ana.ruiz');
    const number = /Created (SO-\d+)/.exec(created.stdout)?.[1] as string;
    const missing = await civic('--as', 'ana.ruiz', 'orders', 'complete', number, '--notes', 'Swapped');
    expect(missing.stderr).toContain('oldReading');
    expect(missing.stderr).toContain('newMeterSerial');
    const done = await civic('--as', 'ana.ruiz', 'orders', 'complete', number, '--notes', 'Swapped', '--old-reading', '1040', '--new-meter', 'CLI-NEW-2', '--new-reading', '0');
    expect(done.code).toBe(0);
    expect((await civic('utility', 'account', account.accountNumber)).stdout).toContain('CLI-NEW-2');
    const other = await civic('orders', 'create', '--type', 'leak_check', '--account', account.accountNumber, '--description', 'Dup');
    const otherNumber = /Created (SO-\d+)/.exec(other.stdout)?.[1] as string;
    expect((await civic('orders', 'cancel', otherNumber, '--reason', 'Duplicate of the exchange')).stdout).toContain('cancelled: Duplicate of the exchange');
  });
});
