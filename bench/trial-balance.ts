/**
 * Trial balance over a large journal. Target (issue 2): <= 200 ms over 10 million journal lines.
 *
 *   npx tsx bench/trial-balance.ts [--engine postgres|pglite|both] [--lines N] [--runs 50]
 *     [--with-triggers] [--keep]
 *
 * Default size: 10,000,000 lines on PostgreSQL, 1,000,000 on PGlite (--lines sets both).
 *
 * The journal is generated in SQL, set-based: INSERT ... SELECT from generate_series, in batches of
 * 500,000 entries (1.5 million lines), three lines per entry, every entry balanced within its fund,
 * dates spread over FY2026 and FY2027 (730 days), across 5 funds and 140 accounts. By default the
 * load runs with session_replication_role = replica, which skips the ledger's triggers and the
 * foreign-key checks (a data generator, not the posting path); the balance tables are then filled
 * with one aggregate INSERT each, and verifyLedger checks every invariant over the generated data,
 * balances included, before anything is timed. --with-triggers keeps triggers and foreign keys on
 * (slower; see BENCHMARKS.md).
 */
import { sql } from 'kysely';
import type { Engine } from '../src/shared/db.js';
import { fixedClock } from '../src/shared/dates.js';
import { getTrialBalance, verifyLedger } from '../src/ledger/index.js';
import { flag, formatMs, machineDetails, nowMs, openBenchDatabase, seedBenchLedger, statsOf } from './support.js';

const engineFlag = flag('engine', 'both');
const runs = Number(flag('runs', '50'));
const isWithTriggers = process.argv.includes('--with-triggers');
const entriesPerBatch = 500_000;
const clock = fixedClock(new Date('2027-07-15T19:00:00Z'));

async function generateJournal(database: Awaited<ReturnType<typeof openBenchDatabase>>['database'], targetLines: number): Promise<void> {
  const entryCount = Math.ceil(targetLines / 3);
  // Per fund (0..4): the accounts a receipt debits and credits, and an expense debits and credits.
  await database.exec(`
    create table bench_pick as
    select row_number() over (order by f.code) - 1 as fund_index, f.code as fund_code,
      array(select id from account a where a.fund_code = f.code and a.object_code in ('10100', '12100') order by id) as receipt_debits,
      array(select id from account a where a.fund_code = f.code and a.account_type = 'revenue' order by id) as revenues,
      array(select id from account a where a.fund_code = f.code and a.account_type = 'expenditure' order by id) as expenditures,
      array(select id from account a where a.fund_code = f.code and a.object_code in ('10100', '20100') order by id) as expense_credits
    from fund f;`);
  const started = nowMs();
  for (let first = 1; first <= entryCount; first += entriesPerBatch) {
    const last = Math.min(entryCount, first + entriesPerBatch - 1);
    const replica = isWithTriggers ? '' : 'set local session_replication_role = replica;';
    // One transaction per batch: entries, then all their lines in one statement (as the posting
    // code does, so the statement-level balance trigger sees whole entries when it is on).
    await database.exec(`
      begin;
      ${replica}
      create temporary table bench_batch on commit drop as
      select g as id,
        -- The date's hash is taken from high bits, independent of the fund and account choices.
        date '2025-07-01' + (((g * 2654435761) / 65536) % 730)::int as entry_date,
        (g % 5)::int as fund_index,
        ((g / 5) % 5 < 3) as is_receipt,
        100 + (g * 2654435761) % 2000000 as total_cents
      from generate_series(${first}::bigint, ${last}::bigint) as g;
      insert into journal_entry (id, entry_date, period_key, description, source_module, source_ref,
        idempotency_key, content_hash, line_count, total_debit_cents, posted_by)
      select id, entry_date, to_char(entry_date, 'YYYY-MM'),
        case when is_receipt then 'Counter receipts batch ' else 'Vendor invoice ' end || id,
        'bench', 'GEN-' || id, 'gen-' || id, md5(id::text), 3, total_cents, 'bench'
      from bench_batch;
      insert into journal_line (entry_id, line_number, account_id, fund_code, amount_cents, memo, entry_date, period_key)
      select b.id, v.line_number, v.account_id, p.fund_code, v.amount_cents, null, b.entry_date, to_char(b.entry_date, 'YYYY-MM')
      from bench_batch b
      join bench_pick p on p.fund_index = b.fund_index
      cross join lateral (select 1 + (b.id * 31) % (b.total_cents - 1) as part) s
      cross join lateral (values
        (1, case when b.is_receipt then p.receipt_debits[1 + (b.id * 3) % 10 / 7]
                 else p.expenditures[1 + (b.id * 7) % 12] end,
            case when b.is_receipt then b.total_cents else s.part end),
        (2, case when b.is_receipt then p.revenues[1 + (b.id * 11) % 12]
                 else p.expenditures[1 + (b.id * 13) % 12] end,
            case when b.is_receipt then -s.part else b.total_cents - s.part end),
        (3, case when b.is_receipt then p.revenues[1 + (b.id * 17) % 12]
                 else p.expense_credits[1 + (b.id * 19) % 2] end,
            case when b.is_receipt then -(b.total_cents - s.part) else -b.total_cents end)
      ) as v(line_number, account_id, amount_cents);
      commit;`);
    const done = last * 3;
    const seconds = (nowMs() - started) / 1_000;
    console.log(`  ${done.toLocaleString()} lines (${Math.round(done / seconds).toLocaleString()} lines/s)`);
  }
  await database.exec(`
    select setval(pg_get_serial_sequence('journal_entry', 'id'), (select max(id) from journal_entry));
    drop table bench_pick;`);
  const balancesStarted = nowMs();
  // The balance tables, from the lines, one aggregate statement each. Postings add to one of 8
  // slots of a balance row (by database session, migration 004); a busy city's sessions fill all
  // eight, so the generated rows are spread over the slots too (by entry id): the worst case for
  // readers, which sum the slots.
  await database.exec(`
    insert into account_period_balance (account_id, period_key, slot, debit_cents, credit_cents)
    select account_id, period_key, (entry_id % 8)::smallint, sum(greatest(amount_cents, 0)), sum(greatest(-amount_cents, 0))
    from journal_line group by account_id, period_key, entry_id % 8;
    insert into account_day_balance (account_id, balance_date, slot, debit_cents, credit_cents)
    select account_id, entry_date, (entry_id % 8)::smallint, sum(greatest(amount_cents, 0)), sum(greatest(-amount_cents, 0))
    from journal_line group by account_id, entry_date, entry_id % 8;`);
  console.log(`  balance tables filled in ${((nowMs() - balancesStarted) / 1_000).toFixed(1)} s`);
  const analyzeStarted = nowMs();
  await database.exec('vacuum analyze');
  console.log(`  vacuum analyze in ${((nowMs() - analyzeStarted) / 1_000).toFixed(1)} s`);
  console.log(`  generated in ${((nowMs() - started) / 1_000).toFixed(1)} s in all`);
}

