/**
 * A child process for the kill -9 test of meter read imports: imports a read file into the
 * PostgreSQL database at argv[2], printing "progress N" after each chunk, so the parent can kill it
 * part way.
 */
import { readFileSync } from 'node:fs';
import { openDatabase } from '../../src/shared/db.js';
import { importReads } from '../../src/utility/index.js';
import { testClock } from './ledger-fixtures.js';

const [url, file] = process.argv.slice(2) as [string, string];
const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
await importReads(database, {
  layoutCode: 'ami-csv', fileName: 'killed.csv', content: readFileSync(file, 'utf8'),
  actor: { userId: null, username: 'reads-child', via: 'system' }, clock: testClock,
  onProgress: (done) => process.stdout.write(`progress ${done}\n`),
});
process.stdout.write('done\n');
await database.close();
