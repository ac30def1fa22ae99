/**
 * The demo city's water and sewer billing: customer classes, four monthly cycles read on the 8th,
 * 15th, 22nd and last day, the Prop 218 rates, about 5,000 accounts (the 300 converted from the
 * legacy system and 4,700 more, through the bulk generator) each with a meter and 14 months of
 * reads, and real bill runs for October and November — finalized, their bills paid by most
 * customers, except cycle C4's November run, left tentative for the billing clerk to review (a few
 * high reads wait in the exception queue and hold their bills).
 *
 * Safe to run again: nothing is done twice (the accounts are there, or a run of a cycle and date
 * is there and continues).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { addDays, type Clock, type IsoDate } from '../shared/dates.js';
import { inTransaction, type Database } from '../shared/db.js';
import { cents } from '../shared/money.js';
import { refreshCustomerSearch } from '../customers/index.js';
import { postReceivableEntry, type NewItem } from '../receivables/index.js';
import {
  finalizeBillRun,
  refreshMeterReadState,
  runBills,
  saveBillingCycle,
  saveUtilityClass,
  setUtilityFundAccount,
  setUtilityInterfund,
} from '../utility/index.js';
import { generateUtilityAccounts, readDateOf, type GeneratedClass } from './utility-generator.js';
import { loadDemoRates } from './utility-rates.js';

export const DEMO_UTILITY_ACCOUNTS = 5_000;
const cycles = ['C1', 'C2', 'C3', 'C4'] as const;
export const demoReadDay: Record<string, number> = { C1: 8, C2: 15, C3: 22, C4: 0 };
const readMonths = ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];

export const demoUtilityMix: readonly GeneratedClass[] = [
  { classCode: 'single_family', share: 0.86, waterRate: 'WATER-RES', waterService: 'water', sewerRate: 'SEWER-RES', units: [1, 1], meterSize: '5/8', baseUse: 9, summerFactor: 1.7, isBusiness: false },
  { classCode: 'multi_family', share: 0.06, waterRate: 'WATER-MFR', waterService: 'water', sewerRate: 'SEWER-MFR', units: [2, 24], meterSize: '1-1/2', baseUse: 5, summerFactor: 1.2, isBusiness: false },
  { classCode: 'commercial', share: 0.06, waterRate: 'WATER-COM', waterService: 'water', sewerRate: 'SEWER-COM', units: [1, 1], meterSize: '1', baseUse: 28, summerFactor: 1.15, isBusiness: true },
  { classCode: 'irrigation', share: 0.02, waterRate: 'WATER-IRR', waterService: 'irrigation', sewerRate: null, units: [1, 1], meterSize: '1', baseUse: 6, summerFactor: 6, isBusiness: true },
];

export interface DemoUtilityReport {
  accountsCreated: number;
  billsFinalized: number;
  wasAlreadyLoaded: boolean;
}

export async function loadDemoUtility(database: Database, options: { actor: Actor; clock: Clock }): Promise<DemoUtilityReport> {
  const { actor, clock } = options;
  const existing = await sql<{ count: number }>`select count(*)::int as count from utility_account`.execute(database.kysely);
  let accountsCreated = 0;
  if ((existing.rows[0]?.count ?? 0) === 0) {
    await setUpDemoUtility(database, actor);
    accountsCreated = await createAccounts(database, actor);
  }
  let billsFinalized = 0;
  for (const month of ['2026-10', '2026-11']) {
    for (const cycle of cycles) {
      const through = readDateOf(month, demoReadDay[cycle] as number);
      const billDate = addDays(through, 2);
      if (month === '2026-11' && cycle === 'C4') await flagNovemberReads(database, through);
      const run = await runBills(database, { input: { cycleCode: cycle, throughDate: through, billDate }, actor, clock });
      if (month === '2026-11' && cycle === 'C4') continue; // left for the clerk's review
      if (run.run.status !== 'finalized') billsFinalized += (await finalizeBillRun(database, { runKey: run.run.id, actor })).billsFinalized;
      await payBills(database, actor, run.run.id, month, cycle);
    }
  }
  return { accountsCreated, billsFinalized, wasAlreadyLoaded: accountsCreated === 0 && billsFinalized === 0 };
}

export async function setUpDemoUtility(database: Database, actor: Actor): Promise<void> {
  await saveUtilityClass(database, { input: { code: 'single_family', name: 'Single-family residential', isResidential: true }, actor });
  await saveUtilityClass(database, { input: { code: 'multi_family', name: 'Multi-family residential', isResidential: true, tiersPerUnit: true }, actor });
  await saveUtilityClass(database, { input: { code: 'commercial', name: 'Commercial and institutional', isResidential: false, depositCents: 20_000 }, actor });
  await saveUtilityClass(database, { input: { code: 'irrigation', name: 'Dedicated irrigation', isResidential: false, depositCents: 10_000 }, actor });
  const names: Record<string, string> = { C1: 'Cycle 1 (north, read the 8th)', C2: 'Cycle 2 (east, read the 15th)', C3: 'Cycle 3 (south, read the 22nd)', C4: 'Cycle 4 (downtown, read the last day)' };
  for (const cycle of cycles) {
    await saveBillingCycle(database, { input: { code: cycle, name: names[cycle], dueDays: 21,
      routes: [1, 2, 3, 4].map((route) => ({ code: `${cycle}-R${route}`, name: `Route ${route}` })) }, actor });
  }
  await setUtilityFundAccount(database, { fundCode: '510', depositsAccountCode: '510-0000-22100', actor });
  await setUtilityInterfund(database, { receivableFundCode: '510', revenueFundCode: '520', dueToAccountCode: '510-0000-21520', dueFromAccountCode: '520-0000-13510', actor });
  await loadDemoRates(database, actor);
}

/** The converted accounts get meters and services (cycle C4, billed through October); then 4,700 more. */
async function createAccounts(database: Database, actor: Actor): Promise<number> {
  return inTransaction(database, async (tx) => {
    const control = await sql<{ id: number }>`select control_account_id as id from receivable_control where kind = 'utility' and fund_code = '510'`.execute(tx);
    const controlAccountId = control.rows[0]?.id as number;
    const converted = await sql<{ id: number; locationId: number; unit: string | null }>`select r.id, r.service_location_id as "locationId", l.unit
      from receivable_account r join service_location l on l.id = r.service_location_id
      where r.kind = 'utility' and r.status = 'active' order by r.id`.execute(tx);
    const rows = converted.rows;
    await sql`insert into utility_account (id, service_location_id, class_code, cycle_code, route_code, dwelling_units, started_on, billed_through, created_by)
      select t.id, t.location, case when t.unit is null then 'single_family' else 'multi_family' end, 'C4', 'C4-R' || (1 + t.ord % 4)::text,
        case when t.unit is null then 1 else 4 end, '2024-07-01', '2026-10-31', ${actor.username}
      from unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.locationId)}::bigint[], ${rows.map((r) => r.unit)}::text[]) with ordinality as t(id, location, unit, ord)`.execute(tx);
    await sql`insert into meter (serial, size, dials, unit, status, manufacturer, created_by)
      select 'W' || lpad(u.id::text, 8, '0'), case when u.class_code = 'multi_family' then '1' else '5/8' end, 6, 'HCF', 'installed', 'Badger', ${actor.username}
      from utility_account u where u.id = any(${rows.map((r) => r.id)}::bigint[])`.execute(tx);
    await sql`insert into meter_installation (meter_id, service_location_id, installed_on, created_by)
      select m.id, u.service_location_id, '2018-05-01', ${actor.username} from utility_account u join meter m on m.serial = 'W' || lpad(u.id::text, 8, '0')
      where u.id = any(${rows.map((r) => r.id)}::bigint[])`.execute(tx);
    await sql`insert into service_agreement (utility_account_id, service_type, rate_code, meter_id, started_on, created_by)
      select u.id, 'water', case when u.class_code = 'multi_family' then 'WATER-MFR' else 'WATER-RES' end, m.id, '2024-07-01'::date, ${actor.username}
      from utility_account u join meter m on m.serial = 'W' || lpad(u.id::text, 8, '0') where u.id = any(${rows.map((r) => r.id)}::bigint[])
      union all
      select u.id, 'sewer', case when u.class_code = 'multi_family' then 'SEWER-MFR' else 'SEWER-RES' end, null::bigint, '2024-07-01'::date, ${actor.username}
      from utility_account u where u.id = any(${rows.map((r) => r.id)}::bigint[])`.execute(tx);
    await sql`insert into meter_read (meter_id, read_date, reading, read_type, source, consumption, status, created_by)
      select m.id, (date_trunc('month', make_date(2025, 10, 1) + (g.k || ' months')::interval) + interval '1 month - 1 day')::date,
        10000 + (u.id % 5000) * 7 + g.k * 9 + (g.k * (u.id % 7)),
        case when g.k = 0 then 'first' else 'actual' end, 'demo', case when g.k = 0 then 0 else 9 + (u.id % 7) end, 'accepted', ${actor.username}
      from utility_account u join meter m on m.serial = 'W' || lpad(u.id::text, 8, '0') cross join generate_series(0, 13) g(k)
      where u.id = any(${rows.map((r) => r.id)}::bigint[])`.execute(tx);
    const created = await generateUtilityAccounts(tx, {
      firstIndex: 1, count: DEMO_UTILITY_ACCOUNTS - rows.length, cycles, readDay: demoReadDay, mix: demoUtilityMix, controlAccountId,
      fundCode: '510', openedOn: '2025-09-01' as IsoDate, billedThroughMonth: '2026-09', readMonths, createdBy: actor.username,
      city: 'Alder Creek', zip: '95603',
    });
    const customers = await sql<{ id: number }>`select customer_id as id from receivable_account where id = any(${created}::bigint[])`.execute(tx);
    await refreshCustomerSearch(tx, customers.rows.map((row) => row.id));
    await refreshMeterReadState(tx, 'all');
    await recordAudit(tx, { actor, action: 'demo.load_utility_accounts', entityType: 'utility_account', entityId: null,
      after: { converted: rows.length, generated: created.length } });
    return rows.length + created.length;
  });
}

