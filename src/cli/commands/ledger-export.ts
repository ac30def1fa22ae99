/** `civic ledger export --format hledger|csv [--out FILE]`: the whole journal, streamed. */
import { Option, type Command } from 'commander';
import { exportJournal, type ExportFormat } from '../../ledger/index.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { writeOutput } from '../output.js';

interface ExportOptions {
  format: ExportFormat;
  out?: string;
}

export function registerLedgerExport(ledger: Command, context: CliContext): void {
  ledger
    .command('export')
    .description('export the journal as an hledger journal file or as CSV (to stdout unless --out)')
    .addOption(
      new Option('--format <format>', 'hledger or csv')
        .choices(['hledger', 'csv'] satisfies ExportFormat[])
        .makeOptionMandatory(),
    )
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (options: ExportOptions) => {
      await withDatabase(context, 'ledger.export', async (database, actor) => {
        const counts = await writeOutput(context.stdout, options.out, (write) =>
          exportJournal(database.kysely, { format: options.format, write }),
        );
        if (options.out) {
          // On stderr, so the message never mixes into an export piped from stdout.
          writeLine(
            context.stderr,
            `Exported ${counts.entryCount} entries (${counts.lineCount} lines) to ${options.out}.`,
          );
        }
      });
    });
}
