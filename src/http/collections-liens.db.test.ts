/**
 * Liens and closed accounts over HTTP, by role: the utility supervisor prepares the roll, lists
 * an account by hand (refused for an account without an APN), records a lien and exports the
 * county's CSV; the billing clerk reads but may not write; a cashier sees nothing.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lien, PrepareRollResult } from '../collections/index.js';
import type { Database } from '../shared/db.js';
import { createTestDatabase } from '../../test/support/database.js';
import { billCycle, seedCollections } from '../../test/support/collections-fixtures.js';
import { callerFor, testSession, type TestSession } from '../../test/support/http.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, utilityCustomer } from '../../test/support/utility-fixtures.js';
import { buildServer } from './index.js';

let database: Database;
let app: FastifyInstance;
let supervisor: TestSession;
let clerk: TestSession;
let cashier: TestSession;
let current: TestSession | null = null;
const call = callerFor(() => ({ app, session: current }));
const as = (session: TestSession) => {
  current = session;
  return call;
};
let owner: Awaited<ReturnType<typeof utilityCustomer>>;
let noApn: Awaited<ReturnType<typeof utilityCustomer>>;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCollections(database);
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  supervisor = await testSession(app, database, { roles: ['utility_supervisor'] });
  clerk = await testSession(app, database, { roles: ['billing_clerk'] });
  cashier = await testSession(app, database, { roles: ['cashier'] });
  owner = await utilityCustomer(database, { name: 'Harriet Http' });
  noApn = await utilityCustomer(database, { name: 'Ned NoApn' });
  for (const account of [owner, noApn]) {
    await acceptedRead(database, account.meterSerial, '2026-08-31', 1008);
    await sql`insert into customer_property (customer_id, parcel_id, role, start_date, created_by)
      select ${account.customerId}, parcel_id, 'owner', '2020-01-01', 'tester' from service_location where id = ${account.serviceLocationId}`.execute(database.kysely);
  }
  await sql`update parcel set apn = '000-000-000' where id = (select parcel_id from service_location where id = ${noApn.serviceLocationId})`.execute(database.kysely);
  await billCycle(database, '2026-08-31', '2026-09-02');
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('liens over HTTP', () => {
  it('the supervisor prepares the roll, records a lien and exports the CSV; the clerk reads only; a cashier sees nothing', async () => {
    const prepared = await as(supervisor)<PrepareRollResult>({ method: 'POST', url: '/api/collections/liens/rolls/FY2027/prepare', payload: { asOf: '2026-11-23' } });
    expect(prepared.status).toBe(200);
    expect(prepared.body).toMatchObject({ listed: 1, roll: { fiscalYear: 2027, status: 'draft', totalCents: 6600 } });
    expect(prepared.body.excluded.map((row) => [row.accountNumber, row.reasons])).toEqual([[noApn.accountNumber, ['no_apn']]]);

    const refused = await as(supervisor)({ method: 'POST', url: '/api/collections/liens/rolls/2027/accounts', payload: { asOf: '2026-11-23', account: noApn.accountNumber } });
    expect(refused.status).toBe(400);
    expect(refused.error).toMatchObject({ code: 'invalid_input', details: { field: 'account', accountNumber: noApn.accountNumber } });

    const recorded = await as(supervisor)<Lien>({ method: 'POST', url: `/api/collections/liens/${owner.accountNumber}/record`,
      payload: { recordingNumber: '2026-0012345', recordedOn: '2026-11-20' } });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ status: 'recorded', expiresOn: '2036-11-20', payoffCents: 6600, ownerAddress: { source: 'situs' } });

    const listed = await as(clerk)<{ liens: Lien[] }>({ method: 'GET', url: '/api/collections/liens?fiscalYear=2027' });
    expect(listed.body.liens.map((lien) => lien.accountNumber)).toEqual([owner.accountNumber]);
    const csv = await as(clerk)({ method: 'GET', url: '/api/collections/liens/rolls/2027/export.csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="lien-roll-FY2027.csv"');
    expect(csv.text).toContain(`,66.00,${owner.accountNumber},Harriet Http`);
    expect((await as(clerk)({ method: 'POST', url: '/api/collections/liens/rolls/2027/submit', payload: {} })).status).toBe(403);
    expect((await as(cashier)({ method: 'GET', url: '/api/collections/liens' })).status).toBe(403);
    const closed = await as(clerk)<{ accounts: unknown[]; asOf: string }>({ method: 'GET', url: '/api/collections/closed-accounts' });
    expect(closed.body).toEqual({ accounts: [], asOf: '2026-11-23' });
  });
});
