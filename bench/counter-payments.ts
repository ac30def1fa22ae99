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
import { cashieringChecks, createDrawer, openDrawerSession, setFundAccounts } from '../src/cashiering/index.js';
import { startServer } from '../src/http/index.js';
import { importChartCsv } from '../src/ledger/index.js';
import { receivableChecks } from '../src/receivables/index.js';
import { fixedClock } from '../src/shared/dates.js';
import type { Engine } from '../src/shared/db.js';
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

async function runClient(url: string, accounts: string[], offset: number, count: number, connections: number, runId: string, credentials: Credentials): Promise<ClientResult> {
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
        const account = accounts[(offset + sequence) % accounts.length] as string;
        sequence += 1;
        const key = `${runId}-${sequence}`;
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
    statusCodes, errors: result.errors,
  };
}

function clientInChildProcess(args: { url: string; accounts: string[]; offset: number; count: number; connections: number; runId: string; credentials: Credentials }): Promise<ClientResult> {
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
  const bench = await openBenchDatabase(engine, 'counter', { poolSize: 20 });
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
      const backendCpu = engine === 'postgres' ? await startBackendCpuMeter(database) : null;
      const cpuBefore = process.cpuUsage();
      const runId = `run-${process.pid}`;
      const result = await clientInChildProcess({ url: server.url, accounts, offset: 500, count, connections, runId, credentials });
      const cpu = process.cpuUsage(cpuBefore);
      const backendSeconds = backendCpu ? await backendCpu() : null;
      const stored = await sql<{ receipts: number; entries: number }>`select count(*)::int as receipts, count(distinct journal_entry_id)::int as entries
        from cash_transaction where idempotency_key like ${`${runId}-%`}`.execute(database.kysely);
      console.log(
        `[${engine}] ${result.requests.toLocaleString()} POST /api/cashiering/payments with ${connections} connections in ${result.durationSeconds.toFixed(1)} s = ` +
          `${Math.round(result.requestsPerSecond).toLocaleString()} payments/s; latency p50 ${result.latencyMs.p50} ms, p90 ${result.latencyMs.p90} ms, ` +
          `p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms`,
      );
      console.log(`[${engine}] CPU per payment: server process ${((cpu.user + cpu.system) / 1e3 / result.requests).toFixed(2)} ms` +
        (backendSeconds === null ? '' : `, PostgreSQL backends ${((backendSeconds * 1e3) / result.requests).toFixed(2)} ms`));
      console.log(`[${engine}] status codes ${JSON.stringify(result.statusCodes)}, errors ${result.errors}; receipts stored ${stored.rows[0]?.receipts}, journal entries ${stored.rows[0]?.entries}`);
      let violations = 0;
      for (const check of [...cashieringChecks, ...receivableChecks]) violations += (await check.run(database.kysely)).length;
      console.log(`[${engine}] cashiering and receivables checks: ${violations} violations`);
    } finally {
      await server.close();
    }
  } finally {
    await bench.dispose();
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
    const result = await runClient(args.url, args.accounts, args.offset, args.count, args.connections, args.runId, args.credentials);
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
