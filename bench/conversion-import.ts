/**
 * A legacy conversion of a city-sized customer base, through the real import (src/conversion):
 *
 *   npx tsx bench/conversion-import.ts [--engine postgres|pglite|both] [--customers 20000]
 *
 * N customers (with phone, email and mailing address), N parcels and service locations, N utility
 * accounts and 2 × N opening balances, as CSV text; a dry run, the import (one transaction), and
 * the same files again (everything skipped). Prints the time of each.
 */
import { fixedClock } from '../src/shared/dates.js';
import type { Engine } from '../src/shared/db.js';
import { importConversionFiles, setConversionOffsetAccount, type ConversionFileInput } from '../src/conversion/index.js';
import { setReceivableControl } from '../src/receivables/index.js';
import { verifyLedger } from '../src/ledger/index.js';
import { benchActor, flag, formatMs, machineDetails, nowMs, openBenchDatabase, seedBenchLedger } from './support.js';

const engineFlag = flag('engine', 'both');
const count = Number(flag('customers', '20000'));
const clock = fixedClock(new Date('2026-11-23T18:00:00Z'));

function files(n: number): ConversionFileInput[] {
  const lines = (header: string, row: (i: number) => string) =>
    [header, ...Array.from({ length: n }, (_, index) => row(index + 1))].join('\n');
  const apn = (i: number) => `${String(100 + Math.floor(i / 100000)).padStart(3, '0')}-${String(Math.floor(i / 100) % 1000).padStart(3, '0')}-${String(i % 100).padStart(3, '0')}`;
  return [
    { kind: 'customers', name: 'customers.csv', text: lines('legacy_id,type,legal_name,phone,email,mail_line1,mail_city,mail_state,mail_zip,language',
      (i) => `C${i},person,Customer ${i} Garcia,530${String(2000000 + i)},c${i}@example.com,${i} Oak St,Alder Creek,CA,95603,${i % 3 ? 'en' : 'es'}`) },
    { kind: 'parcels', name: 'parcels.csv', text: lines('apn,situs_line1,situs_city,situs_zip', (i) => `${apn(i)},${i} Oak St,Alder Creek,95603`) },
    { kind: 'locations', name: 'locations.csv', text: lines('legacy_id,apn,address_line1', (i) => `L${i},${apn(i)},${i} Oak St`) },
    { kind: 'accounts', name: 'accounts.csv', text: lines('legacy_account_id,customer_legacy_id,kind,fund,location_legacy_id,opened_on,legacy_account_number',
      (i) => `A${i},C${i},utility,510,L${i},2018-01-01,${String(i).padStart(8, '0')}`) },
    { kind: 'balances', name: 'balances.csv', text: [
      'legacy_account_id,legacy_item_id,as_of,amount,due_date,class',
      ...Array.from({ length: n }, (_, index) => `A${index + 1},I${index + 1}a,2026-07-01,${(40 + (index % 90)).toFixed(2)},2026-06-25,charge`),
      ...Array.from({ length: n }, (_, index) => `A${index + 1},I${index + 1}b,2026-07-01,4.50,2026-06-30,penalty`),
    ].join('\n') },
  ];
}

async function runEngine(engine: Engine): Promise<void> {
  const bench = await openBenchDatabase(engine, 'conversion');
  try {
    const database = bench.database;
    await seedBenchLedger(database);
    await setReceivableControl(database, { kind: 'utility', fundCode: '510', controlAccountCode: '510-0000-12100', actor: benchActor });
    await setConversionOffsetAccount(database, { fundCode: '510', accountCode: '510-0000-39000', actor: benchActor });
    console.log(`\n[${engine}] ${JSON.stringify(await machineDetails(database))}`);
    console.log(`loadavg at start: ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim()}`);
    const input = files(count);
    for (const [label, options] of [['dry run', { isDryRun: true }], ['import', {}], ['same files again', {}]] as const) {
      const started = nowMs();
      const report = await importConversionFiles(database, { files: input, actor: benchActor, clock, ...options });
      const created = Object.values(report.counts).reduce((sum, counts) => sum + (counts?.created ?? 0), 0);
      const skipped = Object.values(report.counts).reduce((sum, counts) => sum + (counts?.skipped ?? 0), 0);
      console.log(`  ${label.padEnd(17)} ${formatMs(nowMs() - started).padStart(10)}  status ${report.status}, ${created} rows created, ${skipped} skipped, ${report.problemCount} problems`);
    }
    console.log(`  verifyLedger: ${(await verifyLedger(database.kysely)).length} violations`);
  } finally {
    await bench.dispose();
  }
}

for (const engine of engineFlag === 'both' ? (['postgres', 'pglite'] as const) : [engineFlag as Engine]) await runEngine(engine);
