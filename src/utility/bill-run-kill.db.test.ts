/**
 * Reliability: kill -9 in the middle of a bill run, start it again: every account billed exactly
 * once and the GL balanced. The run is a child process on PostgreSQL (an embedded PGlite dies with
 * its process and is not shared), killed once while calculating and once while finalizing, each
 * time after a chunk committed; running it again continues where it stopped.
 */
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../shared/dates.js';
import { inTransaction, type Database } from '../shared/db.js';
import { createTestDatabase, testEngine } from '../../test/support/database.js';
import { testActor, testClock } from '../../test/support/ledger-fixtures.js';
import { seedUtility } from '../../test/support/utility-fixtures.js';
import { generateUtilityAccounts } from '../demo/utility-generator.js';
import { verifyLedger } from '../ledger/index.js';
import { receivableChecks } from '../receivables/index.js';
import { ACCOUNTS_PER_CHUNK, BILLS_PER_ENTRY, finalizeBillRun, runBills, saveBillingCycle } from './index.js';

const ACCOUNTS = ACCOUNTS_PER_CHUNK * 2 + 1_500;
let database: Database;
let url: string;

beforeAll(async () => {
  database = await createTestDatabase();
  url = process.env.CIVIC_TEST_DATABASE_URL_LAST ?? '';
  if (testEngine !== 'postgres') return;
  await seedUtility(database);
  await saveBillingCycle(database, { input: { code: 'C1', name: 'Cycle 1', routes: [1, 2, 3, 4].map((n) => ({ code: `C1-R${n}`, name: `Route ${n}` })) }, actor: testActor });
  const control = await sql<{ id: number }>`select control_account_id as id from receivable_control where kind = 'utility'`.execute(database.kysely);
  await inTransaction(database, (tx) => generateUtilityAccounts(tx, {
    firstIndex: 1, count: ACCOUNTS, cycles: ['C1'], readDay: { C1: 0 }, controlAccountId: control.rows[0]?.id as number, fundCode: '510',
    mix: [{ classCode: 'single_family', share: 1, waterRate: 'WATER-T', waterService: 'water', sewerRate: 'SEWER-F', units: [1, 1], meterSize: '5/8', baseUse: 9, summerFactor: 1.5, isBusiness: false }],
    openedOn: '2026-07-01' as IsoDate, billedThroughMonth: '2026-10', readMonths: ['2026-09', '2026-10', '2026-11'], createdBy: 'tester', city: 'Alder Creek', zip: '95603',
  }));
}, 300_000);

afterAll(async () => database?.close());

function runChild(phase: 'calculate' | 'finalize'): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/bill-run-child.ts', url, phase], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise<string>((resolve) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // Killed after the first chunk that committed (progress beyond 0).
      if (/progress [1-9]/.test(output) && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => resolve(`${output}\nexit ${code} ${signal}`));
  });
}

async function counts(): Promise<{ bills: number; accounts: number; final: number; items: number; entries: number }> {
  const result = await sql<{ bills: number; accounts: number; final: number; items: number; entries: number }>`select
      (select count(*)::int from bill) as bills, (select count(distinct utility_account_id)::int from bill) as accounts,
      (select count(*)::int from bill where status = 'final') as final,
      (select count(*)::int from receivable_item where item_type = 'charge' and document_ref like 'B-%') as items,
      (select count(distinct journal_entry_id)::int from bill where journal_entry_id is not null) as entries`.execute(database.kysely);
  return result.rows[0] as { bills: number; accounts: number; final: number; items: number; entries: number };
}

describe.skipIf(testEngine !== 'postgres')('a bill run killed part way', () => {
  it('continues where it stopped, calculating and finalizing: every account billed exactly once, the GL balanced', async () => {
    const calculating = await runChild('calculate');
    expect(calculating).toContain('SIGKILL');
    expect(calculating).not.toContain('done');
    await sql`select pg_sleep(0.5)`.execute(database.kysely);
    const partial = await counts();
    expect(partial.bills).toBeGreaterThan(0);
    expect(partial.bills).toBeLessThan(ACCOUNTS);
    expect(partial.bills % ACCOUNTS_PER_CHUNK).toBe(0);

    const input = { cycleCode: 'C1', throughDate: '2026-11-30', billDate: '2026-12-01' };
    const resumed = await runBills(database, { input, actor: testActor, clock: testClock });
    expect(resumed.billsCreated).toBe(ACCOUNTS - partial.bills);
    expect(resumed.run.billCount).toBe(ACCOUNTS);
    expect(await counts()).toMatchObject({ bills: ACCOUNTS, accounts: ACCOUNTS, final: 0 });

    const finalizing = await runChild('finalize');
    expect(finalizing).toContain('SIGKILL');
    await sql`select pg_sleep(0.5)`.execute(database.kysely);
    const half = await counts();
    expect(half.final).toBeGreaterThan(0);
    expect(half.final).toBeLessThan(ACCOUNTS);
    expect(half.items).toBe(half.final);

    const finished = await finalizeBillRun(database, { runKey: resumed.run.id, actor: testActor });
    expect(finished.billsFinalized).toBe(ACCOUNTS - half.final);
    expect(finished.run.status).toBe('finalized');
    expect(await counts()).toEqual({ bills: ACCOUNTS, accounts: ACCOUNTS, final: ACCOUNTS, items: ACCOUNTS, entries: Math.ceil(ACCOUNTS / BILLS_PER_ENTRY) });
    expect((await runBills(database, { input, actor: testActor, clock: testClock })).billsCreated).toBe(0);
    const problems = [...(await verifyLedger(database.kysely))];
    for (const check of receivableChecks) problems.push(...(await check.run(database.kysely)));
    expect(problems.map((problem) => problem.message)).toEqual([]);
  }, 300_000);
});
