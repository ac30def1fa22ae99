/**
 * Lockbox import of a bank file: 100,000 payments in the shipped fixed-width layout
 * (first_california_bank), all or nothing in one transaction. Target (issue 5): <= 10 s on
 * PostgreSQL.
 *
 *   npx tsx bench/lockbox-import.ts [--engine postgres|pglite|both] [--payments 100000]
 *     [--customers 100000] [--unmatched-every 200]
 *
 * The database holds generated customers (bench/customers-generate.ts); the file pays one open
 * account per payment (1 in --unmatched-every names an account that does not exist: an
 * exception held in suspense). Timed: importLockboxFile from the file's text to the commit
 * (parse, match, post, receipts). Then the same file again (refused by its SHA-256, nothing
 * posted), and verification: one receipt per posted payment, the bank and suspense debits equal
 * the file, cashiering's, receivables' and the ledger's invariants hold.
 */
import { sql } from 'kysely';
import {
  cashieringChecks,
  formatLockboxFile,
  importLockboxFile,
  listLockboxLayouts,
  seedLockboxLayouts,
  setCashieringAccounts,
  setFundAccounts,
  type LockboxLayoutSpec,
  type LockboxPaymentInput,
} from '../src/cashiering/index.js';
import { importChartCsv, verifyLedger } from '../src/ledger/index.js';
import { receivableChecks } from '../src/receivables/index.js';
import { fixedClock, parseIsoDate } from '../src/shared/dates.js';
import type { Engine } from '../src/shared/db.js';
import { AppError } from '../src/shared/errors.js';
import { cents, formatDollars } from '../src/shared/money.js';
import { benchSize, generateCustomerBench } from './customers-generate.js';
import { benchActor, flag, machineDetails, nowMs, openBenchDatabase, seededRandom, startBackendCpuMeter, withStatementTimer } from './support.js';

const clock = fixedClock(new Date('2026-11-23T18:00:00Z'));
const depositDate = parseIsoDate('2026-11-23', 'depositDate');

