/**
 * Utility accounts in bulk, for the demo city (about 5,000) and the bill-run benchmark (1,000,000):
 * customers with a mailing address, parcels and service locations, receivable accounts of kind
 * 'utility' (subledger accounts of the utility control account), utility accounts in the given
 * cycles and routes, a meter each with its installation, water and sewer agreements, and a read a
 * month (seasonal use by class, deterministic from the account's index). Set-based: a handful of
 * statements per chunk of CHUNK accounts, whatever the count.
 */
import { sql } from 'kysely';
import { addDays, daysInMonth, isoDate, type IsoDate } from '../shared/dates.js';
import type { Tx } from '../shared/db.js';
import { openSubledgerAccounts } from '../ledger/index.js';

export const GENERATOR_CHUNK = 25_000;

export interface GeneratedClass {
  classCode: string;
  /** Share of accounts, summing to 1 over the mix. */
  share: number;
  waterRate: string;
  /** 'irrigation' for a dedicated irrigation meter. */
  waterService: 'water' | 'irrigation';
  sewerRate: string | null;
  units: [number, number];
  meterSize: '5/8' | '3/4' | '1' | '1-1/2' | '2';
  /** Typical monthly use in HCF (per dwelling unit for multi-family); summer use is higher. */
  baseUse: number;
  summerFactor: number;
  isBusiness: boolean;
}

export interface UtilityGeneratorOptions {
  /** Index of the first account (keeps serials, APNs and names unique across calls). */
  firstIndex: number;
  count: number;
  /** Cycle of account i: cycles[i % cycles.length]. Routes are `${cycle}-R1`..`-R4`. */
  cycles: readonly string[];
  /** Day of the month each cycle is read (0 for the last day). */
  readDay: Readonly<Record<string, number>>;
  mix: readonly GeneratedClass[];
  controlAccountId: number;
  fundCode: string;
  openedOn: IsoDate;
  /** The account is billed through its cycle's read day of this month (YYYY-MM). */
  billedThroughMonth: string;
  /** Months with a read (YYYY-MM), oldest first; the first one is the starting read. */
  readMonths: readonly string[];
  createdBy: string;
  city: string;
  zip: string;
}

const first = ['Maria', 'Jose', 'Guadalupe', 'Luis', 'Ana', 'Carlos', 'Rosa', 'Miguel', 'Minh', 'Linh', 'Thanh', 'Huong', 'Wei', 'Mei',
  'Maricel', 'Jun', 'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Susan', 'David', 'Karen',
  'Harpreet', 'Aram', 'Priya', 'Daniel', 'Sarah', 'Emily', 'Thomas', 'Elena', 'Sofia', 'Ramon', 'Tuan', 'Lan'];
const last = ['Garcia', 'Hernandez', 'Lopez', 'Martinez', 'Gonzalez', 'Rodriguez', 'Perez', 'Sanchez', 'Nguyen', 'Tran', 'Le', 'Pham',
  'Chen', 'Wang', 'Zhang', 'Santos', 'Reyes', 'Smith', 'Johnson', 'Williams', 'Brown', 'Miller', 'Davis', 'Wilson', 'Anderson',
  'Taylor', 'Moore', 'Clark', 'Singh', 'Kim', 'Patel', 'Olsen', 'Becker', 'Flores', 'Torres', 'Ramirez', 'Huynh', 'Wong', 'Lin', 'Young'];
const streets = ['Sycamore Ln', 'Foothill Rd', 'Main St', 'Oak Ave', 'Willow Way', 'Madrone Dr', 'Manzanita Ct', 'Quail Run', 'Vineyard Ave',
  'Alder Creek Rd', 'Mariposa St', 'Laurel Ave', 'Cesar Chavez Blvd', 'Live Oak Dr', 'Poppy Pl', 'Sierra Vista Way', 'Buckeye Ct',
  'Toyon Dr', 'Redbud Ln', 'Deer Creek Rd', 'Granite Bay Dr', 'Orchard Ave', 'Cottonwood St', 'Canyon View Dr'];
const businessWords = ['Market', 'Cafe', 'Auto Repair', 'Dental', 'Cleaners', 'Salon', 'Hardware', 'Bakery', 'Laundromat', 'Fitness', 'Pharmacy', 'Car Wash'];

/** A deterministic fraction in [0, 1) from two integers. */
function noise(a: number, b: number): number {
  const x = Math.sin(a * 12.9898 + b * 78.233) * 43_758.5453;
  return x - Math.floor(x);
}

export function readDateOf(month: string, day: number): IsoDate {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return isoDate(year, monthNumber, day === 0 ? daysInMonth(year, monthNumber) : Math.min(day, daysInMonth(year, monthNumber)));
}

