/**
 * `civic bills ...`: a cycle's bill run (calculate through a date, then the pre-bill register,
 * holds and releases, then finalize), one bill, cancel and rebill; and `civic utility account`,
 * an account with its services, meters and bills. Progress bars on a terminal.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { createBillPdfPool } from '../../documents/index.js';
import { AppError } from '../../shared/errors.js';
import { parseIsoDate } from '../../shared/dates.js';
import { formatDollars } from '../../shared/money.js';
import {
  billExceptions,
  billIdsOfRun,
  cancelBill,
  finalizeBillRun,
  getBill,
  getBillDocuments,
  getBillRegister,
  getBillRun,
  getUtilityAccount,
  holdBill,
  listAccountBills,
  listBillRuns,
  releaseBill,
  runBills,
  type BillException,
  type BillRun,
} from '../../utility/index.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, moneyCell, writeJson } from '../output.js';
import { progressReporter } from '../progress.js';

/** Bills per print file (the mail house takes files of a few thousand). */
const PRINT_FILE_BILLS = 5_000;

function runLine(run: BillRun): string {
  return `${run.runNumber}  cycle ${run.cycleCode} through ${run.throughDate}  ${run.status.toUpperCase()}  ` +
    `${run.billCount.toLocaleString()} bills, ${formatDollars(run.totalCents)}; ${run.exceptionCount.toLocaleString()} with exceptions, ${run.heldCount.toLocaleString()} held` +
    `  (bill date ${run.billDate}, due ${run.dueDate})`;
}