async function timeRuns(label: string, work: () => Promise<unknown>): Promise<void> {
  await work(); // warm-up
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = nowMs();
    await work();
    samples.push(nowMs() - started);
  }
  const stats = statsOf(samples);
  console.log(`  ${label.padEnd(44)} p50 ${formatMs(stats.p50Ms).padStart(9)}  p95 ${formatMs(stats.p95Ms).padStart(9)}  max ${formatMs(stats.maxMs).padStart(9)}  (${runs} runs)`);
}

async function runEngine(engine: Engine, targetLines: number): Promise<void> {
  const bench = await openBenchDatabase(engine, 'tb');
  try {
    const { database } = bench;
    await seedBenchLedger(database);
    console.log(`[${engine}] ${JSON.stringify(await machineDetails(database))}`);
    console.log(`[${engine}] generating ${targetLines.toLocaleString()} journal lines${isWithTriggers ? ' (triggers and foreign keys on)' : ''}`);
    await generateJournal(database, targetLines);
    const counts = await sql<{ lines: number; entries: number; periodRows: number; dayRows: number }>`select
      (select count(*) from journal_line)::bigint as lines, (select count(*) from journal_entry)::bigint as entries,
      (select count(*) from account_period_balance)::bigint as "periodRows",
      (select count(*) from account_day_balance)::bigint as "dayRows"`.execute(database.kysely);
    console.log(`[${engine}] ${JSON.stringify(counts.rows[0])}`);

    const verifyStarted = nowMs();
    const violations = await verifyLedger(database.kysely);
    console.log(`[${engine}] verifyLedger over the generated journal: ${violations.length} violations in ${((nowMs() - verifyStarted) / 1_000).toFixed(1)} s`);
    if (violations.length > 0) {
      console.log(JSON.stringify(violations.slice(0, 5), null, 2));
      throw new Error('the generated journal breaks an invariant');
    }

    console.log(`[${engine}] getTrialBalance timings`);
    for (const asOf of ['2025-09-10', '2026-06-30', '2026-12-15', '2027-06-30']) {
      await timeRuns(`all funds, as of ${asOf}`, async () => {
        const trial = await getTrialBalance(database.kysely, { asOf, clock });
        if (!trial.isBalanced) throw new Error(`trial balance as of ${asOf} does not balance`);
      });
    }
    for (const asOf of ['2026-12-15', '2027-06-30']) {
      await timeRuns(`fund 510 only, as of ${asOf}`, () => getTrialBalance(database.kysely, { asOf, fundCode: '510', clock }));
    }
    // For comparison: the same trial balance summed from journal_line on every read.
    const naiveRuns = Math.min(runs, 5);
    const naiveSamples: number[] = [];
    for (let run = 0; run < naiveRuns; run += 1) {
      const started = nowMs();
      await sql`select a.code, sum(l.amount_cents) from journal_line l join account a on a.id = l.account_id
        where l.entry_date <= '2027-06-30' and (a.account_type in ('asset', 'liability', 'fund_balance')
          or l.entry_date >= '2026-07-01') group by a.code`.execute(database.kysely);
      naiveSamples.push(nowMs() - started);
    }
    const naive = statsOf(naiveSamples);
    console.log(`  ${'(comparison) summing journal_line instead'.padEnd(44)} p50 ${formatMs(naive.p50Ms).padStart(9)}  (${naiveRuns} runs)`);
  } finally {
    if (process.argv.includes('--keep')) console.log(`kept ${bench.url ?? 'the PGlite data directory'}`);
    else await bench.dispose();
  }
}

const engines: Engine[] = engineFlag === 'both' ? ['postgres', 'pglite'] : [engineFlag as Engine];
for (const engine of engines) {
  await runEngine(engine, Number(flag('lines', engine === 'postgres' ? '10000000' : '1000000')));
}
