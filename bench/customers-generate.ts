/**
 * Generates a city's worth of customers for the search and Customer 360 benchmarks:
 *
 *   npx tsx bench/customers-generate.ts [--engine postgres|pglite] [--customers 1000000] [--keep]
 *
 * N customers (1 in 10 a business), 1.2 × N receivable accounts (every customer one: utility for
 * people, business license for businesses; 1 in 5 a second: misc billing, citation or permit),
 * 0.6 × N parcels each with a service location, a phone for 85% and an email for 50% of customers,
 * one mailing address each (the situs of their parcel), owner or tenant roles for the utility
 * accounts. Names, streets and cities are plausible for California (Spanish, Vietnamese, Chinese,
 * Filipino, Korean, Armenian, Punjabi and Anglo names). Everything is INSERT ... SELECT from
 * generate_series, 200,000 rows per statement, with the search indexes dropped during the load and
 * rebuilt after (their definitions read from pg_indexes first). search_text is then built by the
 * customers module's own refreshCustomerSearch, in chunks. A fraction of accounts (1 in 10) gets
 * two charges and 1 in 20 a payment, posted through receivables' posting engine in entries of
 * 2,000 items, so aging and the 360 have items. Then ANALYZE.
 *
 * On PostgreSQL the database is civic_bench_<pid>_customers, dropped at the end unless --keep.
 */
import { sql } from 'kysely';
import type { Database, Engine } from '../src/shared/db.js';
import { cents } from '../src/shared/money.js';
import { refreshCustomerSearch } from '../src/customers/index.js';
import { postReceivableEntry, setReceivableControl, type NewItem } from '../src/receivables/index.js';
import { benchActor, flag, formatMs, machineDetails, nowMs, openBenchDatabase, seedBenchLedger } from './support.js';

const firstNames = ['Maria', 'Jose', 'Juan', 'Guadalupe', 'Luis', 'Ana', 'Carlos', 'Rosa', 'Miguel', 'Elena',
  'Jesus', 'Sofia', 'Alejandro', 'Lucia', 'Francisco', 'Minh', 'Linh', 'Thanh', 'Huong', 'Tuan', 'Wei', 'Mei',
  'Jian', 'Li', 'Xiu', 'Jose Maria', 'Ramon', 'Maricel', 'Jun', 'Min-jun', 'Ji-woo', 'Seo-yeon', 'Aram',
  'Ani', 'Narek', 'Harpreet', 'Gurpreet', 'Manpreet', 'James', 'Mary', 'John', 'Patricia', 'Robert',
  'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan', 'Thomas',
  'Jessica', 'Daniel', 'Sarah', 'Matthew', 'Karen', 'Anthony', 'Nancy', 'Mark', 'Emily', 'Steven', 'Ashley'];
const lastNames = ['Garcia', 'Hernandez', 'Lopez', 'Martinez', 'Gonzalez', 'Rodriguez', 'Perez', 'Sanchez',
  'Ramirez', 'Torres', 'Flores', 'Rivera', 'Gomez', 'Diaz', 'Reyes', 'Cruz', 'Morales', 'Ortiz', 'Gutierrez',
  'Chavez', 'Nguyen', 'Tran', 'Le', 'Pham', 'Huynh', 'Vo', 'Dang', 'Bui', 'Chen', 'Wang', 'Li', 'Zhang', 'Liu',
  'Huang', 'Wong', 'Lee', 'Santos', 'Reyes', 'Dela Cruz', 'Bautista', 'Kim', 'Park', 'Choi', 'Sargsyan',
  'Petrosyan', 'Grigoryan', 'Singh', 'Kaur', 'Sandhu', 'Smith', 'Johnson', 'Williams', 'Brown', 'Jones',
  'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Thompson',
  'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott'];
const businessWords = ['Golden', 'Sierra', 'Pacific', 'Valley', 'Foothill', 'Oak', 'Redwood', 'Poppy', 'Delta',
  'Sunrise', 'Mission', 'Canyon', 'Harbor', 'Summit', 'Orchard', 'Vineyard', 'Coastal', 'Almond', 'Citrus'];
