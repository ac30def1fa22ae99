import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../shared/actor.js';
import { inTransaction, type Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { createTestUser } from '../../test/support/http.js';
import { expectAppError } from '../../test/support/ledger-assertions.js';
import { testActor, testClock } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, seedUtility, utilityCustomer } from '../../test/support/utility-fixtures.js';
import {
  addMeter,
  assignServiceOrder,
  cancelServiceOrder,
  completeServiceOrder,
  createServiceOrder,
  createServiceOrderInTransaction,
  getMeter,
  getServiceOrder,
  getServiceOrderBoard,
  getUtilityAccount,
  listFieldWorkers,
  listMyServiceOrders,
  listServiceOrders,
  type ServiceOrder,
  type ShutoffGuard,
} from './index.js';

let database: Database;
const today = testClock.today();
const clerk: Principal = { userId: null, username: 'linh', via: 'test', roles: ['billing_clerk'], permissions: new Set(['utility.orders', 'utility.read']) };
const marco: Principal = { userId: null, username: 'marco', via: 'test', roles: ['field_worker'], permissions: new Set(['utility.field']) };
const ana: Principal = { userId: null, username: 'ana', via: 'test', roles: ['field_worker'], permissions: new Set(['utility.field']) };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedUtility(database);
  await createTestUser(database, { roles: ['field_worker'], username: 'marco' });
  await createTestUser(database, { roles: ['field_worker'], username: 'ana' });
  await createTestUser(database, { roles: ['cashier'], username: 'rosa' });
});
afterAll(async () => database?.close());


async function liveReads(meterSerial: string): Promise<Array<{ readDate: string; reading: number; readType: string; status: string; source: string }>> {
  const result = await sql<{ readDate: string; reading: number; readType: string; status: string; source: string }>`
    select r.read_date::text as "readDate", r.reading, r.read_type as "readType", r.status, r.source
    from meter_read r join meter m on m.id = r.meter_id where m.serial = ${meterSerial} order by r.read_date, r.id`.execute(database.kysely);
  return result.rows.map((row) => ({ ...row, reading: Number(row.reading) }));
}

async function assignedOrder(input: Record<string, unknown>, to = 'marco'): Promise<ServiceOrder> {
  const order = await createServiceOrder(database, { input, actor: clerk });
  return assignServiceOrder(database, { orderKey: order.orderNumber, assignTo: to, actor: clerk });
}

async function auditOf(orderNumber: string): Promise<string[]> {
  const result = await sql<{ action: string }>`select action from audit_log where entity_type = 'service_order' and entity_id = ${orderNumber} order by id`.execute(database.kysely);
  return result.rows.map((row) => row.action);
}

