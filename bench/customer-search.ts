/**
 * Customer search and the Customer 360 API over a generated city. Targets (issue 3): search p95
 * <= 50 ms over 1,000,000 customers on PostgreSQL; the Customer 360 API p95 <= 100 ms.
 *
 *   npx tsx bench/customer-search.ts [--engine postgres|pglite|both] [--customers N] [--runs 3]
 *     [--url postgres://.../civic_bench_..._customers]   (reuse a database kept with --keep)
 *     [--keep] [--explain]
 *
 * Default size: 1,000,000 customers on PostgreSQL, 100,000 on PGlite (bench/customers-generate.ts).
 * The query mix is what a clerk types at the counter, keystroke by keystroke: prefixes of names
 * ("ma", "mar", ..., "maria garcia"), names with a typo (two letters swapped), account numbers
 * whole and partial, phone numbers formatted and as the last seven digits, APNs with and without
 * dashes, emails whole and partial, and street addresses as typed; built from 100 customers drawn
 * at random from the database. Each query runs once to warm up, then --runs times.
 * The 360: GET /api/customers/:id and GET /api/customers/:id/receivables (the two calls the page
 * makes, in parallel) through the real server and a signed-in session, for 200 customers, a third
 * of them with charges and payments; timed per call and per page (both answered).
 */
import { sql } from 'kysely';
import { openDatabase, type Database, type Engine } from '../src/shared/db.js';
import { fixedClock } from '../src/shared/dates.js';
import { migrate } from '../src/shared/migrations.js';
import { searchCustomers } from '../src/customers/index.js';
import { startServer } from '../src/http/index.js';
import { createTestUser, TEST_PASSWORD } from '../test/support/http.js';
import { benchSize, generateCustomerBench } from './customers-generate.js';
import { flag, formatMs, machineDetails, nowMs, openBenchDatabase, seededRandom, statsOf } from './support.js';

const engineFlag = flag('engine', 'postgres');
const runs = Number(flag('runs', '3'));
const reuseUrl = flag('url', '');
const isExplain = process.argv.includes('--explain');

interface Sample {
  id: number;
  legalName: string;
  accountNumber: string;
  phone: string | null;
  email: string | null;
  apn: string | null;
  addressLine1: string | null;
}

async function drawSamples(database: Database, count: number): Promise<Sample[]> {
  const max = await sql<{ n: number }>`select max(id)::bigint as n from customer`.execute(database.kysely);
  const random = seededRandom(42);
  const ids = Array.from({ length: count }, () => 1 + Math.floor(random() * (max.rows[0]?.n ?? 1)));
  const result = await sql<Sample>`
    select c.id, c.legal_name as "legalName",
      (select min(ra.account_number) from receivable_account ra where ra.customer_id = c.id) as "accountNumber",
      (select min(k.value) from customer_contact k where k.customer_id = c.id and k.kind = 'phone') as phone,
      (select min(k.value) from customer_contact k where k.customer_id = c.id and k.kind = 'email') as email,
      (select min(p.apn) from customer_property r join parcel p on p.id = r.parcel_id where r.customer_id = c.id) as apn,
      (select a.line1 from customer_address a where a.customer_id = c.id and a.valid_to is null) as "addressLine1"
    from customer c where c.id = any(${ids}::bigint[])`.execute(database.kysely);
  return result.rows;
}

function swapTwoLetters(word: string, at: number): string {
  if (word.length < 4) return word;
  const index = 1 + (at % (word.length - 2));
  return word.slice(0, index) + word[index + 1] + word[index] + word.slice(index + 2);
}

/** The queries, by category, as typed. */
function buildQueries(samples: readonly Sample[]): Map<string, string[]> {
  const queries = new Map<string, string[]>();
  const add = (category: string, query: string) => queries.set(category, [...(queries.get(category) ?? []), query]);
  samples.forEach((sample, index) => {
    const name = sample.legalName.toLowerCase();
    if (index < 25) for (let length = 2; length <= name.length; length += 1) add('name as typed', name.slice(0, length));
    const words = sample.legalName.split(' ');
    add('name with a typo', words.map((word, position) => (position === words.length - 1 ? swapTwoLetters(word, index) : word)).join(' '));
    add('last name only', words.at(-1) ?? name);
    add('account number', sample.accountNumber);
    add('account number, partial', sample.accountNumber.slice(0, sample.accountNumber.length - 2).toLowerCase());
    if (sample.phone) {
      add('phone', `(${sample.phone.slice(0, 3)}) ${sample.phone.slice(3, 6)}-${sample.phone.slice(6)}`);
      add('phone, 7 digits', `${sample.phone.slice(3, 6)}-${sample.phone.slice(6)}`);
    }
    if (sample.apn) {
      add('APN', sample.apn);
      add('APN without dashes', sample.apn.replaceAll('-', ''));
    }
    if (sample.email) {
      add('email', sample.email);
      add('email, partial', sample.email.slice(0, sample.email.indexOf('@')));
    }
    if (sample.addressLine1) add('street address', sample.addressLine1.toLowerCase());
  });
  return queries;
}

