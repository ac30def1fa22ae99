/**
 * The penalty job of issue 7: N generated utility accounts (default 100,000) billed in one cycle
 * and finalized (not timed), none paid, a tenth with a documented low income, then
 * `applyPenalties` the day after the grace days (timed: every bill decided, the unpaid ones
 * penalized in entries of 5,000, the low-income ones waived with a timeline event), the same day
 * again (decides nothing) and the penalty, receivables and ledger checks.
 * The worst case for the job: every bill is unpaid, so every bill posts or is waived.
 * Target (the whole daily job): 1M accounts <= 60 s on PostgreSQL.
 *
 * With --nothing-owed the rule's rates are 0 (and no minimum): every bill is decided with nothing
 * to post, which measures the job's own cost without the posting engine's (paid bills cost this).
 *
 *   npx tsx bench/penalties.ts [--engine postgres|pglite] [--accounts 100000] [--skip-verify] [--profile] [--nothing-owed]
 */
import { sql } from 'kysely';
import { addPenaltyRule, applyPenalties, penaltyChecks } from '../src/collections/index.js';
import { verifyLedger } from '../src/ledger/index.js';
import { receivableChecks } from '../src/receivables/index.js';
import { addDays, fixedClock, type IsoDate } from '../src/shared/dates.js';
import { type Engine } from '../src/shared/db.js';
import { formatDollars } from '../src/shared/money.js';
import { finalizeBillRun, runBills } from '../src/utility/index.js';
import { setUpBenchUtilityCity } from './utility-city.js';
import { benchActor, flag, machineDetails, nowMs, openBenchDatabase, withStatementTimer } from './support.js';

const clock = fixedClock(new Date('2026-12-01T18:00:00Z'));
const GRACE_DAYS = 5;

async function main(): Promise<void> {
  const engine = flag('engine', 'postgres') as Engine;
  const count = Number(flag('accounts', '100000'));
  const bench = await openBenchDatabase(engine, 'penalties', { poolSize: 4 });
  const database = bench.database;
  try {
    console.log(JSON.stringify(await machineDetails(database)));
    const seeded = nowMs();
    await setUpBenchUtilityCity(database, { accounts: count });
    const run = await runBills(database, { input: { cycleCode: 'C1', throughDate: '2026-11-08', billDate: '2026-11-10' }, actor: benchActor, clock });
    await finalizeBillRun(database, { runKey: run.run.id, actor: benchActor });
    const nothingOwed = process.argv.includes('--nothing-owed');
    await addPenaltyRule(database, { input: { effectiveFrom: '2026-01-01', graceDays: GRACE_DAYS, currentRate: nothingOwed ? '0' : '0.10',
      pastDueRate: nothingOwed ? '0' : '0.01', minimum: nothingOwed ? null : '1.00', revenueAccount: '510-7100-44500' }, actor: benchActor });
    await sql`insert into collection_protection (utility_account_id, protection_type, received_on, valid_until, document_ref, created_by)
      select id, 'low_income', '2026-10-01', '2027-09-30', 'CalFresh (bench)', 'bench' from utility_account where id % 10 = 0`.execute(database.kysely);
    await sql`analyze`.execute(database.kysely);
    const due = await sql<{ due: IsoDate; bills: number }>`select max(due_date)::text as due, count(*)::int as bills from bill where status = 'final'`.execute(database.kysely);
    const dueDate = due.rows[0]?.due as IsoDate;
    const asOf = addDays(dueDate, GRACE_DAYS + 1);
    console.log(`Set up ${count.toLocaleString()} accounts, ${due.rows[0]?.bills.toLocaleString()} final bills due ${dueDate} in ${((nowMs() - seeded) / 1000).toFixed(1)} s`);

    const timer = process.argv.includes('--profile') ? withStatementTimer(database) : null;
    const started = nowMs();
    const result = await applyPenalties(timer?.database ?? database, { asOf, actor: benchActor });
    const seconds = (nowMs() - started) / 1000;
    console.log(`applyPenalties ${asOf}: ${result.billsAssessed.toLocaleString()} bills decided, ${result.penaltiesPosted.toLocaleString()} penalties posted (${formatDollars(result.totalCents)}), ${result.waived.toLocaleString()} waived`);
    console.log(`  ${seconds.toFixed(1)} s = ${Math.round(result.billsAssessed / seconds).toLocaleString()} bills/s`);
    if (timer) console.table(timer.report().slice(0, 12).map((row) => ({ ...row, totalMs: Math.round(row.totalMs) })));
    const againStarted = nowMs();
    const again = await applyPenalties(database, { asOf, actor: benchActor });
    console.log(`Same day again: ${again.billsAssessed} decided, ${again.penaltiesPosted} posted in ${((nowMs() - againStarted) / 1000).toFixed(2)} s`);
    const laterStarted = nowMs();
    const later = await applyPenalties(database, { asOf: addDays(asOf, 1), actor: benchActor });
    console.log(`Next day: ${later.billsAssessed} decided in ${((nowMs() - laterStarted) / 1000).toFixed(2)} s`);
    if (!process.argv.includes('--skip-verify')) {
      const verifyStarted = nowMs();
      const problems = [...(await verifyLedger(database.kysely))];
      for (const check of [...receivableChecks, ...penaltyChecks]) problems.push(...(await check.run(database.kysely)));
      console.log(`Verify: ${problems.length === 0 ? 'ledger, receivables and penalties hold' : problems.map((p) => p.message).join('; ')} (${((nowMs() - verifyStarted) / 1000).toFixed(1)} s)`);
    }
  } finally {
    await bench.dispose();
  }
}

await main();
