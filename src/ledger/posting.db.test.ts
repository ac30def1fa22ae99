import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import { createTestDatabase } from '../../test/support/database.js';
import { accounts, entryInput, seedLedger, testActor, testClock } from '../../test/support/ledger-fixtures.js';
import {
  closePeriod,
  getTrialBalance,
  openPeriod,
  postJournalEntry,
  reverseJournalEntry,
  verifyLedger,
} from './index.js';

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedLedger(database);
});
afterAll(async () => database?.close());

async function expectError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code}`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe('posting journal entries', () => {
  it('posts a balanced entry and the trial balance reflects it', async () => {
    const { entry, isReplay } = await postJournalEntry(database, { input: entryInput({ entryDate: '2026-07-10' }), actor: testActor });
    expect(isReplay).toBe(false);
    expect(entry.lines).toHaveLength(2);
    expect(entry.periodKey).toBe('2026-07');
    const trial = await getTrialBalance(database.kysely, { asOf: '2026-07-31', clock: testClock });
    expect(trial.isBalanced).toBe(true);
    const cash = trial.rows.find((row) => row.accountCode === accounts.generalCash);
    expect(cash?.debitCents).toBeGreaterThanOrEqual(12_500);
  });

  it('returns the original entry when the same idempotency key and content are replayed', async () => {
    const input = entryInput();
    const first = await postJournalEntry(database, { input, actor: testActor });
    const second = await postJournalEntry(database, { input, actor: testActor });
    expect(second.isReplay).toBe(true);
    expect(second.entry.id).toBe(first.entry.id);
  });

  it('refuses the same idempotency key with different content', async () => {
    const input = entryInput();
    await postJournalEntry(database, { input, actor: testActor });
    await expectError(
      postJournalEntry(database, { input: { ...input, description: 'changed' }, actor: testActor }),
      'idempotency_conflict',
    );
  });

  it('refuses an unbalanced entry and writes nothing', async () => {
    const error = await expectError(
      postJournalEntry(database, {
        input: entryInput({ lines: [{ account: accounts.generalCash, debitCents: 100 }, { account: accounts.licenseTax, creditCents: 99 }] }),
        actor: testActor,
      }),
      'unbalanced_entry',
    );
    expect(error.details.differenceCents).toBe(1);
  });

  it('refuses an entry that balances in total but not within each fund', async () => {
    await expectError(
      postJournalEntry(database, {
        input: entryInput({ lines: [{ account: accounts.generalCash, debitCents: 100 }, { account: accounts.waterSales, creditCents: 100 }] }),
        actor: testActor,
      }),
      'unbalanced_entry',
    );
  });

  it('posts an inter-fund entry through due-to and due-from', async () => {
    const { entry } = await postJournalEntry(database, {
      input: entryInput({
        lines: [
          { account: accounts.generalDueFromWater, debitCents: 5_000 },
          { account: accounts.licenseTax, creditCents: 5_000 },
          { account: accounts.waterSupplies, debitCents: 5_000 },
          { account: accounts.waterDueToGeneral, creditCents: 5_000 },
        ],
      }),
      actor: testActor,
    });
    expect(entry.lines).toHaveLength(4);
  });

  it.each([
    ['unknown account', { account: '100-0000-99999', debitCents: 100 }, 'lines[0].account'],
    ['inactive account', { account: accounts.retiredAccount, debitCents: 100 }, 'lines[0].account'],
    ['three decimals', { account: accounts.generalCash, debit: '12.345' }, 'lines[0].debit'],
    ['an exponent', { account: accounts.generalCash, debitCents: '1e3' }, 'lines[0].debitCents'],
    ['negative zero', { account: accounts.generalCash, debit: '-0' }, 'lines[0].debit'],
    ['more than 2^53 cents', { account: accounts.generalCash, debitCents: '9007199254740993' }, 'lines[0].debitCents'],
    ['an empty amount', { account: accounts.generalCash, debit: '' }, 'lines[0].debit'],
  ])('refuses %s, naming the field', async (_name, line, field) => {
    const error = await expectError(
      postJournalEntry(database, { input: entryInput({ lines: [line, { account: accounts.licenseTax, creditCents: 100 }] }), actor: testActor }),
      'invalid_input',
    );
    expect(JSON.stringify(error.details)).toContain(field);
  });

  it('refuses an impossible date', async () => {
    const error = await expectError(
      postJournalEntry(database, { input: entryInput({ entryDate: '2026-02-30' }), actor: testActor }),
      'invalid_input',
    );
    expect(JSON.stringify(error.details)).toContain('entryDate');
  });

  it('refuses postings to a closed period, and accepts them again once reopened', async () => {
    await closePeriod(database, { periodKey: '2026-09', actor: testActor });
    await expectError(postJournalEntry(database, { input: entryInput({ entryDate: '2026-09-03' }), actor: testActor }), 'period_closed');
    await openPeriod(database, { periodKey: '2026-09', actor: testActor });
    const { entry } = await postJournalEntry(database, { input: entryInput({ entryDate: '2026-09-03' }), actor: testActor });
    expect(entry.periodKey).toBe('2026-09');
  });

  it('reverses an entry with a linked reversal and never changes the original', async () => {
    const { entry } = await postJournalEntry(database, { input: entryInput({ entryDate: '2026-08-01' }), actor: testActor });
    await closePeriod(database, { periodKey: '2026-08', actor: testActor });
    const { entry: reversal } = await reverseJournalEntry(database, { entryId: entry.id, actor: testActor, clock: testClock });
    expect(reversal.reversesEntryId).toBe(entry.id);
    expect(reversal.entryDate).toBe('2026-11-23');
    expect(reversal.lines.map((line) => line.creditCents)).toEqual(entry.lines.map((line) => line.debitCents));
    await expectError(reverseJournalEntry(database, { entryId: entry.id, actor: testActor, clock: testClock }), 'already_reversed');
    await openPeriod(database, { periodKey: '2026-08', actor: testActor });
  });

  it('refuses UPDATE and DELETE of posted entries in the database itself', async () => {
    const { entry } = await postJournalEntry(database, { input: entryInput(), actor: testActor });
    await expect(database.exec(`update journal_entry set description = 'x' where id = ${entry.id}`)).rejects.toThrow(/immutable/);
    await expect(database.exec(`delete from journal_line where entry_id = ${entry.id}`)).rejects.toThrow(/immutable/);
  });

  it('keeps every invariant', async () => {
    expect(await verifyLedger(database.kysely)).toEqual([]);
  });
});