async function measureSearch(database: Database, queries: Map<string, string[]>): Promise<void> {
  const all: number[] = [];
  const rows: string[] = [];
  let emptyCount = 0;
  for (const [category, list] of queries) {
    const samples: number[] = [];
    for (const query of list) {
      const results = await searchCustomers(database.kysely, { query });
      if (results.length === 0) emptyCount += 1;
      for (let run = 0; run < runs; run += 1) {
        const started = nowMs();
        await searchCustomers(database.kysely, { query });
        samples.push(nowMs() - started);
      }
    }
    all.push(...samples);
    const stats = statsOf(samples);
    rows.push(`  ${category.padEnd(26)} ${String(stats.count).padStart(5)}  p50 ${formatMs(stats.p50Ms).padStart(9)}  p95 ${formatMs(stats.p95Ms).padStart(9)}  max ${formatMs(stats.maxMs).padStart(9)}`);
  }
  const total = statsOf(all);
  console.log(`searchCustomers (${runs} runs per query after a warm-up; ${emptyCount} queries found nothing):`);
  console.log(rows.join('\n'));
  console.log(`  ${'ALL'.padEnd(26)} ${String(total.count).padStart(5)}  p50 ${formatMs(total.p50Ms).padStart(9)}  p95 ${formatMs(total.p95Ms).padStart(9)}  max ${formatMs(total.maxMs).padStart(9)}`);
}

async function explainSlowest(database: Database, queries: Map<string, string[]>): Promise<void> {
  const timed: Array<{ query: string; ms: number }> = [];
  for (const list of queries.values()) {
    for (const query of list) {
      const started = nowMs();
      await searchCustomers(database.kysely, { query });
      timed.push({ query, ms: nowMs() - started });
    }
  }
  timed.sort((a, b) => b.ms - a.ms);
  console.log('slowest queries:', timed.slice(0, 10).map((row) => `${JSON.stringify(row.query)} ${formatMs(row.ms)}`).join(', '));
}

async function measure360(database: Database, samples: readonly Sample[]): Promise<void> {
  const server = await startServer({ database, clock: fixedClock(new Date('2026-11-23T18:00:00Z')), port: 0, host: '127.0.0.1', logLevel: 'silent' });
  try {
    const { username } = await createTestUser(database, { permissions: ['customers.read'] });
    const session = await fetch(`${server.url}/api/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }),
    });
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const withActivity = await sql<{ id: number }>`select distinct customer_id as id from receivable_account
      where id % 10 = 0 order by customer_id limit 70`.execute(database.kysely);
    const ids = [...withActivity.rows.map((row) => row.id), ...samples.slice(0, 130).map((sample) => sample.id)];
    const get = async (path: string): Promise<number> => {
      const started = nowMs();
      const response = await fetch(`${server.url}${path}`, { headers: { cookie } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
      return nowMs() - started;
    };
    for (const id of ids.slice(0, 20)) await Promise.all([get(`/api/customers/${id}`), get(`/api/customers/${id}/receivables`)]);
    const detail: number[] = [];
    const receivables: number[] = [];
    const page: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      for (const id of ids) {
        detail.push(await get(`/api/customers/${id}`));
        receivables.push(await get(`/api/customers/${id}/receivables`));
        const started = nowMs();
        await Promise.all([get(`/api/customers/${id}`), get(`/api/customers/${id}/receivables`)]);
        page.push(nowMs() - started);
      }
    }
    console.log(`Customer 360 over HTTP (${ids.length} customers × ${runs} runs, one client):`);
    for (const [label, values] of [['GET /api/customers/:id', detail], ['GET /api/customers/:id/receivables', receivables], ['page (both in parallel)', page]] as const) {
      const stats = statsOf(values);
      console.log(`  ${label.padEnd(36)} p50 ${formatMs(stats.p50Ms).padStart(9)}  p95 ${formatMs(stats.p95Ms).padStart(9)}  max ${formatMs(stats.maxMs).padStart(9)}`);
    }
  } finally {
    await server.close();
  }
}

async function runEngine(engine: Engine): Promise<void> {
  const count = Number(flag('customers', engine === 'postgres' ? '1000000' : '100000'));
  console.log(`\n[${engine}] loadavg at start: ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim()}`);
  let database: Database;
  let dispose: () => Promise<void>;
  if (reuseUrl && engine === 'postgres') {
    database = await openDatabase({ databaseUrl: reuseUrl, poolSize: 10 });
    await migrate(database);
    dispose = () => database.close();
  } else {
    const bench = await openBenchDatabase(engine, 'customers', { poolSize: 10 });
    database = bench.database;
    dispose = process.argv.includes('--keep') ? () => bench.database.close() : () => bench.dispose();
    const started = nowMs();
    console.log(`generating ${count.toLocaleString('en-US')} customers...`);
    await generateCustomerBench(database, benchSize(count));
    console.log(`generated in ${formatMs(nowMs() - started)}${bench.url ? ` (${bench.url})` : ''}`);
  }
  try {
    console.log(JSON.stringify(await machineDetails(database)));
    const sizes = await sql<{ customers: number; accounts: number; items: number }>`select
      (select count(*) from customer)::bigint as customers, (select count(*) from receivable_account)::bigint as accounts,
      (select count(*) from receivable_item)::bigint as items`.execute(database.kysely);
    console.log(JSON.stringify(sizes.rows[0]));
    const samples = await drawSamples(database, 100);
    const queries = buildQueries(samples);
    await measureSearch(database, queries);
    if (isExplain) await explainSlowest(database, queries);
    await measure360(database, await drawSamples(database, 130));
    console.log(`loadavg at end: ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim()}`);
  } finally {
    await dispose();
  }
}

for (const engine of engineFlag === 'both' ? (['postgres', 'pglite'] as const) : [engineFlag as Engine]) await runEngine(engine);
