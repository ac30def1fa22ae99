/** `civic ledger activity ACCOUNT`: an account's lines between two dates with a running balance. */
import type { Command } from 'commander';
import { getAccountActivity, type AccountActivity } from '../../ledger/index.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, moneyCell, writeJson, type TableRow } from '../output.js';
import { parsePositiveInteger } from '../parsers.js';

interface ActivityOptions {
  from?: string;
  to?: string;
  limit: number;
  json?: boolean;
}

export function registerLedgerActivity(ledger: Command, context: CliContext): void {
  ledger
    .command('activity')
    .description("an account's activity with a running balance")
    .argument('<account>', 'fund-department-object code, e.g. 100-0000-10100')
    .option('--from <YYYY-MM-DD>', 'first day (default: start of the fiscal year of --to)')
    .option('--to <YYYY-MM-DD>', 'last day (default: today)')
    .option('--limit <n>', 'at most this many lines (default 500)', parsePositiveInteger, 500)
    .option('--json', 'print the activity as JSON (amounts in cents)')
    .action(async (account: string, options: ActivityOptions) => {
      await withDatabase(context, 'ledger.read', async (database, actor) => {
        const activity = await getAccountActivity(database.kysely, {
          accountCode: account,
          from: options.from ?? null,
          to: options.to ?? null,
          limit: options.limit,
          clock: context.clock,
        });
        if (options.json) writeJson(context.stdout, activity);
        else context.stdout.write(formatActivity(activity));
        if (activity.lines.length < activity.lineCount) {
          writeLine(
            context.stderr,
            `Showing ${activity.lines.length} of ${activity.lineCount} lines; raise --limit to see more.`,
          );
        }
      });
    });
}

/** Balances print as debits less credits; a credit-normal account's usual balance shows "CR". */
function balanceCell(amount: number): string {
  return amount < 0
    ? `${moneyCell(-amount, { showZero: true })} CR`
    : `${moneyCell(amount, { showZero: true })}   `;
}

export function formatActivity(activity: AccountActivity): string {
  const { account } = activity;
  const title =
    `${account.code}  ${account.name}  (${account.accountType}, fund ${account.fundCode})\n` +
    `Activity from ${activity.from} to ${activity.to}\n\n`;
  const rows: TableRow[] = [
    ['', '', '', 'Opening balance', '', '', balanceCell(activity.openingBalanceCents)],
  ];
  for (const line of activity.lines) {
    rows.push([
      line.entryDate,
      String(line.entryId),
      line.sourceModule,
      line.memo ? `${line.description} (${line.memo})` : line.description,
      moneyCell(line.debitCents),
      moneyCell(line.creditCents),
      balanceCell(line.runningBalanceCents),
    ]);
  }
  rows.push('rule', [
    '',
    '',
    '',
    `Closing balance (${activity.lineCount} lines)`,
    moneyCell(activity.totalDebitCents, { showZero: true }),
    moneyCell(activity.totalCreditCents, { showZero: true }),
    balanceCell(activity.closingBalanceCents),
  ]);
  return `${title}${formatTable(
    [
      { header: 'Date' },
      { header: 'Entry', align: 'right' },
      { header: 'Source' },
      { header: 'Description', maxWidth: 56 },
      { header: 'Debit', align: 'right' },
      { header: 'Credit', align: 'right' },
      { header: 'Balance', align: 'right' },
    ],
    rows,
  )}`;
}
