/**
 * Shared by the benchmarks: a fresh database on either engine (dropped or deleted afterwards),
 * a realistic chart of accounts, generated journal entries, timing statistics and machine details.
 * Benchmarks print figures; they never assert on time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { sql, type KyselyPlugin } from 'kysely';
import pg from 'pg';
import type { Actor } from '../src/shared/actor.js';
import { openDatabase, type Database, type Engine } from '../src/shared/db.js';
import { migrate } from '../src/shared/migrations.js';
import { importChartCsv, setUpFiscalYear, type JournalEntryInput } from '../src/ledger/index.js';

export const benchActor: Actor = { userId: null, username: 'bench', via: 'system' };

export const postgresAdminUrl =
  process.env.CIVIC_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  database: Database;
  /** The PostgreSQL URL (null on PGlite), for benchmarks that open a second connection. */
  url: string | null;
  /** True when the database was copied from a setup cache (see `cacheSetup`). */
  fromCache: boolean;
  /**
   * PostgreSQL: saves the database as it is now as the setup cache (the `setupCache` name), so a
   * later run with the same name starts from a copy instead of repeating an untimed setup. Closes
   * and reopens the connections (a template must have none). A no-op on PGlite.
   */
  cacheSetup(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A benchmark stopped before its dispose (killed, or its output piped into `head`) leaves its
 * database behind, and at 1M accounts each is 8 GB of a shared disk: the databases of runs whose
 * process has ended are dropped when the next one starts.
 */
async function dropDatabasesOfEndedRuns(admin: pg.Client): Promise<void> {
  const found = await admin.query<{ datname: string }>(`select datname from pg_database where datname ~ '^civic_bench_[0-9]+_'`);
  for (const { datname } of found.rows) {
    const pid = Number(/^civic_bench_([0-9]+)_/.exec(datname)?.[1]);
    if (pid === process.pid || isRunning(pid)) continue;
    await admin.query(`drop database if exists ${datname} with (force)`);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A fresh, migrated database: civic_bench_<pid>_<tag> on PostgreSQL, a temp dir on PGlite. */
export async function openBenchDatabase(
  engine: Engine,
  tag: string,
  options: { poolSize?: number; settings?: Record<string, string>; setupCache?: string } = {},
): Promise<BenchDatabase> {
  const poolSize = options.poolSize ?? 20;
  if (engine === 'postgres') {
    const name = `civic_bench_${process.pid}_${tag}`;
    const cache = options.setupCache === undefined ? null : `civic_bench_cache_${options.setupCache.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await dropDatabasesOfEndedRuns(admin);
    const fromCache = cache !== null && (await admin.query('select 1 from pg_database where datname = $1', [cache])).rowCount === 1;
    await admin.query(fromCache ? `create database ${name} template ${cache}` : `create database ${name}`);
    // Per-database settings (profiling: track_functions, log_min_duration_statement), applied to
    // every session the benchmark opens.
    for (const [setting, value] of Object.entries(options.settings ?? {})) {
      await admin.query(`alter database ${name} set ${setting} = '${value.replaceAll("'", "''")}'`);
    }
    await admin.end();
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${name}`;
    let database = await openDatabase({ databaseUrl: url.toString(), poolSize });
    await migrate(database);
    return {
      get database() {
        return database;
      },
      url: url.toString(),
      fromCache,
      async cacheSetup() {
        if (cache === null) return;
        await database.close();
        const cacher = new pg.Client({ connectionString: postgresAdminUrl });
        await cacher.connect();
        await cacher.query(`drop database if exists ${cache} with (force)`);
        await cacher.query(`create database ${cache} template ${name}`);
        await cacher.end();
        database = await openDatabase({ databaseUrl: url.toString(), poolSize });
      },
      async dispose() {
        await database.close();
        const dropper = new pg.Client({ connectionString: postgresAdminUrl });
        await dropper.connect();
        await dropper.query(`drop database if exists ${name} with (force)`);
        await dropper.end();
      },
    };
  }
  const directory = mkdtempSync(path.join(tmpdir(), `civic-bench-${tag}-`));
  const database = await openDatabase({ dataDir: directory });
  await migrate(database);
  return {
    database,
    url: null,
    fromCache: false,
    async cacheSetup() {},
    async dispose() {
      await database.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export const benchFunds = [
  { code: '100', name: 'General Fund', type: 'general' },
  { code: '220', name: 'Gas Tax Fund', type: 'special_revenue' },
  { code: '510', name: 'Water Fund', type: 'enterprise' },
  { code: '520', name: 'Sewer Fund', type: 'enterprise' },
  { code: '610', name: 'Fleet Services Fund', type: 'internal_service' },
] as const;

export interface BenchAccounts {
  /** Per fund: cash, receivable, payable, fund balance, revenues, expenditures. */
  byFund: Map<string, { cash: string; receivable: string; payable: string; fundBalance: string; revenues: string[]; expenditures: string[] }>;
  all: string[];
}

/** Five funds, each with 4 balance-sheet accounts and 12 revenue and 12 expenditure objects: 140 accounts. */
export function benchChart(): { csvText: string; accounts: BenchAccounts } {
  const rows = ['account,name,type,active,fund_name,fund_type,department_name'];
  const byFund: BenchAccounts['byFund'] = new Map();
  const all: string[] = [];
  const departments = ['1510', '3100', '7100'];
  for (const fund of benchFunds) {
    const add = (code: string, name: string, type: string, department: string) => {
      rows.push(`${code},${name},${type},yes,${fund.name},${fund.type},Department ${department}`);
      all.push(code);
      return code;
    };
    const entry = {
      cash: add(`${fund.code}-0000-10100`, 'Cash', 'asset', '0000'),
      receivable: add(`${fund.code}-0000-12100`, 'Receivables', 'asset', '0000'),
      payable: add(`${fund.code}-0000-20100`, 'Accounts payable', 'liability', '0000'),
      fundBalance: add(`${fund.code}-0000-39000`, 'Fund balance', 'fund_balance', '0000'),
      revenues: [] as string[],
      expenditures: [] as string[],
    };
    for (let index = 0; index < 12; index += 1) {
      const department = departments[index % departments.length] as string;
      entry.revenues.push(add(`${fund.code}-${department}-4${String(1100 + index * 100).padStart(4, '0')}`, `Revenue ${index}`, 'revenue', department));
      entry.expenditures.push(add(`${fund.code}-${department}-5${String(1100 + index * 100).padStart(4, '0')}`, `Expenditure ${index}`, 'expenditure', department));
    }
    byFund.set(fund.code, entry);
  }
  return { csvText: `${rows.join('\n')}\n`, accounts: { byFund, all } };
}

/** Loads the bench chart and sets up FY2026 and FY2027 (all periods open). */
export async function seedBenchLedger(database: Database): Promise<BenchAccounts> {
  const { csvText, accounts } = benchChart();
  await importChartCsv(database, { csvText, actor: benchActor });
  await setUpFiscalYear(database, { fiscalYear: 2026, actor: benchActor });
  await setUpFiscalYear(database, { fiscalYear: 2027, actor: benchActor });
  return accounts;
}

/** A small, fast, seeded PRNG (mulberry32), so every run posts the same journal. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const fy2027Days = 365;

/**
 * Entry `index` of a generated journal: three lines in one fund, e.g. a counter receipt split over
 * two revenues, or a bill paid from cash in two expenditures. Dates spread over FY2027.
 */
export function benchEntry(accounts: BenchAccounts, index: number, random: () => number, keyPrefix: string): JournalEntryInput {
  const fund = benchFunds[Math.floor(random() * benchFunds.length)] as (typeof benchFunds)[number];
  const chart = accounts.byFund.get(fund.code);
  if (!chart) throw new Error(`no accounts for fund ${fund.code}`);
  const day = new Date(Date.UTC(2026, 6, 1 + Math.floor(random() * fy2027Days))).toISOString().slice(0, 10);
  const total = 100 + Math.floor(random() * 2_000_000);
  const first = 1 + Math.floor(random() * (total - 1));
  const pick = (list: string[]) => list[Math.floor(random() * list.length)] as string;
  const isReceipt = random() < 0.6;
  const lines: JournalEntryInput['lines'] = isReceipt
    ? [
        { account: random() < 0.7 ? chart.cash : chart.receivable, debitCents: total },
        { account: pick(chart.revenues), creditCents: first },
        { account: pick(chart.revenues), creditCents: total - first },
      ]
    : [
        { account: pick(chart.expenditures), debitCents: first },
        { account: pick(chart.expenditures), debitCents: total - first },
        { account: random() < 0.5 ? chart.cash : chart.payable, creditCents: total },
      ];
  return {
    entryDate: day,
    description: isReceipt ? `Counter receipts batch ${index}` : `Vendor invoice ${index}`,
    source: { module: 'bench', reference: `${keyPrefix}-${index}` },
    idempotencyKey: `${keyPrefix}-${index}`,
    lines,
  };
}

export interface Stats {
  count: number;
  minMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  meanMs: number;
}

export function statsOf(samplesMs: readonly number[]): Stats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
  return {
    count: sorted.length,
    minMs: sorted[0] ?? Number.NaN,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    maxMs: sorted.at(-1) ?? Number.NaN,
    meanMs: sorted.reduce((sum, value) => sum + value, 0) / Math.max(sorted.length, 1),
  };
}

export function formatMs(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

export function nowMs(): number {
  return performance.now();
}

/** Machine details for BENCHMARKS.md. */
export async function machineDetails(database?: Database): Promise<Record<string, string>> {
  const cpuModel = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const details: Record<string, string> = {
    cpu: cpuModel,
    cores: String(cpus().length),
    ramGiB: (totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    pglite: JSON.parse(readFileSync(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')).version,
    date: new Date().toISOString(),
  };
  if (database?.engine === 'postgres') {
    const version = await sql<{ version: string }>`select version()`.execute(database.kysely);
    details.postgres = version.rows[0]?.version ?? 'unknown';
  }
  try {
    details.kernel = execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim();
  } catch {
    // Not essential.
  }
  return details;
}

/** Reads `--name value` flags. */
export function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

/**
 * Wraps a database so every statement's round trip (as the client sees it) is timed and grouped
 * by the start of its SQL text. For profiling benchmarks; the wrapped database behaves the same.
 */
export function withStatementTimer(database: Database): { database: Database; report(): Array<{ statement: string; calls: number; totalMs: number }> } {
  const started = new Map<unknown, { label: string; at: number }>();
  const totals = new Map<string, { calls: number; totalMs: number }>();
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      const node = args.node as { kind: string; sqlFragments?: readonly string[] };
      const text = node.kind === 'RawNode' ? (node.sqlFragments ?? []).join('$').replace(/\s+/g, ' ').trim() : node.kind;
      started.set(args.queryId, { label: text.slice(0, 70), at: performance.now() });
      return args.node;
    },
    async transformResult(args) {
      const start = started.get(args.queryId);
      if (start) {
        started.delete(args.queryId);
        const total = totals.get(start.label) ?? { calls: 0, totalMs: 0 };
        total.calls += 1;
        total.totalMs += performance.now() - start.at;
        totals.set(start.label, total);
      }
      return args.result;
    },
  };
  return {
    database: { ...database, engine: database.engine, description: database.description, kysely: database.kysely.withPlugin(plugin), exec: (script) => database.exec(script), close: () => database.close() },
    report: () => [...totals].map(([statement, total]) => ({ statement, ...total })).sort((a, b) => b.totalMs - a.totalMs),
  };
}

/**
 * CPU time of the benchmark database's PostgreSQL backends (same machine: /proc), so a figure per
 * entry can be given that depends less on what else the shared machine runs than throughput
 * does. Call at the start; the returned function gives the seconds used since (backends that
 * started meanwhile count in full).
 */
export async function startBackendCpuMeter(database: Database): Promise<() => Promise<number>> {
  const ticksPerSecond = 100;
  const backendPids = async () => {
    const result = await sql<{ pid: number }>`select pid from pg_stat_activity
      where datname = current_database() and backend_type = 'client backend'`.execute(database.kysely);
    return result.rows.map((row) => row.pid);
  };
  const cpuTicks = (pid: number): number => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      // After the command name: state is field 3, utime 14 and stime 15 (1-based, man proc).
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  };
  const before = new Map((await backendPids()).map((pid) => [pid, cpuTicks(pid)]));
  return async () => {
    let ticks = 0;
    for (const pid of await backendPids()) ticks += cpuTicks(pid) - (before.get(pid) ?? 0);
    return ticks / ticksPerSecond;
  };
}
