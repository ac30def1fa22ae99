/**
 * Balances stay exact under concurrency. On PostgreSQL the calls really run in parallel (a pool of
 * 20 connections, so 20 transactions contend for the same balance rows at once); on PGlite, which
 * has a single session, the same calls queue up and run one after another - the test still runs
 * there, to check that the queueing itself loses nothing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAuditChainViolations } from '../shared/audit.js';
import type { Database } from '../shared/db.js';
import { createTestDatabase, testEngine } from '../../test/support/database.js';
import { expectAppError } from '../../test/support/ledger-assertions.js';
import { accounts, entryInput, seedLedger, testActor, testClock } from '../../test/support/ledger-fixtures.js';
import {
  closePeriod,
  getAccountActivity,
  getTrialBalance,
  postJournalEntry,
  verifyLedger,
  type PostResult,
} from './index.js';

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 20 });
  await seedLedger(database);
});
afterAll(async () => database?.close());

/** Settles every promise and splits the outcomes. */
async function settle<T>(promises: Array<Promise<T>>): Promise<{ values: T[]; errors: unknown[] }> {
  const results = await Promise.allSettled(promises);
  return {
    values: results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])),
    errors: results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : [])),
  };
}

async function netOfAccountInPeriod(accountCode: string, periodKey: string): Promise<{ lines: number; balance: number }> {
  const result = await sql<{ lines: number; fromLines: number; fromBalances: number }>`
    select
      (select count(*) from journal_line l join account a on a.id = l.account_id
        where a.code = ${accountCode} and l.period_key = ${periodKey})::bigint as lines,
      (select coalesce(sum(b.debit_cents - b.credit_cents), 0) from account_period_balance b
        join account a on a.id = b.account_id where a.code = ${accountCode} and b.period_key = ${periodKey})::bigint
        as "fromBalances"`.execute(database.kysely);
  const row = result.rows[0] ?? { lines: 0, fromBalances: 0 };
  return { lines: row.lines, balance: row.fromBalances };
}

