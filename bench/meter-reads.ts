/**
 * Meter read import: a file of 1,000,000 reads (the AMI layout, one read per meter) against
 * 1,000,000 meters with a year of monthly history (13 reads each), validated and stored in one
 * transaction. Target (issue 6): <= 15 s on PostgreSQL for import + validation.
 *
 *   npx tsx bench/meter-reads.ts [--engine postgres|pglite|both] [--meters 1000000] [--reads N] [--profile] [--keep] [--explain MS]
 *
 * The file is mostly ordinary reads with a few of each exception (1 in 50 high, 1 in 100 zero
 * use, 1 in 200 lower than last, 1 in 500 a rollover on meters near their maximum). Timed:
 * importReads from the file's text to the commit, by stage (parse, history, validate, write).
 * Then the same file again (refused by its SHA-256) and a check that the database holds one read
 * per row with the exceptions the import reported.
 */
import { sql } from 'kysely';
import { fixedClock, type IsoDate } from '../src/shared/dates.js';
import type { Engine } from '../src/shared/db.js';
import { AppError } from '../src/shared/errors.js';
import { importReads } from '../src/utility/index.js';
import { createMeters, seedReadFixtures, storeReadHistory } from '../test/support/read-fixtures.js';
import { flag, machineDetails, nowMs, openBenchDatabase, withStatementTimer } from './support.js';

const clock = fixedClock(new Date('2026-11-23T18:00:00Z'));
const lastDate = '2026-10-19' as IsoDate;
const readDate = '2026-11-18';
const MONTHLY = 10;

function serialOf(index: number): string {
  return `BM-${String(index).padStart(7, '0')}`;
}

/** The last reading of meter `index` (near the top of the register for the rollover ones). */
function lastReadingOf(index: number): number {
  return index % 500 === 499 ? 9_995 : 1_000 + (index % 7_000);
}

function readingOf(index: number): number {
  const last = lastReadingOf(index);
  if (index % 500 === 499) return (last + MONTHLY) % 10_000;
  if (index % 200 === 199) return last - 50;
  if (index % 100 === 99) return last;
  if (index % 50 === 49) return last + MONTHLY * 3;
  return last + MONTHLY - 1 + (index % 3);
}

