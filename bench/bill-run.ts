/**
 * The bill run of issue 6: N generated utility accounts (default 1,000,000) in one cycle, each with
 * a meter and 13 months of reads, on the demo city's chart and rates (3-tier residential water,
 * multi-family tiers per unit, uniform commercial, irrigation, sewer flat, per unit and from the
 * winter average, the per-account surcharge). Timed: `runBills` (select, rate, write per chunk:
 * bills, lines, reads) and `finalizeBillRun` (receivable items, journal entries in chunks of
 * 5,000 bills, revenue by fund through due-to/due-from). Then the same run again (creates
 * nothing) and the ledger's and receivables' checks.
 * Targets: 1M accounts <= 60 s on PostgreSQL; 100k <= 30 s on PGlite.
 *
 *   npx tsx bench/bill-run.ts [--engine postgres|pglite] [--accounts 1000000] [--skip-verify] [--keep] [--profile]
 *   (--keep leaves the PostgreSQL database civic_bench_<pid>_billrun for EXPLAIN)
 */
import { sql } from 'kysely';
import { verifyLedger } from '../src/ledger/index.js';
import { receivableChecks } from '../src/receivables/index.js';
import { fixedClock } from '../src/shared/dates.js';
import { type Engine } from '../src/shared/db.js';
import { formatDollars } from '../src/shared/money.js';
import { finalizeBillRun, runBills } from '../src/utility/index.js';
import { setUpBenchUtilityCity } from './utility-city.js';
import { benchActor, flag, machineDetails, nowMs, openBenchDatabase, withStatementTimer } from './support.js';

const clock = fixedClock(new Date('2026-12-01T18:00:00Z'));

async function main(): Promise<void> {
  const engine = flag('engine', 'postgres') as Engine;
  const count = Number(flag('accounts', '1000000'));
  const bench = await openBenchDatabase(engine, 'billrun', { poolSize: 4 });
  const timer = process.argv.includes('--profile') ? withStatementTimer(bench.database) : null;
  const database = timer?.database ?? bench.database;
  try {
    console.log(JSON.stringify(await machineDetails(database)));
    const seeded = nowMs();
    await setUpBenchUtilityCity(database, { accounts: count, onChunk: (generated, chunk) => { if (chunk % 8 === 0) process.stdout.write(`  generated ${generated.toLocaleString()} accounts\n`); } });
    const reads = await sql<{ count: number }>`select count(*)::int as count from meter_read`.execute(database.kysely);
    console.log(`Generated ${count.toLocaleString()} accounts and ${reads.rows[0]?.count.toLocaleString()} reads in ${((nowMs() - seeded) / 1000).toFixed(1)} s`);

    const input = { cycleCode: 'C1', throughDate: '2026-11-08', billDate: '2026-11-10' };
    const started = nowMs();
    let shown = 0;
    let last = nowMs();
    const result = await runBills(database, { input, actor: benchActor, clock, onProgress: (done, total) => {
      if (done - shown >= total / 10 || done === total) {
        process.stdout.write(`  calculated ${done.toLocaleString()} of ${total.toLocaleString()} (${((nowMs() - last) / 1000).toFixed(1)} s for the last ${(done - shown).toLocaleString()})\n`);
        shown = done;
        last = nowMs();
      }
    } });
    const calculated = nowMs();
    const finalized = await finalizeBillRun(database, { runKey: result.run.id, actor: benchActor });
    const done = nowMs();
    const run = finalized.run;
    console.log(`Bill run ${run.runNumber}: ${run.billCount.toLocaleString()} bills, ${formatDollars(run.totalCents)}, ${run.exceptionCount} with exceptions, ${run.heldCount} held`);
    console.log(`  calculate (tentative bills, lines, reads, register counts): ${((calculated - started) / 1000).toFixed(1)} s`);
    console.log(`  finalize (receivable items, journal entries, GL): ${((done - calculated) / 1000).toFixed(1)} s`);
    console.log(`  total: ${((done - started) / 1000).toFixed(1)} s = ${Math.round(run.billCount / ((done - started) / 1000)).toLocaleString()} accounts/s`);
    console.log(`  stages: ${JSON.stringify(run.timings)}`);
    if (timer) console.table(timer.report().slice(0, 25).map((row) => ({ ...row, totalMs: Math.round(row.totalMs) })));
    const again = await runBills(database, { input, actor: benchActor, clock });
    console.log(`Run again: ${again.billsCreated} bills created (wasExisting ${again.wasExisting})`);
    if (flag('skip-verify', '') === '' && !process.argv.includes('--skip-verify')) {
      const verifyStarted = nowMs();
      const problems = [...(await verifyLedger(database.kysely))];
      for (const check of receivableChecks) problems.push(...(await check.run(database.kysely)));
      console.log(`Verify: ${problems.length === 0 ? 'ledger and receivables hold' : problems.map((p) => p.message).join('; ')} (${((nowMs() - verifyStarted) / 1000).toFixed(1)} s)`);
    }
  } finally {
    if (process.argv.includes('--keep')) await database.close();
    else await bench.dispose();
  }
}

await main();