describe('concurrent postings', () => {
  it('1,000 concurrent entries on one account leave its balance exact to the cent', async () => {
    // The issue asks for 1,000 on PostgreSQL, where they truly run in parallel. PGlite runs them
    // one at a time (about 10 ms each on this 2-core machine), so 300 prove the same there.
    const count = testEngine === 'postgres' ? 1_000 : 300;
    // Amounts with every cent digit, debits and credits, two days (two day-balance rows) in one
    // period: every posting updates the same period-balance row of the same cash account.
    const amounts = Array.from({ length: count }, (_, index) => ((index * 7_919) % 100_000) + 1);
    const inputs = amounts.map((amountCents, index) =>
      index % 5 === 4
        ? entryInput({
            entryDate: index % 2 === 0 ? '2026-10-14' : '2026-10-15',
            description: `Refund ${index}`,
            lines: [
              { account: accounts.licenseTax, debitCents: amountCents },
              { account: accounts.generalCash, creditCents: amountCents },
            ],
          })
        : entryInput({
            entryDate: index % 2 === 0 ? '2026-10-14' : '2026-10-15',
            description: `Payment ${index}`,
            lines: [
              { account: accounts.generalCash, debitCents: amountCents },
              { account: accounts.licenseTax, creditCents: amountCents },
            ],
          }),
    );
    const expectedNet = amounts.reduce((sum, amountCents, index) => sum + (index % 5 === 4 ? -amountCents : amountCents), 0);

    const { values, errors } = await settle(inputs.map((input) => postJournalEntry(database, { input, actor: testActor })));
    expect(errors).toEqual([]);
    expect(values).toHaveLength(count);
    expect(new Set(values.map((result) => result.entry.id)).size).toBe(count);

    const cash = await netOfAccountInPeriod(accounts.generalCash, '2026-10');
    expect(cash).toEqual({ lines: count, balance: expectedNet });
    const trial = await getTrialBalance(database.kysely, { asOf: '2026-10-31', clock: testClock });
    expect(trial.isBalanced).toBe(true);
    expect(trial.rows.find((row) => row.accountCode === accounts.generalCash)?.netCents).toBe(expectedNet);
    expect(trial.rows.find((row) => row.accountCode === accounts.licenseTax)?.netCents).toBe(-expectedNet);
    const activity = await getAccountActivity(database.kysely, {
      accountCode: accounts.generalCash,
      from: '2026-10-01',
      to: '2026-10-31',
      clock: testClock,
    });
    expect(activity.closingBalanceCents).toBe(expectedNet);
    expect(activity.lineCount).toBe(count);
    expect(await verifyLedger(database.kysely)).toEqual([]);
    // Each posting appended its audit row to a chain shared with the other sessions: every chain
    // still links up and ends where its head says.
    const audited = await sql<{ count: number }>`select count(*)::bigint as count from audit_log
      where action = 'ledger.post_entry' and entity_id = any(${values.map((result) => String(result.entry.id))}::text[])`.execute(database.kysely);
    expect(audited.rows[0]?.count).toBe(count);
    expect(await findAuditChainViolations(database.kysely)).toEqual([]);
  }, 180_000);

  it('50 concurrent duplicates (same idempotency key, same content) post exactly once', async () => {
    const input = entryInput({ entryDate: '2026-11-02', description: 'Lockbox batch 17' });
    const { values, errors } = await settle(
      Array.from({ length: 50 }, () => postJournalEntry(database, { input, actor: testActor })),
    );
    expect(errors).toEqual([]);
    const ids = new Set(values.map((result) => result.entry.id));
    expect(ids.size).toBe(1);
    expect(values.filter((result) => !result.isReplay)).toHaveLength(1);
    const stored = await sql<{ count: number }>`select count(*)::bigint as count from journal_entry
      where idempotency_key = ${input.idempotencyKey ?? ''}`.execute(database.kysely);
    expect(stored.rows[0]?.count).toBe(1);
    expect(await verifyLedger(database.kysely)).toEqual([]);
  });

  it('concurrent uses of one key with different content: one posts, the others are refused', async () => {
    const key = `contested-${process.pid}-${Math.random()}`;
    const variants = Array.from({ length: 30 }, (_, index) =>
      entryInput({ idempotencyKey: key, entryDate: '2026-11-03', description: `Variant ${index % 3}` }),
    );
    const outcomes = await Promise.allSettled(variants.map((input) => postJournalEntry(database, { input, actor: testActor })));
    const posted = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const winner = posted.find((result) => !result.isReplay) as PostResult;
    expect(winner).toBeDefined();
    expect(posted.filter((result) => !result.isReplay)).toHaveLength(1);
    outcomes.forEach((outcome, index) => {
      const sameContent = variants[index]?.description === winner.entry.description;
      if (sameContent) {
        expect(outcome.status).toBe('fulfilled');
        if (outcome.status === 'fulfilled') expect(outcome.value.entry.id).toBe(winner.entry.id);
      } else {
        expect(outcome.status).toBe('rejected');
        if (outcome.status === 'rejected') expect((outcome.reason as { code?: string }).code).toBe('idempotency_conflict');
      }
    });
  });
});

function postReceipt(index: number, periodMonth = '2026-12') {
  return postJournalEntry(database, {
    input: entryInput({
      entryDate: `${periodMonth}-${String((index % 28) + 1).padStart(2, '0')}`,
      description: `Receipt ${index}`,
      lines: [
        { account: accounts.generalCash, debitCents: 100 + index },
        { account: accounts.propertyTax, creditCents: 100 + index },
      ],
    }),
    actor: testActor,
  });
}

