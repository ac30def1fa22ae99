/**
 * The daily collection job of issue 7 over N generated utility accounts (default 1,000,000) in one
 * cycle: each billed for November (bill date 2026-11-10, due 2026-12-01) through the real bill run,
 * 85% of the bills paid, a penalty rule (10% of the unpaid current bill + 1% of the past-due
 * balance, $5 minimum) and the demo's chains. Timed: the job on 2026-12-07 (the first day the
 * unpaid 15% are past their 5 grace days: penalties, cases opened, late notices), the same day
 * again (must add nothing), and the next day (a quiet day). Target: 1M accounts <= 60 s on
 * PostgreSQL, idempotent when run twice the same day.
 *
 *   npx tsx bench/collections.ts [--engine postgres|pglite] [--accounts 1000000] [--keep] [--cache-setup]
 *
 * --cache-setup (PostgreSQL): keeps the set-up database (billed and paid, nothing collected) as
 * civic_bench_cache_collections_<N> and starts later runs from a copy of it (drop it to start over).
 */
import { sql } from 'kysely';
import { addPenaltyRule, runDailyCollections } from '../src/collections/index.js';
import { demoCollectionChains } from '../src/demo/collections.js';
import { postReceivableEntry, type NewItem } from '../src/receivables/index.js';
import { fixedClock, type IsoDate } from '../src/shared/dates.js';
import { inTransaction, type Engine } from '../src/shared/db.js';
import { cents } from '../src/shared/money.js';
import { finalizeBillRun, runBills } from '../src/utility/index.js';
import { setUpBenchUtilityCity } from './utility-city.js';
import { benchActor, flag, machineDetails, nowMs, openBenchDatabase, type BenchDatabase } from './support.js';

const clock = fixedClock(new Date('2026-12-07T15:00:00Z'));

async function main(): Promise<void> {
  const engine = flag('engine', 'postgres') as Engine;
  const count = Number(flag('accounts', '1000000'));
  const bench = await openBenchDatabase(engine, 'collections', { poolSize: 4, ...(process.argv.includes('--cache-setup') ? { setupCache: `collections_${count}` } : {}) });
  try {
    console.log(JSON.stringify(await machineDetails(bench.database)));
    if (bench.fromCache) console.log(`Set up ${count.toLocaleString()} accounts: copied from the setup cache`);
    else await setUp(bench, count);
    const database = bench.database;

    for (const [label, asOf] of [['first day past grace', '2026-12-07'], ['the same day again', '2026-12-07'], ['the next day', '2026-12-08']] as const) {
      const started = nowMs();
      const result = await runDailyCollections(database, { asOf: asOf as IsoDate, actor: benchActor });
      console.log(`${asOf} (${label}): ${((nowMs() - started) / 1000).toFixed(1)} s — stages ${JSON.stringify(result.stages)}`);
      console.log(`  penalties ${JSON.stringify(result.penalties)}; chain ${JSON.stringify(result.chain)}`);
    }
  } finally {
    if (process.argv.includes('--keep')) await bench.database.close();
    else await bench.dispose();
  }
}

/** N accounts generated, billed for November, 85% paid; saved as the setup cache when asked. */
async function setUp(bench: BenchDatabase, count: number): Promise<void> {
  const database = bench.database;
  const seeded = nowMs();
  await setUpBenchUtilityCity(database, { accounts: count });
  await demoCollectionChains(database, benchActor);
  await addPenaltyRule(database, { input: { effectiveFrom: '2026-07-01', graceDays: 5, currentRate: '0.10', pastDueRate: '0.01', minimumCents: 500,
    revenueAccount: '510-7100-44500', description: 'Late payment penalty' }, actor: benchActor });
  const run = await runBills(database, { input: { cycleCode: 'C1', throughDate: '2026-11-08', billDate: '2026-11-10' }, actor: benchActor, clock });
  await finalizeBillRun(database, { runKey: run.run.id, actor: benchActor });
  const bills = await sql<{ accountId: number; amount: number }>`select utility_account_id as "accountId", current_charges_cents as amount
    from bill where run_id = ${run.run.id} and status = 'final' and current_charges_cents > 0 and id % 20 not in (1, 7, 13) order by id`.execute(database.kysely);
  for (let start = 0; start < bills.rows.length; start += 5_000) {
    const chunk = bills.rows.slice(start, start + 5_000);
    const items: NewItem[] = chunk.map((bill) => ({ accountId: bill.accountId, itemType: 'payment', chargeClass: null, amountCents: cents(-bill.amount),
      itemDate: '2026-11-25' as IsoDate, dueDate: null, penaltyEligible: false, offsetAccountCode: '510-0000-10100', description: 'Payment, thank you',
      reasonCode: null, documentRef: null, reversesItemId: null }));
    await inTransaction(database, (tx) => postReceivableEntry(database, tx, benchActor, { entryDate: '2026-11-25' as IsoDate, description: 'Payments',
      documentRef: 'payments', idempotencyKey: `bench:payments:${start}`, items, offsetLines: [{ accountCode: '510-0000-10100', amountCents: cents(chunk.reduce((sum, bill) => sum + bill.amount, 0)) }] }));
  }
  await sql`analyze`.execute(database.kysely);
  console.log(`Set up ${count.toLocaleString()} accounts, billed and ${bills.rows.length.toLocaleString()} paid in ${((nowMs() - seeded) / 1000).toFixed(1)} s`);
  await bench.cacheSetup();
}

await main();
