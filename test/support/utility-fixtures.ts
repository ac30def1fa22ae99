/**
 * Test data for utility billing: the receivables fixtures plus a water receivable control (fund
 * 510), water and sewer revenue (sewer in fund 520, through due-to/due-from), deposits held, two
 * classes, a monthly cycle with a route, and two rate schedules written straight into the rate
 * tables (the rate engine has its own tests): WATER-T (fixed $20.00 for 5/8", tiers 0–10 HCF at
 * $2.00, above at $3.00) and SEWER-F (flat $30.00 a month).
 */
import { sql } from 'kysely';
import type { Database } from '../../src/shared/db.js';
import { importChartCsv } from '../../src/ledger/index.js';
import { setReceivableControl } from '../../src/receivables/index.js';
import { addMeter, installMeter, saveBillingCycle, refreshMeterReadState, saveUtilityClass, setUtilityFundAccount, setUtilityInterfund, startService, type UtilityAccountDetail } from '../../src/utility/index.js';
import { testActor } from './ledger-fixtures.js';
import { seedReceivables } from './receivables-fixtures.js';

export const utilityAccounts = {
  receivable: '510-0000-12300',
  waterUse: '510-7100-44100',
  waterFixed: '510-7100-44200',
  sewer: '520-7200-44600',
  deposits: '510-0000-22100',
  dueToSewer: '510-0000-21520',
  dueFromWater: '520-0000-13510',
  waterCash: '510-0000-10100',
} as const;

const chart = `account,name,type,active,fund_name,fund_type,department_name
510-0000-12300,Utility accounts receivable,asset,yes,Water Fund,enterprise,Non-departmental
510-7100-44200,Water service charges - meter,revenue,yes,Water Fund,enterprise,Water Operations
510-0000-22100,Deposits held,liability,yes,Water Fund,enterprise,Non-departmental
510-0000-21520,Due to Sewer Fund,liability,yes,Water Fund,enterprise,Non-departmental
510-5100-58900,Bad debt expense - Water,expenditure,yes,Water Fund,enterprise,Water Operations
520-0000-13510,Due from Water Fund,asset,yes,Sewer Fund,enterprise,Non-departmental
520-0000-39000,Net position - Sewer,fund_balance,yes,Sewer Fund,enterprise,Non-departmental
520-7200-44600,Sewer service charges,revenue,yes,Sewer Fund,enterprise,Sewer Operations
`;

export const waterTiered = {
  billingUnit: 'HCF',
  fixed: { revenueAccount: utilityAccounts.waterFixed, amountCentsPerMonthBySize: { '5/8': 2000, '3/4': 2500, '1': 4000 } },
  tiers: { revenueAccount: utilityAccounts.waterUse, blocks: [{ from: '0', to: '10', rate: '2.00' }, { from: '10', to: null, rate: '3.00' }] },
};
export const sewerFlat = { billingUnit: 'HCF', flat: { revenueAccount: utilityAccounts.sewer, amountCentsPerMonth: 3000 } };

export async function seedUtility(database: Database): Promise<void> {
  await seedReceivables(database);
  await importChartCsv(database, { csvText: chart, actor: testActor });
  await setReceivableControl(database, { kind: 'utility', fundCode: '510', controlAccountCode: utilityAccounts.receivable, actor: testActor });
  await setUtilityFundAccount(database, { fundCode: '510', depositsAccountCode: utilityAccounts.deposits, actor: testActor });
  await setUtilityInterfund(database, { receivableFundCode: '510', revenueFundCode: '520', dueToAccountCode: utilityAccounts.dueToSewer,
    dueFromAccountCode: utilityAccounts.dueFromWater, actor: testActor });
  await saveUtilityClass(database, { input: { code: 'single_family', name: 'Single-family residential', isResidential: true }, actor: testActor });
  await saveUtilityClass(database, { input: { code: 'commercial', name: 'Commercial', isResidential: false, depositCents: 20_000 }, actor: testActor });
  await saveBillingCycle(database, { input: { code: 'C1', name: 'Cycle 1', dueDays: 21, routes: [{ code: 'R1', name: 'Route 1' }] }, actor: testActor });
  await sql`insert into rate_schedule (code, name, service_type) values ('WATER-T', 'Water, tiered', 'water'), ('SEWER-F', 'Sewer, flat', 'sewer')`.execute(database.kysely);
  await sql`insert into rate_version (rate_code, effective_from, definition, created_by) values
    ('WATER-T', '2026-07-01', ${JSON.stringify(waterTiered)}::jsonb, 'tester'),
    ('SEWER-F', '2026-07-01', ${JSON.stringify(sewerFlat)}::jsonb, 'tester')`.execute(database.kysely);
}