const businessKinds = ['Bakery', 'Auto Repair', 'Dental', 'Market', 'Taqueria', 'Pho', 'Nail Salon', 'Plumbing',
  'Hardware', 'Landscaping', 'Cleaners', 'Pharmacy', 'Realty', 'Insurance', 'Fitness', 'Cafe', 'Tire', 'Floral'];
const businessSuffixes = ['LLC', 'Inc', 'Corp', 'Co', '& Sons', 'Group'];
const streets = ['Main', 'Oak', 'Pine', 'Maple', 'Cedar', 'Sycamore', 'Walnut', 'Elm', 'Willow', 'Laurel',
  'Mission', 'El Camino', 'Vineyard', 'Foothill', 'Sierra Vista', 'Alder Creek', 'Madrone', 'Manzanita', 'Poppy',
  'Mariposa', 'Sequoia', 'Olive', 'Almond', 'Orchard', 'Lincoln', 'Washington', 'Jefferson', 'Cesar Chavez',
  'Rancho', 'Del Mar', 'La Paloma', 'Buena Vista', 'Vista Verde', 'Quail', 'Canyon', 'Live Oak', 'River'];
const suffixes = ['St', 'Ave', 'Dr', 'Ln', 'Ct', 'Way', 'Blvd', 'Rd', 'Pl', 'Cir'];
const cities = ['Alder Creek', 'Sacramento', 'Fresno', 'Stockton', 'Modesto', 'Davis', 'Roseville', 'Auburn',
  'Placerville', 'Grass Valley', 'Lodi', 'Merced', 'Visalia', 'Chico', 'Redding', 'San Jose', 'Oakland'];
const areaCodes = ['530', '916', '209', '707', '559', '408', '510', '661', '805', '925'];
const domains = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'comcast.net', 'sbcglobal.net'];

export interface CustomerBenchSize {
  customers: number;
  accounts: number;
  parcels: number;
}

export function benchSize(customers: number): CustomerBenchSize {
  return { customers, accounts: customers + Math.floor(customers / 5), parcels: Math.floor(customers * 0.6) };
}

const ROWS_PER_STATEMENT = 200_000;
const ITEMS_PER_ENTRY = 2_000;

function textArray(values: readonly string[]): string {
  return `array[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(',')}]::text[]`;
}

/** SQL: element of a text array picked by a multiplicative hash of g (a different salt per use). */
function pick(array: string, salt: number, count: number): string {
  return `(${array})[1 + ((g * 2654435761 + ${salt}) % 4294967296) % ${count}]`;
}

async function inBatches(database: Database, total: number, label: string, statement: (from: number, to: number) => string): Promise<void> {
  const started = nowMs();
  for (let from = 1; from <= total; from += ROWS_PER_STATEMENT) {
    const to = Math.min(total, from + ROWS_PER_STATEMENT - 1);
    await database.exec(statement(from, to));
  }
  console.log(`  ${label}: ${total.toLocaleString('en-US')} rows in ${formatMs(nowMs() - started)}`);
}

/** Situs of parcel p (used for the parcel, its location, and the mailing address of its people). */
function situsSql(parcel: string): string {
  const g = parcel;
  const withG = (expression: string) => expression.replaceAll('g *', `${g} *`);
  return `((${g} * 7) % 9800 + 100)::text || ' ' || ${withG(pick(textArray(streets), 11, streets.length))} || ' ' || ${withG(pick(textArray(suffixes), 13, suffixes.length))}`;
}