async function runEngine(engine: Engine, paymentCount: number, customers: number, unmatchedEvery: number): Promise<void> {
  // --explain MS (PostgreSQL): auto_explain logs the plan (actual rows and times, nested statements
  // included) of every statement slower than MS ms, in the server's log.
  const explainMs = flag('explain', '');
  const bench = await openBenchDatabase(engine, 'lockbox', {
    poolSize: 4,
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
100-0000-22900,Unapplied lockbox receipts,liability,yes,General Fund,general,Non-departmental
` });
    for (const fund of ['100', '510']) {
      await setFundAccounts(database, { input: { fundCode: fund, undepositedAccount: `${fund}-0000-10500`, bankAccount: `${fund}-0000-10100` }, actor: benchActor });
    }
    await setCashieringAccounts(database, { input: { lockboxSuspenseAccount: '100-0000-22900' }, actor: benchActor });
    await seedLockboxLayouts(database, benchActor);
    const layout = (await listLockboxLayouts(database.kysely)).find((row) => row.code === 'first_california_bank');
    const spec = layout?.spec as LockboxLayoutSpec;
    const accounts = (await sql<{ number: string }>`select account_number as number from receivable_account
      where status <> 'closed' order by id limit ${paymentCount}`.execute(database.kysely)).rows.map((row) => row.number);
    if (accounts.length === 0) throw new Error('no accounts generated');
    const random = seededRandom(20261123);
    const payments: LockboxPaymentInput[] = [];
    for (let index = 0; index < paymentCount; index += 1) {
      const isUnmatched = unmatchedEvery > 0 && index % unmatchedEvery === unmatchedEvery - 1;
      payments.push({
        accountReference: isUnmatched ? `ZZ-${String(900000 + index)}` : (accounts[index % accounts.length] as string),
        amountCents: cents(1_000 + Math.floor(random() * 40_000)),
        checkNumber: String(1_000 + index),
        routingNumber: '121000358',
        checkAccount: String(10_000_000 + index),
        payerName: `PAYER ${index}`,
      });
    }
    const content = formatLockboxFile(spec, { depositDate, payments });
    const totalCents = payments.reduce((sum, payment) => sum + payment.amountCents, 0);
    console.log(`\n[${engine}] seeded ${customers.toLocaleString()} customers in ${((nowMs() - seeded) / 1_000).toFixed(0)} s; ` +
      `file of ${paymentCount.toLocaleString()} payments, ${(content.length / 2 ** 20).toFixed(1)} MiB, ${formatDollars(cents(totalCents))}`);
    console.log(`[${engine}] ${JSON.stringify(await machineDetails(database))}`);

    // --profile: every statement of the import timed as the client sees it (the rest is JavaScript).
    const timed = process.argv.includes('--profile') ? withStatementTimer(database) : null;
    const backendCpu = engine === 'postgres' ? await startBackendCpuMeter(database) : null;
    const started = nowMs();
    let lastShown = 0;
    const result = await importLockboxFile(timed?.database ?? database, {
      layoutCode: 'first_california_bank', fileName: 'lockbox-bench.txt', content, actor: benchActor, clock,
      onProgress: (done, total) => {
        if (done - lastShown >= 25_000 || done === total) {
          lastShown = done;
          console.log(`[${engine}]   ${done.toLocaleString()} / ${total.toLocaleString()} at ${((nowMs() - started) / 1_000).toFixed(1)} s`);
        }
      },
    });
    const seconds = (nowMs() - started) / 1_000;
    console.log(`[${engine}] imported ${result.file.paymentCount.toLocaleString()} payments in ${seconds.toFixed(2)} s ` +
      `= ${Math.round(result.file.paymentCount / seconds).toLocaleString()} payments/s: ${result.file.postedCount.toLocaleString()} posted ` +
      `(${result.file.journalEntryIds.length} journal entries), ${result.file.exceptionCount.toLocaleString()} held as exceptions`);
    // CPU seconds of PostgreSQL's backends: steadier than the wall clock on a shared machine.
    if (backendCpu) console.log(`[${engine}] PostgreSQL backends used ${(await backendCpu()).toFixed(2)} CPU s`);
    if (timed) {
      const rows = timed.report();
      const inDatabase = rows.reduce((sum, row) => sum + row.totalMs, 0);
      console.log(`[profile] statements ${(inDatabase / 1_000).toFixed(2)} s of ${seconds.toFixed(2)} s (the rest: JavaScript, parsing and building parameters)`);
      for (const row of rows.slice(0, 15)) console.log(`[profile] ${(row.totalMs / 1_000).toFixed(2)} s in ${row.calls} calls: ${row.statement}`);
    }

    const againStarted = nowMs();
    const again = await importLockboxFile(database, { layoutCode: 'first_california_bank', fileName: 'again.txt', content, actor: benchActor, clock })
      .then(() => null, (error: unknown) => error);
    const refused = again instanceof AppError && again.code === 'conflict';
    console.log(`[${engine}] the same file again: ${refused ? 'refused (conflict)' : `NOT refused: ${String(again)}`} in ${(nowMs() - againStarted).toFixed(0)} ms`);

    const problems: string[] = [];
    if (!refused) problems.push('the same file was not refused');
    const stored = (await sql<{ receipts: number; receiptCents: string; exceptions: number; exceptionCents: string; bankCents: string }>`
      select (select count(*)::int from cash_transaction where batch_id = ${result.batch.id}) as receipts,
        (select coalesce(sum(total_cents), 0)::text from cash_transaction where batch_id = ${result.batch.id}) as "receiptCents",
        (select count(*)::int from lockbox_exception where file_id = ${result.file.id}) as exceptions,
        (select coalesce(sum(amount_cents), 0)::text from lockbox_exception where file_id = ${result.file.id}) as "exceptionCents",
        (select coalesce(sum(l.amount_cents), 0)::text from journal_line l join account a on a.id = l.account_id
          where l.entry_id = any(${result.file.journalEntryIds}::bigint[]) and a.code like '%-0000-10100') as "bankCents"`.execute(database.kysely)).rows[0];
    console.log(`[${engine}] stored: ${JSON.stringify(stored)}`);
    if (!stored || stored.receipts + stored.exceptions !== paymentCount) problems.push(`receipts + exceptions ${stored?.receipts} + ${stored?.exceptions} != ${paymentCount}`);
    if (!stored || Number(stored.receiptCents) + Number(stored.exceptionCents) !== totalCents) problems.push('receipts and exceptions do not add to the file');
    if (!stored || Number(stored.bankCents) !== totalCents) problems.push(`the bank was debited ${stored?.bankCents}, the file is ${totalCents}`);
    const checksStarted = nowMs();
    for (const check of [...cashieringChecks, ...receivableChecks]) {
      const found = await check.run(database.kysely);
      for (const violation of found.slice(0, 3)) problems.push(`${check.invariant}: ${JSON.stringify(violation)}`);
    }
    const ledgerViolations = await verifyLedger(database.kysely);
    if (ledgerViolations.length > 0) problems.push(`verifyLedger: ${JSON.stringify(ledgerViolations.slice(0, 3))}`);
    console.log(`[${engine}] invariant checks in ${((nowMs() - checksStarted) / 1_000).toFixed(1)} s`);
    if (problems.length > 0) {
      for (const problem of problems) console.error(`[${engine}] VERIFICATION FAILED: ${problem}`);
      process.exitCode = 1;
    } else {
      console.log(`[${engine}] verified: one receipt per posted payment, one exception per unmatched one, the bank debited the file's total; invariants hold`);
    }
  } finally {
    await bench.dispose();
  }
}

const engineFlag = flag('engine', 'postgres');
const engines: Engine[] = engineFlag === 'both' ? ['postgres', 'pglite'] : [engineFlag as Engine];
for (const engine of engines) {
  await runEngine(engine, Number(flag('payments', '100000')), Number(flag('customers', '100000')), Number(flag('unmatched-every', '200')));
}
