/**
 * `civic billing ...`: the catalog, invoicing an item, reversing an invoice, recurring runs,
 * penalty and interest accrual, dunning runs (with the letters as one PDF), an invoice's PDF; and
 * `civic customers statement`, a customer's statement as a PDF.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import {
  accrueLateCharges,
  createInvoice,
  getCustomerStatement,
  getInvoiceDocument,
  listBillingItems,
  reverseInvoice,
  runDunning,
  runRecurringInvoices,
} from '../../billing/index.js';
import { resolveCustomerId } from '../../customers/index.js';
import { renderDunningBatch, renderInvoice, renderStatement } from '../../documents/index.js';
import { parseIsoDate, type IsoDate } from '../../shared/dates.js';
import { invalidInput } from '../../shared/errors.js';
import { formatDollars } from '../../shared/money.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, moneyCell, writeJson } from '../output.js';
import { progressReporter } from '../progress.js';

/** Writes the PDF under a temporary name and renames it, so a failure never leaves half a file. */
async function writePdf(file: string, pdf: Buffer): Promise<string> {
  const target = path.resolve(file);
  const partial = `${target}.partial-${process.pid}`;
  try {
    await writeFile(partial, pdf);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw invalidInput('pdf', `cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return target;
}

function asOfDate(context: CliContext, text: string | undefined): IsoDate {
  return text ? parseIsoDate(text, '--as-of') : context.clock.today();
}

export function registerBillingCommands(program: Command, context: CliContext): void {
  const billing = program.command('billing').description('general billing: catalog, invoices, recurring invoices, late charges, dunning');
  billing
    .command('items')
    .description('list the billing catalog')
    .option('--all', 'include inactive items')
    .option('--json', 'print JSON')
    .action(async (options: { all?: boolean; json?: boolean }) => {
      await withDatabase(context, 'billing.invoice', async (database) => {
        const items = await listBillingItems(database.kysely, { includeInactive: options.all ?? false });
        if (options.json) return writeJson(context.stdout, items);
        context.stdout.write(formatTable(
          [{ header: 'Code' }, { header: 'Name', maxWidth: 40 }, { header: 'Price', align: 'right' }, { header: 'Unit' }, { header: 'Revenue account' }, { header: 'Active' }],
          items.map((item) => [item.code, item.name, item.unitPriceCents === null ? 'entered' : moneyCell(item.unitPriceCents, { showZero: true }),
            item.unit, item.revenueAccountCode, item.isActive ? 'yes' : 'no']),
        ));
      });
    });

  billing
    .command('invoice')
    .description('invoice one catalog item to a customer')
    .requiredOption('--customer <number>', 'customer number (C-100001) or id')
    .requiredOption('--item <code>', 'catalog item code (FALSE_ALARM)')
    .option('--qty <quantity>', 'quantity (e.g. 2 or 1.5)', '1')
    .option('--price <dollars>', 'unit price, for items priced at invoicing (e.g. 1234.56)')
    .option('--description <text>', 'line description (default: the item name)')
    .option('--date <YYYY-MM-DD>', 'invoice date (default: today)')
    .option('--due <YYYY-MM-DD>', 'due date (default: the terms setting)')
    .option('--notes <text>', 'notes printed on the invoice')
    .option('--idempotency-key <key>', 'makes a retried command safe: the same key invoices once')
    .option('--pdf <file>', 'also write the invoice as a PDF')
    .option('--json', 'print JSON')
    .action(async (options: { customer: string; item: string; qty: string; price?: string; description?: string; date?: string;
      due?: string; notes?: string; idempotencyKey?: string; pdf?: string; json?: boolean }) => {
      await withDatabase(context, 'billing.invoice', async (database, actor) => {
        const { invoice, isReplay } = await createInvoice(database, {
          input: {
            customer: options.customer,
            invoiceDate: options.date ?? context.clock.today(),
            dueDate: options.due ?? null,
            notes: options.notes ?? null,
            lines: [{ item: options.item, quantity: options.qty, ...(options.price ? { unitPrice: options.price } : {}),
              ...(options.description ? { description: options.description } : {}) }],
          },
          idempotencyKey: options.idempotencyKey ?? null,
          actor,
        });
        const file = options.pdf ? await writePdf(options.pdf, await renderInvoice(await getInvoiceDocument(database.kysely, invoice.id))) : null;
        if (options.json) return writeJson(context.stdout, { invoice, isReplay, pdf: file });
        writeLine(context.stdout, `${isReplay ? 'Already invoiced' : 'Invoiced'} ${invoice.invoiceNumber}: ${formatDollars(invoice.totalCents)} to ` +
          `${invoice.customerNumber} ${invoice.customerName} on account ${invoice.accountNumber}, due ${invoice.dueDate} (journal entry ${invoice.journalEntryId}).`);
        if (file) writeLine(context.stdout, `Wrote ${file}`);
      });
    });

  billing
    .command('reverse')
    .description('reverse an invoice; what was paid on it becomes a credit on the account')
    .argument('<invoice>', 'invoice number (INV-2026-000042) or id')
    .requiredOption('--reason <text>', 'why the invoice is reversed')
    .option('--date <YYYY-MM-DD>', 'date of the reversal (default: today)')
    .action(async (key: string, options: { reason: string; date?: string }) => {
      await withDatabase(context, 'billing.invoice', async (database, actor) => {
        const result = await reverseInvoice(database, { invoice: key, reason: options.reason, reversalDate: options.date ?? null, actor, clock: context.clock });
        writeLine(context.stdout, `${result.message} (journal entry ${result.reversalEntryId})`);
      });
    });

  billing
    .command('pdf')
    .description('write an invoice as a PDF')
    .argument('<invoice>', 'invoice number (INV-2026-000042) or id')
    .requiredOption('--pdf <file>', 'where to write the PDF')
    .action(async (key: string, options: { pdf: string }) => {
      await withDatabase(context, 'billing.invoice', async (database) => {
        const document = await getInvoiceDocument(database.kysely, key);
        writeLine(context.stdout, `Wrote ${await writePdf(options.pdf, await renderInvoice(document))}`);
      });
    });

  billing
    .command('run-recurring')
    .description('make every recurring invoice due as of a date (safe to repeat)')
    .option('--as-of <YYYY-MM-DD>', 'the date (default: today)')
    .option('--json', 'print JSON')
    .action(async (options: { asOf?: string; json?: boolean }) => {
      await withDatabase(context, 'billing.invoice', async (database, actor) => {
        const asOf = asOfDate(context, options.asOf);
        const progress = progressReporter(context.stderr, 'Recurring invoices');
        const result = await runRecurringInvoices(database, { asOf, actor, onProgress: progress.onProgress }).finally(progress.stop);
        if (options.json) return writeJson(context.stdout, result);
        for (const invoice of result.invoices) {
          writeLine(context.stdout, `${invoice.invoiceNumber}  ${invoice.invoiceDate}  ${invoice.customerNumber}  ${formatDollars(invoice.totalCents)}`);
        }
        for (const failure of result.failures) writeLine(context.stderr, `template ${failure.templateId} (${failure.customerNumber}): ${failure.code}: ${failure.message}`);
        writeLine(context.stdout, `${result.invoices.length} invoice(s) from ${result.templateCount} template(s) due as of ${asOf}; ${result.failures.length} failed.`);
        if (result.failures.length > 0) context.exitCode = 1;
      });
    });

  billing
    .command('accrue')
    .description('post penalties and interest due as of a date by the rules (safe to repeat)')
    .option('--as-of <YYYY-MM-DD>', 'the date (default: today)')
    .option('--json', 'print JSON')
    .action(async (options: { asOf?: string; json?: boolean }) => {
      await withDatabase(context, 'billing.invoice', async (database, actor) => {
        const asOf = asOfDate(context, options.asOf);
        const progress = progressReporter(context.stderr, 'Late charges');
        const result = await accrueLateCharges(database, { asOf, actor, onProgress: progress.onProgress }).finally(progress.stop);
        if (options.json) return writeJson(context.stdout, result);
        for (const skipped of result.skipped) writeLine(context.stderr, `skipped ${skipped.accountNumber}: ${skipped.reason}`);
        writeLine(context.stdout, `Accrued as of ${asOf}: penalties ${formatDollars(result.penaltyCents)}, interest ${formatDollars(result.interestCents)} ` +
          `(${result.charges.length} charge(s) on ${result.accountCount} account(s); ${result.skipped.length} skipped).`);
      });
    });

  billing
    .command('dunning')
    .description('record the past-due notices due as of a date and print the letters (safe to repeat)')
    .option('--as-of <YYYY-MM-DD>', 'the date (default: today)')
    .option('--pdf <file>', 'write the letters to print as one PDF, a letter per page')
    .option('--json', 'print JSON')
    .action(async (options: { asOf?: string; pdf?: string; json?: boolean }) => {
      await withDatabase(context, 'billing.invoice', async (database, actor) => {
        const asOf = asOfDate(context, options.asOf);
        const run = await runDunning(database, { asOf, actor });
        const file = options.pdf ? await writePdf(options.pdf, await renderDunningBatch(run.letters)) : null;
        if (options.json) return writeJson(context.stdout, { ...run, pdf: file });
        for (const letter of run.letters) {
          writeLine(context.stdout, `${letter.stageName.padEnd(14)} ${letter.customerNumber}  ${letter.address.name}  ${formatDollars(letter.totalDueCents)}`);
        }
        for (const letter of run.held) writeLine(context.stdout, `HELD (${letter.heldReason}) ${letter.customerNumber}  ${letter.address.name}: research the address`);
        for (const skip of run.skipped) writeLine(context.stdout, `SKIPPED (${skip.reason}) ${skip.customerNumber}: ${skip.invoiceNumbers.join(', ')}`);
        writeLine(context.stdout, `${run.letters.length} letter(s) to print, ${run.held.length} held, ${run.skipped.length} customer(s) skipped; ${run.noticeCount} notice(s) recorded as of ${asOf}.`);
        if (file) writeLine(context.stdout, `Wrote ${file}`);
      });
    });

  const customers = program.commands.find((command) => command.name() === 'customers')
    ?? program.command('customers').description('people and businesses the city bills');
  customers
    .command('statement')
    .description('a customer\'s statement for a period, as a PDF')
    .argument('<customer>', 'customer number (C-100001) or id')
    .requiredOption('--from <YYYY-MM-DD>', 'first day of the period')
    .requiredOption('--to <YYYY-MM-DD>', 'last day of the period')
    .requiredOption('--pdf <file>', 'where to write the PDF')
    .action(async (key: string, options: { from: string; to: string; pdf: string }) => {
      await withDatabase(context, 'customers.read', async (database) => {
        const customerId = await resolveCustomerId(database.kysely, key);
        const statement = await getCustomerStatement(database.kysely, { customerId, from: options.from, to: options.to, statementDate: context.clock.today() });
        const file = await writePdf(options.pdf, await renderStatement(statement));
        writeLine(context.stdout, `Statement of ${statement.customerNumber} for ${statement.from} to ${statement.to}: ${statement.accounts.length} account(s), ` +
          `amount due ${formatDollars(statement.amountDueCents)}. Wrote ${file}`);
      });
    });
}