export async function generateCustomerBench(database: Database, size: CustomerBenchSize): Promise<void> {
  const { customers: n, accounts: a, parcels: p } = size;
  await seedBenchLedger(database);
  for (const [kind, fund] of [['utility', '510'], ['business_license', '100'], ['misc_billing', '100'], ['citation', '100'], ['permit', '100']] as const) {
    await setReceivableControl(database, { kind, fundCode: fund, controlAccountCode: `${fund}-0000-12100`, actor: benchActor });
  }
  const indexes = await dropSearchIndexes(database);
  const first = textArray(firstNames);
  const last = textArray(lastNames);
  const city = pick(textArray(cities), 17, cities.length);
  await inBatches(database, p, 'parcels', (from, to) => `
    insert into parcel (id, apn, situs_line1, situs_city, situs_zip, owner_of_record, land_use, created_by)
    select g, substr(d, 1, 3) || '-' || substr(d, 4, 3) || '-' || substr(d, 7, 3), ${situsSql('g')}, ${city},
      (95600 + g % 90)::text, upper(${pick(last, 3, lastNames.length)} || ' ' || ${pick(first, 5, firstNames.length)}),
      case when g % 7 = 0 then 'multi family' when g % 11 = 0 then 'commercial' else 'single family' end, 'bench'
    from (select g, lpad((((g * 104729) % 900000000) + 100000000)::text, 9, '0') as d
      from generate_series(${from}::bigint, ${to}::bigint) as g) t;
    insert into service_location (id, parcel_id, location_number, address_line1, unit, created_by)
    select g, g, 'L-' || (1000000 + g)::text, ${situsSql('g')}, case when g % 7 = 0 then 'Apt ' || (g % 12 + 1)::text end, 'bench'
    from generate_series(${from}::bigint, ${to}::bigint) as g;`);
  await inBatches(database, n, 'customers, contacts, addresses', (from, to) => `
    insert into customer (id, customer_number, customer_type, legal_name, dba_name, preferred_language,
      is_cash_only, has_returned_mail, in_bankruptcy, is_deceased, created_by)
    select g, 'C-' || (1000000 + g)::text, case when g % 10 = 0 then 'business' else 'person' end,
      case when g % 10 = 0 then ${pick(textArray(businessWords), 19, businessWords.length)} || ' ' ||
          ${pick(textArray(businessKinds), 23, businessKinds.length)} || ' ' || ${pick(textArray(businessSuffixes), 29, businessSuffixes.length)}
        else ${pick(first, 31, firstNames.length)} || ' ' || ${pick(last, 37, lastNames.length)} end,
      case when g % 20 = 0 then ${pick(textArray(businessWords), 41, businessWords.length)} || ' ' || ${pick(textArray(businessKinds), 43, businessKinds.length)} end,
      case when g % 9 = 1 then 'es' when g % 23 = 2 then 'vi' when g % 29 = 3 then 'zh' when g % 37 = 4 then 'tl' else 'en' end,
      g % 97 = 0, g % 61 = 0, g % 211 = 0, g % 401 = 0, 'bench'
    from generate_series(${from}::bigint, ${to}::bigint) as g;
    insert into customer_contact (customer_id, kind, value, label, created_by)
    select g, 'phone', ${pick(textArray(areaCodes), 47, areaCodes.length)} || (2000000 + (g * 7919) % 8000000)::text,
      case when g % 3 = 0 then 'mobile' else 'primary' end, 'bench'
    from generate_series(${from}::bigint, ${to}::bigint) as g where g % 20 < 17;
    insert into customer_contact (customer_id, kind, value, label, created_by)
    select g, 'email', lower(replace(${pick(first, 31, firstNames.length)}, ' ', '')) || '.' ||
      lower(replace(${pick(last, 37, lastNames.length)}, ' ', '')) || g::text || '@' || ${pick(textArray(domains), 53, domains.length)},
      'primary', 'bench'
    from generate_series(${from}::bigint, ${to}::bigint) as g where g % 2 = 0;
    insert into customer_address (customer_id, line1, city, state, zip, valid_from, created_by)
    select g, ${situsSql(`(1 + (g - 1) % ${p})`)}, ${city.replaceAll('g *', `(1 + (g - 1) % ${p}) *`)}, 'CA',
      (95600 + (1 + (g - 1) % ${p}) % 90)::text, date '2015-01-01' + (g % 3000)::int, 'bench'
    from generate_series(${from}::bigint, ${to}::bigint) as g;`);
  await inBatches(database, a, 'receivable accounts, property roles', (from, to) => `
    begin;
    create temporary table bench_accounts on commit drop as
    select g as id, case when g <= ${n} then g else 1 + ((g - ${n}) * 5) % ${n} end as customer_id,
      case when g > ${n} then (array['misc_billing', 'citation', 'permit'])[1 + g % 3]
        when g % 10 = 0 then 'business_license' else 'utility' end as kind
    from generate_series(${from}::bigint, ${to}::bigint) as g;
    insert into subledger_account (id, subledger, control_account_id)
    select b.id, 'receivable', rc.control_account_id from bench_accounts b
    join receivable_control rc on rc.kind = b.kind and rc.fund_code = case when b.kind = 'utility' then '510' else '100' end;
    insert into receivable_account (id, account_number, customer_id, kind, fund_code, control_account_id, parcel_id,
      service_location_id, opened_on, created_by)
    select b.id, k.account_prefix || '-' || (1000000 + b.id)::text, b.customer_id, b.kind, rc.fund_code,
      rc.control_account_id, case when b.kind = 'utility' then 1 + (b.customer_id - 1) % ${p} end,
      case when b.kind = 'utility' then 1 + (b.customer_id - 1) % ${p} end, date '2015-01-01' + (b.id % 3000)::int, 'bench'
    from bench_accounts b join receivable_kind k on k.code = b.kind
    join receivable_control rc on rc.kind = b.kind and rc.fund_code = case when b.kind = 'utility' then '510' else '100' end;
    insert into customer_property (customer_id, parcel_id, service_location_id, role, start_date, created_by)
    select b.customer_id, 1 + (b.customer_id - 1) % ${p}, 1 + (b.customer_id - 1) % ${p},
      case when b.customer_id % 3 = 0 then 'tenant' else 'owner' end, date '2015-01-01', 'bench'
    from bench_accounts b where b.kind = 'utility';
    commit;`);
  await database.exec(`
    select setval(pg_get_serial_sequence('customer', 'id'), ${n});
    select setval(pg_get_serial_sequence('parcel', 'id'), ${p});
    select setval(pg_get_serial_sequence('service_location', 'id'), ${p});
    select setval(pg_get_serial_sequence('subledger_account', 'id'), ${a});
    select setval('customer_number_seq', ${1000000 + n});
    select setval('service_location_number_seq', ${1000000 + p});
    select setval('receivable_account_number_seq', ${1000000 + a});`);
  await refreshSearchText(database, n);
  await rebuildIndexes(database, indexes);
  await postActivity(database, a);
  const started = nowMs();
  await database.exec('analyze');
  console.log(`  analyze: ${formatMs(nowMs() - started)}`);
}

