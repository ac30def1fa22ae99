/**
 * `civic ledger post --file ENTRY.json`: one entry object, or an array of entries posted as one
 * batch (all or nothing). `--file -` reads standard input.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { postJournalEntries, postJournalEntry, type JournalEntry } from '../../ledger/index.js';
import { invalidInput } from '../../shared/errors.js';
import { formatDollars, type Cents } from '../../shared/money.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { writeJson } from '../output.js';
import { startProgress } from '../progress.js';

interface PostOptions {
  file: string;
  json?: boolean;
}

/** Entries per statement when a bar is showing, so the bar moves; the ledger's default otherwise. */
const PROGRESS_CHUNK = 250;

export function registerLedgerPost(ledger: Command, context: CliContext): void {
  ledger
    .command('post')
    .description('post a journal entry, or a batch of entries (all or nothing), from a JSON file')
    .requiredOption(
      '-f, --file <path>',
      'JSON file with one entry object or an array of entries ("-" = stdin)',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nAn entry: {"entryDate":"2026-08-14","description":"...","idempotencyKey":"...",\n' +
        '  "lines":[{"account":"100-0000-10100","debit":"125.00"},{"account":"100-1510-40500","credit":"125.00"}]}\n' +
        'Amounts are "debit"/"credit" in dollars or "debitCents"/"creditCents" in whole cents.',
    )
    .action(async (options: PostOptions, command: Command) => {
      const input = await readEntryFile(context, options.file);
      await withDatabase(context, 'ledger.post_direct', async (database, actor) => {
        if (!Array.isArray(input)) {
          const { entry, isReplay } = await postJournalEntry(database, { input, actor });
          if (options.json) writeJson(context.stdout, { entry, isReplay });
          else printPosted(context, entry, isReplay);
          return;
        }
        const progress = startProgress(context.stderr, input.length, 'Posting');
        const result = await postJournalEntries(database, {
          inputs: input,
          actor,
          ...(context.stderr.isTTY ? { chunkSize: PROGRESS_CHUNK } : {}),
          onProgress: (done, total) => progress.update(done, total),
        }).finally(() => progress.stop());
        if (options.json) {
          writeJson(context.stdout, result);
          return;
        }
        const range =
          result.firstEntryId === null
            ? ''
            : ` (entries ${result.firstEntryId} to ${result.lastEntryId})`;
        writeLine(context.stdout, `Posted ${result.postedCount} entries${range}.`);
        if (result.replayedCount > 0) {
          writeLine(
            context.stdout,
            `${result.replayedCount} were already posted (same idempotency key and content) and were skipped.`,
          );
        }
      });
    });
}

async function readEntryFile(context: CliContext, file: string): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await context.readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw invalidInput('file', `cannot read ${file}: ${code}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalidInput('file', `${file} is not valid JSON: ${(error as Error).message}`);
  }
}

export function printPosted(context: CliContext, entry: JournalEntry, isReplay: boolean): void {
  const verb = isReplay ? 'Already posted (same idempotency key and content):' : 'Posted';
  writeLine(
    context.stdout,
    `${verb} journal entry ${entry.id} on ${entry.entryDate} (period ${entry.periodKey}), ` +
      `${entry.lines.length} lines, ${formatDollars(entry.totalDebitCents as Cents)}.`,
  );
}