/** November's read exceptions in cycle C4: three high reads wait for review (their bills are held). */
async function flagNovemberReads(database: Database, through: IsoDate): Promise<void> {
  const run = await sql`select 1 from bill_run where cycle_code = 'C4' and through_date = ${through}::date`.execute(database.kysely);
  if (run.rows.length > 0) return;
  await sql`update meter_read r set status = 'exception', exception_codes = '{high}', consumption = r.consumption * 4, reading = r.reading + r.consumption * 3,
      previous_read_id = (select p.id from meter_read p where p.meter_id = r.meter_id and p.read_date < r.read_date and p.status = 'accepted'
        order by p.read_date desc, p.id desc limit 1)
    where r.id in (select r2.id from meter_read r2 join service_agreement a on a.meter_id = r2.meter_id join utility_account u on u.id = a.utility_account_id
      where u.cycle_code = 'C4' and r2.read_date = '2026-11-30' and r2.status = 'accepted' and r2.source = 'demo' and u.class_code = 'single_family'
      order by u.id desc limit 3)`.execute(database.kysely);
  await refreshMeterReadState(database.kysely, 'all');
}

/**
 * Most customers pay: 88% of a run's bills are paid in full between 6 and 20 days after the bill
 * date (one entry per run and chunk, the bank debited as a lockbox would), the rest stay open.
 * October's runs, and November's of cycle C1 (due December 1); the other November bills are not
 * due yet.
 */