describe('creating and assigning service orders', () => {
  it('creates an order for an account (its location and meter filled in), numbers it, assigns and reassigns it, audited', async () => {
    const account = await utilityCustomer(database, { name: 'Oli Order' });
    const order = await createServiceOrder(database, {
      input: { orderType: 'leak_check', account: account.accountNumber, priority: 'high', description: 'Customer hears water running', dueOn: '2026-11-25' },
      actor: clerk,
    });
    expect(order).toMatchObject({
      status: 'open', priority: 'high', orderType: 'leak_check', utilityAccountId: account.id, accountNumber: account.accountNumber,
      serviceLocationId: account.serviceLocationId, meterSerial: account.meterSerial, customerName: 'Oli Order', dueOn: '2026-11-25', createdBy: 'linh',
      lastRead: { readDate: '2026-07-15', reading: 1000 },
    });
    expect(order.orderNumber).toMatch(/^SO-\d{6}$/);
    const assigned = await assignServiceOrder(database, { orderKey: order.orderNumber, assignTo: 'Marco', actor: clerk });
    expect(assigned).toMatchObject({ status: 'assigned', assignedTo: 'marco' });
    const reassigned = await assignServiceOrder(database, { orderKey: order.id, assignTo: 'ana', actor: clerk });
    expect(reassigned.assignedTo).toBe('ana');
    expect(await auditOf(order.orderNumber)).toEqual(['utility.create_service_order', 'utility.assign_service_order', 'utility.assign_service_order']);
    expect((await listFieldWorkers(database.kysely)).map((worker) => worker.username)).toEqual(expect.arrayContaining(['ana', 'marco']));
  });

  it('names every wrong field of a new order at once', async () => {
    const error = await expectAppError(createServiceOrder(database, {
      input: { orderType: 'fix_it', priority: 'asap', description: ' ', dueOn: '2026-02-30' }, actor: clerk,
    }), 'invalid_input');
    const fields = (error.details.problems as Array<{ field: string }>).map((problem) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['orderType', 'priority', 'account', 'description', 'dueOn']));
    const shutoff = await expectAppError(createServiceOrder(database, { input: { orderType: 'shutoff', serviceLocationId: 1, description: 'x' }, actor: clerk }), 'invalid_input');
    expect(shutoff.message).toContain('account');
    const unknown = await expectAppError(createServiceOrder(database, { input: { orderType: 'reread', account: 'U-NOPE', description: 'x' }, actor: clerk }), 'invalid_input');
    expect(unknown.details.field).toBe('account');
    const account = await utilityCustomer(database);
    const meter = await expectAppError(createServiceOrder(database, { input: { orderType: 'reread', account: account.id, meterSerial: 'NOPE-1', description: 'x' }, actor: clerk }), 'invalid_input');
    expect(meter.details.field).toBe('meterSerial');
  });

  it('assigns only to active users who work orders, and never a completed or cancelled order', async () => {
    const account = await utilityCustomer(database);
    const order = await createServiceOrder(database, { input: { orderType: 'turn_on', account: account.accountNumber, description: 'Move-in' }, actor: clerk });
    const cashier = await expectAppError(assignServiceOrder(database, { orderKey: order.orderNumber, assignTo: 'rosa', actor: clerk }), 'invalid_input');
    expect(cashier.details.field).toBe('assignTo');
    await expectAppError(assignServiceOrder(database, { orderKey: order.orderNumber, assignTo: 'nobody', actor: clerk }), 'invalid_input');
    await expectAppError(cancelServiceOrder(database, { orderKey: order.orderNumber, reason: '  ', actor: clerk }), 'invalid_input');
    const cancelled = await cancelServiceOrder(database, { orderKey: order.orderNumber, reason: 'Customer moved in early; done at the counter', actor: clerk });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Customer moved in early; done at the counter' });
    await expectAppError(assignServiceOrder(database, { orderKey: order.orderNumber, assignTo: 'marco', actor: clerk }), 'conflict');
    await expectAppError(cancelServiceOrder(database, { orderKey: order.orderNumber, reason: 'again', actor: clerk }), 'conflict');
    await expectAppError(getServiceOrder(database.kysely, 'SO-999999'), 'not_found');
  });
});

