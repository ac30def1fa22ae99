/**
 * hledger checks our books: the journal is exported in hledger's format and hledger (an
 * independent, widely used plain-text accounting tool) computes every account's balance, which
 * must equal our trial balance account by account. hledger also re-checks that every transaction
 * balances and (with --strict) that every account and commodity is declared.
 *
 * Written against hledger 1.25 (Debian 12): `hledger -f FILE --strict balance --flat --no-total
 * -O csv [-e END]` prints "account","balance" rows with amounts like "$1234.56" / "$-0.05".
 * All entries lie in FY2027, so the trial balance's revenue and expenditure accounts
 * (fiscal-year-to-date) and hledger's all-time balances cover the same lines.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../src/shared/dates.js';
import type { Database } from '../src/shared/db.js';
import {
  exportJournal,
  getTrialBalance,
  hledgerAccountName,
  postJournalEntry,
  reverseJournalEntry,
  type JournalEntryInput,
} from '../src/ledger/index.js';
import { createTestDatabase } from './support/database.js';
import { sortedEntries } from './support/ledger-assertions.js';
import { accounts, entryInput, gasTaxAccounts, seedThreeFundLedger, testActor, testClock } from './support/ledger-fixtures.js';

const hledgerVersion = spawnSync('hledger', ['--version'], { encoding: 'utf8' });
const hasHledger = hledgerVersion.status === 0;
if (!hasHledger) {
  console.warn(
    'SKIPPED test/hledger.db.test.ts: hledger is not installed (apt-get install hledger; .ci/run installs it).',
  );
}

let database: Database;
let directory: string;

/** Cents from an hledger CSV amount: "$1234.56", "$-0.05", "-$3.00", "$1,234.56", "0". */
function centsOfHledgerAmount(text: string): number {
  if (text.trim() === '0') return 0;
  const match = /^(-)?\$(-)?([\d,]+)\.(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`unexpected hledger amount "${text}" (one commodity, $, two decimals expected)`);
  const magnitude = Number(BigInt(match[3]?.replaceAll(',', '') ?? '0') * 100n + BigInt(match[4] ?? '0'));
  return match[1] || match[2] ? -magnitude : magnitude;
}

function hledgerBalances(journalFile: string, endExclusive?: string): Map<string, number> {
  const args = ['-f', journalFile, '--strict', 'balance', '--flat', '--no-total', '-O', 'csv'];
  if (endExclusive) args.push('-e', endExclusive);
  const run = spawnSync('hledger', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`hledger ${args.join(' ')} failed: ${run.stderr}`);
  const records = parse(run.stdout, { columns: true }) as Array<{ account: string; balance: string }>;
  return new Map(records.map((record) => [record.account, centsOfHledgerAmount(record.balance)]));
}

async function ourBalances(asOf: string): Promise<Map<string, number>> {
  const trial = await getTrialBalance(database.kysely, { asOf, clock: testClock });
  expect(trial.isBalanced).toBe(true);
  const nets = new Map<string, number>();
  for (const row of trial.rows) {
    expect(row.accountCode, 'no "earlier years" line while every entry is in FY2027').not.toBeNull();
    nets.set(hledgerAccountName(row.accountType, row.fundCode, row.accountCode as string), row.netCents);
  }
  return nets;
}

/** A varied year: every fund, transfers, dollars and cents, awkward text, the adjustment period. */
function yearOfEntries(): JournalEntryInput[] {
  const entries: JournalEntryInput[] = [];
  const months = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06'];
  months.forEach((month, index) => {
    const day = `${month}-${String((index * 3) % 28 + 1).padStart(2, '0')}`;
    const cents = 1_234_567 + index * 98_765;
    entries.push(
      entryInput({
        entryDate: day,
        description: `Property tax apportionment ${month}`,
        lines: [
          { account: accounts.generalCash, debitCents: cents },
          { account: accounts.propertyTax, creditCents: cents },
        ],
      }),
      entryInput({
        entryDate: day,
        description: 'Payroll; Finance  department\tnight run',
        lines: [
          { account: accounts.financeSalaries, debit: `${4_321 + index}.${String(index * 7).padStart(2, '0')}`, memo: 'pay period; #2' },
          { account: accounts.generalCash, credit: `${4_321 + index}.${String(index * 7).padStart(2, '0')}` },
        ],
      }),
      entryInput({
        entryDate: addDays(day as IsoDate, 1),
        description: 'Water bills and a General Fund advance',
        source: { module: 'utility', reference: `BR-${index}` },
        lines: [
          { account: accounts.waterCash, debitCents: 2_500_000 + index },
          { account: accounts.waterSales, creditCents: 2_400_000 + index },
          { account: accounts.waterDueToGeneral, creditCents: 100_000 },
          { account: accounts.generalDueFromWater, debitCents: 100_000 },
          { account: accounts.generalCash, creditCents: 100_000 },
        ],
      }),
      entryInput({
        entryDate: addDays(day as IsoDate, 2),
        description: 'Gas tax receipts and street work',
        lines: [
          { account: gasTaxAccounts.cash, debitCents: 750_001 },
          { account: gasTaxAccounts.gasTax, creditCents: 750_001 },
          { account: gasTaxAccounts.streetMaintenance, debitCents: 333_333 },
          { account: gasTaxAccounts.dueToGeneral, creditCents: 333_333 },
          { account: gasTaxAccounts.generalDueFromGasTax, debitCents: 333_333 },
          { account: accounts.generalCash, creditCents: 333_333 },
        ],
      }),
    );
  });
  entries.push(
    entryInput({
      entryDate: '2026-07-01',
      description: 'Opening fund balances',
      lines: [
        { account: accounts.generalCash, debit: '12,345,678.90' },
        { account: accounts.generalFundBalance, credit: '12,345,678.90' },
        { account: accounts.waterCash, debitCents: 98_765_432_10 },
        { account: accounts.waterFundBalance, creditCents: 98_765_432_10 },
      ],
    }),
    entryInput({
      entryDate: '2026-10-05',
      description: "=cmd|' /C calc'!A0",
      lines: [
        { account: accounts.generalReceivable, debitCents: 999, memo: '@SUM(1+1)' },
        { account: accounts.licenseTax, creditCents: 999, memo: '-5 adjustment' },
      ],
    }),
    entryInput({
      entryDate: '2027-06-30',
      periodKey: 'FY2027-13',
      description: 'Year-end accrual: "June" invoices = $ owed',
      lines: [
        { account: accounts.waterSupplies, debitCents: 1 },
        { account: accounts.waterDueToGeneral, creditCents: 1 },
        { account: accounts.generalReceivable, debitCents: 1 },
        { account: accounts.licenseTax, creditCents: 1 },
      ],
    }),
  );
  return entries;
}