async function payBills(database: Database, actor: Actor, runId: number, month: string, cycle: string): Promise<void> {
  if (month !== '2026-10' && !(month === '2026-11' && cycle === 'C1')) return; // the rest of November's bills are not due yet
  const bills = await sql<{ accountId: number; amount: number; billDate: string; id: number }>`select b.utility_account_id as "accountId",
      b.current_charges_cents as amount, b.bill_date::text as "billDate", b.id
    from bill b where b.run_id = ${runId} and b.status = 'final' and b.current_charges_cents > 0 and b.id % 25 not in (3, 7, 11) order by b.id`.execute(database.kysely);
  for (let start = 0; start < bills.rows.length; start += 5_000) {
    const chunk = bills.rows.slice(start, start + 5_000);
    const paidOn = addDays((chunk[0] as { billDate: string }).billDate as IsoDate, 6 + (start / 5_000) * 7);
    const items: NewItem[] = chunk.map((bill) => ({
      accountId: bill.accountId, itemType: 'payment', chargeClass: null, amountCents: cents(-bill.amount), itemDate: paidOn, dueDate: null,
      penaltyEligible: false, offsetAccountCode: '510-0000-10100', description: 'Payment, thank you', reasonCode: null, documentRef: null, reversesItemId: null,
    }));
    const total = chunk.reduce((sum, bill) => sum + bill.amount, 0);
    await inTransaction(database, async (tx) => {
      await postReceivableEntry(database, tx, actor, {
        entryDate: paidOn, description: `Utility payments received ${paidOn} (bank lockbox and online)`, documentRef: `payments ${paidOn}`,
        idempotencyKey: `demo:utility-payments:${runId}:${start}`, items, offsetLines: [{ accountCode: '510-0000-10100', amountCents: cents(total) }],
      });
    });
  }
}
