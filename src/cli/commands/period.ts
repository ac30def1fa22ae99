/** `civic period close|open|list`: fiscal periods (July-June years, 12 months + year-end period 13). */
import type { Command } from 'commander';
import {
  closePeriod,
  fiscalYearLabel,
  listPeriods,
  openPeriod,
  type FiscalPeriod,
} from '../../ledger/index.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, writeJson } from '../output.js';
import { parseFiscalYear } from '../parsers.js';

export function registerPeriodCommands(program: Command, context: CliContext): void {
  const period = program
    .command('period')
    .description('open, close and list fiscal periods (YYYY-MM, or FY2027-13 for year-end)');
  for (const action of ['close', 'open'] as const) {
    period
      .command(action)
      .description(
        action === 'close'
          ? 'close a period: it refuses postings until reopened'
          : 'reopen a closed period (or set up the fiscal year of a new one)',
      )
      .argument('<period>', 'YYYY-MM, or FY2027-13 for the year-end adjustment period')
      .option('--reason <text>', 'why (kept in the period history)')
      .action(async (periodKey: string, options: { reason?: string }, command: Command) => {
        await withDatabase(context, 'ledger.periods', async (database, actor) => {
          const change = action === 'close' ? closePeriod : openPeriod;
          const result = await change(database, {
            periodKey,
            actor,
            reason: options.reason ?? null,
          });
          writeLine(
            context.stdout,
            `Period ${result.key} (${result.startDate} to ${result.endDate}, ${fiscalYearLabel(result.fiscalYear)}) is now ${result.status}.`,
          );
        });
      });
  }
  period
    .command('list')
    .description('list fiscal periods and whether they are open')
    .option(
      '--fiscal-year <year>',
      'one fiscal year, named by the year it ends (2027 = July 2026 to June 2027)',
      parseFiscalYear,
    )
    .option('--json', 'print as JSON')
    .action(async (options: { fiscalYear?: number; json?: boolean }) => {
      await withDatabase(context, 'ledger.read', async (database, actor) => {
        const periods = await listPeriods(database.kysely, { fiscalYear: options.fiscalYear });
        if (options.json) writeJson(context.stdout, periods);
        else context.stdout.write(formatPeriods(periods));
      });
    });
}

function formatPeriods(periods: readonly FiscalPeriod[]): string {
  if (periods.length === 0) return 'No fiscal periods are set up yet.\n';
  return formatTable(
    [
      { header: 'Period' },
      { header: 'Fiscal year' },
      { header: '#', align: 'right' },
      { header: 'From' },
      { header: 'To' },
      { header: 'Status' },
      { header: 'Changed by' },
      { header: 'Changed at' },
    ],
    periods.map((period) => [
      period.key,
      fiscalYearLabel(period.fiscalYear),
      String(period.periodNumber),
      period.startDate,
      period.endDate,
      period.status,
      period.statusChangedBy ?? '',
      period.statusChangedAt ?? '',
    ]),
  );
}