describe('closing a period while postings race into it', () => {
  it('no posting lands in the period after it closed; every refused posting says period_closed', async () => {
    const periodKey = '2026-12';
    const before: PostResult[] = [];
    for (let index = 0; index < 5; index += 1) before.push(await postReceipt(index));
    // Fifteen postings, the close and sixty more, all started at once: on PostgreSQL the close's
    // transaction overlaps postings of both waves on the other connections (on PGlite they queue
    // in this order instead). Postings already holding the period finish first; those arriving
    // after the close asked for it queue behind it and are refused.
    const firstWave = Array.from({ length: 15 }, (_, index) => postReceipt(100 + index));
    const close = closePeriod(database, { periodKey, actor: testActor, reason: 'month end' }).then(async (period) => ({
      period,
      // What the period holds the moment the close has committed.
      atClose: await netOfAccountInPeriod(accounts.generalCash, periodKey),
    }));
    const secondWave = Array.from({ length: 60 }, (_, index) => postReceipt(200 + index));
    const [first, closed, second] = await Promise.all([settle(firstWave), close, settle(secondWave)]);

    expect(closed.period.status).toBe('closed');
    const errors = [...first.errors, ...second.errors];
    for (const error of errors) expect((error as { code?: string }).code).toBe('period_closed');
    // Postings in flight while the close held the period were refused once it committed.
    expect(errors.length).toBeGreaterThan(0);
    const succeeded = [...before, ...first.values, ...second.values];
    expect(succeeded.length + errors.length).toBe(80);
    // Whatever was in the period when the close committed is all it will ever hold.
    const atEnd = await netOfAccountInPeriod(accounts.generalCash, periodKey);
    expect(atEnd).toEqual(closed.atClose);
    expect(atEnd.lines).toBe(succeeded.length);
    const expectedBalance = succeeded.reduce((sum, result) => sum + (result.entry.lines[0]?.debitCents ?? 0), 0);
    expect(atEnd.balance).toBe(expectedBalance);
    // And from now on the period refuses postings outright.
    await expectAppError(postReceipt(999), 'period_closed');
    expect(await verifyLedger(database.kysely)).toEqual([]);
  }, 120_000);

  it('the database refuses an entry in a closed period even when the posting code is bypassed', async () => {
    const account = await sql<{ id: number }>`select id from account where code = ${accounts.generalCash}`.execute(database.kysely);
    const tax = await sql<{ id: number }>`select id from account where code = ${accounts.propertyTax}`.execute(database.kysely);
    const attempt = database.kysely.transaction().execute(async (tx) => {
      const inserted = await sql<{ id: number }>`insert into journal_entry (entry_date, period_key, description,
          source_module, idempotency_key, content_hash, line_count, total_debit_cents, posted_by)
        values ('2026-12-31', '2026-12', 'Bypass', 'test', ${`bypass-${Math.random()}`}, 'x', 2, 100, 'tester')
        returning id`.execute(tx);
      const id = inserted.rows[0]?.id;
      await sql`insert into journal_line (entry_id, line_number, account_id, fund_code, amount_cents, entry_date, period_key)
        values (${id}, 1, ${account.rows[0]?.id}, '100', 100, '2026-12-31', '2026-12'),
               (${id}, 2, ${tax.rows[0]?.id}, '100', -100, '2026-12-31', '2026-12')`.execute(tx);
    });
    await expect(attempt).rejects.toThrow(/period 2026-12 is closed/);
  });
});

// PGlite has one session: a transaction held open by the test would block everything else.
describe.runIf(testEngine === 'postgres')('period close under a steady stream of postings (PostgreSQL)', () => {
  // Regression: postings take the period row FOR SHARE and closePeriod takes it FOR UPDATE.
  // PostgreSQL lets a new FOR SHARE locker join the current share lockers without queueing behind
  // a waiting FOR UPDATE, so a close used to wait for as long as postings kept overlapping (with
  // ten clients posting back to back it only got in after they stopped). closePeriod now takes
  // `lock table fiscal_period in exclusive mode` first, which queues later postings behind it.
  // Deterministically: a long posting holds the period, the close waits for it, and a posting
  // arriving after the close began waiting must wait too, and then be refused.
  it('a posting that arrives while a close is waiting queues behind the close', async () => {
    const periodKey = '2027-01';
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let markLocked!: () => void;
    const locked = new Promise<void>((resolve) => {
      markLocked = resolve;
    });
    // A long posting already in progress (a large batch, say) holds the period.
    const longPosting = database.kysely.transaction().execute(async (tx) => {
      await sql`select key from fiscal_period where key = ${periodKey} for share`.execute(tx);
      markLocked();
      await released;
    });
    await locked;
    const close = closePeriod(database, { periodKey, actor: testActor });
    for (let waited = 0; waited < 100; waited += 1) {
      const waiting = await sql<{ count: number }>`select count(*)::bigint as count from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(database.kysely);
      if ((waiting.rows[0]?.count ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const lateOutcome = postReceipt(1, '2027-01').then(
      () => 'posted',
      (error: { code?: string }) => error.code ?? 'error',
    );
    const early = await Promise.race([lateOutcome, new Promise((resolve) => setTimeout(() => resolve('waiting'), 1_000))]);
    release();
    await longPosting;
    await close;
    const outcome = early === 'waiting' ? await lateOutcome : early;
    expect(outcome).toBe('period_closed');
  }, 30_000);
});
