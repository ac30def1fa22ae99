/**
 * Test data for meter reads: the ledger fixtures, a utility receivable control account in the
 * Water Fund, a class, cycle, route and rate; meters installed at service locations serving
 * active (or closed) utility accounts, and a year of monthly read history for each — all by
 * set-based SQL (the lead's src/utility/setup.ts is the real door; these only need the rows), so
 * the benchmark can make a million meters the same way.
 */
import { sql } from 'kysely';
import type { Database } from '../../src/shared/db.js';
import { addDays, type IsoDate } from '../../src/shared/dates.js';
import { importChartCsv } from '../../src/ledger/index.js';
import { setReceivableControl } from '../../src/receivables/index.js';
import { refreshMeterReadState, seedReadLayouts } from '../../src/utility/index.js';
import { seedLedger, testActor } from './ledger-fixtures.js';

export const waterReceivable = '510-0000-12200';

export async function seedReadFixtures(database: Database, options: { withLedger?: boolean } = {}): Promise<void> {
  if (options.withLedger !== false) await seedLedger(database);
  await importChartCsv(database, { csvText: `account,name,type,active,fund_name,fund_type,department_name
${waterReceivable},Utility accounts receivable,asset,yes,Water Fund,enterprise,Non-departmental
`, actor: testActor });
  await setReceivableControl(database, { kind: 'utility', fundCode: '510', controlAccountCode: waterReceivable, actor: testActor });
  await sql`insert into utility_class (code, name, is_residential) values ('res', 'Residential', true) on conflict do nothing`.execute(database.kysely);
  await sql`insert into billing_cycle (code, name) values ('C1', 'Cycle 1'), ('C2', 'Cycle 2') on conflict do nothing`.execute(database.kysely);
  await sql`insert into billing_route (code, cycle_code, name) values ('R1', 'C1', 'Route 1'), ('R2', 'C2', 'Route 2')
    on conflict do nothing`.execute(database.kysely);
  await sql`insert into rate_schedule (code, name, service_type) values ('WATER-RES', 'Residential water', 'water')
    on conflict do nothing`.execute(database.kysely);
  await seedReadLayouts(database, testActor);
}

export interface MeterSpec {
  serial: string;
  dials?: number;
  multiplier?: string;
  unit?: 'HCF' | 'GAL';
  /** Serving an active account (default) or a closed one. */
  isActive?: boolean;
  cycleCode?: 'C1' | 'C2';
  retired?: boolean;
}

const CHUNK = 50_000;

