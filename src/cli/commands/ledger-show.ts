/** `civic ledger show ENTRY_ID`: one journal entry with its lines. */
import type { Command } from 'commander';
import { getJournalEntry, type JournalEntry } from '../../ledger/index.js';
import { sumCents } from '../../shared/money.js';
import { withDatabase, type CliContext } from '../context.js';
import { formatTable, moneyCell, writeJson } from '../output.js';
import { parseEntryId } from '../parsers.js';

export function registerLedgerShow(ledger: Command, context: CliContext): void {
  ledger
    .command('show')
    .description('show one journal entry and its lines')
    .argument('<entryId>', 'the journal entry (42 or JE-42)', parseEntryId)
    .option('--json', 'print the entry as JSON')
    .action(async (entryId: number, options: { json?: boolean }) => {
      await withDatabase(context, 'ledger.read', async (database, actor) => {
        const entry = await getJournalEntry(database.kysely, entryId);
        if (options.json) writeJson(context.stdout, entry);
        else context.stdout.write(formatEntry(entry));
      });
    });
}

export function formatEntry(entry: JournalEntry): string {
  const header = [
    `Journal entry ${entry.id}   ${entry.entryDate}   period ${entry.periodKey}`,
    `Description:     ${entry.description}`,
    `Source:          ${entry.source.module}${entry.source.reference ? ` / ${entry.source.reference}` : ''}`,
    `Idempotency key: ${entry.idempotencyKey}`,
    `Posted by:       ${entry.postedBy} at ${entry.postedAt}`,
  ];
  if (entry.reversesEntryId !== null)
    header.push(`Reverses:        entry ${entry.reversesEntryId}`);
  if (entry.reversedByEntryId !== null)
    header.push(`Reversed by:     entry ${entry.reversedByEntryId}`);
  const rows = entry.lines.map((line) => [
    String(line.lineNumber),
    line.accountCode,
    line.accountName,
    moneyCell(line.debitCents),
    moneyCell(line.creditCents),
    line.memo ?? '',
  ]);
  const totalDebit = sumCents(entry.lines.map((line) => line.debitCents));
  const totalCredit = sumCents(entry.lines.map((line) => line.creditCents));
  const table = formatTable(
    [
      { header: '#', align: 'right' },
      { header: 'Account' },
      { header: 'Name', maxWidth: 44 },
      { header: 'Debit', align: 'right' },
      { header: 'Credit', align: 'right' },
      { header: 'Memo', maxWidth: 40 },
    ],
    [...rows, 'rule', ['', 'Total', '', moneyCell(totalDebit), moneyCell(totalCredit), '']],
  );
  return `${header.join('\n')}\n\n${table}`;
}
