/**
 * Batch posting (imports, other modules' batch work): all or nothing, replays post nothing new,
 * and every refusal names the row.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../shared/db.js';
import type { FieldProblem } from '../shared/errors.js';
import { createTestDatabase, testEngine } from '../../test/support/database.js';
import { countRows, expectAppError } from '../../test/support/ledger-assertions.js';
import { accounts, entryInput, seedLedger, testActor } from '../../test/support/ledger-fixtures.js';
import {
  closePeriod,
  getJournalEntry,
  openPeriod,
  postJournalEntries,
  postJournalEntry,
  verifyLedger,
  type JournalEntryInput,
} from './index.js';

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedLedger(database);
});
afterAll(async () => database?.close());

function batchOf(count: number, overrides: (index: number) => Partial<JournalEntryInput> = () => ({})): JournalEntryInput[] {
  return Array.from({ length: count }, (_, index) =>
    entryInput({
      entryDate: `2026-08-${String((index % 28) + 1).padStart(2, '0')}`,
      lines: [
        { account: accounts.generalCash, debitCents: 1_000 + index },
        { account: accounts.licenseTax, creditCents: 1_000 + index },
      ],
      ...overrides(index),
    }),
  );
}

/** Runs `work` and checks that it wrote nothing to the journal. */
async function expectNothingWritten<T>(work: () => Promise<T>): Promise<T> {
  const entries = await countRows(database.kysely, 'journal_entry');
  const lines = await countRows(database.kysely, 'journal_line');
  const result = await work();
  expect(await countRows(database.kysely, 'journal_entry')).toBe(entries);
  expect(await countRows(database.kysely, 'journal_line')).toBe(lines);
  return result;
}

function problemsOf(details: Record<string, unknown>): FieldProblem[] {
  return (details.problems as FieldProblem[] | undefined) ?? [];
}

