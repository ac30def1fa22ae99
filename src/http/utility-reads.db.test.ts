/** The meter read API on a real database: import the handheld sample, the review queue, a manual read, accept and reject, who may do what. */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import type { IsoDate } from '../shared/dates.js';
import { readSamplesDir } from '../utility/index.js';
import { createTestDatabase } from '../../test/support/database.js';
import { callerFor, testSession, type TestSession } from '../../test/support/http.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { createMeters, seedReadFixtures, storeReadHistory } from '../../test/support/read-fixtures.js';
import { buildServer } from './index.js';

let database: Database;
let app: FastifyInstance;
let clerk: TestSession;
let reviewer: TestSession;
let cashier: TestSession;
let current: TestSession | null = null;
const call = callerFor(() => ({ app, session: current }));
const as = (session: TestSession) => {
  current = session;
  return call;
};

beforeAll(async () => {
  database = await createTestDatabase();
  await seedReadFixtures(database);
  const readings = [1200, 2500, 3300, 9995, 4500, 5000, 6000, 7000];
  const ids = await createMeters(database, readings.map((_, index) => ({ serial: `WM-10000${index + 1}` })));
  await storeReadHistory(database, readings.map((lastReading, index) => ({ meterId: ids.get(`WM-10000${index + 1}`) as number, lastReading,
    lastDate: '2026-10-19' as IsoDate, monthlyUnits: 10 })));
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  clerk = await testSession(app, database, { roles: ['billing_clerk'] });
  reviewer = await testSession(app, database, { permissions: ['utility.reads', 'utility.reads.review'] });
  cashier = await testSession(app, database, { roles: ['cashier'] });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('meter reads API', () => {
  it('imports a file, lists the queue, and lets only a reviewer decide, with a reason', async () => {
    const content = readFileSync(`${readSamplesDir}handheld-csv.csv`, 'utf8');
    const refused = await as(cashier)({ method: 'POST', url: '/api/utility/reads/imports', payload: { layout: 'handheld-csv', fileName: 'h.csv', content } });
    expect(refused.status).toBe(403);
    const imported = await as(clerk)<{ importId: number; acceptedCount: number; exceptionCount: number; exceptionsByCode: Record<string, number> }>({
      method: 'POST', url: '/api/utility/reads/imports', payload: { layout: 'handheld-csv', fileName: 'h.csv', content } });
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ acceptedCount: 2, exceptionCount: 6, exceptionsByCode: { high: 1, rollover: 1 } });
    const again = await as(clerk)({ method: 'POST', url: '/api/utility/reads/imports', payload: { layout: 'handheld-csv', fileName: 'h.csv', content } });
    expect(again.status).toBe(409);
    const bad = await as(clerk)({ method: 'POST', url: '/api/utility/reads/imports',
      payload: { layout: 'ami-csv', fileName: 'bad.csv', content: 'device_serial,read_date,register_value\nWM-100001,2026-11-19,x\nNOPE-1,2026-11-19,5\n' } });
    expect(bad.status).toBe(400);
    expect((bad.error.details.problems as Array<{ row: number; field: string }>).map((problem) => [problem.row, problem.field])).toEqual([[2, 'reading'], [3, 'meter']]);

    const queue = await as(clerk)<{ reads: Array<{ id: number; meterSerial: string; exceptionCodes: string[] }>; total: number; byCode: Record<string, number> }>({
      method: 'GET', url: `/api/utility/reads/exceptions?importId=${imported.body.importId}` });
    expect(queue.status).toBe(200);
    expect(queue.body.total).toBe(6);
    expect(queue.body.reads.map((read) => read.meterSerial)).toEqual(['WM-100002', 'WM-100003', 'WM-100004', 'WM-100005', 'WM-100006', 'WM-100008']);
    const [high, zero] = queue.body.reads;
    expect((await as(clerk)({ method: 'POST', url: `/api/utility/reads/${high?.id}/accept`, payload: { reason: 'Customer confirmed a leak' } })).status).toBe(403);
    const short = await as(reviewer)({ method: 'POST', url: `/api/utility/reads/${high?.id}/accept`, payload: { reason: 'fine' } });
    expect(short.status).toBe(400);
    const accepted = await as(reviewer)<{ status: string; reviewReason: string }>({
      method: 'POST', url: `/api/utility/reads/${high?.id}/accept`, payload: { reason: 'Customer confirmed a leak, repaired' } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'overridden', reviewReason: 'Customer confirmed a leak, repaired' });
    const rejected = await as(reviewer)<{ status: string }>({ method: 'POST', url: `/api/utility/reads/${zero?.id}/reject`,
      payload: { reason: 'Meter stuck; exchange ordered' } });
    expect(rejected.body.status).toBe('rejected');

    const entered = await as(clerk)<{ status: string; consumption: string; readType: string }>({ method: 'POST', url: '/api/utility/reads',
      payload: { meter: 'WM-100003', readDate: '2026-11-18', reading: 3309, readType: 'actual', readerId: 'CLERK' } });
    expect(entered.status).toBe(201);
    expect(entered.body).toMatchObject({ status: 'accepted', consumption: '9' });
    const history = await as(clerk)<{ reads: Array<{ status: string }> }>({ method: 'GET', url: '/api/utility/reads/meters/WM-100003' });
    expect(history.body.reads.slice(0, 2).map((read) => read.status)).toEqual(['accepted', 'rejected']);
    const estimates = await as(clerk)<{ estimatedCount: number }>({ method: 'POST', url: '/api/utility/reads/estimates', payload: { readDate: '2026-11-20', from: '2026-11-01' } });
    expect(estimates.body.estimatedCount).toBe(0);
    expect((await as(clerk)<{ layouts: unknown[] }>({ method: 'GET', url: '/api/utility/reads/layouts' })).body.layouts).toHaveLength(2);
    expect((await as(clerk)<{ imports: unknown[] }>({ method: 'GET', url: '/api/utility/reads/imports' })).body.imports).toHaveLength(1);
  });
});