async function runEngine(engine: Engine, meterCount: number, readCount: number): Promise<void> {
  // --explain MS (PostgreSQL): auto_explain logs the plan of every statement slower than MS ms.
  const explainMs = flag('explain', '');
  const bench = await openBenchDatabase(engine, 'reads', {
    poolSize: 4,
    ...(explainMs !== '' && engine === 'postgres'
      ? { settings: { session_preload_libraries: 'auto_explain', 'auto_explain.log_min_duration': explainMs, 'auto_explain.log_analyze': 'on',
        'auto_explain.log_nested_statements': 'on' } }
      : {}),
  });
  const { database } = bench;
  try {
    const seeded = nowMs();
    await seedReadFixtures(database);
    const specs = Array.from({ length: meterCount }, (_, index) => ({ serial: serialOf(index), dials: 4 }));
    const ids = await createMeters(database, specs);
    const metersSeconds = (nowMs() - seeded) / 1_000;
    await storeReadHistory(database, specs.map((spec, index) => ({ meterId: ids.get(spec.serial) as number, lastReading: lastReadingOf(index),
      lastDate, monthlyUnits: MONTHLY, dials: 4 })));
    if (engine === 'postgres') await sql`analyze`.execute(database.kysely);
    else await database.maintain('all');
    const history = (await sql<{ n: number }>`select count(*)::int as n from meter_read`.execute(database.kysely)).rows[0]?.n ?? 0;
    console.log(`\n[${engine}] seeded ${meterCount.toLocaleString()} meters in ${metersSeconds.toFixed(0)} s and ${history.toLocaleString()} history reads; ` +
      `${((nowMs() - seeded) / 1_000).toFixed(0)} s in all`);
    const lines = ['endpoint_id,device_serial,read_date,register_value,unit,quality'];
    for (let index = 0; index < readCount; index += 1) {
      lines.push(`EP-${index},${serialOf(index % meterCount)},${readDate},${String(readingOf(index % meterCount)).padStart(4, '0')},HCF,OK`);
    }
    const content = lines.join('\n');
    console.log(`[${engine}] file of ${readCount.toLocaleString()} reads, ${(content.length / 2 ** 20).toFixed(1)} MiB`);
    console.log(`[${engine}] ${JSON.stringify(await machineDetails(database))}`);

    const timed = process.argv.includes('--profile') ? withStatementTimer(database) : null;
    const started = nowMs();
    let lastShown = 0;
    const result = await importReads(timed?.database ?? database, {
      fileName: 'reads-bench.csv', content, layoutCode: 'ami-csv', actor: { userId: null, username: 'bench', via: 'system' }, clock,
      onProgress: (done, total) => {
        if (done - lastShown >= 200_000 || done === total) {
          lastShown = done;
          console.log(`[${engine}]   written ${done.toLocaleString()} / ${total.toLocaleString()} at ${((nowMs() - started) / 1_000).toFixed(1)} s`);
        }
      },
    });
    const seconds = (nowMs() - started) / 1_000;
    console.log(`[${engine}] imported ${result.rowCount.toLocaleString()} reads in ${seconds.toFixed(2)} s = ` +
      `${Math.round(result.rowCount / seconds).toLocaleString()} reads/s: ${result.acceptedCount.toLocaleString()} accepted, ` +
      `${result.exceptionCount.toLocaleString()} exceptions ${JSON.stringify(result.exceptionsByCode)}, ${result.rejectedCount} rejected`);
    console.log(`[${engine}] stages (s): ${JSON.stringify(result.timings)}`);
    if (timed) {
      for (const row of timed.report().slice(0, 10)) console.log(`[profile] ${(row.totalMs / 1_000).toFixed(2)} s in ${row.calls} calls: ${row.statement}`);
    }

    const againStarted = nowMs();
    const again = await importReads(database, { fileName: 'again.csv', content, layoutCode: 'ami-csv', actor: { userId: null, username: 'bench', via: 'system' }, clock })
      .then(() => null, (error: unknown) => error);
    const refused = again instanceof AppError && again.code === 'conflict';
    console.log(`[${engine}] the same file again: ${refused ? 'refused (conflict)' : `NOT refused: ${String(again)}`} in ${(nowMs() - againStarted).toFixed(0)} ms`);
    const stored = (await sql<{ reads: number; exceptions: number; negative: number }>`select count(*)::int as reads,
        count(*) filter (where status = 'exception')::int as exceptions, count(*) filter (where consumption < 0)::int as negative
      from meter_read where import_id = ${result.importId}`.execute(database.kysely)).rows[0];
    const problems: string[] = [];
    if (!refused) problems.push('the same file was not refused');
    if (stored?.reads !== readCount) problems.push(`stored ${stored?.reads} reads of ${readCount}`);
    if (stored?.exceptions !== result.exceptionCount) problems.push(`stored ${stored?.exceptions} exceptions, reported ${result.exceptionCount}`);
    if (stored?.negative !== 0) problems.push(`${stored?.negative} negative consumptions`);
    if (problems.length > 0) {
      for (const problem of problems) console.error(`[${engine}] VERIFICATION FAILED: ${problem}`);
      process.exitCode = 1;
    } else {
      console.log(`[${engine}] verified: one read per row, the exceptions reported are the ones stored, no negative consumption`);
    }
  } finally {
    if (process.argv.includes('--keep')) console.log(`[${engine}] kept the database: ${bench.url ?? 'PGlite'}`);
    else await bench.dispose();
  }
}

const engineFlag = flag('engine', 'postgres');
const engines: Engine[] = engineFlag === 'both' ? ['postgres', 'pglite'] : [engineFlag as Engine];
const meters = Number(flag('meters', '1000000'));
for (const engine of engines) await runEngine(engine, meters, Number(flag('reads', String(meters))));
