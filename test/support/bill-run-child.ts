/**
 * A child process for the kill -9 test of the bill run: calculates (or finalizes) cycle C1's run
 * through 2026-11-30 in the PostgreSQL database at argv[2], printing "progress N" after each
 * chunk, so the parent can kill it part way.
 */
import { finalizeBillRun, runBills } from '../../src/utility/index.js';
import { openDatabase } from '../../src/shared/db.js';
import { testClock } from './ledger-fixtures.js';

const [url, phase] = process.argv.slice(2) as [string, 'calculate' | 'finalize'];
const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
const actor = { userId: null, username: 'bill-run-child', via: 'system' as const };
const onProgress = (done: number) => process.stdout.write(`progress ${done}\n`);
const input = { cycleCode: 'C1', throughDate: '2026-11-30', billDate: '2026-12-01' };
if (phase === 'calculate') await runBills(database, { input, actor, clock: testClock, onProgress });
else await finalizeBillRun(database, { runKey: (await runBills(database, { input, actor, clock: testClock })).run.id, actor, onProgress });
process.stdout.write('done\n');
await database.close();
