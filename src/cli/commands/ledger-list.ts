/** `civic ledger list`: journal entries, newest first. */
import type { Command } from 'commander';
import { listJournalEntries, periodFromKey } from '../../ledger/index.js';
import { parseIsoDate } from '../../shared/dates.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, moneyCell, writeJson } from '../output.js';
import { parseEntryId, parsePositiveInteger } from '../parsers.js';

interface ListOptions {
  from?: string;
  to?: string;
  period?: string;
  source?: string;
  search?: string;
  before?: number;
  limit: number;
  json?: boolean;
}

export function registerLedgerList(ledger: Command, context: CliContext): void {
  ledger
    .command('list')
    .description('list journal entries, newest first')
    .option('--from <YYYY-MM-DD>', 'entries dated on or after')
    .option('--to <YYYY-MM-DD>', 'entries dated on or before')
    .option('--period <YYYY-MM>', 'entries of one fiscal period')
    .option('--source <module>', 'entries from one source module (gl, cashiering, ...)')
    .option('--search <text>', 'text in the description or source reference')
    .option('--before <entryId>', 'entries numbered below this one (the next page)', parseEntryId)
    .option('--limit <n>', 'how many entries (default 50)', parsePositiveInteger, 50)
    .option('--json', 'print the entries (with their lines) as JSON')
    .action(async (options: ListOptions) => {
      const filter = {
        fromDate: options.from ? parseIsoDate(options.from, 'from') : undefined,
        toDate: options.to ? parseIsoDate(options.to, 'to') : undefined,
        periodKey: options.period ? periodFromKey(options.period, 'period').key : undefined,
        sourceModule: options.source,
        search: options.search,
        beforeId: options.before,
        limit: Math.min(options.limit, 5_000),
      };
      await withDatabase(context, 'ledger.read', async (database, actor) => {
        const entries = await listJournalEntries(database.kysely, filter);
        if (options.json) {
          writeJson(context.stdout, entries);
          return;
        }
        if (entries.length === 0) {
          writeLine(context.stdout, 'No journal entries match.');
          return;
        }
        const rows = entries.map((entry) => [
          String(entry.id),
          entry.entryDate,
          entry.periodKey,
          entry.source.module,
          entry.description,
          moneyCell(entry.totalDebitCents, { showZero: true }),
          entry.reversesEntryId !== null
            ? `reverses ${entry.reversesEntryId}`
            : entry.reversedByEntryId !== null
              ? `reversed by ${entry.reversedByEntryId}`
              : '',
        ]);
        context.stdout.write(
          formatTable(
            [
              { header: 'Entry', align: 'right' },
              { header: 'Date' },
              { header: 'Period' },
              { header: 'Source' },
              { header: 'Description', maxWidth: 60 },
              { header: 'Amount', align: 'right' },
              { header: 'Reversal' },
            ],
            rows,
          ),
        );
        const last = entries.at(-1);
        if (entries.length === filter.limit && last) {
          writeLine(context.stdout, `More entries may follow: add --before ${last.id}`);
        }
      });
    });
}