export function registerUtilityCommands(program: Command, context: CliContext): void {
  const bills = program.command('bills').description('utility bill runs: calculate, review the register, hold/release, finalize; cancel and rebill');

  bills
    .command('run')
    .description('calculate a cycle\'s bills through a date (tentative until finalized); running it again continues a crashed run and creates nothing for a finished one')
    .requiredOption('--cycle <code>', 'billing cycle (see `civic bills cycles`)')
    .requiredOption('--through <YYYY-MM-DD>', 'bill service through this date (the read date)')
    .option('--bill-date <YYYY-MM-DD>', 'the date printed on the bills (default: today)')
    .option('--json', 'print JSON (amounts in cents)')
    .action(async (options: { cycle: string; through: string; billDate?: string; json?: boolean }) => {
      await withDatabase(context, 'utility.bills', async (database, actor) => {
        const progress = progressReporter(context.stderr, 'Calculating bills');
        try {
          const result = await runBills(database, {
            input: { cycleCode: options.cycle.toUpperCase(), throughDate: parseIsoDate(options.through, '--through'), billDate: options.billDate ? parseIsoDate(options.billDate, '--bill-date') : null },
            actor, clock: context.clock, onProgress: progress.onProgress,
          });
          progress.stop();
          if (options.json) return writeJson(context.stdout, result);
          if (result.wasExisting && result.billsCreated === 0) writeLine(context.stdout, `Nothing new: cycle ${result.run.cycleCode} through ${result.run.throughDate} has run ${result.run.runNumber} already.`);
          writeLine(context.stdout, runLine(result.run));
          const timings = Object.entries(result.run.timings).map(([stage, seconds]) => `${stage} ${seconds.toFixed(2)} s`).join(', ');
          if (timings) writeLine(context.stdout, `Stages: ${timings}`);
          writeLine(context.stdout, `Review: civic bills register ${result.run.runNumber}; then civic bills finalize ${result.run.runNumber}`);
        } finally {
          progress.stop();
        }
      });
    });

  bills
    .command('runs')
    .description('recent bill runs')
    .option('--cycle <code>', 'only this cycle')
    .option('--json', 'print JSON')
    .action(async (options: { cycle?: string; json?: boolean }) => {
      await withDatabase(context, 'utility.read', async (database) => {
        const runs = await listBillRuns(database.kysely, { cycleCode: options.cycle?.toUpperCase() ?? null });
        if (options.json) return writeJson(context.stdout, runs);
        context.stdout.write(formatTable(
          [{ header: 'run' }, { header: 'cycle' }, { header: 'through' }, { header: 'status' }, { header: 'bills', align: 'right' },
            { header: 'total', align: 'right' }, { header: 'exceptions', align: 'right' }, { header: 'held', align: 'right' }, { header: 'by' }],
          runs.map((run) => [run.runNumber, run.cycleCode, run.throughDate, run.status, run.billCount.toLocaleString(), moneyCell(run.totalCents, { showZero: true }),
            run.exceptionCount.toLocaleString(), run.heldCount.toLocaleString(), run.createdBy]),
        ));
      });
    });

  bills
    .command('register <run>')
    .description('the pre-bill register: totals by service and revenue account, exceptions, and the bills to look at')
    .option('--exception <code>', `only bills with this exception (${billExceptions.join(', ')})`)
    .option('--all', 'every bill, not only those with an exception or a hold')
    .option('--limit <n>', 'bills listed', '50')
    .option('--json', 'print JSON (amounts in cents)')
    .action(async (runKey: string, options: { exception?: string; all?: boolean; limit: string; json?: boolean }) => {
      await withDatabase(context, 'utility.read', async (database) => {
        const exception = options.exception as BillException | undefined;
        if (exception && !billExceptions.includes(exception)) throw new Error(`--exception: one of ${billExceptions.join(', ')}`);
        const register = await getBillRegister(database.kysely, { runKey: /^[0-9]+$/.test(runKey) ? Number(runKey) : runKey, exception: exception ?? null, all: options.all ?? false, limit: Number(options.limit) || 50 });
        if (options.json) return writeJson(context.stdout, register);
        writeLine(context.stdout, runLine(register.run));
        context.stdout.write(formatTable([{ header: 'service' }, { header: 'revenue account' }, { header: 'lines', align: 'right' }, { header: 'amount', align: 'right' }],
          register.byService.map((row) => [row.serviceType, row.revenueAccount, row.lineCount.toLocaleString(), moneyCell(row.amountCents, { showZero: true })])));
        if (register.exceptions.length > 0) {
          context.stdout.write(formatTable([{ header: 'exception' }, { header: 'bills', align: 'right' }], register.exceptions.map((row) => [row.code, row.count.toLocaleString()])));
        }
        context.stdout.write(formatTable(
          [{ header: 'bill' }, { header: 'account' }, { header: 'customer', maxWidth: 28 }, { header: 'period' }, { header: 'use', align: 'right' },
            { header: 'amount', align: 'right' }, { header: 'status' }, { header: 'exceptions' }],
          register.bills.map((bill) => [bill.billNumber, bill.accountNumber, bill.customerName, `${bill.periodFrom}..${bill.periodTo}`, bill.consumption ?? '',
            moneyCell(bill.currentChargesCents, { showZero: true }), bill.status, bill.exceptions.join(' ')]),
        ));
        writeLine(context.stdout, `${register.bills.length} of ${register.billsTotal.toLocaleString()} listed`);
      });
    });

  bills
    .command('finalize <run>')
    .description('post the run\'s tentative bills (held ones stay out); running it again continues where it stopped')
    .option('--json', 'print JSON')
    .action(async (runKey: string, options: { json?: boolean }) => {
      await withDatabase(context, 'utility.bills.finalize', async (database, actor) => {
        const progress = progressReporter(context.stderr, 'Finalizing bills');
        try {
          const result = await finalizeBillRun(database, { runKey: /^[0-9]+$/.test(runKey) ? Number(runKey) : runKey, actor, onProgress: progress.onProgress });
          progress.stop();
          if (options.json) return writeJson(context.stdout, result);
          writeLine(context.stdout, `Finalized ${result.billsFinalized.toLocaleString()} bills.`);
          writeLine(context.stdout, runLine(result.run));
        } finally {
          progress.stop();
        }
      });
    });

  bills
    .command('show <bill>')
    .description('one bill: its lines, reads and status')
    .option('--json', 'print JSON (amounts in cents)')
    .action(async (billKey: string, options: { json?: boolean }) => {
      await withDatabase(context, 'utility.read', async (database) => {
        const bill = await getBill(database.kysely, billKey);
        if (options.json) return writeJson(context.stdout, bill);
        writeLine(context.stdout, `${bill.billNumber}  ${bill.accountNumber}  ${bill.customerName}  ${bill.serviceAddress}`);
        writeLine(context.stdout, `${bill.billKind} bill ${bill.periodFrom} to ${bill.periodTo}, dated ${bill.billDate}, due ${bill.dueDate}  ${bill.status.toUpperCase()}` +
          `${bill.holdReason ? ` (held: ${bill.holdReason})` : ''}${bill.exceptions.length > 0 ? `  exceptions: ${bill.exceptions.join(', ')}` : ''}`);
        context.stdout.write(formatTable([{ header: 'meter' }, { header: 'from' }, { header: 'to' }, { header: 'use', align: 'right' }],
          bill.reads.map((read) => [read.meterSerial, `${read.fromDate ?? ''} ${read.fromReading ?? ''}`, `${read.toDate ?? ''} ${read.toReading ?? ''}${read.estimated ? ' (est.)' : ''}`, `${read.consumption} ${read.unit}`])));
        context.stdout.write(formatTable([{ header: 'charge', maxWidth: 60 }, { header: 'account' }, { header: 'amount', align: 'right' }],
          bill.lines.map((line) => [line.description, line.revenueAccount, moneyCell(line.amountCents, { showZero: true })])));
        writeLine(context.stdout, `Current charges ${formatDollars(bill.currentChargesCents)}  previous balance ${formatDollars(bill.previousBalanceCents)}`);
        if (bill.replacesBillId) writeLine(context.stdout, `Replaces bill id ${bill.replacesBillId}`);
        if (bill.replacedByBillId) writeLine(context.stdout, `Cancelled (${bill.cancelReason}); replaced by bill id ${bill.replacedByBillId}`);
      });
    });

  bills
    .command('hold <bill>')
    .description('hold a tentative bill out of finalization')
    .requiredOption('--reason <text>', 'why (shown on the register)')
    .action(async (billKey: string, options: { reason: string }) => {
      await withDatabase(context, 'utility.bills', async (database, actor) => {
        const bill = await holdBill(database, { billKey, reason: options.reason, actor });
        writeLine(context.stdout, `${bill.billNumber} held: ${bill.holdReason}`);
      });
    });

  bills
    .command('release <bill>')
    .description('release a held bill (posted at once when its run is final)')
    .option('--note <text>', 'what was checked')
    .action(async (billKey: string, options: { note?: string }) => {
      await withDatabase(context, 'utility.bills', async (database, actor) => {
        const bill = await releaseBill(database, { billKey, note: options.note ?? null, actor });
        writeLine(context.stdout, `${bill.billNumber} released: ${bill.status}`);
      });
    });

  bills
    .command('cancel <bill>')
    .description('cancel a final bill (its charge reversed) and issue the corrected bill from today\'s reads and rates')
    .requiredOption('--reason <text>', 'why')
    .option('--no-rebill', 'only cancel (a bill sent in error)')
    .option('--on <YYYY-MM-DD>', 'date of the reversal and the corrected bill (default: today)')
    .action(async (billKey: string, options: { reason: string; rebill: boolean; on?: string }) => {
      await withDatabase(context, 'utility.bills', async (database, actor) => {
        const result = await cancelBill(database, { billKey, reason: options.reason, rebill: options.rebill, on: options.on ?? null, actor, clock: context.clock });
        writeLine(context.stdout, `${result.cancelled.billNumber} cancelled (${formatDollars(result.cancelled.currentChargesCents)} reversed)`);
        if (result.corrected) writeLine(context.stdout, `${result.corrected.billNumber} issued in its place: ${formatDollars(result.corrected.currentChargesCents)}`);
      });
    });

  bills
    .command('pdf <run>')
    .description('the run\'s final bills as PDF: a print file per 5,000 bills (by route and account) and one file per bill')
    .requiredOption('--out <dir>', 'directory to write (created if missing)')
    .option('--paperless', 'include paperless accounts in the print files (their single files are always written)')
    .option('--no-single', 'only the print files')
    .option('--workers <n>', 'worker threads (default: the machine\'s cores)')
    .action(async (runKey: string, options: { out: string; paperless?: boolean; single: boolean; workers?: string }) => {
      await withDatabase(context, 'utility.read', async (database) => {
        const run = await getBillRun(database.kysely, /^[0-9]+$/.test(runKey) ? Number(runKey) : runKey);
        if (run.status !== 'finalized' && run.status !== 'finalizing') throw new AppError('conflict', `Bill run ${run.runNumber} is ${run.status}; bills are printed once finalized`);
        const ids = await billIdsOfRun(database.kysely, run.id, { includePaperless: true });
        const printed = new Set(await billIdsOfRun(database.kysely, run.id, { includePaperless: options.paperless === true }));
        const out = path.resolve(options.out);
        await mkdir(path.join(out, 'bills'), { recursive: true });
        const pool = createBillPdfPool(options.workers ? { workers: Number(options.workers) } : {});
        const progress = progressReporter(context.stderr, 'Rendering bills');
        const started = performance.now();
        let done = 0;
        let files = 0;
        try {
          for (let start = 0, part = 1; start < ids.length; start += PRINT_FILE_BILLS, part += 1) {
            const chunk = ids.slice(start, start + PRINT_FILE_BILLS);
            const documents = await getBillDocuments(database.kysely, chunk);
            const forPrint = documents.filter((_, index) => printed.has(chunk[index] as number));
            if (forPrint.length > 0) {
              const [file] = await pool.render(forPrint, { billsPerFile: forPrint.length, billsPerTask: 250 });
              await writeFile(path.join(out, `${run.runNumber}-part-${String(part).padStart(3, '0')}.pdf`), file as Buffer);
              files += 1;
            }
            if (options.single) {
              const singles = await pool.render(documents, { billsPerFile: 1, billsPerTask: 250 });
              await Promise.all(singles.map((pdf, index) => writeFile(path.join(out, 'bills', `${(documents[index] as { billNumber: string }).billNumber}.pdf`), pdf)));
              files += singles.length;
            }
            done += chunk.length;
            progress.onProgress(done, ids.length);
          }
        } finally {
          progress.stop();
          await pool.close();
        }
        const seconds = (performance.now() - started) / 1000;
        writeLine(context.stdout, `Wrote ${files.toLocaleString()} PDF files for ${ids.length.toLocaleString()} bills of ${run.runNumber} to ${out} in ${seconds.toFixed(1)} s`);
      });
    });

  const utility = program.command('utility').description('utility accounts: services, meters, bills');
  utility
    .command('account <account>')
    .description('a utility account: location, class, cycle, services and meters, deposits, recent bills')
    .option('--json', 'print JSON (amounts in cents)')
    .action(async (accountKey: string, options: { json?: boolean }) => {
      await withDatabase(context, 'utility.read', async (database) => {
        const account = await getUtilityAccount(database.kysely, accountKey, context.clock.today());
        const recent = await listAccountBills(database.kysely, account.id, 13);
        if (options.json) return writeJson(context.stdout, { ...account, bills: recent });
        writeLine(context.stdout, `${account.accountNumber}  ${account.customerName}  ${account.serviceAddress} (${account.locationNumber})`);
        writeLine(context.stdout, `${account.classCode}, cycle ${account.cycleCode}${account.routeCode ? ` route ${account.routeCode}` : ''}, ${account.dwellingUnits} unit(s); ` +
          `${account.status}, since ${account.startedOn}${account.stoppedOn ? ` until ${account.stoppedOn}` : ''}; billed through ${account.billedThrough ?? '-'}; balance ${formatDollars(account.balanceCents)}`);
        context.stdout.write(formatTable([{ header: 'service' }, { header: 'rate' }, { header: 'meter' }, { header: 'from' }, { header: 'to' }],
          account.agreements.map((agreement) => [agreement.serviceType, agreement.rateCode, agreement.meterSerial ?? '', agreement.startedOn, agreement.endedOn ?? ''])));
        context.stdout.write(formatTable([{ header: 'bill' }, { header: 'period' }, { header: 'use', align: 'right' }, { header: 'amount', align: 'right' }, { header: 'status' }],
          recent.map((bill) => [bill.billNumber, `${bill.periodFrom}..${bill.periodTo}`, bill.consumption ?? '', moneyCell(bill.currentChargesCents, { showZero: true }), bill.status])));
      });
    });
}