describe('postJournalEntries', () => {
  it('posts a batch in one go and reports the ids it used', async () => {
    const before = await countRows(database.kysely, 'journal_entry');
    const result = await postJournalEntries(database, { inputs: batchOf(25), actor: testActor, chunkSize: 7 });
    expect(result).toMatchObject({ postedCount: 25, replayedCount: 0 });
    expect((result.lastEntryId as number) - (result.firstEntryId as number)).toBe(24);
    expect(await countRows(database.kysely, 'journal_entry')).toBe(before + 25);
    const last = await getJournalEntry(database.kysely, result.lastEntryId as number);
    expect(last.lines.map((line) => line.debitCents + line.creditCents)).toEqual([1_024, 1_024]);
    expect(await verifyLedger(database.kysely)).toEqual([]);
  });

  it('reports progress chunk by chunk', async () => {
    const progress: Array<[number, number]> = [];
    await postJournalEntries(database, {
      inputs: batchOf(10),
      actor: testActor,
      chunkSize: 4,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(progress).toEqual([
      [4, 10],
      [8, 10],
      [10, 10],
    ]);
  });

  it.each<[string, (index: number) => Partial<JournalEntryInput>, string, string]>([
    [
      'a malformed amount',
      (index) => (index === 4 ? { lines: [{ account: accounts.generalCash, debit: '12.345' }, { account: accounts.licenseTax, credit: '12.35' }] } : {}),
      'invalid_input',
      'row 5',
    ],
    ['an impossible date', (index) => (index === 0 ? { entryDate: '2026-02-30' } : {}), 'invalid_input', 'row 1'],
    [
      'an unknown account',
      (index) => (index === 5 ? { lines: [{ account: '100-0000-99999', debitCents: 5 }, { account: accounts.licenseTax, creditCents: 5 }] } : {}),
      'invalid_input',
      'row 6',
    ],
    [
      'an inactive account',
      (index) => (index === 3 ? { lines: [{ account: accounts.retiredAccount, debitCents: 5 }, { account: accounts.licenseTax, creditCents: 5 }] } : {}),
      'invalid_input',
      'row 4',
    ],
    ['a period not set up', (index) => (index === 1 ? { entryDate: '2028-01-15' } : {}), 'invalid_input', 'row 2'],
  ])('refuses the whole batch for %s, naming the row', async (_name, override, code, rowText) => {
    const error = await expectNothingWritten(() =>
      expectAppError(postJournalEntries(database, { inputs: batchOf(6, override), actor: testActor, chunkSize: 2 }), code),
    );
    const row = Number(rowText.split(' ')[1]);
    const problems = problemsOf(error.details);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.row === row)).toBe(true);
    if (problems.length === 1 || rowText !== 'row 1') expect(error.message).toContain(rowText);
  });

  const unbalancedThirdRow = (index: number): Partial<JournalEntryInput> =>
    index === 2 ? { lines: [{ account: accounts.generalCash, debitCents: 100 }, { account: accounts.licenseTax, creditCents: 99 }] } : {};

  it('refuses the whole batch for an unbalanced row, naming the row and the difference', async () => {
    const error = await expectNothingWritten(() =>
      postJournalEntries(database, { inputs: batchOf(6, unbalancedThirdRow), actor: testActor }).then(
        () => {
          throw new Error('expected the batch to be refused');
        },
        (caught: { code: string; message: string; details: Record<string, unknown> }) => caught,
      ),
    );
    expect(error.code).toBe('unbalanced_entry');
    expect(error.message).toContain('row 3');
    expect(error.message).toContain('1.00');
    expect(problemsOf(error.details).map((problem) => problem.row)).toEqual([3]);
  });

  // Regression: batch rows used to fold unbalanced_entry into invalid_input, so a client that
  // branches on the code could not tell an unbalanced row from a malformed one.
  it('an unbalanced row refuses the batch with the code unbalanced_entry, as documented', async () => {
    await expectAppError(postJournalEntries(database, { inputs: batchOf(6, unbalancedThirdRow), actor: testActor }), 'unbalanced_entry');
  });

  it('refuses the whole batch when one row falls in a closed period, naming the row', async () => {
    await closePeriod(database, { periodKey: '2026-09', actor: testActor });
    try {
      const error = await expectNothingWritten(() =>
        expectAppError(
          postJournalEntries(database, { inputs: batchOf(5, (index) => (index === 3 ? { entryDate: '2026-09-10' } : {})), actor: testActor }),
          'period_closed',
        ),
      );
      expect(error.details.row).toBe(4);
      expect(error.message).toContain('2026-09');
    } finally {
      await openPeriod(database, { periodKey: '2026-09', actor: testActor });
    }
  });

  it('lists every problem of a batch, not only the first', async () => {
    const error = await expectNothingWritten(() =>
      expectAppError(
        postJournalEntries(database, {
          inputs: batchOf(8, (index) => (index === 1 || index === 6 ? { description: '' } : {})),
          actor: testActor,
        }),
        'invalid_input',
      ),
    );
    expect(problemsOf(error.details).map((problem) => [problem.row, problem.field])).toEqual([
      [2, 'description'],
      [7, 'description'],
    ]);
    expect(error.message).toMatch(/^2 problems in 8 entries; nothing was posted/);
  });

  it('replaying a batch posts nothing new and counts the replays', async () => {
    const inputs = batchOf(12);
    const first = await postJournalEntries(database, { inputs, actor: testActor, chunkSize: 5 });
    expect(first.postedCount).toBe(12);
    const replay = await expectNothingWritten(() => postJournalEntries(database, { inputs, actor: testActor, chunkSize: 5 }));
    expect(replay).toEqual({ postedCount: 0, replayedCount: 12, firstEntryId: null, lastEntryId: null });
    // A batch that repeats some entries and adds new ones posts only the new ones.
    const extended = [...inputs.slice(0, 4), ...batchOf(3)];
    const mixed = await postJournalEntries(database, { inputs: extended, actor: testActor });
    expect(mixed).toMatchObject({ postedCount: 3, replayedCount: 4 });
    // Entries posted one by one are replays in a batch too.
    const single = entryInput({ entryDate: '2026-08-20' });
    await postJournalEntry(database, { input: single, actor: testActor });
    expect(await postJournalEntries(database, { inputs: [single], actor: testActor })).toMatchObject({ postedCount: 0, replayedCount: 1 });
    expect(await verifyLedger(database.kysely)).toEqual([]);
  });

  it('refuses a replay whose content changed, naming the row, and rolls back earlier chunks', async () => {
    const inputs = batchOf(6);
    await postJournalEntries(database, { inputs: inputs.slice(4), actor: testActor });
    const changed = inputs.map((input, index) => (index === 5 ? { ...input, description: 'Changed after posting' } : input));
    // Chunks of two: rows 1-4 are new and inserted in the first two chunks, then row 6 conflicts.
    const error = await expectNothingWritten(() =>
      expectAppError(postJournalEntries(database, { inputs: changed, actor: testActor, chunkSize: 2 }), 'idempotency_conflict'),
    );
    expect(error.details.row).toBe(6);
    expect(error.message).toMatch(/^Row 6: /);
    expect(error.message).toContain(String(inputs[5]?.idempotencyKey));
  });

  it('refuses duplicate idempotency keys inside one batch, naming both rows', async () => {
    const inputs = batchOf(4);
    inputs[3] = { ...(inputs[3] as JournalEntryInput), idempotencyKey: inputs[1]?.idempotencyKey };
    const error = await expectNothingWritten(() =>
      expectAppError(postJournalEntries(database, { inputs, actor: testActor }), 'invalid_input'),
    );
    expect(problemsOf(error.details)).toEqual([{ row: 4, field: 'idempotencyKey', message: 'repeats the key of row 2' }]);
    // The same entry twice is refused too, even with identical content.
    const twice = batchOf(1);
    await expectNothingWritten(() =>
      expectAppError(postJournalEntries(database, { inputs: [twice[0], twice[0]], actor: testActor }), 'invalid_input'),
    );
  });

  it('refuses an empty batch', async () => {
    const error = await expectAppError(postJournalEntries(database, { inputs: [], actor: testActor }), 'invalid_input');
    expect(problemsOf(error.details)[0]?.field).toBe('entries');
  });

  it('leaves the planner statistics current after a large batch (PGlite analyzes nothing itself)', async () => {
    const result = await postJournalEntries(database, { inputs: batchOf(1_000), actor: testActor });
    expect(result.postedCount).toBe(1_000);
    const lines = await countRows(database.kysely, 'journal_line');
    const statistics = await sql<{ estimate: number }>`select reltuples::bigint as estimate from pg_class
      where oid = 'journal_line'::regclass`.execute(database.kysely);
    // PostgreSQL's autovacuum analyzes on its own schedule; PGlite's is done by the batch itself.
    if (testEngine === 'pglite') expect(statistics.rows[0]?.estimate).toBe(lines);
  });

  it('keeps every invariant', async () => {
    expect(await verifyLedger(database.kysely)).toEqual([]);
  });
});
