/**
 * Batched posting: N journal entries of 3 lines through postJournalEntries, on PostgreSQL and on
 * PGlite. Target (issue 2): >= 5,000 entries/s on PostgreSQL for 100,000 entries.
 *
 *   npx tsx bench/ledger-batch.ts [--engine postgres|pglite|both] [--count 100000]
 *     [--per-call 10000] [--chunk 2000] [--sweep]
 *
 * --per-call is how many entries go to one postJournalEntries call (one transaction, as an import
 * file would); --chunk is its chunkSize (entries per INSERT statement). --sweep also tries several
 * chunk sizes on 20,000 entries each. Each engine gets a fresh database, dropped at the end.
 */
import { sql } from 'kysely';
import type { Engine } from '../src/shared/db.js';
import { postJournalEntries, verifyLedger, type JournalEntryInput } from '../src/ledger/index.js';
import {
  benchActor,
  benchEntry,
  flag,
  machineDetails,
  nowMs,
  openBenchDatabase,
  seedBenchLedger,
  seededRandom,
  startBackendCpuMeter,
  withStatementTimer,
  type BenchAccounts,
} from './support.js';

const engineFlag = flag('engine', 'both');
const count = Number(flag('count', '100000'));
const perCall = Number(flag('per-call', '10000'));
const chunkSize = Number(flag('chunk', '2000'));
const isSweep = process.argv.includes('--sweep');
// --profile (PostgreSQL): time spent in each trigger function and the slowest statements.
const isProfile = process.argv.includes('--profile');
// --analyze: ANALYZE the ledger tables between calls, as autovacuum would on a live database.
const isAnalyze = process.argv.includes('--analyze');
// --experiment-no-fk: drop the foreign keys of journal_line and the balance tables in the bench
// database, to measure what their per-row checks cost (an experiment, not a proposal as such).
const isNoForeignKeys = process.argv.includes('--experiment-no-fk');
// --experiment-day-index-keyonly: the trial balance's day index (migration 005) without INCLUDE,
// so balance updates can stay HOT (no indexed column changes); measures the write cost.
const isKeyOnlyDayIndex = process.argv.includes('--experiment-day-index-keyonly');

function generate(accounts: BenchAccounts, total: number, keyPrefix: string): JournalEntryInput[] {
  const random = seededRandom(20_270_101);
  return Array.from({ length: total }, (_, index) => benchEntry(accounts, index, random, keyPrefix));
}

async function postAll(
  database: Parameters<typeof postJournalEntries>[0],
  inputs: JournalEntryInput[],
  options: { perCall: number; chunkSize: number },
): Promise<{ seconds: number; posted: number }> {
  const started = nowMs();
  let posted = 0;
  for (let start = 0; start < inputs.length; start += options.perCall) {
    const result = await postJournalEntries(database, {
      inputs: inputs.slice(start, start + options.perCall),
      actor: benchActor,
      chunkSize: options.chunkSize,
    });
    posted += result.postedCount;
    if (isAnalyze) await sql`analyze journal_entry, journal_line`.execute(database.kysely);
  }
  return { seconds: (nowMs() - started) / 1_000, posted };
}

