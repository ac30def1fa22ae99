/** `civic accounts list|import|export`: the chart of accounts, and its CSV form. */
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import {
  accountTypes,
  exportChartCsv,
  importChartCsv,
  listAccounts,
  type ChartImportReport,
} from '../../ledger/index.js';
import { invalidInput } from '../../shared/errors.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, writeJson, writeOutput } from '../output.js';
import { parseFundCode } from '../parsers.js';

interface ListOptions {
  fund?: string;
  type?: string;
  search?: string;
  inactive?: boolean;
  json?: boolean;
}

export function registerAccountCommands(program: Command, context: CliContext): void {
  const accounts = program
    .command('accounts')
    .description('the chart of accounts (fund-department-object)');
  accounts
    .command('list')
    .description('list accounts')
    .option('--fund <code>', 'accounts of one fund, e.g. 510', parseFundCode)
    .addOption(new Option('--type <type>', 'accounts of one type').choices(accountTypes))
    .option('--search <text>', 'text in the code or name')
    .option('--inactive', 'only inactive accounts')
    .option('--json', 'print as JSON')
    .action(async (options: ListOptions) => {
      await withDatabase(context, 'ledger.read', async (database, actor) => {
        const rows = await listAccounts(database.kysely, {
          ...(options.fund ? { fundCode: options.fund } : {}),
          ...(options.type ? { accountType: options.type } : {}),
          ...(options.search ? { search: options.search } : {}),
          ...(options.inactive ? { isActive: false } : {}),
        });
        if (options.json) {
          writeJson(context.stdout, rows);
          return;
        }
        context.stdout.write(
          formatTable(
            [
              { header: 'Account' },
              { header: 'Name', maxWidth: 60 },
              { header: 'Type' },
              { header: 'Active' },
            ],
            rows.map((row) => [row.code, row.name, row.accountType, row.isActive ? 'yes' : 'no']),
          ),
        );
        writeLine(context.stdout, `${rows.length} accounts.`);
      });
    });
  accounts
    .command('import')
    .description(
      'import a chart CSV (account,name,type,active[,fund_name,fund_type,department_name]); whole file or nothing',
    )
    .argument('<file>', 'the CSV file')
    .option('--dry-run', 'check the file and report what would change, writing nothing')
    .action(async (file: string, options: { dryRun?: boolean }, command: Command) => {
      const csvText = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw invalidInput('file', `cannot read ${file}: ${error.code ?? error.message}`);
      });
      await withDatabase(context, 'ledger.chart', async (database, actor) => {
        const report = await importChartCsv(database, {
          csvText,
          actor,
          isDryRun: options.dryRun ?? false,
        });
        context.stdout.write(formatImportReport(report));
      });
    });
  accounts
    .command('export')
    .description('export the chart of accounts as CSV (to stdout unless --out)')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (options: { out?: string }) => {
      await withDatabase(context, 'ledger.export', async (database, actor) => {
        const csvText = await exportChartCsv(database.kysely);
        await writeOutput(context.stdout, options.out, (write) => write(csvText));
        if (options.out)
          writeLine(context.stderr, `Exported the chart of accounts to ${options.out}.`);
      });
    });
}

function formatImportReport(report: ChartImportReport): string {
  const list = (codes: readonly string[]) =>
    codes.length > 0 ? `: ${codes.slice(0, 20).join(', ')}${codes.length > 20 ? ', ...' : ''}` : '';
  return [
    report.isDryRun
      ? 'Dry run: nothing was written. The file would make these changes:'
      : 'Imported the chart of accounts:',
    `  ${report.rowCount} rows read`,
    `  ${report.fundsCreated.length} funds created${list(report.fundsCreated)}`,
    `  ${report.departmentsCreated.length} departments created${list(report.departmentsCreated)}`,
    `  ${report.accountsCreated.length} accounts created`,
    `  ${report.accountsUpdated.length} accounts updated${list(report.accountsUpdated)}`,
    `  ${report.accountsUnchanged} accounts unchanged`,
    '',
  ].join('\n');
}
