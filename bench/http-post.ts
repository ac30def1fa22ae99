/**
 * One-by-one posting through the HTTP API: POST /api/journal-entries, 16 concurrent clients, each
 * request a 3-line entry with its own Idempotency-Key. Target (issue 2): >= 1,000 entries/s on
 * PostgreSQL for 100,000 entries.
 *
 *   npx tsx bench/http-post.ts [--engine postgres|pglite|both] [--count 100000]
 *     [--pglite-count 20000] [--connections 16]
 *
 * The server (src/http startServer, logging off) runs in this process over a fresh database; the
 * load comes from autocannon in a child process, so client and server do not share an event loop
 * (they do share the machine's 2 cores, with PostgreSQL). After the run the database is counted:
 * every 201 must be one journal entry.
 */
import { fork } from 'node:child_process';
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { fixedClock } from '../src/shared/dates.js';
import type { Engine } from '../src/shared/db.js';
import { verifyLedger } from '../src/ledger/index.js';
import { startServer } from '../src/http/index.js';
import { createTestUser, TEST_PASSWORD } from '../test/support/http.js';
import {
  benchChart,
  benchEntry,
  flag,
  machineDetails,
  nowMs,
  openBenchDatabase,
  seedBenchLedger,
  seededRandom,
  startBackendCpuMeter,
  withStatementTimer,
} from './support.js';

// --profile: time every statement the server sends, measure the server process's CPU, and (on
// PostgreSQL) sample what the server's sessions are waiting for every 50 ms.
const isProfile = process.argv.includes('--profile');

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
  timeouts: number;
}

/** The client role: autocannon against `url`, `count` requests, unique keys and entries. */
async function runClient(url: string, count: number, connections: number, runId: string, credentials: Credentials): Promise<ClientResult> {
  const { accounts } = benchChart();
  const random = seededRandom(7);
  let sequence = 0;
  const started = nowMs();
  const result = await autocannon({
    url,
    connections,
    amount: count,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/api/journal-entries',
        setupRequest: (request) => {
          sequence += 1;
          const key = `${runId}-${sequence}`;
          const entry = benchEntry(accounts, sequence, random, key);
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              'idempotency-key': key,
              cookie: credentials.cookie,
              'x-csrf-token': credentials.csrfToken,
            },
            body: JSON.stringify({ ...entry, idempotencyKey: undefined }),
          };
        },
      },
    ],
  });
  const durationSeconds = (nowMs() - started) / 1_000;
  const statusCodes: Record<string, number> = {};
  for (const [code, value] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[code] = (value as { count: number }).count;
  }
  return {
    requests: result.requests.total,
    durationSeconds,
    requestsPerSecond: result.requests.total / durationSeconds,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

function clientInChildProcess(url: string, count: number, connections: number, runId: string, credentials: Credentials): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--client', url, String(count), String(connections), runId, JSON.stringify(credentials)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (message) => resolve(message as ClientResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load client exited with ${code}`));
    });
  });
}