async function runEngine(engine: Engine): Promise<void> {
  const bench = await openBenchDatabase(engine, 'batch', {
    settings:
      isProfile && engine === 'postgres'
        ? {
            track_functions: 'pl',
            // Plans of slow statements, including those inside triggers, go to the server log.
            session_preload_libraries: 'auto_explain',
            'auto_explain.log_min_duration': '100',
            'auto_explain.log_nested_statements': 'on',
            'auto_explain.log_analyze': 'on',
          }
        : {},
  });
  try {
    const { database } = bench;
    const accounts = await seedBenchLedger(database);
    if (isAnalyze) await sql`analyze`.execute(database.kysely);
    console.log(`\n[${engine}] ${JSON.stringify(await machineDetails(database))}`);
    const inputs = generate(accounts, count, 'main');
    if (isKeyOnlyDayIndex) {
      await database.exec(`drop index account_day_balance_date_idx;
        create index account_day_balance_date_idx on account_day_balance (balance_date);`);
    }
    if (isNoForeignKeys) {
      await database.exec(`
        alter table journal_line drop constraint journal_line_entry_id_fkey,
          drop constraint journal_line_account_id_fkey, drop constraint if exists journal_line_fund_code_fkey;
        alter table account_period_balance drop constraint account_period_balance_account_id_fkey,
          drop constraint account_period_balance_period_key_fkey;
        alter table account_day_balance drop constraint account_day_balance_account_id_fkey;
        alter table journal_entry drop constraint journal_entry_period_key_fkey;`);
    }
    const timer = withStatementTimer(database);
    const backendCpu = engine === 'postgres' ? await startBackendCpuMeter(database) : null;
    const cpuBefore = process.cpuUsage();
    const { seconds, posted } = await postAll(isProfile ? timer.database : database, inputs, { perCall, chunkSize });
    const cpu = process.cpuUsage(cpuBefore);
    const backendSeconds = backendCpu ? await backendCpu() : null;
    console.log(
      `[${engine}] CPU: Node ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s` +
        (backendSeconds === null ? '' : `, PostgreSQL backends ${backendSeconds.toFixed(1)} s`),
    );
    if (isProfile) {
      let statementsMs = 0;
      for (const row of timer.report()) {
        statementsMs += row.totalMs;
        console.log(`[profile] ${(row.totalMs / 1_000).toFixed(2)} s in ${row.calls} x ${row.statement}`);
      }
      console.log(`[profile] statements ${(statementsMs / 1_000).toFixed(2)} s of ${seconds.toFixed(2)} s; the rest is JavaScript (validation, hashing, building arrays)`);
    }
    const lines = await sql<{ count: number }>`select count(*)::bigint as count from journal_line`.execute(database.kysely);
    console.log(
      `[${engine}] posted ${posted.toLocaleString()} entries (${lines.rows[0]?.count.toLocaleString()} lines) ` +
        `in ${seconds.toFixed(2)} s = ${Math.round(posted / seconds).toLocaleString()} entries/s ` +
        `(per call ${perCall.toLocaleString()}, chunkSize ${chunkSize.toLocaleString()})`,
    );
    // Replaying the same entries posts nothing: how fast is an idempotent re-import?
    const replay = await postAll(database, inputs.slice(0, Math.min(count, 20_000)), { perCall, chunkSize });
    console.log(`[${engine}] replay of ${Math.min(count, 20_000).toLocaleString()} entries: ${replay.posted} posted in ${replay.seconds.toFixed(2)} s`);
    if (isSweep) {
      for (const size of [250, 1_000, 2_000, 5_000, 10_000]) {
        const sweepInputs = generate(accounts, 20_000, `sweep-${size}`);
        const sweep = await postAll(database, sweepInputs, { perCall: 20_000, chunkSize: size });
        console.log(`[${engine}] sweep chunkSize ${size}: ${Math.round(sweep.posted / sweep.seconds).toLocaleString()} entries/s`);
      }
    }
    if (isProfile && engine === 'postgres') await printProfile(database);
    const verifyStarted = nowMs();
    const violations = await verifyLedger(database.kysely);
    console.log(`[${engine}] verifyLedger: ${violations.length} violations (${((nowMs() - verifyStarted) / 1_000).toFixed(1)} s)`);
  } finally {
    await bench.dispose();
  }
}

const engines: Engine[] = engineFlag === 'both' ? ['postgres', 'pglite'] : [engineFlag as Engine];
for (const engine of engines) await runEngine(engine);

async function printProfile(database: Parameters<typeof postJournalEntries>[0]): Promise<void> {
  // Statistics reach the views shortly after the sessions report them.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const functions = await sql<{ name: string; calls: number; totalMs: number; selfMs: number }>`
    select funcname as name, calls, total_time as "totalMs", self_time as "selfMs"
    from pg_stat_user_functions order by total_time desc`.execute(database.kysely);
  for (const row of functions.rows) {
    console.log(`[profile] ${row.name}: ${row.calls} calls, ${(row.totalMs / 1_000).toFixed(2)} s total`);
  }
}
