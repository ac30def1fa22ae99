/**
 * The city the utility benchmarks run on: the demo's chart, fiscal year 2027, the utility
 * receivable control, classes, cycles and rates (`setUpDemoUtility`), and N accounts from the bulk
 * generator in cycle C1, each with a meter and the given months of reads, billed through October.
 * Shared by bench/bill-run.ts, bench/penalties.ts and bench/collections.ts.
 */
import { sql } from 'kysely';
import { buildDemoChartCsv } from '../src/demo/index.js';
import { demoReadDay, demoUtilityMix, setUpDemoUtility } from '../src/demo/utility.js';
import { GENERATOR_CHUNK, generateUtilityAccounts } from '../src/demo/utility-generator.js';
import { importChartCsv, setUpFiscalYear } from '../src/ledger/index.js';
import { setReceivableControl } from '../src/receivables/index.js';
import type { IsoDate } from '../src/shared/dates.js';
import { inTransaction, type Database } from '../src/shared/db.js';
import { benchActor } from './support.js';

export const benchReadMonths = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];

export async function setUpBenchUtilityCity(
  database: Database,
  options: { accounts: number; onChunk?: (generated: number, chunkIndex: number) => void },
): Promise<void> {
  await importChartCsv(database, { csvText: buildDemoChartCsv(), actor: benchActor });
  await setUpFiscalYear(database, { fiscalYear: 2027, actor: benchActor });
  await setReceivableControl(database, { kind: 'utility', fundCode: '510', controlAccountCode: '510-0000-11210', actor: benchActor });
  await setUpDemoUtility(database, benchActor);
  const control = await sql<{ id: number }>`select control_account_id as id from receivable_control where kind = 'utility'`.execute(database.kysely);
  const count = options.accounts;
  for (let start = 0; start < count; start += GENERATOR_CHUNK) {
    await inTransaction(database, (tx) => generateUtilityAccounts(tx, {
      firstIndex: start + 1, count: Math.min(GENERATOR_CHUNK, count - start), cycles: ['C1'], readDay: demoReadDay, mix: demoUtilityMix,
      controlAccountId: control.rows[0]?.id as number, fundCode: '510', openedOn: '2025-10-01' as IsoDate, billedThroughMonth: '2026-10',
      readMonths: benchReadMonths, createdBy: 'bench', city: 'Alder Creek', zip: '95603',
    }));
    options.onChunk?.(Math.min(start + GENERATOR_CHUNK, count), start / GENERATOR_CHUNK);
  }
  await sql`analyze`.execute(database.kysely);
}
