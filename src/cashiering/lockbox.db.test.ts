/**
 * Lockbox import on a real database: a bank file in the shipped fixed-width layout and one in
 * the CSV layout post at once (receipts, the bank debited by fund, receivables paid); the same
 * file again is refused; a file with malformed lines is refused with every problem and posts
 * nothing; unmatched payments wait in suspense until a clerk applies them; a lockbox check that
 * comes back reverses its receipt. Every invariant of `civic verify` holds throughout.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInvariantChecks } from '../cli/verify.js';
import { getReceivableAccount } from '../receivables/index.js';
import type { Database } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import { cents, type Cents } from '../shared/money.js';
import { parseIsoDate } from '../shared/dates.js';
import { createTestDatabase } from '../../test/support/database.js';
import { cashieringAccounts, customerOwing, seedCashiering } from '../../test/support/cashiering-fixtures.js';
import { accounts, testClock } from '../../test/support/ledger-fixtures.js';
import { principal } from '../../test/support/receivables-fixtures.js';
import {
  formatLockboxFile,
  formatScanLine,
  getReceipt,
  importLockboxFile,
  listLockboxExceptions,
  listLockboxLayouts,
  lockboxSamplesDir,
  recordReturnedPayment,
  resolveLockboxException,
  saveLockboxLayout,
  shippedLockboxLayouts,
  type LockboxLayoutSpec,
} from './index.js';

let database: Database;
const clerk = principal('maria', ['cashiering.batch']);
const clock = testClock;
const day = parseIsoDate('2026-11-23', 'day');

async function expectError(promise: Promise<unknown>, code: string, text?: RegExp): Promise<AppError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error, 'expected an error').toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (text) expect(JSON.stringify({ message: (error as AppError).message, details: (error as AppError).details })).toMatch(text);
  return error as AppError;
}

async function violations(): Promise<string[]> {
  const outcomes = await runInvariantChecks(database.kysely);
  return outcomes.flatMap((outcome) => outcome.violations.map((violation) => `${outcome.invariant}: ${violation.message}`));
}

async function balanceOf(code: string): Promise<number> {
  const result = await sql<{ net: string | null }>`select sum(l.amount_cents)::text as net from journal_line l
    join account a on a.id = l.account_id where a.code = ${code}`.execute(database.kysely);
  return Number(result.rows[0]?.net ?? 0);
}

async function countOf(table: 'cash_transaction' | 'journal_entry' | 'lockbox_file' | 'receivable_item'): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(database.kysely);
  return result.rows[0]?.n ?? 0;
}

let fixed: LockboxLayoutSpec;
let csv: LockboxLayoutSpec;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedCashiering(database);
  const layouts = await listLockboxLayouts(database.kysely);
  fixed = (layouts.find((layout) => layout.code === 'first_california_bank') as { spec: LockboxLayoutSpec }).spec;
  csv = (layouts.find((layout) => layout.code === 'credit_union_csv') as { spec: LockboxLayoutSpec }).spec;
});

afterAll(async () => {
  await database.close();
});

describe('lockbox import', () => {
  it('installs the shipped layouts, each with its sample file beside it', () => {
    const shipped = shippedLockboxLayouts().map((layout) => layout.code).sort();
    expect(shipped).toEqual(['credit_union_csv', 'first_california_bank']);
    expect(readFileSync(`${lockboxSamplesDir}first_california_bank.txt`, 'utf8')).toMatch(/^1\d{8}/);
  });

  it('posts a fixed-width file at once: receipts, the bank debited by fund, accounts paid, unmatched held in suspense', async () => {
    const a = await customerOwing(database, { water: 8_425, misc: 5_000 }, 'Lockbox One');
    const b = await customerOwing(database, { water: 12_550 }, 'Lockbox Two');
    const waterBankBefore = await balanceOf(accounts.waterCash);
    const generalBankBefore = await balanceOf(accounts.generalCash);
    const content = formatLockboxFile(fixed, {
      depositDate: day,
      payments: [
        { accountReference: a.water.accountNumber, amountCents: cents(8_425), checkNumber: '1041', routingNumber: '121000358', checkAccount: '000123456789', payerName: 'LOCKBOX ONE' },
        { accountReference: a.misc.accountNumber.replace('-', ''), amountCents: cents(5_000), checkNumber: '1042' },
        { accountReference: formatScanLine({ accountNumber: b.water.accountNumber, amountDueCents: cents(12_550) }), amountCents: cents(10_000), checkNumber: '2207' },
        { accountReference: 'UB-999999', amountCents: cents(3_300), checkNumber: '77', payerName: 'UNKNOWN PAYER' },
        { accountReference: 'SEE NOTE', amountCents: cents(1_200), checkNumber: '78', payerName: 'A NEIGHBOR' },
      ],
    });
    const progress: number[] = [];
    const result = await importLockboxFile(database, {
      layoutCode: 'first_california_bank', fileName: 'lockbox-20261123.txt', content, actor: clerk, clock,
      onProgress: (done) => progress.push(done),
    });
    expect(result.file).toMatchObject({ paymentCount: 5, totalCents: 27_925, postedCount: 3, postedCents: 23_425, exceptionCount: 2,
      exceptionCents: 4_500, openExceptionCount: 2, depositDate: day });
    expect(result.batch).toMatchObject({ kind: 'lockbox', status: 'closed', paymentCount: 3, totalCents: 23_425 });
    expect(progress.at(-1)).toBe(5);
    expect(result.exceptions.map((row) => [row.rowNumber, row.reason])).toEqual([[5, 'account_not_found'], [6, 'no_account_reference']]);
    expect((await getReceivableAccount(database.kysely, a.water.id, day)).balanceCents).toBe(0);
    expect((await getReceivableAccount(database.kysely, a.misc.id, day)).balanceCents).toBe(0);
    expect((await getReceivableAccount(database.kysely, b.water.id, day)).balanceCents).toBe(2_550);
    expect(await balanceOf(accounts.waterCash) - waterBankBefore).toBe(8_425 + 10_000);
    expect(await balanceOf(accounts.generalCash) - generalBankBefore).toBe(5_000 + 4_500);
    expect(await balanceOf(cashieringAccounts.lockboxSuspense)).toBe(-4_500);
    const receipts = await sql<{ receiptNumber: string }>`select receipt_number as "receiptNumber" from cash_transaction
      where batch_id = ${result.batch.id} order by id`.execute(database.kysely);
    expect(receipts.rows).toHaveLength(3);
    const receipt = await getReceipt(database.kysely, receipts.rows[2]?.receiptNumber as string);
    expect(receipt.tenders[0]).toMatchObject({ type: 'check', checkNumber: '2207' });
    expect(receipt.lines[0]).toMatchObject({ accountNumber: b.water.accountNumber, amountCents: 10_000, balanceAfterCents: 2_550 });
    expect(await violations()).toEqual([]);
  });

  it('refuses the same file twice, naming the batch it posted as', async () => {
    const a = await customerOwing(database, { water: 4_000 }, 'Twice Customer');
    const content = formatLockboxFile(csv, { depositDate: day, payments: [{ accountReference: a.water.accountNumber, amountCents: cents(4_000), checkNumber: '5012', payerName: 'Chen, Wei' }] });
    const first = await importLockboxFile(database, { layoutCode: 'credit_union_csv', fileName: 'cu-1123.csv', content, actor: clerk, clock });
    const before = await countOf('cash_transaction');
    await expectError(importLockboxFile(database, { layoutCode: 'credit_union_csv', fileName: 'renamed.csv', content, actor: clerk, clock }),
      'conflict', new RegExp(`imported already: cu-1123.csv, batch ${first.batch.batchNumber}`));
    expect(await countOf('cash_transaction')).toBe(before);
  });

  it('refuses a file with malformed lines, every problem by row and field, and posts nothing', async () => {
    const a = await customerOwing(database, { water: 1_000 }, 'Malformed Customer');
    const good = formatLockboxFile(fixed, { depositDate: day, payments: [
      { accountReference: a.water.accountNumber, amountCents: cents(1_000), checkNumber: '1' },
      { accountReference: a.water.accountNumber, amountCents: cents(500), checkNumber: '2', routingNumber: '121000358', payerName: 'X' },
    ] });
    const lines = good.split('\n');
    lines[1] = `${(lines[1] as string).slice(0, 31)}00000ABC00${(lines[1] as string).slice(41)}`;
    lines[2] = (lines[2] as string).replace('121000358', '12100035X');
    const counts = [await countOf('cash_transaction'), await countOf('journal_entry'), await countOf('lockbox_file')];
    const error = await expectError(importLockboxFile(database, { layoutCode: 'first_california_bank', fileName: 'bad.txt', content: lines.join('\n'), actor: clerk, clock }),
      'invalid_input', /bad\.txt has 2 problems.*Nothing was posted/);
    expect(error.details.problems).toEqual([
      { row: 2, field: 'amount', message: expect.stringContaining('not an amount') },
      { row: 3, field: 'routingNumber', message: expect.stringContaining('nine digits') },
    ]);
    expect([await countOf('cash_transaction'), await countOf('journal_entry'), await countOf('lockbox_file')]).toEqual(counts);
    const truncated = good.split('\n').slice(0, 2).join('\n');
    await expectError(importLockboxFile(database, { layoutCode: 'first_california_bank', fileName: 'cut.txt', content: truncated, actor: clerk, clock }),
      'invalid_input', /no trailer record/);
    await expectError(importLockboxFile(database, { layoutCode: 'no_such_bank', fileName: 'x.txt', content: good, actor: clerk, clock }),
      'invalid_input', /no lockbox layout ..no_such_bank/);
  });

  it('posts a payment into a closed period nowhere: the whole file is refused', async () => {
    const a = await customerOwing(database, { water: 1_000 }, 'Old Period Customer');
    const content = formatLockboxFile(fixed, { depositDate: parseIsoDate('2020-01-15', 'day'), payments: [{ accountReference: a.water.accountNumber, amountCents: cents(1_000) }] });
    const before = await countOf('lockbox_file');
    const error = await importLockboxFile(database, { layoutCode: 'first_california_bank', fileName: 'old.txt', content, actor: clerk, clock })
      .then(() => null, (caught: unknown) => caught as AppError);
    expect(error).toBeInstanceOf(AppError);
    expect(await countOf('lockbox_file')).toBe(before);
  });

  it('a clerk applies a held payment to the account found; it posts once', async () => {
    const open = await listLockboxExceptions(database.kysely, { status: 'open' });
    const held = open.find((row) => row.accountReference === 'SEE NOTE');
    expect(held).toBeDefined();
    const owner = await customerOwing(database, { water: 1_200 }, 'Neighbor Found');
    const suspenseBefore = await balanceOf(cashieringAccounts.lockboxSuspense);
    await expectError(resolveLockboxException(database, { exceptionId: held?.id as number, input: { account: owner.water.accountNumber }, actor: clerk, clock }),
      'invalid_input', /note/);
    const resolved = await resolveLockboxException(database, {
      exceptionId: held?.id as number, input: { account: owner.water.accountNumber, note: 'Payer called: pays for her neighbor' }, actor: clerk, clock,
    });
    expect(resolved.exception).toMatchObject({ status: 'resolved', resolvedBy: 'maria', resolvedReceiptNumber: resolved.receipt.receiptNumber });
    expect(resolved.receipt.totalCents).toBe(1_200);
    expect((await getReceivableAccount(database.kysely, owner.water.id, day)).balanceCents).toBe(0);
    expect(await balanceOf(cashieringAccounts.lockboxSuspense) - suspenseBefore).toBe(1_200);
    await expectError(resolveLockboxException(database, { exceptionId: held?.id as number, input: { account: owner.water.accountNumber, note: 'again' }, actor: clerk, clock }),
      'conflict', /applied already/);
    expect(await violations()).toEqual([]);
  });

  it('a lockbox check that comes back reverses only its own receipt, from the bank', async () => {
    const a = await customerOwing(database, { water: 2_000 }, 'Bounce One');
    const b = await customerOwing(database, { water: 3_000 }, 'Bounce Two');
    const content = formatLockboxFile(fixed, { depositDate: day, payments: [
      { accountReference: a.water.accountNumber, amountCents: cents(2_000), checkNumber: '11' },
      { accountReference: b.water.accountNumber, amountCents: cents(3_000), checkNumber: '12' },
    ] });
    const result = await importLockboxFile(database, { layoutCode: 'first_california_bank', fileName: 'bounce.txt', content, actor: clerk, clock });
    const receipts = await sql<{ receiptNumber: string }>`select receipt_number as "receiptNumber" from cash_transaction
      where batch_id = ${result.batch.id} order by id`.execute(database.kysely);
    const bankBefore = await balanceOf(accounts.waterCash);
    await recordReturnedPayment(database, {
      input: { receiptNumber: receipts.rows[0]?.receiptNumber, reason: 'nsf' }, actor: principal('priya', ['cashiering.returns']), clock, returnsBeforeCashOnly: 2,
    });
    expect((await getReceivableAccount(database.kysely, a.water.id, day)).balanceCents).toBeGreaterThanOrEqual(2_000);
    expect((await getReceivableAccount(database.kysely, b.water.id, day)).balanceCents).toBe(0);
    expect(await balanceOf(accounts.waterCash) - bankBefore).toBe(-2_000);
    expect(await violations()).toEqual([]);
  });

  it('takes a new bank layout as data, refusing a wrong one field by field', async () => {
    await expectError(saveLockboxLayout(database, { input: { code: 'bad', bankName: 'Bad Bank', spec: { format: 'csv', dateFormat: 'DD.MM.YYYY' } }, actor: clerk }),
      'invalid_input', /dateFormat/);
    const layout = await saveLockboxLayout(database, { input: { code: 'valley_cu', bankName: 'Valley Credit Union', spec: {
      format: 'csv', hasHeaderRow: false, amountUnit: 'cents', dateFormat: 'YYYYMMDD', columns: { depositDate: 1, accountReference: 2, amount: 3 },
    } }, actor: clerk });
    expect(layout.code).toBe('valley_cu');
    const a = await customerOwing(database, { misc: 700 }, 'Valley Customer');
    const result = await importLockboxFile(database, { layoutCode: 'valley_cu', fileName: 'valley.csv', content: `20261123,${a.misc.accountNumber},700\n`, actor: clerk, clock });
    expect(result.file.postedCents).toBe(700 as Cents);
  });
});