describe('completing service orders, by type', () => {
  it('a re-read supersedes the live read of that meter and day (typed reread, from the field)', async () => {
    const account = await utilityCustomer(database, { name: 'Rae Reread' });
    await acceptedRead(database, account.meterSerial, today, 1090);
    const order = await assignedOrder({ orderType: 'reread', account: account.accountNumber, description: 'Read looks high (90 HCF)' });
    const done = await completeServiceOrder(database, { orderKey: order.orderNumber, input: { notes: 'Dial was misread; reads 1009', reading: 1009 }, principal: marco, clock: testClock });
    expect(done).toMatchObject({ status: 'completed', completedBy: 'marco', completionNotes: 'Dial was misread; reads 1009' });
    expect(done.completion).toMatchObject({ on: today, reading: 1009, meterSerial: account.meterSerial });
    const reads = await liveReads(account.meterSerial);
    expect(reads.filter((read) => read.readDate === today).map((read) => [read.reading, read.readType, read.status, read.source]))
      .toEqual([[1090, 'actual', 'superseded', 'manual'], [1009, 'reread', 'accepted', 'field']]);
    expect(done.lastRead).toEqual({ readDate: today, reading: 1009 });
    expect(await auditOf(order.orderNumber)).toContain('utility.complete_service_order');
  });

  it('leak check, high bill, turn on, shutoff and reconnect record the reading as an accepted field read (or none)', async () => {
    const account = await utilityCustomer(database, { name: 'Lee Leak' });
    const leak = await assignedOrder({ orderType: 'leak_check', account: account.accountNumber, description: 'Check for a leak' });
    await completeServiceOrder(database, { orderKey: leak.orderNumber, input: { notes: 'Toilet flapper leaking; told customer', reading: 1012, on: '2026-11-20' }, principal: marco, clock: testClock });
    const highBill = await assignedOrder({ orderType: 'high_bill', account: account.accountNumber, description: 'Customer disputes the bill' });
    await completeServiceOrder(database, { orderKey: highBill.orderNumber, input: { notes: 'No leak found; meter reads right', reading: '1015' }, principal: marco, clock: testClock });
    // Shutoff orders come from collections only, and complete only through its guard (deny by default).
    await expectAppError(createServiceOrder(database, { input: { orderType: 'shutoff', account: account.accountNumber, description: 'x' }, actor: clerk }), 'invalid_input');
    const created = await inTransaction(database, (tx) => createServiceOrderInTransaction(tx, { input: { orderType: 'shutoff', account: account.accountNumber, description: 'Shut off for nonpayment' }, actor: clerk }));
    const shutoff = await assignServiceOrder(database, { orderKey: created.orderNumber, assignTo: 'marco', actor: clerk });
    await expectAppError(completeServiceOrder(database, { orderKey: shutoff.orderNumber, input: { notes: 'Locked at the curb stop' }, principal: marco, clock: testClock }), 'conflict');
    const guard: ShutoffGuard = { complete: async () => ({ guarded: true }), refused: async () => undefined };
    const off = await completeServiceOrder(database, { orderKey: shutoff.orderNumber, input: { notes: 'Locked at the curb stop' }, principal: marco, clock: testClock, shutoffGuard: guard });
    expect(off.completion).toMatchObject({ reading: null, guarded: true });
    const reads = await liveReads(account.meterSerial);
    expect(reads.filter((read) => read.source === 'field' && read.readDate >= '2026-11-01').map((read) => [read.readDate, read.reading, read.readType, read.status]))
      .toEqual([['2026-11-20', 1012, 'actual', 'accepted'], [today, 1015, 'actual', 'accepted']]);
    // The account itself is unchanged by these: still in service.
    expect((await getUtilityAccount(database.kysely, account.id)).stoppedOn).toBeNull();
  });

  it('a turn-off may stop service: the reading is the final read and the agreements end', async () => {
    const account = await utilityCustomer(database, { name: 'Tia Turnoff', startedOn: '2026-10-01' });
    const order = await assignedOrder({ orderType: 'turn_off', account: account.accountNumber, description: 'Move-out, turn off' });
    const error = await expectAppError(completeServiceOrder(database, { orderKey: order.orderNumber, input: { notes: 'x', reading: 12_345_678 }, principal: marco, clock: testClock }), 'invalid_input');
    expect(error.details.field).toBe('reading');
    const done = await completeServiceOrder(database, { orderKey: order.orderNumber, input: { notes: 'Valve closed, tagged', reading: 1021, stopService: true }, principal: marco, clock: testClock });
    expect(done.completion).toMatchObject({ stoppedService: true, stoppedOn: today, reading: 1021 });
    const after = await getUtilityAccount(database.kysely, account.id);
    expect(after.stoppedOn).toBe(today);
    expect(after.agreements.every((agreement) => agreement.endedOn === today)).toBe(true);
    expect((await liveReads(account.meterSerial)).at(-1)).toMatchObject({ readDate: today, reading: 1021, readType: 'final', status: 'accepted' });
  });

  it('a meter exchange keeps the old meter\'s final read and the new meter\'s first read, and moves the agreement', async () => {
    const account = await utilityCustomer(database, { name: 'Max Exchange' });
    await addMeter(database, { input: { serial: 'NEW-77001', size: '5/8', dials: 6 }, actor: testActor });
    const order = await assignedOrder({ orderType: 'meter_exchange', account: account.accountNumber, description: 'Stopped register' });
    const missing = await expectAppError(completeServiceOrder(database, { orderKey: order.orderNumber, input: { notes: 'Swapped' }, principal: marco, clock: testClock }), 'invalid_input');
    expect((missing.details.problems as Array<{ field: string }>).map((problem) => problem.field)).toEqual(['oldReading', 'newMeterSerial', 'newReading']);
    const unknown = await expectAppError(completeServiceOrder(database, { orderKey: order.orderNumber,
      input: { notes: 'Swapped', oldReading: 1030, newMeterSerial: 'NOT-THERE', newReading: 0 }, principal: marco, clock: testClock }), 'invalid_input');
    expect(unknown.details.field).toBe('newMeterSerial');
    const done = await completeServiceOrder(database, { orderKey: order.orderNumber,
      input: { notes: 'Old register stuck; new meter set', oldReading: 1030, newMeterSerial: 'new-77001', newReading: 5 }, principal: marco, clock: testClock });
    expect(done.completion).toMatchObject({ oldSerial: account.meterSerial, oldReading: 1030, newMeterSerial: 'NEW-77001', newReading: 5, agreementsMoved: 1 });
    expect((await liveReads(account.meterSerial)).at(-1)).toMatchObject({ readDate: today, reading: 1030, readType: 'final' });
    expect(await liveReads('NEW-77001')).toEqual([{ readDate: today, reading: 5, readType: 'first', status: 'accepted', source: 'field' }]);
    const water = (await getUtilityAccount(database.kysely, account.id)).agreements.find((agreement) => agreement.serviceType === 'water');
    expect(water?.meterSerial).toBe('NEW-77001');
    expect((await getMeter(database.kysely, account.meterSerial)).status).toBe('removed');
    expect((await getMeter(database.kysely, 'NEW-77001')).serviceLocationId).toBe(account.serviceLocationId);
  });
});