async function runEngine(engine: Engine, count: number, connections: number): Promise<void> {
  const bench = await openBenchDatabase(engine, 'http', { poolSize: 20 });
  const timer = withStatementTimer(bench.database);
  const database = isProfile ? timer.database : bench.database;
  const server = await startServer({
    database,
    clock: fixedClock(new Date('2026-11-23T18:00:00Z')),
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
  });
  try {
    await seedBenchLedger(database);
    console.log(`\n[${engine}] ${JSON.stringify(await machineDetails(database))}`);
    const credentials = await signIn(server.url, database);
    // A short warm-up (JIT, connection pool), not counted.
    const warmUp = await clientInChildProcess(server.url, 500, connections, `warm-${process.pid}`, credentials);
    if ((warmUp.statusCodes['201'] ?? 0) !== 500) throw new Error(`warm-up failed: ${JSON.stringify(warmUp.statusCodes)}`);
    const sampler = isProfile && bench.url ? await startWaitSampler(bench.url) : null;
    const backendCpu = engine === 'postgres' ? await startBackendCpuMeter(database) : null;
    const cpuBefore = process.cpuUsage();
    const result = await clientInChildProcess(server.url, count, connections, `run-${process.pid}`, credentials);
    const cpu = process.cpuUsage(cpuBefore);
    const backendSeconds = backendCpu ? await backendCpu() : null;
    console.log(
      `[${engine}] CPU per request: server process ${((cpu.user + cpu.system) / 1e3 / result.requests).toFixed(2)} ms` +
        (backendSeconds === null ? '' : `, PostgreSQL backends ${((backendSeconds * 1e3) / result.requests).toFixed(2)} ms`),
    );
    if (isProfile) {
      console.log(`[profile] server process CPU: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s over ${result.durationSeconds.toFixed(1)} s`);
      for (const row of timer.report().slice(0, 15)) {
        console.log(`[profile] ${(row.totalMs / 1_000).toFixed(1)} s in ${row.calls} x ${row.statement}`);
      }
      if (sampler) {
        const waits = await sampler.stop();
        for (const [wait, share] of waits) console.log(`[profile] sessions ${wait}: ${(share * 100).toFixed(1)}% of samples`);
      }
    }
    const stored = await sql<{ count: number }>`select count(*)::bigint as count from journal_entry
      where idempotency_key like ${`run-${process.pid}-%`}`.execute(database.kysely);
    console.log(
      `[${engine}] ${result.requests.toLocaleString()} POST /api/journal-entries with ${connections} connections in ` +
        `${result.durationSeconds.toFixed(1)} s = ${Math.round(result.requestsPerSecond).toLocaleString()} entries/s; ` +
        `latency p50 ${result.latencyMs.p50} ms, p90 ${result.latencyMs.p90} ms, p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms`,
    );
    console.log(`[${engine}] status codes ${JSON.stringify(result.statusCodes)}, errors ${result.errors}, timeouts ${result.timeouts}; entries stored: ${stored.rows[0]?.count.toLocaleString()}`);
    const violations = await verifyLedger(database.kysely);
    console.log(`[${engine}] verifyLedger: ${violations.length} violations`);
  } finally {
    await server.close();
    await bench.dispose();
  }
}

/** Samples pg_stat_activity of the bench database: what its active sessions are doing. */
async function startWaitSampler(url: string): Promise<{ stop(): Promise<Array<[string, number]>> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts = new Map<string, number>();
  let total = 0;
  let isRunning = true;
  const loop = (async () => {
    while (isRunning) {
      const result = await client.query<{ wait: string }>(`select case
          when state = 'active' then 'active, ' || coalesce(wait_event_type || ':' || wait_event, 'on CPU')
          else state end as wait
        from pg_stat_activity where datname = current_database() and backend_type = 'client backend'
          and pid <> pg_backend_pid()`);
      for (const row of result.rows) {
        counts.set(row.wait, (counts.get(row.wait) ?? 0) + 1);
        total += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      isRunning = false;
      await loop;
      await client.end();
      return [...counts].map(([wait, count]): [string, number] => [wait, count / Math.max(total, 1)]).sort((a, b) => b[1] - a[1]);
    },
  };
}

/** A staff user who may post directly, signed in through the API like the web application. */
async function signIn(url: string, database: Parameters<typeof createTestUser>[0]): Promise<Credentials> {
  const { username } = await createTestUser(database, { permissions: ['ledger.post_direct', 'ledger.read'] });
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: TEST_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { csrfToken: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, csrfToken: body.csrfToken };
}

if (process.argv[2] === '--client') {
  const [, , , url, count, connections, runId, credentials] = process.argv;
  const result = await runClient(url as string, Number(count), Number(connections), runId as string, JSON.parse(credentials as string) as Credentials);
  process.send?.(result);
  process.disconnect?.();
} else {
  const engineFlag = flag('engine', 'both');
  const connections = Number(flag('connections', '16'));
  const engines: Engine[] = engineFlag === 'both' ? ['postgres', 'pglite'] : [engineFlag as Engine];
  for (const engine of engines) {
    const count = Number(engine === 'postgres' ? flag('count', '100000') : flag('pglite-count', '20000'));
    await runEngine(engine, count, connections);
  }
}