/**
 * The GIN (trigram and full-text) indexes of the loaded tables: costly to maintain row by row, and
 * not needed while loading. The btree indexes stay (refreshCustomerSearch looks rows up by them).
 */
async function dropSearchIndexes(database: Database): Promise<Array<{ name: string; definition: string }>> {
  const result = await sql<{ name: string; definition: string }>`
    select i.indexname as name, i.indexdef as definition from pg_indexes i
    where i.schemaname = current_schema()
      and i.tablename in ('customer', 'customer_contact', 'customer_address', 'parcel', 'service_location',
        'customer_property', 'receivable_account')
      and i.indexdef like '%USING gin%'`.execute(database.kysely);
  for (const index of result.rows) await database.exec(`drop index ${index.name}`);
  return result.rows;
}

async function rebuildIndexes(database: Database, indexes: ReadonlyArray<{ name: string; definition: string }>): Promise<void> {
  const started = nowMs();
  for (const index of indexes) await database.exec(index.definition);
  console.log(`  rebuilt ${indexes.length} indexes: ${formatMs(nowMs() - started)}`);
}

/** customer.search_text through the customers module's own code, 20,000 customers per call. */
async function refreshSearchText(database: Database, customers: number): Promise<void> {
  const started = nowMs();
  const chunk = 20_000;
  for (let from = 1; from <= customers; from += chunk) {
    const ids = Array.from({ length: Math.min(chunk, customers - from + 1) }, (_, index) => from + index);
    await database.kysely.transaction().execute((tx) => refreshCustomerSearch(tx, ids));
  }
  console.log(`  search_text: ${customers.toLocaleString('en-US')} customers in ${formatMs(nowMs() - started)}`);
}

