/**
 * The demo city on a real database (both engines): it loads, its books balance overall and in
 * every fund, every ledger invariant holds, and loading it again posts nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getTrialBalance,
  listFunds,
  listJournalEntries,
  listPeriods,
  verifyLedger,
} from '../ledger/index.js';
import { sql } from 'kysely';
import { customerChecks, listFollowUps } from '../customers/index.js';
import { agingBuckets, getAgingReport, receivableChecks } from '../receivables/index.js';
import type { IsoDate } from '../shared/dates.js';
import type { Database } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import { createTestDatabase } from '../../test/support/database.js';
import { seedLedger, testActor, testClock } from '../../test/support/ledger-fixtures.js';
import { cashieringChecks } from '../cashiering/index.js';
import { demoFunds, loadDemoCity, type DemoCityReport } from './index.js';

let database: Database;
let firstLoad: DemoCityReport;

beforeAll(async () => {
  database = await createTestDatabase();
  firstLoad = await loadDemoCity(database, { clock: testClock, actor: testActor });
}, 120_000);
afterAll(async () => database?.close());

const END_OF_DEMO = '2026-11-30';

describe('the demo city', () => {
  it('creates the five funds and posts every entry of the plan', async () => {
    expect(firstLoad.wasAlreadyLoaded).toBe(false);
    expect(firstLoad.entriesPosted).toBe(firstLoad.entryCount);
    expect(firstLoad.entryCount).toBeGreaterThan(500);
    const funds = await listFunds(database.kysely);
    expect(funds.map((fund) => [fund.code, fund.fundType])).toEqual(
      demoFunds.map((fund) => [fund.code, fund.fundType]),
    );
  });

  it('balances in total and within every fund', async () => {
    const trial = await getTrialBalance(database.kysely, { asOf: END_OF_DEMO, clock: testClock });
    expect(trial.isBalanced).toBe(true);
    expect(trial.totalDebitCents).toBeGreaterThan(0);
    for (const fund of demoFunds) {
      const fundTrial = await getTrialBalance(database.kysely, {
        asOf: END_OF_DEMO,
        fundCode: fund.code,
        clock: testClock,
      });
      expect(fundTrial.isBalanced, `fund ${fund.code}`).toBe(true);
      expect(fundTrial.rows.length, `fund ${fund.code}`).toBeGreaterThan(5);
    }
  });

  it('keeps every ledger, receivables and customer invariant', async () => {
    expect(await verifyLedger(database.kysely)).toEqual([]);
    for (const check of [...receivableChecks, ...customerChecks, ...cashieringChecks]) {
      expect(await check.run(database.kysely), check.invariant).toEqual([]);
    }
  });

  it('has a living counter: drawers, yesterday\'s deposit, a returned check, and a drawer open today', async () => {
    expect(firstLoad.receiptsTaken).toBeGreaterThanOrEqual(30);
    const sessions = await sql<{ cashier: string; status: string; signOff: string }>`select cashier, status, sign_off_status as "signOff"
      from drawer_session order by id`.execute(database.kysely);
    expect(sessions.rows).toEqual([
      { cashier: 'rosa.martinez', status: 'closed', signOff: 'none' },
      { cashier: 'david.kim', status: 'closed', signOff: 'signed_off' },
      { cashier: 'david.kim', status: 'open', signOff: 'none' },
    ]);
    const deposits = await sql<{ status: string }>`select status from deposit`.execute(database.kysely);
    expect(deposits.rows).toEqual([{ status: 'verified' }]);
    const returned = await sql<{ fee: number }>`select fee_cents as fee from returned_item`.execute(database.kysely);
    expect(returned.rows).toEqual([{ fee: 2_500 }]);
  });

  it('has customers and receivables of every kind, with every aging bucket and work waiting', async () => {
    expect(firstLoad.customersCreated).toBeGreaterThanOrEqual(300);
    const kinds = await sql<{ kind: string; n: number }>`select kind, count(*)::int as n from receivable_account
      group by kind order by kind`.execute(database.kysely);
    expect(kinds.rows.map((row) => row.kind)).toEqual(['business_license', 'citation', 'misc_billing', 'permit', 'utility']);
    const languages = await sql<{ language: string }>`select distinct preferred_language as language from customer`.execute(database.kysely);
    expect(languages.rows.map((row) => row.language)).toEqual(expect.arrayContaining(['en', 'es', 'vi', 'zh']));
    const aging = await getAgingReport(database.kysely, { asOf: '2026-11-23' as IsoDate });
    for (const bucket of agingBuckets) expect(aging.totals[bucket], bucket).toBeGreaterThan(0);
    const pending = await sql<{ kind: string }>`select kind from approval_request where status = 'pending' order by kind`.execute(database.kysely);
    expect(pending.rows.map((row) => row.kind)).toEqual(expect.arrayContaining(['receivables.adjustment', 'receivables.write_off']));
    expect((await listFollowUps(database.kysely, { username: 'linh.nguyen', through: '2026-12-31' })).length).toBeGreaterThanOrEqual(5);
  });

  it('leaves every fund with cash, and what funds owe each other equal to what they are owed', async () => {
    const trial = await getTrialBalance(database.kysely, { asOf: END_OF_DEMO, clock: testClock });
    for (const fund of demoFunds) {
      const cash = trial.rows.find((row) => row.accountCode === `${fund.code}-0000-10100`);
      expect(cash?.netCents, `pooled cash of fund ${fund.code}`).toBeGreaterThan(0);
    }
    const interfund = trial.rows.filter((row) => /-0000-(13|21)\d{3}$/.test(row.accountCode ?? ''));
    expect(interfund.length).toBeGreaterThan(0);
    expect(interfund.reduce((sum, row) => sum + row.netCents, 0)).toBe(0);
  });

  it('closes FY 2025-26 and July-September 2026, leaving October and November open', async () => {
    const status = new Map(
      (await listPeriods(database.kysely)).map((period) => [period.key, period.status]),
    );
    for (const key of ['2026-06', 'FY2026-13', '2026-07', '2026-08', '2026-09'])
      expect(status.get(key), key).toBe('closed');
    for (const key of ['2026-10', '2026-11', '2026-12']) expect(status.get(key), key).toBe('open');
  });

  it('corrects its three mistakes and a returned check with linked reversals, and starts with the opening balances', async () => {
    const entries = await listJournalEntries(database.kysely, { limit: 5_000 });
    const reversals = entries.filter((entry) => entry.reversesEntryId !== null);
    expect(reversals.map((entry) => entry.description.startsWith('Reversal:'))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(entries.at(-1)?.idempotencyKey).toBe('demo:opening-balances:fy2027');
  });

  // Vitest's projects do not inherit the root config's timeouts, so slow steps name their own.
  it('posts nothing when loaded again', async () => {
    const before = await listJournalEntries(database.kysely, { limit: 1 });
    const again = await loadDemoCity(database, { clock: testClock, actor: testActor });
    expect(again.wasAlreadyLoaded).toBe(true);
    expect(again.entriesPosted).toBe(0);
    expect(again.periodsClosed).toEqual([]);
    const after = await listJournalEntries(database.kysely, { limit: 1 });
    expect(after[0]?.id).toBe(before[0]?.id);
  }, 60_000);
});

describe('loading the demo into books that are not the demo', () => {
  it('refuses with a conflict and writes nothing', async () => {
    const other = await createTestDatabase();
    try {
      await seedLedger(other);
      const error = await loadDemoCity(other, { clock: testClock }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('conflict');
      expect(await listJournalEntries(other.kysely, { limit: 1 })).toEqual([]);
    } finally {
      await other.close();
    }
  }, 60_000);
});
