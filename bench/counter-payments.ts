/**
 * Counter payments through the HTTP API: POST /api/cashiering/payments, 16 concurrent clients,
 * each request one receipt paying one customer's account in cash, with its own idempotency key.
 * Target (issue 5): >= 2,000 payments/s on PostgreSQL, p99 <= 25 ms, none lost or duplicated.
 *
 *   npx tsx bench/counter-payments.ts [--engine postgres|pglite|both] [--count 50000]
 *     [--pglite-count 5000] [--customers 50000] [--connections 16]
 *
 * The server runs in this process over a fresh database of generated customers
 * (bench/customers-generate.ts); the load comes from autocannon in a child process. Each
 * payment pays a different account (as at a real counter: no two cashiers serve one customer at
 * once). After the run every 201 must be exactly one receipt and one journal entry, and
 * cashiering's and receivables' invariants must hold.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { cashieringChecks, createDrawer, openDrawerSession, setFundAccounts } from '../src/cashiering/index.js';
import { startServer } from '../src/http/index.js';
import { importChartCsv, verifyLedger } from '../src/ledger/index.js';
import { receivableChecks } from '../src/receivables/index.js';
import { fixedClock } from '../src/shared/dates.js';
import type { Database, Engine } from '../src/shared/db.js';
import { createTestUser, TEST_PASSWORD } from '../test/support/http.js';
import { benchSize, generateCustomerBench } from './customers-generate.js';
import { benchActor, flag, machineDetails, nowMs, openBenchDatabase, startBackendCpuMeter } from './support.js';

interface Credentials {
  cookie: string;
  csrfToken: string;
}

interface ClientResult {
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  statusCodes: Record<string, number>;
  errors: number;
}

const clock = fixedClock(new Date('2026-11-23T18:00:00Z'));

// --profile (PostgreSQL): count and time every statement the server sends (round trips as the
// client sees them, grouped by the start of their SQL text).
const isProfile = process.argv.includes('--profile');
// --explain MS (PostgreSQL): auto_explain logs the plan (with actual rows and times, nested
// statements included) of every statement of the benchmark's database slower than MS ms, in the
// server's log.
const explainMs = flag('explain', '');

function startRoundTripCounter(): { report(): Array<{ statement: string; calls: number; totalMs: number }>; reset(): void } {
  const totals = new Map<string, { calls: number; totalMs: number }>();
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    const label = text.replace(/\/\* prepared \*\//, '').replace(/\s+/g, ' ').trim().slice(0, 90);
    const started = performance.now();
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      void (result as Promise<unknown>).then(
        () => {
          const total = totals.get(label) ?? { calls: 0, totalMs: 0 };
          total.calls += 1;
          total.totalMs += performance.now() - started;
          totals.set(label, total);
        },
        () => undefined,
      );
    }
    return result;
  };
  return {
    report: () => [...totals].map(([statement, total]) => ({ statement, ...total })).sort((a, b) => b.calls - a.calls || b.totalMs - a.totalMs),
    reset: () => totals.clear(),
  };
}

/**
 * Payment `i` of a run (0-based) pays account `offset + i` with the key `<runId>-<i + 1>`: the same
 * `i` always sends the same request. `repeat` sends each payment that many times in a row (on
 * different connections, so nearly at once): duplicates of one key racing each other.
 */
async function runClient(url: string, accounts: string[], offset: number, count: number, connections: number, runId: string, credentials: Credentials, repeat = 1): Promise<ClientResult> {
  let sequence = 0;
  const started = nowMs();
  const result = await autocannon({
    url,
    connections,
    amount: count,
    timeout: 30,
    requests: [{
      method: 'POST',
      path: '/api/cashiering/payments',
      setupRequest: (request) => {
        const index = Math.floor(sequence / repeat);
        sequence += 1;
        const account = accounts[(offset + index) % accounts.length] as string;
        const key = `${runId}-${index + 1}`;
        return {
          ...request,
          headers: { 'content-type': 'application/json', 'idempotency-key': key, cookie: credentials.cookie, 'x-csrf-token': credentials.csrfToken },
          body: JSON.stringify({ lines: [{ account, amountCents: 1_000 }], tenders: [{ type: 'cash', amountCents: 2_000 }], confirmPartial: true }),
        };
      },
    }],
  });
  const durationSeconds = (nowMs() - started) / 1_000;
  const statusCodes: Record<string, number> = {};
  for (const [code, value] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = (value as { count: number }).count;
  return {
    requests: result.requests.total, durationSeconds, requestsPerSecond: result.requests.total / durationSeconds,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    statusCodes, errors: result.errors + result.timeouts,
  };
}

function clientInChildProcess(args: { url: string; accounts: string[]; offset: number; count: number; connections: number; runId: string; credentials: Credentials; repeat?: number }): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--client'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (message) => resolve(message as ClientResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load client exited with ${code}`));
    });
    child.send(args);
  });
}