/** Meters at locations of their own, each serving a utility account; returns the ids by serial. */
export async function createMeters(database: Database, specs: readonly MeterSpec[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let start = 0; start < specs.length; start += CHUNK) {
    const chunk = specs.slice(start, start + CHUNK);
    const base = await sql<{ n: number }>`select coalesce(max(id), 0)::bigint + 1 as n from meter`.execute(database.kysely);
    const offset = (base.rows[0]?.n ?? 1) + 5_000_000;
    const column = <T>(pick: (spec: MeterSpec) => T): T[] => chunk.map(pick);
    const result = await sql<{ id: number; serial: string }>`with spec as (
        select t.*, ${offset}::bigint + t.n as k, lpad((${offset}::bigint + t.n)::text, 9, '0') as digits
        from unnest(${column((s) => s.serial)}::text[], ${column((s) => s.dials ?? 4)}::int[], ${column((s) => s.multiplier ?? '1')}::numeric[],
          ${column((s) => s.unit ?? 'HCF')}::text[], ${column((s) => s.isActive ?? true)}::boolean[], ${column((s) => s.cycleCode ?? 'C1')}::text[],
          ${column((s) => s.retired ?? false)}::boolean[])
          with ordinality as t(serial, dials, multiplier, unit, active, cycle, retired, n)
      ), parcels as (
        insert into parcel (apn, situs_line1, situs_city, situs_zip, created_by)
        select substr(digits, 1, 3) || '-' || substr(digits, 4, 3) || '-' || substr(digits, 7, 3), k || ' Meter Way', 'Davis', '95616', 'tester'
        from spec returning id, apn
      ), locations as (
        insert into service_location (parcel_id, location_number, address_line1, created_by)
        select p.id, 'L-' || s.digits, s.k || ' Meter Way', 'tester'
        from spec s join parcels p on p.apn = substr(s.digits, 1, 3) || '-' || substr(s.digits, 4, 3) || '-' || substr(s.digits, 7, 3)
        returning id, location_number
      ), customers as (
        insert into customer (customer_number, customer_type, legal_name, created_by)
        select 'C-' || s.digits, 'person', 'Meter Customer ' || s.k, 'tester' from spec s returning id, customer_number
      ), control as (
        select control_account_id as id from receivable_control where kind = 'utility' and fund_code = '510'
      ), subledgers as (
        insert into subledger_account (subledger, control_account_id)
        select 'receivable', c.id from spec s cross join control c returning id
      ), numbered_subledgers as (
        select id, row_number() over (order by id) as n from subledgers
      ), accounts as (
        insert into receivable_account (id, account_number, customer_id, kind, fund_code, control_account_id, service_location_id, opened_on, created_by)
        select sl.id, 'UB-' || s.digits, c.id, 'utility', '510', (select id from control), l.id, '2025-01-01', 'tester'
        from spec s join numbered_subledgers sl on sl.n = s.n
        join customers c on c.customer_number = 'C-' || s.digits join locations l on l.location_number = 'L-' || s.digits
        returning id, account_number, service_location_id
      ), utility as (
        insert into utility_account (id, service_location_id, class_code, cycle_code, route_code, status, started_on, stopped_on, created_by)
        select a.id, a.service_location_id, 'res', s.cycle, case when s.cycle = 'C1' then 'R1' else 'R2' end,
          case when s.active then 'active' else 'closed' end, '2025-01-01', case when s.active then null else '2026-06-30'::date end, 'tester'
        from spec s join accounts a on a.account_number = 'UB-' || s.digits
        returning id, service_location_id
      ), meters as (
        insert into meter (serial, size, dials, multiplier, unit, status, created_by)
        select serial, '5/8', dials, multiplier, unit, case when retired then 'retired' else 'installed' end, 'tester' from spec
        returning id, serial
      ), installs as (
        insert into meter_installation (meter_id, service_location_id, installed_on, created_by)
        select m.id, l.id, '2025-01-01', 'tester' from spec s join meters m on m.serial = s.serial join locations l on l.location_number = 'L-' || s.digits
        returning 1
      ), agreements as (
        insert into service_agreement (utility_account_id, service_type, rate_code, meter_id, started_on, ended_on, created_by)
        select u.id, 'water', 'WATER-RES', m.id, '2025-01-01', case when s.active then null else '2026-06-30'::date end, 'tester'
        from spec s join meters m on m.serial = s.serial join locations l on l.location_number = 'L-' || s.digits
        join utility u on u.service_location_id = l.id
        returning 1
      )
      select m.id, m.serial from meters m where (select count(*) from installs) >= 0 and (select count(*) from agreements) >= 0`.execute(database.kysely);
    for (const row of result.rows) ids.set(row.serial, row.id);
  }
  return ids;
}

export interface HistorySpec {
  meterId: number;
  /** The latest read's reading and date. */
  lastReading: number;
  lastDate: IsoDate;
  /** Dial units a month (30 days). */
  monthlyUnits: number;
  dials?: number;
  multiplier?: string;
  /** Monthly reads, 30 days apart, ending at lastDate (default 13: twelve months of use). */
  months?: number;
}

/**
 * A year of monthly accepted reads per meter, 30 days apart, the first of them a 'first' read
 * with no consumption, each later one measured from the one before (rolled over as needed).
 */
export async function storeReadHistory(database: Database, specs: readonly HistorySpec[]): Promise<void> {
  for (let start = 0; start < specs.length; start += CHUNK) {
    const chunk = specs.slice(start, start + CHUNK);
    const column = <T>(pick: (spec: HistorySpec) => T): T[] => chunk.map(pick);
    await sql`insert into meter_read (meter_id, read_date, reading, read_type, source, consumption, rolled_over, status, created_by)
      select t.meter_id, t.last_date - 30 * g, ((t.last_reading - t.units * g) % t.capacity + t.capacity) % t.capacity,
        case when g = t.months - 1 then 'first' else 'actual' end, 'demo',
        case when g = t.months - 1 then null else t.units * t.multiplier end,
        g < t.months - 1 and t.last_reading - t.units * g < t.units, 'accepted', 'tester'
      from unnest(${column((s) => s.meterId)}::bigint[], ${column((s) => s.lastReading)}::bigint[], ${column((s) => s.lastDate)}::date[],
        ${column((s) => s.monthlyUnits)}::bigint[], ${column((s) => 10 ** (s.dials ?? 4))}::bigint[], ${column((s) => s.multiplier ?? '1')}::numeric[],
        ${column((s) => s.months ?? 13)}::int[])
        as t(meter_id, last_reading, last_date, units, capacity, multiplier, months)
      cross join lateral generate_series(0, t.months - 1) as g`.execute(database.kysely);
    await refreshMeterReadState(database.kysely, chunk.map((spec) => spec.meterId));
  }
}

/** "2026-10-19" → "10/19/2026" (the handheld layout's dates). */
export function usDate(date: IsoDate): string {
  return `${date.slice(5, 7)}/${date.slice(8, 10)}/${date.slice(0, 4)}`;
}

export { addDays };
