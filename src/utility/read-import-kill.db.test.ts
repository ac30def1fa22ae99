/**
 * Reliability: kill -9 during a meter read import, then run it again: no read lost or doubled,
 * the meters' read state untouched. The import runs in a child process on PostgreSQL and is
 * killed after its first chunk was written but before the commit.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import type { IsoDate } from '../shared/dates.js';
import { createTestDatabase, testEngine } from '../../test/support/database.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { createMeters, seedReadFixtures, storeReadHistory } from '../../test/support/read-fixtures.js';
import { importReads, READS_PER_STATEMENT } from './index.js';

let database: Database;
let url: string;
const count = READS_PER_STATEMENT + 2_000;

beforeAll(async () => {
  database = await createTestDatabase();
  url = process.env.CIVIC_TEST_DATABASE_URL_LAST ?? '';
  if (testEngine !== 'postgres') return;
  await seedReadFixtures(database);
  const serials = Array.from({ length: count }, (_, index) => `KL-${String(index).padStart(6, '0')}`);
  const ids = await createMeters(database, serials.map((serial) => ({ serial })));
  await storeReadHistory(database, serials.map((serial) => ({ meterId: ids.get(serial) as number, lastReading: 100, lastDate: '2026-10-19' as IsoDate, monthlyUnits: 10, months: 3 })));
});

afterAll(async () => {
  await database.close();
});

async function stored(): Promise<{ reads: number; imports: number; state: string }> {
  const result = await sql<{ reads: number; imports: number; state: string }>`select (select count(*)::int from meter_read) as reads,
      (select count(*)::int from read_import) as imports,
      (select md5(string_agg(meter_id || ':' || live_read_id || ':' || window_consumption_total, ',' order by meter_id)) from meter_read_state) as state`
    .execute(database.kysely);
  return result.rows[0] as { reads: number; imports: number; state: string };
}

describe.skipIf(testEngine !== 'postgres')('read import killed part way', () => {
  it('leaves nothing after kill -9, and the same file then imports whole, once', async () => {
    const content = ['device_serial,read_date,register_value',
      ...Array.from({ length: count }, (_, index) => `KL-${String(index).padStart(6, '0')},2026-11-18,110`)].join('\n');
    const file = join(mkdtempSync(join(tmpdir(), 'civic-reads-kill-')), 'killed.csv');
    writeFileSync(file, content);
    const before = await stored();

    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/read-import-child.ts', url, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    const outcome = await new Promise<string>((resolve) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('progress') && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => resolve(`${output}\nexit ${code} ${signal}`));
    });
    expect(outcome).toContain(`progress ${READS_PER_STATEMENT}`);
    expect(outcome).toContain('SIGKILL');
    expect(outcome).not.toContain('done');
    await sql`select pg_sleep(0.5)`.execute(database.kysely);
    expect(await stored()).toEqual(before);

    const actor = { userId: null, username: 'tester', via: 'test' as const };
    const result = await importReads(database, { layoutCode: 'ami-csv', fileName: 'killed.csv', content, actor, clock: testClock });
    expect(result).toMatchObject({ rowCount: count, acceptedCount: count, exceptionCount: 0 });
    const after = await stored();
    expect(after.reads).toBe(before.reads + count);
    expect(after.imports).toBe(before.imports + 1);
    const again = await importReads(database, { layoutCode: 'ami-csv', fileName: 'killed.csv', content, actor, clock: testClock }).then(() => 'imported', () => 'refused');
    expect(again).toBe('refused');
    expect(await stored()).toEqual(after);
  });
});