/** Two charges on 1 in 10 accounts (due August and October) and a payment on 1 in 20. */
async function postActivity(database: Database, accounts: number): Promise<void> {
  const started = nowMs();
  const charged = Array.from({ length: Math.floor(accounts / 10) }, (_, index) => (index + 1) * 10);
  const funds = await sql<{ id: number; fundCode: string }>`select id, fund_code as "fundCode" from receivable_account
    where id = any(${charged}::bigint[])`.execute(database.kysely);
  const fundOf = new Map(funds.rows.map((row) => [row.id, row.fundCode]));
  let items = 0;
  for (let start = 0; start < charged.length; start += ITEMS_PER_ENTRY / 2) {
    const batch = charged.slice(start, start + ITEMS_PER_ENTRY / 2);
    for (const fund of ['510', '100']) {
      const ids = batch.filter((id) => fundOf.get(id) === fund);
      if (ids.length === 0) continue;
      // The bench chart's first revenue of each fund (department 1510, object 41100) and its cash.
      const revenue = `${fund}-1510-41100`;
      const cash = `${fund}-0000-10100`;
      await database.kysely.transaction().execute(async (tx) => {
        const charges: NewItem[] = ids.flatMap((id) => [
          chargeItem(id, fund, 4_000 + (id % 9_000), '2026-08-01', '2026-08-25', revenue),
          chargeItem(id, fund, 3_500 + (id % 7_000), '2026-10-01', '2026-10-25', revenue),
        ]);
        await postReceivableEntry(database, tx, benchActor, entryOf(charges, '2026-10-01', revenue, 'Bench charges'));
        const payments: NewItem[] = ids.filter((id) => id % 20 === 0).map((id) => ({
          ...chargeItem(id, fund, -(3_000 + (id % 5_000)), '2026-10-15', null, cash), itemType: 'payment', chargeClass: null,
        }));
        if (payments.length > 0) {
          await postReceivableEntry(database, tx, benchActor, entryOf(payments, '2026-10-15', cash, 'Bench payments'));
        }
        items += charges.length + payments.length;
      });
    }
  }
  console.log(`  charges and payments: ${items.toLocaleString('en-US')} items in ${formatMs(nowMs() - started)}`);
}

function chargeItem(accountId: number, fund: string, amountCents: number, date: string, due: string | null, offset: string): NewItem {
  return {
    accountId, itemType: 'charge', chargeClass: 'charge', amountCents: cents(amountCents), itemDate: date as NewItem['itemDate'],
    dueDate: due as NewItem['dueDate'], penaltyEligible: false, offsetAccountCode: offset,
    description: fund === '510' ? 'Water service' : 'City services', reasonCode: null, documentRef: null, reversesItemId: null,
  };
}

function entryOf(items: NewItem[], date: string, offsetAccount: string, description: string) {
  const total = items.reduce((sum, item) => sum + item.amountCents, 0);
  return {
    entryDate: date as NewItem['itemDate'], description, documentRef: null, items,
    offsetLines: [{ accountCode: offsetAccount, amountCents: cents(-total) }],
  };
}

async function main(): Promise<void> {
  const engine = flag('engine', 'postgres') as Engine;
  const count = Number(flag('customers', engine === 'postgres' ? '1000000' : '100000'));
  const bench = await openBenchDatabase(engine, 'customers');
  try {
    console.log(JSON.stringify(await machineDetails(bench.database)));
    const started = nowMs();
    await generateCustomerBench(bench.database, benchSize(count));
    console.log(`generated in ${formatMs(nowMs() - started)}${bench.url ? ` into ${bench.url}` : ''}`);
  } finally {
    if (process.argv.includes('--keep')) await bench.database.close();
    else await bench.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
