/** `civic ledger fund-balances`: per fund, assets, liabilities and fund balance as of a date. */
import type { Command } from 'commander';
import { getFundBalances } from '../../ledger/index.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, moneyCell, writeJson } from '../output.js';

export function registerLedgerFundBalances(ledger: Command, context: CliContext): void {
  ledger
    .command('fund-balances')
    .description('assets, liabilities, revenues, expenditures and fund balance of every fund')
    .option('--as-of <YYYY-MM-DD>', 'balances at the end of this day (default: today)')
    .option('--json', 'print as JSON (amounts in cents)')
    .action(async (options: { asOf?: string; json?: boolean }) => {
      await withDatabase(context, 'ledger.read', async (database, actor) => {
        const report = await getFundBalances(database.kysely, {
          asOf: options.asOf ?? null,
          clock: context.clock,
        });
        if (options.json) {
          writeJson(context.stdout, report);
          return;
        }
        writeLine(context.stdout, `Fund balances as of ${report.asOf}\n`);
        const money = (amount: number) => moneyCell(amount, { showZero: true });
        context.stdout.write(
          formatTable(
            [
              { header: 'Fund' },
              { header: 'Name', maxWidth: 36 },
              { header: 'Type' },
              { header: 'Assets', align: 'right' },
              { header: 'Liabilities', align: 'right' },
              { header: 'Beginning', align: 'right' },
              { header: 'Revenues', align: 'right' },
              { header: 'Expenditures', align: 'right' },
              { header: 'Ending balance', align: 'right' },
            ],
            report.funds.map((fund) => [
              fund.fundCode,
              fund.fundName,
              fund.fundType.replace('_', ' '),
              money(fund.assetsCents),
              money(fund.liabilitiesCents),
              money(fund.beginningFundBalanceCents),
              money(fund.revenuesCents),
              money(fund.expendituresCents),
              money(fund.endingFundBalanceCents),
            ]),
          ),
        );
      });
    });
}
