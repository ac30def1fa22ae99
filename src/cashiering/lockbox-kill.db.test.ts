/**
 * Reliability: kill -9 during a lockbox import, then run it again: no payment lost or doubled.
 * The import runs in a child process on PostgreSQL (production's engine; an embedded PGlite dies
 * with its process and is not shared with a child) and is killed after its first chunk posted but
 * before the commit; the database then holds nothing of it, and the same file imports whole.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { cents } from '../shared/money.js';
import { customerOwing, seedCashiering } from '../../test/support/cashiering-fixtures.js';
import { createTestDatabase, testEngine } from '../../test/support/database.js';
import { testClock } from '../../test/support/ledger-fixtures.js';
import { principal } from '../../test/support/receivables-fixtures.js';
import { cashieringChecks, formatLockboxFile, importLockboxFile, listLockboxLayouts, PAYMENTS_PER_ENTRY, type LockboxLayoutSpec } from './index.js';

let database: Database;
let url: string;

beforeAll(async () => {
  database = await createTestDatabase();
  url = process.env.CIVIC_TEST_DATABASE_URL_LAST ?? '';
  await seedCashiering(database);
});

afterAll(async () => {
  await database.close();
});

async function stored(): Promise<{ receipts: number; files: number; items: number }> {
  const result = await sql<{ receipts: number; files: number; items: number }>`select
      (select count(*)::int from cash_transaction) as receipts, (select count(*)::int from lockbox_file) as files,
      (select count(*)::int from receivable_item where item_type = 'payment') as items`.execute(database.kysely);
  return result.rows[0] as { receipts: number; files: number; items: number };
}

describe.skipIf(testEngine !== 'postgres')('lockbox import killed part way', () => {
  it('leaves nothing after kill -9, and the same file then imports whole, once', async () => {
    const owners = await Promise.all(Array.from({ length: 10 }, (_, index) => customerOwing(database, { water: 100_000 }, `Killed Import ${index}`)));
    const count = PAYMENTS_PER_ENTRY * 2 + 500;
    const spec = (await listLockboxLayouts(database.kysely)).find((layout) => layout.code === 'credit_union_csv')?.spec as LockboxLayoutSpec;
    const content = formatLockboxFile(spec, { depositDate: testClock.today(), payments: Array.from({ length: count }, (_, index) => ({
      accountReference: (owners[index % owners.length] as (typeof owners)[number]).water.accountNumber, amountCents: cents(100), checkNumber: String(index + 1),
    })) });
    const file = join(mkdtempSync(join(tmpdir(), 'civic-lockbox-kill-')), 'killed.csv');
    writeFileSync(file, content);
    const before = await stored();

    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/lockbox-import-child.ts', url, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    const outcome = await new Promise<string>((resolve) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('progress') && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', (code, signal) => resolve(`${output}\nexit ${code} ${signal}`));
    });
    expect(outcome).toContain(`progress ${PAYMENTS_PER_ENTRY}`);
    expect(outcome).toContain('SIGKILL');
    expect(outcome).not.toContain('done');
    // PostgreSQL rolls back the dead session's transaction; wait until its backend is gone.
    await sql`select pg_sleep(0.5)`.execute(database.kysely);
    expect(await stored()).toEqual(before);

    const result = await importLockboxFile(database, { layoutCode: 'credit_union_csv', fileName: 'killed.csv', content, actor: principal('maria', ['cashiering.batch']), clock: testClock });
    expect(result.file.postedCount).toBe(count);
    const after = await stored();
    expect(after).toEqual({ receipts: before.receipts + count, files: before.files + 1, items: before.items + count });
    const again = await importLockboxFile(database, { layoutCode: 'credit_union_csv', fileName: 'killed.csv', content, actor: principal('maria', ['cashiering.batch']), clock: testClock })
      .then(() => 'imported', () => 'refused');
    expect(again).toBe('refused');
    expect(await stored()).toEqual(after);
    for (const check of cashieringChecks) expect(await check.run(database.kysely), check.invariant).toEqual([]);
  });
});