async function runEngine(engine: Engine, count: number, customers: number, connections: number): Promise<void> {
  const bench = await openBenchDatabase(engine, 'counter', {
    poolSize: 20,
    ...(explainMs !== '' && engine === 'postgres'
      ? { settings: { session_preload_libraries: 'auto_explain', 'auto_explain.log_min_duration': explainMs, 'auto_explain.log_analyze': 'on', 'auto_explain.log_nested_statements': 'on' } }
      : {}),
  });
  const { database } = bench;
  try {
    const seeded = nowMs();
    await generateCustomerBench(database, benchSize(customers));
    await importChartCsv(database, { actor: benchActor, csvText: `account,name,type,active,fund_name,fund_type,department_name
100-0000-10500,Undeposited funds,asset,yes,General Fund,general,Non-departmental
510-0000-10500,Undeposited funds,asset,yes,Water Fund,enterprise,Non-departmental
` });
    for (const fund of ['100', '510']) {
      await setFundAccounts(database, { input: { fundCode: fund, undepositedAccount: `${fund}-0000-10500`, bankAccount: `${fund}-0000-10100` }, actor: benchActor });
    }
    await createDrawer(database, { input: { code: 'D1', name: 'Bench drawer' }, actor: benchActor });
    const { username } = await createTestUser(database, { permissions: ['cashiering.counter', 'customers.read'] });
    await openDrawerSession(database, { input: { drawer: 'D1', openingCount: { bill_20: 50 } }, actor: { userId: null, username, via: 'system' }, clock });
    const accounts = (await sql<{ number: string }>`select account_number as number from receivable_account order by id`.execute(database.kysely)).rows.map((row) => row.number);
    console.log(`\n[${engine}] seeded ${customers.toLocaleString()} customers, ${accounts.length.toLocaleString()} accounts in ${((nowMs() - seeded) / 1_000).toFixed(0)} s`);
    const server = await startServer({ database, clock, port: 0, host: '127.0.0.1', logLevel: 'silent' });
    try {
      console.log(`[${engine}] ${JSON.stringify(await machineDetails(database))}`);
      const credentials = await signIn(server.url, username);
      const warmUp = await clientInChildProcess({ url: server.url, accounts, offset: 0, count: 500, connections, runId: `warm-${process.pid}`, credentials });
      if ((warmUp.statusCodes['201'] ?? 0) !== 500) throw new Error(`warm-up failed: ${JSON.stringify(warmUp.statusCodes)}`);
      // The generator analyzed the tables while cashiering's were still empty and the journal held
      // only its few large billing entries: plans made from those statistics scan whole tables
      // (the idempotency key, the trigger's probes by entry), and autovacuum would not catch up
      // within a run. A city's database has history; analyze once the warm-up has given it some.
      await sql`analyze`.execute(database.kysely);
      const counter = isProfile && engine === 'postgres' ? startRoundTripCounter() : null;
      const backendCpu = engine === 'postgres' ? await startBackendCpuMeter(database) : null;
      const cpuBefore = process.cpuUsage();
      const runId = `run-${process.pid}`;
      const result = await clientInChildProcess({ url: server.url, accounts, offset: 500, count, connections, runId, credentials });
      const cpu = process.cpuUsage(cpuBefore);
      const backendSeconds = backendCpu ? await backendCpu() : null;
      if (counter) {
        const rows = counter.report();
        const calls = rows.reduce((sum, row) => sum + row.calls, 0);
        console.log(`[profile] ${(calls / result.requests).toFixed(1)} round trips per payment`);
        for (const row of rows.slice(0, 30)) {
          console.log(`[profile] ${(row.calls / result.requests).toFixed(2)}/payment, ${(row.totalMs / row.calls).toFixed(2)} ms each: ${row.statement}`);
        }
      }
      console.log(
        `[${engine}] ${result.requests.toLocaleString()} POST /api/cashiering/payments with ${connections} connections in ${result.durationSeconds.toFixed(1)} s = ` +
          `${Math.round(result.requestsPerSecond).toLocaleString()} payments/s; latency p50 ${result.latencyMs.p50} ms, p90 ${result.latencyMs.p90} ms, ` +
          `p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms`,
      );
      console.log(`[${engine}] CPU per payment: server process ${((cpu.user + cpu.system) / 1e3 / result.requests).toFixed(2)} ms` +
        (backendSeconds === null ? '' : `, PostgreSQL backends ${((backendSeconds * 1e3) / result.requests).toFixed(2)} ms`));
      const problems: string[] = [];
      const created = result.statusCodes['201'] ?? 0;
      if (created !== count || result.errors > 0) problems.push(`expected ${count} × 201 and no errors, got ${JSON.stringify(result.statusCodes)}, ${result.errors} errors`);
      let stored = await storedCounts(database, runId);
      console.log(`[${engine}] status codes ${JSON.stringify(result.statusCodes)}, errors ${result.errors}; stored: ${JSON.stringify(stored)}`);
      checkStored(problems, 'run', stored, created);

      // Replays: the first `replays` payments again, the same keys and bodies, 16 at a time. Each
      // must answer 200 (Idempotent-Replayed) and post nothing.
      const replays = Math.min(count, 2_000);
      const replayed = await clientInChildProcess({ url: server.url, accounts, offset: 500, count: replays, connections, runId, credentials });
      stored = await storedCounts(database, runId);
      console.log(`[${engine}] replays of ${replays.toLocaleString()} keys: status codes ${JSON.stringify(replayed.statusCodes)}, errors ${replayed.errors}; stored: ${JSON.stringify(stored)}`);
      if ((replayed.statusCodes['200'] ?? 0) !== replays || replayed.errors > 0) problems.push(`replays: expected ${replays} × 200, got ${JSON.stringify(replayed.statusCodes)}`);
      checkStored(problems, 'after replays', stored, created);

      // Racing duplicates: fresh payments, each sent twice at once (consecutive requests go out on
      // different connections). One of each pair posts (201), the other answers as a replay (200).
      const raceId = `race-${process.pid}`;
      const pairs = Math.min(count, 1_000);
      const raced = await clientInChildProcess({ url: server.url, accounts, offset: 500 + count, count: pairs * 2, connections, runId: raceId, credentials, repeat: 2 });
      const raceStored = await storedCounts(database, raceId);
      console.log(`[${engine}] ${pairs.toLocaleString()} payments sent twice at once: status codes ${JSON.stringify(raced.statusCodes)}, errors ${raced.errors}; stored: ${JSON.stringify(raceStored)}`);
      if ((raced.statusCodes['201'] ?? 0) !== pairs || (raced.statusCodes['200'] ?? 0) !== pairs || raced.errors > 0) {
        problems.push(`racing duplicates: expected ${pairs} × 201 and ${pairs} × 200, got ${JSON.stringify(raced.statusCodes)}`);
      }
      checkStored(problems, 'racing duplicates', raceStored, pairs);

      let violations = 0;
      for (const check of [...cashieringChecks, ...receivableChecks]) {
        const found = await check.run(database.kysely);
        violations += found.length;
        for (const violation of found.slice(0, 3)) problems.push(`${check.invariant}: ${JSON.stringify(violation)}`);
      }
      const ledgerViolations = await verifyLedger(database.kysely);
      console.log(`[${engine}] cashiering and receivables checks: ${violations} violations; verifyLedger: ${ledgerViolations.length} violations`);
      if (ledgerViolations.length > 0) problems.push(`verifyLedger: ${JSON.stringify(ledgerViolations.slice(0, 3))}`);
      if (problems.length > 0) {
        for (const problem of problems) console.error(`[${engine}] VERIFICATION FAILED: ${problem}`);
        process.exitCode = 1;
      } else {
        console.log(`[${engine}] verified: every 201 is one receipt, one journal entry, one receivable payment and one audit row; replays and racing duplicates posted nothing`);
      }
    } finally {
      await server.close();
    }
  } finally {
    await bench.dispose();
  }
}