function classOf(mix: readonly GeneratedClass[], index: number): GeneratedClass {
  let roll = noise(index, 7);
  for (const entry of mix) {
    roll -= entry.share;
    if (roll < 0) return entry;
  }
  return mix[0] as GeneratedClass;
}

async function reserveIds(tx: Tx, table: string, count: number): Promise<number> {
  const result = await sql<{ last: string }>`select setval(pg_get_serial_sequence(${table}, 'id'),
      nextval(pg_get_serial_sequence(${table}, 'id')) + ${count - 1}) as last`.execute(tx);
  return Number(result.rows[0]?.last) - count + 1;
}

/** Writes `count` accounts from `firstIndex`; returns the receivable account ids. */
export async function generateUtilityAccounts(tx: Tx, options: UtilityGeneratorOptions): Promise<number[]> {
  const n = options.count;
  const indexes = Array.from({ length: n }, (_, k) => options.firstIndex + k);
  const classes = indexes.map((index) => classOf(options.mix, index));
  const cycles = indexes.map((index) => options.cycles[index % options.cycles.length] as string);
  const names = indexes.map((index, k) => {
    const lastName = last[Math.floor(noise(index, 2) * last.length)] as string;
    if (classes[k]?.isBusiness) return `${lastName} ${businessWords[index % businessWords.length]}`;
    return `${first[Math.floor(noise(index, 1) * first.length)]} ${lastName}`;
  });
  const addresses = indexes.map((index) => `${100 + (index % 9_800)} ${streets[Math.floor(index / 9_800) % streets.length]}`);
  const units = indexes.map((index, k) => {
    const [low, high] = (classes[k] as GeneratedClass).units;
    return low + Math.floor(noise(index, 3) * (high - low + 1));
  });
  const customerBase = await reserveIds(tx, 'customer', n);
  const parcelBase = await reserveIds(tx, 'parcel', n);
  const locationBase = await reserveIds(tx, 'service_location', n);
  const meterBase = await reserveIds(tx, 'meter', n);
  const customerIds = indexes.map((_, k) => customerBase + k);
  await sql`insert into customer (id, customer_number, customer_type, legal_name, search_text, created_by)
    select t.id, 'C-' || nextval('customer_number_seq')::text, t.kind, t.name, lower(t.name || ' ' || t.address), ${options.createdBy}
    from unnest(${customerIds}::bigint[], ${classes.map((c) => (c.isBusiness ? 'business' : 'person'))}::text[], ${names}::text[], ${addresses}::text[])
      as t(id, kind, name, address)`.execute(tx);
  await sql`insert into customer_address (customer_id, line1, city, state, zip, valid_from, created_by)
    select t.id, t.address, ${options.city}, 'CA', ${options.zip}, ${options.openedOn}::date, ${options.createdBy}
    from unnest(${customerIds}::bigint[], ${addresses}::text[]) as t(id, address)`.execute(tx);
  await sql`insert into parcel (id, apn, situs_line1, situs_city, situs_zip, owner_of_record, land_use, created_by)
    select ${parcelBase}::bigint + k, lpad(((200000000 + i) / 1000000 % 1000)::text, 3, '0') || '-' || lpad(((200000000 + i) / 1000 % 1000)::text, 3, '0') || '-' || lpad(((200000000 + i) % 1000)::text, 3, '0'),
      t.address, ${options.city}, ${options.zip}, upper(t.name), t.class, ${options.createdBy}
    from unnest(${indexes}::bigint[], ${addresses}::text[], ${names}::text[], ${classes.map((c) => c.classCode.replace('_', ' '))}::text[]) with ordinality as t(i, address, name, class, ord)
    cross join lateral (select (t.ord - 1)::bigint as k) o`.execute(tx);
  await sql`insert into service_location (id, parcel_id, location_number, address_line1, description, created_by)
    select ${locationBase}::bigint + t.ord - 1, ${parcelBase}::bigint + t.ord - 1, 'L-' || nextval('service_location_number_seq')::text, t.address,
      'Water meter ' || t.size || ' in', ${options.createdBy}
    from unnest(${addresses}::text[], ${classes.map((c) => c.meterSize)}::text[]) with ordinality as t(address, size, ord)`.execute(tx);
  const accountIds = await openSubledgerAccounts(tx, { subledger: 'receivable', controlAccountIds: indexes.map(() => options.controlAccountId) });
  await sql`insert into receivable_account (id, account_number, customer_id, kind, fund_code, control_account_id, description, parcel_id, service_location_id, opened_on, created_by)
    select t.id, 'UB-' || nextval('receivable_account_number_seq')::text, ${customerBase}::bigint + t.ord - 1, 'utility', ${options.fundCode},
      ${options.controlAccountId}, 'Water and sewer service', ${parcelBase}::bigint + t.ord - 1, ${locationBase}::bigint + t.ord - 1,
      ${options.openedOn}::date, ${options.createdBy}
    from unnest(${accountIds}::bigint[]) with ordinality as t(id, ord)`.execute(tx);
  await sql`insert into customer_property (customer_id, parcel_id, service_location_id, role, start_date, created_by)
    select ${customerBase}::bigint + k, ${parcelBase}::bigint + k, ${locationBase}::bigint + k, 'owner', ${options.openedOn}::date, ${options.createdBy}
    from generate_series(0, ${n - 1}) k`.execute(tx);
  const billedThrough = cycles.map((cycle) => readDateOf(options.billedThroughMonth, options.readDay[cycle] ?? 0));
  await sql`insert into utility_account (id, service_location_id, class_code, cycle_code, route_code, dwelling_units, started_on, billed_through, paperless, created_by)
    select t.id, ${locationBase}::bigint + t.ord - 1, t.class, t.cycle, t.cycle || '-R' || (1 + t.ord % 4)::text, t.units, ${options.openedOn}::date,
      t.billed, t.ord % 5 = 0, ${options.createdBy}
    from unnest(${accountIds}::bigint[], ${classes.map((c) => c.classCode)}::text[], ${cycles}::text[], ${units}::int[], ${billedThrough}::date[])
      with ordinality as t(id, class, cycle, units, billed, ord)`.execute(tx);
  await sql`insert into meter (id, serial, size, dials, unit, status, manufacturer, created_by)
    select ${meterBase}::bigint + t.ord - 1, 'M' || lpad(t.i::text, 8, '0'), t.size, 6, 'HCF', 'installed',
      case when t.i % 3 = 0 then 'Badger' when t.i % 3 = 1 then 'Neptune' else 'Sensus' end, ${options.createdBy}
    from unnest(${indexes}::bigint[], ${classes.map((c) => c.meterSize)}::text[]) with ordinality as t(i, size, ord)`.execute(tx);
  await sql`insert into meter_installation (meter_id, service_location_id, installed_on, created_by)
    select ${meterBase}::bigint + k, ${locationBase}::bigint + k, ${options.openedOn}::date, ${options.createdBy} from generate_series(0, ${n - 1}) k`.execute(tx);
  await sql`insert into service_agreement (utility_account_id, service_type, rate_code, meter_id, started_on, created_by)
    select t.id, t.service, t.water, ${meterBase}::bigint + t.ord - 1, ${options.openedOn}::date, ${options.createdBy}
    from unnest(${accountIds}::bigint[], ${classes.map((c) => c.waterService)}::text[], ${classes.map((c) => c.waterRate)}::text[]) with ordinality as t(id, service, water, ord)
    union all
    select t.id, 'sewer', t.sewer, null, ${options.openedOn}::date, ${options.createdBy}
    from unnest(${accountIds}::bigint[], ${classes.map((c) => c.sewerRate)}::text[]) as t(id, sewer) where t.sewer is not null`.execute(tx);
  // A read a month: the first is the starting reading, then seasonal use (summer June–September).
  const months = options.readMonths;
  const meterIds: number[] = [];
  const readDates: string[] = [];
  const readings: number[] = [];
  const uses: number[] = [];
  indexes.forEach((index, k) => {
    const type = classes[k] as GeneratedClass;
    let reading = Math.floor(noise(index, 4) * 400_000);
    const household = 0.6 + noise(index, 5) * 0.9;
    months.forEach((month, m) => {
      const monthNumber = Number(month.slice(5));
      const isSummer = monthNumber >= 6 && monthNumber <= 9;
      const use = m === 0 ? 0 : Math.max(0, Math.round(type.baseUse * (type.classCode === 'multi_family' ? units[k] as number : 1)
        * household * (isSummer ? type.summerFactor : 1) * (0.8 + noise(index, 10 + m) * 0.4)));
      reading += use;
      meterIds.push(meterBase + k);
      readDates.push(readDateOf(month, options.readDay[cycles[k] as string] ?? 0));
      readings.push(reading);
      uses.push(use);
    });
  });
  await sql`insert into meter_read (meter_id, read_date, reading, read_type, source, consumption, status, created_by)
    select t.meter, t.day, t.reading, case when t.use = 0 and t.first then 'first' else 'actual' end, 'demo', t.use, 'accepted', ${options.createdBy}
    from unnest(${meterIds}::bigint[], ${readDates}::date[], ${readings}::bigint[], ${uses}::numeric[], ${meterIds.map((_, r) => r % months.length === 0)}::boolean[])
      as t(meter, day, reading, use, first)`.execute(tx);
  return accountIds;
}

/** The day after the cycle's read day of a month: where a bill period starts. */
export function periodStartAfter(month: string, readDay: number): IsoDate {
  return addDays(readDateOf(month, readDay), 1);
}
