/** `civic ledger reverse ENTRY_ID`: posts the reversing entry; the original is never changed. */
import type { Command } from 'commander';
import { reverseJournalEntry } from '../../ledger/index.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { writeJson } from '../output.js';
import { parseEntryId } from '../parsers.js';

interface ReverseCommandOptions {
  date?: string;
  period?: string;
  description?: string;
  idempotencyKey?: string;
  json?: boolean;
}

export function registerLedgerReverse(ledger: Command, context: CliContext): void {
  ledger
    .command('reverse')
    .description('reverse a posted entry with a new, linked entry (the original never changes)')
    .argument('<entryId>', 'the journal entry to reverse (42 or JE-42)', parseEntryId)
    .option('--date <YYYY-MM-DD>', 'date of the reversal (default: today)')
    .option('--period <YYYY-MM>', 'fiscal period of the reversal (default: the month of --date)')
    .option('--description <text>', 'description (default: "Reversal of JE n: ...")')
    .option('--idempotency-key <key>', 'makes a retried command safe: the same key reverses once')
    .option('--json', 'print the reversal as JSON')
    .action(async (entryId: number, options: ReverseCommandOptions, command: Command) => {
      await withDatabase(context, 'ledger.post_direct', async (database, actor) => {
        const { entry, isReplay } = await reverseJournalEntry(database, {
          entryId,
          actor,
          clock: context.clock,
          entryDate: options.date ?? null,
          periodKey: options.period ?? null,
          description: options.description ?? null,
          idempotencyKey: options.idempotencyKey ?? null,
        });
        if (options.json) {
          writeJson(context.stdout, { entry, isReplay });
          return;
        }
        const verb = isReplay ? 'Already reversed by' : 'Posted reversal';
        writeLine(
          context.stdout,
          `${verb} journal entry ${entry.id} on ${entry.entryDate} (period ${entry.periodKey}), ` +
            `reversing entry ${entryId}.`,
        );
      });
    });
}