describe('who sees and completes what', () => {
  it('a field worker sees only their own orders and cannot complete another\'s (not found); a clerk can', async () => {
    const account = await utilityCustomer(database, { name: 'Wes Who' });
    const marcos = await assignedOrder({ orderType: 'leak_check', account: account.accountNumber, description: 'Marco\'s' }, 'marco');
    const anas = await assignedOrder({ orderType: 'leak_check', account: account.accountNumber, description: 'Ana\'s' }, 'ana');
    await expectAppError(completeServiceOrder(database, { orderKey: anas.orderNumber, input: { notes: 'Done' }, principal: marco, clock: testClock }), 'not_found');
    const refusals = await sql<{ actor: string; outcome: string }>`select actor_username as actor, outcome from audit_log
      where entity_id = ${anas.orderNumber} and action = 'utility.complete_service_order'`.execute(database.kysely);
    expect(refusals.rows).toEqual([{ actor: 'marco', outcome: 'refused' }]);
    await expectAppError(getServiceOrder(database.kysely, anas.orderNumber, marco), 'not_found');
    expect((await getServiceOrder(database.kysely, marcos.orderNumber, marco)).orderNumber).toBe(marcos.orderNumber);
    const mine = await listMyServiceOrders(database.kysely, { principal: marco, today });
    expect(mine.assigned.map((order) => order.assignedTo)).toEqual(mine.assigned.map(() => 'marco'));
    expect(mine.assigned.map((order) => order.orderNumber)).toContain(marcos.orderNumber);
    expect(mine.assigned.map((order) => order.orderNumber)).not.toContain(anas.orderNumber);
    // Notes are required whoever completes.
    const noNotes = await expectAppError(completeServiceOrder(database, { orderKey: marcos.orderNumber, input: { notes: '' }, principal: marco, clock: testClock }), 'invalid_input');
    expect(noNotes.details.problems).toEqual([{ field: 'notes', message: 'is required' }]);
    await expectAppError(completeServiceOrder(database, { orderKey: marcos.orderNumber, input: { notes: 'x', on: '2026-12-25' }, principal: marco, clock: testClock }), 'invalid_input');
    await completeServiceOrder(database, { orderKey: marcos.orderNumber, input: { notes: 'No leak' }, principal: marco, clock: testClock });
    await expectAppError(completeServiceOrder(database, { orderKey: marcos.orderNumber, input: { notes: 'Again' }, principal: marco, clock: testClock }), 'conflict');
    // An open order is the office's to complete, not a field worker's.
    const open = await createServiceOrder(database, { input: { orderType: 'turn_on', account: account.accountNumber, description: 'Paid in full' }, actor: clerk });
    await expectAppError(completeServiceOrder(database, { orderKey: open.orderNumber, input: { notes: 'x' }, principal: ana, clock: testClock }), 'not_found');
    const byClerk = await completeServiceOrder(database, { orderKey: anas.orderNumber, input: { notes: 'Customer called: fixed by plumber' }, principal: clerk, clock: testClock });
    expect(byClerk.completedBy).toBe('linh');
    const cashier: Principal = { ...marco, username: 'rosa', permissions: new Set(['cashiering.counter']) };
    await expectAppError(completeServiceOrder(database, { orderKey: open.orderNumber, input: { notes: 'x' }, principal: cashier, clock: testClock }), 'forbidden');
  });

  it('lists by status, assignee, type and account; the board has open, assigned and completed today', async () => {
    const account = await utilityCustomer(database, { name: 'Bea Board' });
    const urgent = await createServiceOrder(database, { input: { orderType: 'leak_check', account: account.accountNumber, priority: 'emergency', description: 'Main break' }, actor: clerk });
    const low = await createServiceOrder(database, { input: { orderType: 'high_bill', account: account.id, priority: 'low', description: 'Question' }, actor: clerk });
    const byAccount = await listServiceOrders(database.kysely, { account: account.accountNumber });
    expect(byAccount.map((order) => order.orderNumber)).toEqual([urgent.orderNumber, low.orderNumber]);
    expect((await listServiceOrders(database.kysely, { account: account.accountNumber, orderType: 'high_bill' })).map((order) => order.orderNumber)).toEqual([low.orderNumber]);
    expect((await listServiceOrders(database.kysely, { serviceLocationId: account.serviceLocationId, status: 'open' })).length).toBe(2);
    const assigned = await assignServiceOrder(database, { orderKey: urgent.orderNumber, assignTo: 'ana', actor: clerk });
    expect((await listServiceOrders(database.kysely, { assignee: 'ana', status: ['assigned'] })).map((order) => order.orderNumber)).toContain(assigned.orderNumber);
    await completeServiceOrder(database, { orderKey: urgent.orderNumber, input: { notes: 'Repaired service line' }, principal: ana, clock: testClock });
    const board = await getServiceOrderBoard(database.kysely, { today: testClock.today() });
    expect(board.open.map((order) => order.orderNumber)).toContain(low.orderNumber);
    expect(board.completedToday.map((order) => order.orderNumber)).toContain(urgent.orderNumber);
    expect(board.assigned.every((order) => order.status === 'assigned')).toBe(true);
  });
});