beforeAll(async () => {
  if (!hasHledger) return;
  directory = mkdtempSync(path.join(tmpdir(), 'civic-hledger-'));
  database = await createTestDatabase();
  await seedThreeFundLedger(database);
  const posted: number[] = [];
  for (const input of yearOfEntries()) {
    posted.push((await postJournalEntry(database, { input, actor: testActor })).entry.id);
  }
  // Reversals: one in the same month, one months later, one in the adjustment period.
  const reversals: Array<[number, string, string | null]> = [
    [posted[1] as number, '2026-07-20', null],
    [posted[6] as number, '2027-02-10', null],
    [posted.at(-4) as number, '2027-06-30', 'FY2027-13'],
  ];
  for (const [entryId, entryDate, periodKey] of reversals) {
    await reverseJournalEntry(database, { entryId, entryDate, periodKey, actor: testActor, clock: testClock });
  }
}, 120_000);

afterAll(async () => {
  await database?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe.skipIf(!hasHledger)(`hledger (${hledgerVersion.stdout?.trim() ?? 'not installed'}) checks our books`, () => {
  it('exports the journal and hledger agrees with our trial balance, account by account', async () => {
    const file = path.join(directory, 'journal.hledger');
    const chunks: string[] = [];
    // Small chunks, so the export's paging is exercised too.
    const counts = await exportJournal(database.kysely, { format: 'hledger', write: (chunk) => void chunks.push(chunk), chunkEntries: 7 });
    writeFileSync(file, chunks.join(''));
    expect(counts.entryCount).toBe(12 * 4 + 3 + 3);

    const theirs = hledgerBalances(file);
    const ours = await ourBalances('2027-06-30');
    expect(ours.size).toBeGreaterThan(10);
    expect(sortedEntries(theirs)).toEqual(sortedEntries(ours));
  });

  it.each(['2026-07-01', '2026-09-30', '2026-12-31', '2027-03-15', '2027-06-29'])(
    'agrees as of %s too (hledger -e the next day)',
    async (asOf) => {
      const file = path.join(directory, `journal-${asOf}.hledger`);
      const chunks: string[] = [];
      await exportJournal(database.kysely, { format: 'hledger', write: (chunk) => void chunks.push(chunk) });
      writeFileSync(file, chunks.join(''));
      const theirs = hledgerBalances(file, addDays(asOf as IsoDate, 1));
      expect(sortedEntries(theirs)).toEqual(sortedEntries(await ourBalances(asOf)));
    },
  );

  it('the CSV export sums to the same balances', async () => {
    const chunks: string[] = [];
    await exportJournal(database.kysely, { format: 'csv', write: (chunk) => void chunks.push(chunk), chunkEntries: 5 });
    const rows = parse(chunks.join(''), { columns: true }) as Array<Record<string, string>>;
    expect(rows.length).toBeGreaterThan(100);
    const toCents = (text: string | undefined) => (text ? Math.round(Number(text) * 100) : 0);
    const byAccount = new Map<string, number>();
    const trial = await getTrialBalance(database.kysely, { asOf: '2027-06-30', clock: testClock });
    const typeOf = new Map(trial.rows.map((row) => [row.accountCode, row.accountType]));
    for (const row of rows) {
      const code = row.account as string;
      const type = typeOf.get(code);
      if (!type) continue; // an account that nets to zero is not on the trial balance
      const name = hledgerAccountName(type, row.fund as string, code);
      byAccount.set(name, (byAccount.get(name) ?? 0) + toCents(row.debit) - toCents(row.credit));
    }
    expect(sortedEntries(byAccount)).toEqual(sortedEntries(await ourBalances('2027-06-30')));
    // Text a spreadsheet would run as a formula is neutralised.
    const formula = rows.filter((row) => row.description?.includes('cmd|'));
    expect(formula.map((row) => [row.description, row.memo])).toEqual([
      ["'=cmd|' /C calc'!A0", "'@SUM(1+1)"],
      ["'=cmd|' /C calc'!A0", "'-5 adjustment"],
    ]);
  });
});
