/**
 * Utility service, meters and rates over HTTP, by role: the billing clerk starts service (the
 * class's deposit charged), stops it with a final read, transfers an account, keeps meters (add,
 * install, exchange, remove, find by serial) and reads the rates; the finance manager's
 * utility.rates adds a version (a gap or an overlap refused, named); a cashier changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import type { MeterFound, UtilityAccountDetail } from '../utility/index.js';
import { createTestDatabase } from '../../test/support/database.js';
import { callerFor, testSession, type TestSession } from '../../test/support/http.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { acceptedRead, seedUtility, utilityAccounts, utilityCustomer, waterTiered } from '../../test/support/utility-fixtures.js';
import { buildServer } from './index.js';

let database: Database;
let app: FastifyInstance;
let clerk: TestSession;
let rates: TestSession;
let cashier: TestSession;
let current: TestSession | null = null;
const call = callerFor(() => ({ app, session: current }));
const as = (session: TestSession) => {
  current = session;
  return call;
};
const fieldsOf = (error: { details: Record<string, unknown> }) => ((error.details.problems as Array<{ field: string }> | undefined) ?? []).map((problem) => problem.field);

let sequence = 0;
/** A customer and an empty service location (no meter, nobody in service). */
async function customerAndLocation(name: string): Promise<{ customerId: number; serviceLocationId: number; locationNumber: string }> {
  sequence += 1;
  const db = database.kysely;
  const customer = await sql<{ id: number }>`insert into customer (customer_number, customer_type, legal_name, created_by)
    values (${`C-${610000 + sequence}`}, 'business', ${name}, 'tester') returning id`.execute(db);
  const parcel = await sql<{ id: number }>`insert into parcel (apn, situs_line1, situs_city, situs_zip, created_by)
    values (${`066-100-${String(100 + sequence)}`}, ${`${20 + sequence} Main St`}, 'Alder Creek', '95603', 'tester') returning id`.execute(db);
  const locationNumber = `L-${660000 + sequence}`;
  const location = await sql<{ id: number }>`insert into service_location (parcel_id, location_number, address_line1, created_by)
    values (${parcel.rows[0]?.id}, ${locationNumber}, ${`${20 + sequence} Main St`}, 'tester') returning id`.execute(db);
  return { customerId: customer.rows[0]?.id as number, serviceLocationId: location.rows[0]?.id as number, locationNumber };
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedUtility(database);
  app = await buildServer({ database, clock: testClock, logLevel: 'silent' });
  clerk = await testSession(app, database, { roles: ['billing_clerk'] });
  rates = await testSession(app, database, { permissions: ['utility.read', 'utility.rates'] });
  cashier = await testSession(app, database, { roles: ['cashier'] });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('utility service over HTTP', () => {
  it('starts service with the class deposit, finds the location and the account, stops it with a final read', async () => {
    const site = await customerAndLocation('Main Street Bakery');
    const added = await as(clerk)<MeterFound>({ method: 'POST', url: '/api/utility/meters', payload: { serial: 'http-m1', size: '1', dials: 6 } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ serial: 'HTTP-M1', status: 'in_stock' });
    const installed = await as(clerk)<MeterFound>({ method: 'POST', url: '/api/utility/meters/HTTP-M1/install',
      payload: { serviceLocationId: site.serviceLocationId, installedOn: '2026-08-01', reading: 500 } });
    expect(installed.body).toMatchObject({ status: 'installed', locationNumber: site.locationNumber });

    const found = await as(clerk)<{ locations: Array<{ id: number; accountNumber: string | null; meters: MeterFound[] }> }>({
      method: 'GET', url: `/api/utility/locations?q=${site.locationNumber}` });
    expect(found.body.locations).toHaveLength(1);
    expect(found.body.locations[0]).toMatchObject({ id: site.serviceLocationId, accountNumber: null });
    expect(found.body.locations[0]?.meters.map((meter) => [meter.serial, meter.lastRead?.reading])).toEqual([['HTTP-M1', 500]]);

    const quote = await as(clerk)<{ amountCents: number; reason: string }>({ method: 'GET',
      url: `/api/utility/deposit-quote?classCode=commercial&customerId=${site.customerId}&startedOn=2026-08-01` });
    expect(quote.body).toEqual({ amountCents: 20_000, reason: 'Deposit for commercial service' });

    const bad = await as(clerk)({ method: 'POST', url: '/api/utility/accounts', payload: { customerId: site.customerId, serviceLocationId: site.serviceLocationId,
      classCode: 'bakery', cycleCode: 'C9', startedOn: '2026-08-01', agreements: [{ serviceType: 'water', rateCode: 'SEWER-F' }] } });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.error)).toEqual(['classCode', 'cycleCode', 'agreements[0].rateCode']);

    const started = await as(clerk)<UtilityAccountDetail>({ method: 'POST', url: '/api/utility/accounts', payload: {
      customerId: site.customerId, serviceLocationId: site.serviceLocationId, classCode: 'commercial', cycleCode: 'C1', routeCode: 'R1',
      startedOn: '2026-08-01', agreements: [{ serviceType: 'water', rateCode: 'WATER-T', meterSerial: 'HTTP-M1' }, { serviceType: 'sewer', rateCode: 'SEWER-F' }] } });
    expect(started.status).toBe(201);
    expect(started.headers.location).toBe(`/api/utility/accounts/${started.body.accountNumber}`);
    expect(started.body).toMatchObject({ status: 'active', classCode: 'commercial', balanceCents: 20_000,
      deposits: [{ amountCents: 20_000, status: 'billed', reason: 'Deposit for commercial service' }] });
    const again = await as(clerk)({ method: 'POST', url: '/api/utility/accounts', payload: { customerId: site.customerId, serviceLocationId: site.serviceLocationId,
      classCode: 'commercial', cycleCode: 'C1', startedOn: '2026-08-02', agreements: [{ serviceType: 'sewer', rateCode: 'SEWER-F' }] } });
    expect(again.status).toBe(409);
    expect(again.error.details.field).toBe('serviceLocationId');

    const accounts = await as(clerk)<{ accounts: Array<{ accountNumber: string; locationNumber: string; status: string; balanceCents: number }> }>({
      method: 'GET', url: `/api/customers/${site.customerId}/utility-accounts` });
    expect(accounts.body.accounts).toEqual([expect.objectContaining({ accountNumber: started.body.accountNumber, locationNumber: site.locationNumber,
      status: 'active', balanceCents: 20_000 })]);
    // The cashier reads the customer's accounts (customers.read) but starts nothing.
    expect((await as(cashier)({ method: 'GET', url: `/api/customers/${site.customerId}/utility-accounts` })).status).toBe(200);
    expect((await as(cashier)({ method: 'POST', url: `/api/utility/accounts/${started.body.accountNumber}/stop`, payload: { stoppedOn: '2026-09-30' } })).status).toBe(403);

    const early = await as(clerk)({ method: 'POST', url: `/api/utility/accounts/${started.body.accountNumber}/stop`, payload: { stoppedOn: '2026-07-01' } });
    expect(early.status).toBe(400);
    expect(early.error.details.field).toBe('stoppedOn');
    const stopped = await as(clerk)<UtilityAccountDetail>({ method: 'POST', url: `/api/utility/accounts/${started.body.accountNumber}/stop`,
      payload: { stoppedOn: '2026-09-30', readings: { 'HTTP-M1': 534 } } });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ stoppedOn: '2026-09-30', agreements: [{ endedOn: '2026-09-30' }, { endedOn: '2026-09-30' }] });
    const meter = await as(clerk)<MeterFound>({ method: 'GET', url: '/api/utility/meters/http-m1' });
    expect(meter.body.lastRead).toEqual({ readDate: '2026-09-30', reading: 534 });
  });

  it('transfers an account to another customer the next day, with the same services and meter', async () => {
    const account = await utilityCustomer(database, { name: 'Leaving Tenant' });
    const next = await customerAndLocation('Arriving Tenant');
    const transferred = await as(clerk)<{ stopped: UtilityAccountDetail; started: UtilityAccountDetail }>({ method: 'POST',
      url: `/api/utility/accounts/${account.accountNumber}/transfer`, payload: { toCustomerId: next.customerId, on: '2026-10-15', readings: { [account.meterSerial]: 1012 } } });
    expect(transferred.status).toBe(200);
    expect(transferred.body.stopped).toMatchObject({ accountNumber: account.accountNumber, stoppedOn: '2026-10-15' });
    expect(transferred.body.started).toMatchObject({ customerName: 'Arriving Tenant', startedOn: '2026-10-16', serviceLocationId: account.serviceLocationId,
      agreements: [{ serviceType: 'water', meterSerial: account.meterSerial }, { serviceType: 'sewer' }] });
    const same = await as(clerk)({ method: 'POST', url: `/api/utility/accounts/${transferred.body.started.accountNumber}/transfer`,
      payload: { toCustomerId: next.customerId, on: '2026-11-15' } });
    expect(same.status).toBe(400);
    expect(same.error.details.field).toBe('toCustomerId');
  });

  it('exchanges a meter keeping both reads, finds meters by serial, and the global search leads to the account', async () => {
    const account = await utilityCustomer(database, { name: 'Exchange Customer' });
    // The meter was read that morning: the exchange's final read takes the day's place.
    await acceptedRead(database, account.meterSerial, '2026-09-15', 1008);
    await as(clerk)({ method: 'POST', url: '/api/utility/meters', payload: { serial: 'HTTP-NEW-1', size: '5/8' } });
    const exchanged = await as(clerk)<{ removed: MeterFound; installed: MeterFound; agreementsMoved: number }>({ method: 'POST',
      url: `/api/utility/meters/${account.meterSerial}/exchange`, payload: { newSerial: 'HTTP-NEW-1', on: '2026-09-15', oldReading: 1009, newReading: 0 } });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ removed: { serial: account.meterSerial, status: 'removed' }, installed: { serial: 'HTTP-NEW-1', status: 'installed' }, agreementsMoved: 1 });
    const view = await as(clerk)<{ account: UtilityAccountDetail }>({ method: 'GET', url: `/api/utility/accounts/${account.accountNumber}` });
    expect(view.body.account.agreements[0]?.meterSerial).toBe('HTTP-NEW-1');
    const reads = await sql<{ reading: number; readType: string; status: string }>`select r.reading, r.read_type as "readType", r.status
      from meter_read r join meter m on m.id = r.meter_id where m.serial = ${account.meterSerial} and r.read_date = '2026-09-15' order by r.id`.execute(database.kysely);
    expect(reads.rows.map((read) => [Number(read.reading), read.readType, read.status])).toEqual([[1008, 'actual', 'superseded'], [1009, 'final', 'accepted']]);
    const twice = await as(clerk)({ method: 'POST', url: `/api/utility/meters/${account.meterSerial}/exchange`, payload: { newSerial: 'HTTP-NEW-1', on: '2026-09-16', oldReading: 1, newReading: 0 } });
    expect(twice.status).toBe(409);

    const search = await as(clerk)<{ meters: MeterFound[] }>({ method: 'GET', url: '/api/utility/meters?serial=http-new' });
    expect(search.body.meters.map((meter) => [meter.serial, meter.accountNumber, meter.lastRead?.reading])).toEqual([['HTTP-NEW-1', account.accountNumber, 0]]);
    expect((await as(clerk)({ method: 'GET', url: '/api/utility/meters/NOPE-1' })).status).toBe(404);
    const global = await as(clerk)<{ results: Array<{ type: string; title: string; href: string }> }>({ method: 'GET', url: '/api/search?q=HTTP-NEW-1' });
    expect(global.body.results.filter((result) => result.type === 'meter')).toEqual([
      expect.objectContaining({ title: 'Meter HTTP-NEW-1', href: `/utility/accounts/${account.accountNumber}` })]);

    const removed = await as(clerk)<MeterFound>({ method: 'POST', url: '/api/utility/meters/HTTP-NEW-1/remove', payload: { removedOn: '2026-09-01', reading: 3 } });
    expect(removed.status).toBe(400);
    expect(removed.error.details.field).toBe('removedOn');
    expect((await as(cashier)({ method: 'POST', url: '/api/utility/meters', payload: { serial: 'NO-1', size: '1' } })).status).toBe(403);
  });

  it('lists rate schedules with versions and adds a version; a gap or a bad tier is refused by field', async () => {
    const list = await as(clerk)<{ schedules: Array<{ code: string; versions: Array<{ effectiveFrom: string; effectiveTo: string | null; definition: unknown }> }> }>({
      method: 'GET', url: '/api/utility/rate-schedules?serviceType=water' });
    expect(list.body.schedules.map((schedule) => schedule.code)).toEqual(['WATER-T']);
    expect(list.body.schedules[0]?.versions[0]).toMatchObject({ effectiveFrom: '2026-07-01', effectiveTo: null, definition: waterTiered });
    // The clerk reads rates but does not keep them.
    expect((await as(clerk)({ method: 'POST', url: '/api/utility/rate-schedules/WATER-T/versions', payload: {} })).status).toBe(403);

    const gap = await as(rates)({ method: 'POST', url: '/api/utility/rate-schedules/WATER-T/versions',
      payload: { effectiveFrom: '2026-06-01', effectiveTo: '2026-06-15', definition: waterTiered } });
    expect(gap.status).toBe(400);
    expect(fieldsOf(gap.error)).toEqual(['effectiveFrom']);
    expect(gap.error.message).toContain('a gap from 2026-06-16 to 2026-06-30 with no rate');
    const overlap = await as(rates)({ method: 'POST', url: '/api/utility/rate-schedules/WATER-T/versions',
      payload: { effectiveFrom: '2026-06-01', effectiveTo: '2026-07-10', definition: waterTiered } });
    expect(overlap.status).toBe(400);
    expect(overlap.error.message).toContain('both are in effect from 2026-07-01 to 2026-07-10');
    const badTier = { ...waterTiered, tiers: { revenueAccount: utilityAccounts.waterUse, blocks: [{ from: '0', to: '10', rate: '2.00' }, { from: '12', to: null, rate: '3.00' }] } };
    const refused = await as(rates)({ method: 'POST', url: '/api/utility/rate-schedules/water-t/versions', payload: { effectiveFrom: '2027-01-01', definition: badTier } });
    expect(refused.status).toBe(400);
    expect(fieldsOf(refused.error)).toEqual(['definition.tiers.blocks[1].from']);

    const raised = { ...waterTiered, tiers: { ...waterTiered.tiers, blocks: [{ from: '0', to: '10', rate: '2.20' }, { from: '10', to: null, rate: '3.30' }] } };
    const added = await as(rates)<{ version: { effectiveFrom: string }; closed: { effectiveTo: string } | null }>({ method: 'POST',
      url: '/api/utility/rate-schedules/WATER-T/versions', payload: { effectiveFrom: '2027-01-01', definition: raised } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ version: { effectiveFrom: '2027-01-01' }, closed: { effectiveTo: '2026-12-31' } });
    const schedule = await as(clerk)<{ versions: Array<{ effectiveFrom: string; effectiveTo: string | null }> }>({ method: 'GET', url: '/api/utility/rate-schedules/WATER-T' });
    expect(schedule.body.versions.map((version) => [version.effectiveFrom, version.effectiveTo])).toEqual([['2026-07-01', '2026-12-31'], ['2027-01-01', null]]);
  });
});
