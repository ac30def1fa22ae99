/**
 * Finding things at the Utility Billing desk: meters by serial (with where they are and the
 * account in service there), service locations by number or address (with their meters and who
 * is in service), and a customer's utility accounts with their balances. Reads only.
 */
import { sql } from 'kysely';
import type { IsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';
import { notFound } from '../shared/errors.js';
import { cents, type Cents } from '../shared/money.js';
import { findAccountsWithBalances } from '../receivables/index.js';
import type { Meter } from './meters.js';

export interface MeterFound extends Meter {
  serviceAddress: string | null;
  /** The account in service at the meter's location now, if any. */
  accountNumber: string | null;
  customerName: string | null;
  lastRead: { readDate: IsoDate; reading: number } | null;
}

type MeterRow = Omit<MeterFound, 'lastRead'> & { lastReadDate: IsoDate | null; lastReading: number | null };

const meterFoundSelect = sql`select m.id, m.serial, m.size, m.dials, m.multiplier::text as multiplier, m.unit, m.status, m.manufacturer,
    i.service_location_id as "serviceLocationId", l.location_number as "locationNumber", i.installed_on::text as "installedOn",
    l.address_line1 || coalesce(' ' || l.unit, '') as "serviceAddress", occupant.account_number as "accountNumber",
    occupant.legal_name as "customerName", s.live_date::text as "lastReadDate", s.live_reading as "lastReading"
  from meter m
  left join meter_installation i on i.meter_id = m.id and i.removed_on is null
  left join service_location l on l.id = i.service_location_id
  left join meter_read_state s on s.meter_id = m.id
  left join lateral (select r.account_number, c.legal_name from utility_account u join receivable_account r on r.id = u.id
      join customer c on c.id = r.customer_id
    where u.service_location_id = i.service_location_id and u.status = 'active' order by u.started_on desc limit 1) occupant on true`;

function meterOf(row: MeterRow): MeterFound {
  const { lastReadDate, lastReading, ...meter } = row;
  return { ...meter, lastRead: lastReadDate !== null && lastReading !== null ? { readDate: lastReadDate, reading: Number(lastReading) } : null };
}

/** Meters whose serial begins with what was typed (case and spaces ignored), exact match first. */
export async function searchMeters(db: Executor, options: { serial: string; limit?: number }): Promise<MeterFound[]> {
  const serial = options.serial.trim().toUpperCase().replace(/\s+/g, '');
  if (serial.length === 0) return [];
  const pattern = `${serial.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  const result = await sql<MeterRow>`${meterFoundSelect} where m.serial like ${pattern}
    order by m.serial = ${serial} desc, m.serial limit ${Math.min(options.limit ?? 20, 100)}`.execute(db);
  return result.rows.map(meterOf);
}

/** One meter by its serial, with where it is. Errors: not_found. */
export async function findMeter(db: Executor, serial: string): Promise<MeterFound> {
  const [meter] = await searchMeters(db, { serial, limit: 1 });
  if (!meter || meter.serial !== serial.trim().toUpperCase().replace(/\s+/g, '')) throw notFound('meter', serial);
  return meter;
}

export interface ServiceLocationFound {
  id: number;
  locationNumber: string;
  serviceAddress: string;
  apn: string;
  /** The account in service there now, if any (a start of service is refused while there is one). */
  accountNumber: string | null;
  customerName: string | null;
  meters: MeterFound[];
}

/** Active service locations by location number (L-800123) or the start of the address. */
export async function findServiceLocations(db: Executor, options: { query: string; limit?: number }): Promise<ServiceLocationFound[]> {
  const text = options.query.trim();
  if (text.length === 0) return [];
  const escaped = text.replace(/[\\%_]/g, (character) => `\\${character}`);
  const limit = Math.min(options.limit ?? 10, 50);
  const locations = await sql<Omit<ServiceLocationFound, 'meters'>>`
    select l.id, l.location_number as "locationNumber", l.address_line1 || coalesce(' ' || l.unit, '') as "serviceAddress", p.apn,
      occupant.account_number as "accountNumber", occupant.legal_name as "customerName"
    from service_location l join parcel p on p.id = l.parcel_id
    left join lateral (select r.account_number, c.legal_name from utility_account u join receivable_account r on r.id = u.id
        join customer c on c.id = r.customer_id
      where u.service_location_id = l.id and u.status = 'active' and u.stopped_on is null order by u.started_on desc limit 1) occupant on true
    where l.is_active and (upper(l.location_number) = upper(${text}) or l.address_line1 ilike ${`${escaped}%`}
      or (l.address_line1 || coalesce(' ' || l.unit, '')) ilike ${`${escaped}%`})
    order by upper(l.location_number) = upper(${text}) desc, l.address_line1, l.unit nulls first limit ${limit}`.execute(db);
  const ids = locations.rows.map((row) => row.id);
  const meters = ids.length === 0 ? { rows: [] as MeterRow[] } : await sql<MeterRow>`${meterFoundSelect}
    where i.service_location_id = any(${ids}::bigint[]) order by m.serial`.execute(db);
  const byLocation = new Map<number, MeterFound[]>();
  for (const row of meters.rows) {
    const list = byLocation.get(Number(row.serviceLocationId)) ?? [];
    list.push(meterOf(row));
    byLocation.set(Number(row.serviceLocationId), list);
  }
  return locations.rows.map((row) => ({ ...row, meters: byLocation.get(row.id) ?? [] }));
}

export interface CustomerUtilityAccount {
  id: number;
  accountNumber: string;
  serviceLocationId: number;
  locationNumber: string;
  serviceAddress: string;
  classCode: string;
  status: 'active' | 'final_billed' | 'closed';
  startedOn: IsoDate;
  stoppedOn: IsoDate | null;
  balanceCents: Cents;
}

/** A customer's utility accounts, in service first, then newest; balances as of the day. */
export async function listCustomerUtilityAccounts(db: Executor, customerId: number, asOf: IsoDate): Promise<CustomerUtilityAccount[]> {
  const result = await sql<Omit<CustomerUtilityAccount, 'balanceCents'>>`
    select u.id, r.account_number as "accountNumber", u.service_location_id as "serviceLocationId", l.location_number as "locationNumber",
      l.address_line1 || coalesce(' ' || l.unit, '') as "serviceAddress", u.class_code as "classCode", u.status,
      u.started_on::text as "startedOn", u.stopped_on::text as "stoppedOn"
    from utility_account u join receivable_account r on r.id = u.id join service_location l on l.id = u.service_location_id
    where r.customer_id = ${customerId}
    order by u.status = 'active' desc, u.started_on desc, u.id desc`.execute(db);
  const balances = await findAccountsWithBalances(db, result.rows.map((row) => row.id), asOf);
  return result.rows.map((row) => ({ ...row, balanceCents: balances.get(row.id)?.balanceCents ?? cents(0) }));
}