interface StoredCounts {
  receipts: number;
  distinctKeys: number;
  receiptEntries: number;
  journalEntries: number;
  receivableItems: number;
  auditRows: number;
}

/** What a run's keys left in the database: receipts, their entries, items and audit rows. */
async function storedCounts(database: Database, runId: string): Promise<StoredCounts> {
  const pattern = `${runId}-%`;
  const result = await sql<StoredCounts>`
    with x as (select id, receipt_number, idempotency_key, journal_entry_id from cash_transaction where idempotency_key like ${pattern})
    select (select count(*) from x)::int as receipts,
      (select count(distinct idempotency_key) from x)::int as "distinctKeys",
      (select count(distinct journal_entry_id) from x)::int as "receiptEntries",
      (select count(*) from journal_entry where idempotency_key like ${`receivables:cashiering:${pattern}`})::int as "journalEntries",
      (select count(*) from receivable_item i where i.journal_entry_id in (select journal_entry_id from x))::int as "receivableItems",
      (select count(*) from audit_log a where a.action = 'cashiering.take_payment' and a.entity_id in (select receipt_number from x))::int as "auditRows"`
    .execute(database.kysely);
  return result.rows[0] as StoredCounts;
}

function checkStored(problems: string[], phase: string, stored: StoredCounts, expected: number): void {
  for (const [name, value] of Object.entries(stored)) {
    if (value !== expected) problems.push(`${phase}: ${name} = ${value}, expected ${expected} (one per 201)`);
  }
}

async function signIn(url: string, username: string): Promise<Credentials> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrfToken: body.csrfToken };
}

if (process.argv[2] === '--client') {
  process.once('message', async (message) => {
    const args = message as Parameters<typeof clientInChildProcess>[0];
    const result = await runClient(args.url, args.accounts, args.offset, args.count, args.connections, args.runId, args.credentials, args.repeat ?? 1);
    process.send?.(result);
    process.disconnect?.();
  });
} else {
  const engineFlag = flag('engine', 'both');
  const connections = Number(flag('connections', '16'));
  const customers = Number(flag('customers', '50000'));
  const engines: Engine[] = engineFlag === 'both' ? ['postgres', 'pglite'] : [engineFlag as Engine];
  for (const engine of engines) {
    const count = Number(engine === 'postgres' ? flag('count', '50000') : flag('pglite-count', '5000'));
    await runEngine(engine, count, engine === 'pglite' ? Math.min(customers, 10_000) : customers, connections);
  }
}
