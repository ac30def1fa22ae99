/**
 * Service orders over HTTP, by role: the billing clerk creates, assigns and sees the board; the
 * field worker lists and completes only their own orders (another's answers 404, so its existence
 * is not told) and sees none of the office's lists; a cashier sees nothing.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import type { ServiceOrder } from '../utility/index.js';
import { createTestDatabase } from '../../test/support/database.js';
import { callerFor, testSession, type TestSession } from '../../test/support/http.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { seedUtility, utilityCustomer } from '../../test/support/utility-fixtures.js';
import { buildServer } from './index.js';

let database: Database;
let app: FastifyInstance;
let clerk: TestSession;
let marco: TestSession;
let ana: TestSession;
let cashier: TestSession;
let current: TestSession | null = null;
const call = callerFor(() => ({ app, session: current }));
const as = (session: TestSession) => {
  current = session;
  return call;
};

beforeAll(async () => {
  database = await createTestDatabase();
  await seedUtility(database);
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  clerk = await testSession(app, database, { roles: ['billing_clerk'] });
  marco = await testSession(app, database, { roles: ['field_worker'] });
  ana = await testSession(app, database, { roles: ['field_worker'] });
  cashier = await testSession(app, database, { roles: ['cashier'] });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('service orders over HTTP', () => {
  it('the clerk creates and assigns; the field worker sees their list and completes with a reading', async () => {
    const account = await utilityCustomer(database, { name: 'Http Reread' });
    const created = await as(clerk)<ServiceOrder>({
      method: 'POST', url: '/api/utility/service-orders',
      payload: { orderType: 'reread', account: account.accountNumber, priority: 'high', description: 'Read looks low' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/api/utility/service-orders/${created.body.orderNumber}`);
    const number = created.body.orderNumber;
    const workers = await as(clerk)<{ fieldWorkers: Array<{ username: string }> }>({ method: 'GET', url: '/api/utility/service-orders/field-workers' });
    expect(workers.body.fieldWorkers.map((worker) => worker.username)).toEqual(expect.arrayContaining([marco.username, ana.username]));
    const assigned = await as(clerk)<ServiceOrder>({ method: 'POST', url: `/api/utility/service-orders/${number}/assign`, payload: { assignTo: marco.username } });
    expect(assigned.body).toMatchObject({ status: 'assigned', assignedTo: marco.username });

    const mine = await as(marco)<{ assigned: ServiceOrder[]; today: string }>({ method: 'GET', url: '/api/utility/my-orders' });
    expect(mine.status).toBe(200);
    expect(mine.body.assigned.map((order) => order.orderNumber)).toEqual([number]);
    expect(mine.body.assigned[0]).toMatchObject({ serviceAddress: account.serviceAddress, meterSerial: account.meterSerial, description: 'Read looks low' });
    expect((await as(ana)<{ assigned: ServiceOrder[] }>({ method: 'GET', url: '/api/utility/my-orders' })).body.assigned).toEqual([]);

    // Ana may not see or complete Marco's order: 404, as if it did not exist.
    expect((await as(ana)({ method: 'GET', url: `/api/utility/service-orders/${number}` })).status).toBe(404);
    const refused = await as(ana)({ method: 'POST', url: `/api/utility/service-orders/${number}/complete`, payload: { notes: 'Done' } });
    expect(refused.status).toBe(404);
    expect(refused.error.code).toBe('not_found');

    const bad = await as(marco)({ method: 'POST', url: `/api/utility/service-orders/${number}/complete`, payload: { notes: ' ', reading: 'twelve' } });
    expect(bad.status).toBe(400);
    expect((bad.error.details.problems as Array<{ field: string }>).map((problem) => problem.field)).toEqual(['notes', 'reading']);
    const done = await as(marco)<ServiceOrder>({ method: 'POST', url: `/api/utility/service-orders/${number}/complete`, payload: { notes: 'Reads 1004', reading: 1004 } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', completedBy: marco.username, lastRead: { readDate: testClock.today(), reading: 1004 } });
    const board = await as(clerk)<{ completedToday: ServiceOrder[] }>({ method: 'GET', url: '/api/utility/service-orders/board' });
    expect(board.body.completedToday.map((order) => order.orderNumber)).toContain(number);
    const afterwards = await as(marco)<{ assigned: ServiceOrder[]; completedToday: ServiceOrder[] }>({ method: 'GET', url: '/api/utility/my-orders' });
    expect(afterwards.body.assigned).toEqual([]);
    expect(afterwards.body.completedToday.map((order) => order.orderNumber)).toEqual([number]);
  });

  it('keeps the office\'s lists and actions from field workers and cashiers', async () => {
    const account = await utilityCustomer(database);
    const created = await as(clerk)<ServiceOrder>({ method: 'POST', url: '/api/utility/service-orders', payload: { orderType: 'leak_check', account: account.id, description: 'Meter box flooded', assignTo: ana.username } });
    expect(created.body.status).toBe('assigned');
    for (const [method, url] of [['GET', '/api/utility/service-orders'], ['GET', '/api/utility/service-orders/board'], ['POST', `/api/utility/service-orders/${created.body.orderNumber}/assign`],
      ['POST', `/api/utility/service-orders/${created.body.orderNumber}/cancel`], ['POST', '/api/utility/service-orders']] as const) {
      expect((await as(marco)({ method, url, payload: method === 'POST' ? {} : undefined })).status, `${method} ${url}`).toBe(403);
    }
    expect((await as(cashier)({ method: 'GET', url: '/api/utility/my-orders' })).status).toBe(403);
    expect((await as(cashier)({ method: 'GET', url: `/api/utility/service-orders/${created.body.orderNumber}` })).status).toBe(403);
    const invalid = await as(clerk)({ method: 'POST', url: '/api/utility/service-orders', payload: { orderType: 'paint', description: '' } });
    expect(invalid.status).toBe(400);
    expect((invalid.error.details.problems as Array<{ field: string }>).map((problem) => problem.field)).toEqual(['orderType', 'account', 'description']);
    const cancelled = await as(clerk)<ServiceOrder>({ method: 'POST', url: `/api/utility/service-orders/${created.body.orderNumber}/cancel`, payload: { reason: 'Duplicate' } });
    expect(cancelled.body.status).toBe('cancelled');
    const list = await as(clerk)<{ orders: ServiceOrder[] }>({ method: 'GET', url: `/api/utility/service-orders?status=cancelled&account=${account.accountNumber}` });
    expect(list.body.orders.map((order) => order.orderNumber)).toEqual([created.body.orderNumber]);
  });
});
