/**
 * Payment arrangements and holds over HTTP: the billing clerk previews, makes, reads and cancels
 * an arrangement and places and releases a hold; the auditor reads but cannot write.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Arrangement, ArrangementProposal, ArrangementStanding, Hold } from '../collections/index.js';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { billCycle, seedCollections } from '../../test/support/collections-fixtures.js';
import { callerFor, testSession, type TestSession } from '../../test/support/http.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, utilityCustomer } from '../../test/support/utility-fixtures.js';
import { buildServer } from './index.js';

let database: Database;
let app: FastifyInstance;
let clerk: TestSession;
let auditor: TestSession;
let current: TestSession | null = null;
const call = callerFor(() => ({ app, session: current }));
const as = (session: TestSession) => {
  current = session;
  return call;
};
let accountNumber = '';

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
  const account = await utilityCustomer(database, { name: 'Http Arranged' });
  accountNumber = account.accountNumber;
  await acceptedRead(database, account.meterSerial, '2026-08-31', 1008);
  await acceptedRead(database, account.meterSerial, '2026-09-30', 1016);
  await billCycle(database, '2026-08-31', '2026-09-02');
  await billCycle(database, '2026-09-30', '2026-10-02');
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  clerk = await testSession(app, database, { roles: ['billing_clerk'] });
  auditor = await testSession(app, database, { roles: ['auditor'] });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('arrangements and holds over HTTP', () => {
  it('previews, makes, shows, lists and cancels an arrangement', async () => {
    const body = { accountId: accountNumber, months: 4, type: 'amortization', dueWithBills: true };
    const preview = await as(auditor)<ArrangementProposal>({ method: 'POST', url: '/api/collections/arrangements/preview', payload: body });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ pastDueCents: 13_200, principalCents: 13_200, startsOn: '2026-11-23', maxMonths: 12 });
    expect(preview.body.installments.map((row) => row.amountCents)).toEqual([3_300, 3_300, 3_300, 3_300]);
    expect((await as(auditor)({ method: 'POST', url: '/api/collections/arrangements', payload: body })).status).toBe(403);
    const tooLong = await as(clerk)({ method: 'POST', url: '/api/collections/arrangements', payload: { ...body, months: 13 } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.error.details.field).toBe('months');

    const created = await as(clerk)<Arrangement>({ method: 'POST', url: '/api/collections/arrangements', payload: body });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/api/collections/arrangements/${created.body.arrangementNumber}`);
    expect((await as(clerk)({ method: 'POST', url: '/api/collections/arrangements', payload: body })).status).toBe(409);
    const shown = await as(auditor)<{ arrangement: Arrangement; standing: ArrangementStanding }>({ method: 'GET', url: `/api/collections/arrangements/${created.body.arrangementNumber}` });
    expect(shown.body.standing).toMatchObject({ status: 'active', isInGoodStanding: true, nextInstallment: { installmentNumber: 1, dueOn: created.body.installments[0]?.dueOn } });
    const listed = await as(auditor)<{ arrangements: Arrangement[] }>({ method: 'GET', url: `/api/collections/arrangements?status=active&account=${accountNumber}` });
    expect(listed.body.arrangements.map((row) => row.id)).toEqual([created.body.id]);
    const cancelled = await as(clerk)<Arrangement>({ method: 'POST', url: `/api/collections/arrangements/${created.body.id}/cancel`, payload: { reason: 'Made in error' } });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', endReason: 'Made in error', endedOn: '2026-11-23' });
  });

  it('places, lists and releases a hold', async () => {
    const refused = await as(clerk)({ method: 'POST', url: '/api/collections/holds', payload: { accountId: accountNumber, reason: 'Investigation', endsOn: '2027-06-30' } });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('endsOn');
    const placed = await as(clerk)<Hold>({ method: 'POST', url: '/api/collections/holds', payload: { accountId: accountNumber, reason: 'Bill investigation', endsOn: '2026-12-31' } });
    expect(placed.status).toBe(201);
    expect((await as(auditor)({ method: 'POST', url: `/api/collections/holds/${placed.body.id}/release`, payload: { reason: 'x' } })).status).toBe(403);
    const inForce = await as(auditor)<{ holds: Hold[]; today: string }>({ method: 'GET', url: '/api/collections/holds?inForceOn=2026-11-23' });
    expect(inForce.body.holds.map((hold) => hold.id)).toEqual([placed.body.id]);
    const released = await as(clerk)<Hold>({ method: 'POST', url: `/api/collections/holds/${placed.body.id}/release`, payload: { reason: 'Investigation closed' } });
    expect(released.body).toMatchObject({ releasedOn: '2026-11-23', releaseReason: 'Investigation closed' });
  });
});
