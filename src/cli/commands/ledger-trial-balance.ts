/**
 * `civic ledger trial-balance`: every account with a balance, fund by fund, debits and credits in
 * two columns, each fund's subtotal, the grand total, and whether it balances.
 */
import type { Command } from 'commander';
import {
  getTrialBalance,
  listFunds,
  type TrialBalance,
  type TrialBalanceRow,
} from '../../ledger/index.js';
import { cents, formatCents, sumCents } from '../../shared/money.js';
import { withDatabase, type CliContext } from '../context.js';
import { formatTable, moneyCell, writeJson, type TableRow } from '../output.js';
import { EXIT_FAILURE } from '../report-error.js';
import { parseFundCode } from '../parsers.js';

interface TrialBalanceOptions {
  fund?: string;
  asOf?: string;
  json?: boolean;
}

export function registerLedgerTrialBalance(ledger: Command, context: CliContext): void {
  ledger
    .command('trial-balance')
    .description('the trial balance of all funds or one fund, as of a date')
    .option('--fund <code>', 'one fund only, e.g. 100', parseFundCode)
    .option('--as-of <YYYY-MM-DD>', 'balances at the end of this day (default: today)')
    .option('--json', 'print the trial balance as JSON (amounts in cents)')
    .action(async (options: TrialBalanceOptions) => {
      await withDatabase(context, 'ledger.read', async (database, actor) => {
        const trial = await getTrialBalance(database.kysely, {
          asOf: options.asOf ?? null,
          fundCode: options.fund ?? null,
          clock: context.clock,
        });
        // An unbalanced trial balance means a broken invariant: scripts must be able to see it.
        if (!trial.isBalanced) context.exitCode = EXIT_FAILURE;
        if (options.json) {
          writeJson(context.stdout, trial);
          return;
        }
        const funds = new Map(
          (await listFunds(database.kysely)).map((fund) => [fund.code, fund.name]),
        );
        context.stdout.write(formatTrialBalance(trial, funds));
      });
    });
}

export function formatTrialBalance(
  trial: TrialBalance,
  fundNames: ReadonlyMap<string, string>,
): string {
  const scope = trial.fundCode
    ? `fund ${trial.fundCode} ${fundNames.get(trial.fundCode) ?? ''}`.trim()
    : 'all funds';
  const title = `Trial balance, ${scope}, as of ${trial.asOf} (fiscal year ${trial.fiscalYear})\n\n`;
  if (trial.rows.length === 0) return `${title}No balances.\n`;
  const rows: TableRow[] = [];
  for (const [fundCode, fundRows] of groupByFund(trial.rows)) {
    if (rows.length > 0) rows.push(['', '', '', '']);
    rows.push(['', `Fund ${fundCode} ${fundNames.get(fundCode) ?? ''}`.trim(), '', '']);
    for (const row of fundRows) {
      rows.push([
        row.accountCode ?? '',
        row.accountName,
        moneyCell(row.debitCents),
        moneyCell(row.creditCents),
      ]);
    }
    const debit = sumCents(fundRows.map((row) => row.debitCents));
    const credit = sumCents(fundRows.map((row) => row.creditCents));
    rows.push('rule', [
      '',
      `Fund ${fundCode} total`,
      moneyCell(debit, { showZero: true }),
      moneyCell(credit, { showZero: true }),
    ]);
  }
  rows.push('rule', [
    '',
    'Total',
    moneyCell(trial.totalDebitCents, { showZero: true }),
    moneyCell(trial.totalCreditCents, { showZero: true }),
  ]);
  const table = formatTable(
    [
      { header: 'Account' },
      { header: 'Name', maxWidth: 56 },
      { header: 'Debit', align: 'right' },
      { header: 'Credit', align: 'right' },
    ],
    rows,
  );
  const difference = trial.totalDebitCents - trial.totalCreditCents;
  const verdict = trial.isBalanced
    ? 'Balanced: total debits equal total credits.'
    : `NOT BALANCED: debits ${difference > 0 ? 'exceed' : 'fall short of'} credits by ${formatCents(cents(Math.abs(difference)))}.`;
  return `${title}${table}\n${verdict}\n`;
}

function groupByFund(rows: readonly TrialBalanceRow[]): Map<string, TrialBalanceRow[]> {
  const groups = new Map<string, TrialBalanceRow[]>();
  for (const row of rows) {
    const group = groups.get(row.fundCode) ?? [];
    group.push(row);
    groups.set(row.fundCode, group);
  }
  return groups;
}
