/**
 * `civic cashiering ...`: the day's cash receipts report, drawer sessions, batches, receipts (and
 * their PDF), deposits (prepare, verify) and returned payments (with the notice letter), for
 * accountants and supervisors at a terminal. Counter work itself happens on the Counter desk.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  importLockboxFile,
  listLockboxExceptions,
  listLockboxLayouts,
  resolveLockboxException,
  getDailyCashReport,
  getReceipt,
  listBatches,
  listDeposits,
  listDrawerSessions,
  prepareDeposit,
  receiptDocument,
  recordReturnedPayment,
  returnedNoticeDocument,
  verifyDeposit,
} from '../../cashiering/index.js';
import { renderReceiptPdf, renderReturnedPaymentNotice } from '../../documents/index.js';
import { getSettings } from '../../settings/index.js';
import { parseIsoDate } from '../../shared/dates.js';
import { formatCents, formatDollars } from '../../shared/money.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, writeJson } from '../output.js';

const money = (cents: number) => formatCents(cents as never);
const dollars = (cents: number) => formatDollars(cents as never);

export function registerCashieringCommands(program: Command, context: CliContext): void {
  const cashiering = program.command('cashiering').description('the counter: daily cash report, drawers, batches, deposits, returned payments');
  const dateOf = (value: string | undefined, field: string) => (value ? parseIsoDate(value, field) : context.clock.today());

  cashiering
    .command('report')
    .description('the daily cash receipts report: by batch, tender, fund and GL account, with voids and over/short')
    .option('--date <YYYY-MM-DD>', 'business day (default: today)')
    .option('--json', 'print JSON (amounts in cents)')
    .action(async (options: { date?: string; json?: boolean }) => {
      await withDatabase(context, 'cashiering.reports', async (database) => {
        const report = await getDailyCashReport(database.kysely, dateOf(options.date, '--date'));
        if (options.json) return writeJson(context.stdout, report);
        writeLine(context.stdout, `Daily cash receipts, ${report.date}: ${report.totals.receiptCount} receipts, ${dollars(report.totals.receiptsCents)}` +
          `; ${report.totals.voidCount} voided (${dollars(report.totals.voidedCents)}); over/short ${dollars(report.totals.overShortCents)}`);
        writeLine(context.stdout);
        context.stdout.write(formatTable(
          [{ header: 'batch' }, { header: 'kind' }, { header: 'cashier' }, { header: 'drawer' }, { header: 'status' },
            { header: 'receipts', align: 'right' }, { header: 'total', align: 'right' }, { header: 'over/short', align: 'right' }, { header: 'deposit' }],
          report.byBatch.map((row) => [row.batchNumber, row.kind, row.cashier ?? '', row.drawerCode ?? '', row.status, String(row.count),
            money(row.totalCents), row.overShortCents === null ? '' : money(row.overShortCents), row.depositNumber ?? '']),
        ));
        writeLine(context.stdout);
        context.stdout.write(formatTable([{ header: 'tender' }, { header: 'count', align: 'right' }, { header: 'amount', align: 'right' }],
          report.byTender.map((row) => [row.tenderType, String(row.count), money(row.amountCents)])));
        writeLine(context.stdout);
        context.stdout.write(formatTable([{ header: 'fund' }, { header: 'name' }, { header: 'amount', align: 'right' }],
          report.byFund.map((row) => [row.fundCode, row.fundName, money(row.amountCents)])));
        writeLine(context.stdout);
        context.stdout.write(formatTable([{ header: 'account credited' }, { header: 'name', maxWidth: 50 }, { header: 'amount', align: 'right' }],
          report.byAccount.map((row) => [row.accountCode, row.accountName, money(row.amountCents)])));
      });
    });

  cashiering
    .command('sessions')
    .description('drawer sessions of a day, with their takings and over/short')
    .option('--date <YYYY-MM-DD>', 'business day (default: today)')
    .option('--sign-off', 'only those waiting for a supervisor\'s sign-off (any day)')
    .option('--json', 'print JSON (amounts in cents)')
    .action(async (options: { date?: string; signOff?: boolean; json?: boolean }) => {
      await withDatabase(context, 'cashiering.reports', async (database) => {
        const sessions = await listDrawerSessions(database.kysely, options.signOff ? { signOff: 'required' } : { businessDate: dateOf(options.date, '--date') });
        if (options.json) return writeJson(context.stdout, sessions);
        context.stdout.write(formatTable(
          [{ header: 'id', align: 'right' }, { header: 'date' }, { header: 'drawer' }, { header: 'cashier' }, { header: 'status' }, { header: 'batch' },
            { header: 'receipts', align: 'right' }, { header: 'takings', align: 'right' }, { header: 'over/short', align: 'right' }, { header: 'sign-off' }],
          sessions.map((session) => [String(session.id), session.businessDate, session.drawerCode, session.cashier, session.status, session.batchNumber,
            String(session.transactionCount), money(session.receiptsCents), session.closing ? money(session.closing.overShortCents) : '',
            session.signOffStatus === 'none' ? '' : `${session.signOffStatus}${session.signedOffBy ? ` (${session.signedOffBy})` : ''}`]),
        ));
      });
    });

  cashiering
    .command('batches')
    .description('payment batches of a day (counter, mail, lockbox)')
    .option('--date <YYYY-MM-DD>', 'business day (default: today)')
    .option('--undeposited', 'closed batches not yet in a deposit, any day')
    .action(async (options: { date?: string; undeposited?: boolean }) => {
      await withDatabase(context, 'cashiering.reports', async (database) => {
        const batches = await listBatches(database.kysely, options.undeposited ? { undeposited: true, status: 'closed' } : { businessDate: dateOf(options.date, '--date') });
        context.stdout.write(formatTable(
          [{ header: 'batch' }, { header: 'date' }, { header: 'kind' }, { header: 'status' }, { header: 'by' }, { header: 'payments', align: 'right' },
            { header: 'total', align: 'right' }, { header: 'control', align: 'right' }, { header: 'deposit' }],
          batches.map((batch) => [batch.batchNumber, batch.businessDate, batch.kind, batch.status, batch.cashier ?? batch.openedBy, String(batch.paymentCount),
            money(batch.totalCents), batch.controlTotalCents === null ? '' : money(batch.controlTotalCents), batch.depositNumber ?? '']),
        ));
      });
    });

  cashiering
    .command('receipt <number>')
    .description('a receipt; --pdf writes its 80 mm PDF (marked COPY: the original was handed over)')
    .option('--pdf <file>', 'write the receipt as a PDF')
    .option('--json', 'print JSON (amounts in cents)')
    .action(async (number: string, options: { pdf?: string; json?: boolean }) => {
      await withDatabase(context, 'cashiering.reports', async (database) => {
        const receipt = await getReceipt(database.kysely, number);
        if (options.pdf) {
          const pdf = await renderReceiptPdf(receiptDocument(receipt, { isCopy: true, copyNumber: receipt.printCount, printedAt: context.clock.now() }));
          await writeFile(options.pdf, pdf);
          writeLine(context.stdout, `Wrote ${options.pdf}`);
          return;
        }
        if (options.json) return writeJson(context.stdout, receipt);
        writeLine(context.stdout, `${receipt.receiptNumber}  ${receipt.businessDate}  ${receipt.status.toUpperCase()}  batch ${receipt.batchNumber}  by ${receipt.cashier}` +
          `${receipt.customer ? `  ${receipt.customer.name} (${receipt.customer.customerNumber})` : ''}`);
        context.stdout.write(formatTable([{ header: 'paid' }, { header: 'account' }, { header: 'amount', align: 'right' }],
          receipt.lines.map((line) => [line.description, line.accountNumber ?? '', money(line.amountCents)])));
        context.stdout.write(formatTable([{ header: 'tender' }, { header: 'detail' }, { header: 'amount', align: 'right' }],
          receipt.tenders.map((tender) => [tender.type, tender.checkNumber ?? (tender.cardLast4 ? `${tender.cardBrand} ****${tender.cardLast4}` : ''), money(tender.amountCents)])));
        writeLine(context.stdout, `Total ${dollars(receipt.totalCents)}  tendered ${dollars(receipt.tenderedCents)}  change ${dollars(receipt.changeCents)}  journal entry ${receipt.journalEntryId}`);
      });
    });

  const deposit = cashiering.command('deposit').description('deposits: prepare the slip, verify by a second person');
  deposit
    .command('prepare <batches...>')
    .description('prepare a deposit of closed batches (B-001001 B-001002 ...)')
    .option('--bag <number>', 'the deposit bag number')
    .action(async (batches: string[], options: { bag?: string }) => {
      await withDatabase(context, 'cashiering.deposit', async (database, actor) => {
        const prepared = await prepareDeposit(database, { input: { batches, bagNumber: options.bag }, actor, clock: context.clock });
        writeLine(context.stdout, `Prepared ${prepared.depositNumber}: currency ${dollars(prepared.currencyCents)}, coin ${dollars(prepared.coinCents)}, ` +
          `${prepared.checkCount} checks ${dollars(prepared.checksCents)}, cards ${dollars(prepared.cardCents)}; total ${dollars(prepared.totalCents)}. Another person verifies it.`);
      });
    });
  deposit
    .command('verify <number>')
    .description('verify a deposit prepared by someone else; posts undeposited funds to the bank')
    .action(async (number: string) => {
      await withDatabase(context, 'cashiering.deposit', async (database, actor) => {
        const verified = await verifyDeposit(database, { depositNumber: number, actor, clock: context.clock });
        writeLine(context.stdout, `Verified ${verified.depositNumber} (${dollars(verified.totalCents)}): journal entry ${verified.journalEntryId}`);
      });
    });
  deposit
    .command('list')
    .description('deposits, newest first')
    .action(async () => {
      await withDatabase(context, 'cashiering.deposit', async (database) => {
        const deposits = await listDeposits(database.kysely);
        context.stdout.write(formatTable(
          [{ header: 'deposit' }, { header: 'date' }, { header: 'status' }, { header: 'prepared by' }, { header: 'verified by' }, { header: 'total', align: 'right' }, { header: 'JE', align: 'right' }],
          deposits.map((row) => [row.depositNumber, row.businessDate, row.status, row.preparedBy, row.verifiedBy ?? '', money(row.totalCents), row.journalEntryId ? String(row.journalEntryId) : '']),
        ));
      });
    });

  cashiering
    .command('return <receipt>')
    .description('record a returned check or ACH payment: reversal, Civil Code 1719 fee, notice letter')
    .requiredOption('--reason <reason>', 'nsf, account_closed, stop_payment, no_account, unable_to_locate, ach_return, other')
    .option('--code <code>', 'the bank\'s return code (e.g. R01)')
    .option('--date <YYYY-MM-DD>', 'when it came back (default: today)')
    .option('--waive-fee', 'charge no returned-payment fee')
    .option('--tender <line>', 'which tender came back, when the receipt has several checks (its line number)')
    .option('--notice <file>', 'write the notice letter PDF to this file')
    .action(async (receiptNumber: string, options: { reason: string; code?: string; date?: string; waiveFee?: boolean; tender?: string; notice?: string }) => {
      await withDatabase(context, 'cashiering.returns', async (database, actor) => {
        const settings = await getSettings(database.kysely);
        const item = await recordReturnedPayment(database, {
          input: { receiptNumber, reason: options.reason, returnCode: options.code, returnedOn: options.date, waiveFee: options.waiveFee === true,
            ...(options.tender === undefined ? {} : { tenderLine: /^\d+$/.test(options.tender) ? Number(options.tender) : options.tender }) },
          actor, clock: context.clock, returnsBeforeCashOnly: settings['cashiering.returns_before_cash_only'],
        });
        writeLine(context.stdout, `Returned ${item.receiptNumber} (${dollars(item.amountCents)}): reversed by entry ${item.reversalEntryId}; ` +
          (item.keptCents > 0 ? `${dollars(item.keptCents)} the other tenders paid applied again by entry ${item.keptEntryId}; ` : '') +
          `fee ${dollars(item.feeCents)}${item.feeAccountNumber ? ` on ${item.feeAccountNumber}` : ''}; return no. ${item.returnNumber}${item.flaggedCashOnly ? '; customer is now cash-only' : ''}`);
        if (options.notice) {
          const notice = await returnedNoticeDocument(database.kysely, item, context.clock.today());
          if (notice) {
            await writeFile(options.notice, await renderReturnedPaymentNotice(notice));
            writeLine(context.stdout, `Wrote the notice to ${options.notice}`);
          } else writeLine(context.stdout, 'No notice: the payment has no customer with a mailing address');
        }
      });
    });

  const lockbox = cashiering.command('lockbox').description('bank lockbox files: import (all or nothing), layouts, exceptions');
  lockbox
    .command('import <file>')
    .description('import a bank lockbox file; the same file twice is refused, a malformed one posts nothing')
    .requiredOption('--layout <code>', 'the bank\'s layout (see `civic cashiering lockbox layouts`)')
    .option('--json', 'print JSON (amounts in cents)')
    .action(async (file: string, options: { layout: string; json?: boolean }) => {
      const content = await readFile(file, 'utf8');
      await withDatabase(context, 'cashiering.batch', async (database, actor) => {
        let shown = -1;
        const result = await importLockboxFile(database, {
          layoutCode: options.layout, fileName: basename(file), content, actor, clock: context.clock,
          onProgress: (done, total) => {
            const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
            if (percent >= shown + 10 || done === total) {
              shown = percent;
              context.stderr.write(`  ${done.toLocaleString()} of ${total.toLocaleString()} payments (${percent}%)\n`);
            }
          },
        });
        if (options.json) return writeJson(context.stdout, result);
        const { file: imported } = result;
        writeLine(context.stdout, `Imported ${imported.fileName} as batch ${imported.batchNumber} (deposited ${imported.depositDate}): ` +
          `${imported.postedCount} payments posted, ${dollars(imported.postedCents)}; ${imported.exceptionCount} held for a clerk, ${dollars(imported.exceptionCents)}`);
        if (result.exceptions.length > 0) {
          context.stdout.write(formatTable([{ header: 'id', align: 'right' }, { header: 'row', align: 'right' }, { header: 'reference' }, { header: 'amount', align: 'right' }, { header: 'reason' }],
            result.exceptions.map((row) => [String(row.id), String(row.rowNumber), row.accountReference ?? '', money(row.amountCents), row.reasonText])));
        }
      });
    });
  lockbox
    .command('layouts')
    .description('the banks\' lockbox layouts')
    .action(async () => {
      await withDatabase(context, 'cashiering.batch', async (database) => {
        const layouts = await listLockboxLayouts(database.kysely);
        context.stdout.write(formatTable([{ header: 'code' }, { header: 'bank' }, { header: 'format' }, { header: 'active' }],
          layouts.map((layout) => [layout.code, layout.bankName, layout.format, layout.isActive ? 'yes' : 'no'])));
      });
    });
  lockbox
    .command('exceptions')
    .description('lockbox payments that matched no open account (open ones unless --all)')
    .option('--all', 'resolved ones too')
    .action(async (options: { all?: boolean }) => {
      await withDatabase(context, 'cashiering.batch', async (database) => {
        const rows = await listLockboxExceptions(database.kysely, { status: options.all ? null : 'open' });
        context.stdout.write(formatTable([{ header: 'id', align: 'right' }, { header: 'batch' }, { header: 'row', align: 'right' }, { header: 'reference' },
          { header: 'payer' }, { header: 'amount', align: 'right' }, { header: 'reason' }, { header: 'status' }],
        rows.map((row) => [String(row.id), row.batchNumber, String(row.rowNumber), row.accountReference ?? '', row.payerName ?? '', money(row.amountCents),
          row.reasonText, row.status === 'resolved' ? `applied, ${row.resolvedReceiptNumber}` : 'open'])));
      });
    });
  lockbox
    .command('apply <exceptionId> <account>')
    .description('apply a held lockbox payment to the account found for it')
    .requiredOption('--note <text>', 'how the account was found')
    .action(async (exceptionId: string, account: string, options: { note: string }) => {
      await withDatabase(context, 'cashiering.batch', async (database, actor) => {
        const resolved = await resolveLockboxException(database, { exceptionId: Number(exceptionId), input: { account, note: options.note }, actor, clock: context.clock });
        writeLine(context.stdout, `Applied ${dollars(resolved.receipt.totalCents)} to ${account.toUpperCase()}: receipt ${resolved.receipt.receiptNumber}`);
      });
    });
}