let sequence = 0;

/** A customer, a parcel and location, a 5/8" meter installed reading 1000, and water + sewer service from `startedOn`. */
export async function utilityCustomer(database: Database, options: { name?: string; startedOn?: string; classCode?: string; cycleCode?: string } = {}): Promise<UtilityAccountDetail & { meterSerial: string }> {
  sequence += 1;
  const tag = `${process.pid % 1000}${sequence}`;
  const customer = await sql<{ id: number }>`insert into customer (customer_number, customer_type, legal_name, created_by)
    values (${`C-${String(700000 + Number(tag) % 300000).padStart(6, '0')}`}, 'person', ${options.name ?? `Utility Customer ${sequence}`}, 'tester') returning id`.execute(database.kysely);
  const parcel = await sql<{ id: number }>`insert into parcel (apn, situs_line1, situs_city, situs_zip, created_by)
    values (${`055-${String(100 + (Number(tag) % 900)).padStart(3, '0')}-${String(100 + sequence).slice(-3)}`}, ${`${100 + sequence} Oak St`}, 'Alder Creek', '95603', 'tester') returning id`.execute(database.kysely);
  const location = await sql<{ id: number }>`insert into service_location (parcel_id, location_number, address_line1, created_by)
    values (${parcel.rows[0]?.id}, ${`L-${String(800000 + Number(tag) % 199999)}`}, ${`${100 + sequence} Oak St`}, 'tester') returning id`.execute(database.kysely);
  const meterSerial = `MT-${tag}`;
  const startedOn = options.startedOn ?? '2026-08-01';
  await addMeter(database, { input: { serial: meterSerial, size: '5/8', dials: 6, unit: 'HCF' }, actor: testActor });
  await installMeter(database, { input: { serial: meterSerial, serviceLocationId: location.rows[0]?.id as number, installedOn: '2026-07-15', reading: 1000 }, actor: testActor });
  const account = await startService(database, {
    input: {
      customerId: customer.rows[0]?.id, serviceLocationId: location.rows[0]?.id, classCode: options.classCode ?? 'single_family',
      cycleCode: options.cycleCode ?? 'C1', routeCode: 'R1', startedOn,
      agreements: [{ serviceType: 'water', rateCode: 'WATER-T', meterSerial }, { serviceType: 'sewer', rateCode: 'SEWER-F' }],
    },
    actor: testActor,
  });
  return { ...account, meterSerial };
}

/** An accepted read straight into meter_read (the read module validates imports). */
export async function acceptedRead(database: Database, meterSerial: string, readDate: string, reading: number, readType = 'actual'): Promise<void> {
  await sql`insert into meter_read (meter_id, read_date, reading, read_type, source, consumption, previous_read_id, status, created_by)
    select m.id, ${readDate}::date, ${reading}, ${readType}, 'manual', ${reading} - p.reading, p.id, 'accepted', 'tester'
    from meter m cross join lateral (select id, reading from meter_read where meter_id = m.id and status in ('accepted', 'overridden')
      and read_date < ${readDate}::date order by read_date desc, id desc limit 1) p
    where m.serial = ${meterSerial}`.execute(database.kysely);
  const meter = await sql<{ id: number }>`select id from meter where serial = ${meterSerial}`.execute(database.kysely);
  await refreshMeterReadState(database.kysely, meter.rows.map((row) => row.id));
}
