/**
 * `civic bills ...`: a cycle's bill run (calculate through a date, then the pre-bill register,
 * holds and releases, then finalize), one bill, cancel and rebill; and `civic utility account`,
 * an account with its services, meters and bills. Progress bars on a terminal.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { createBillPdfPool } from '../../documents/index.js';
import { AppError } from '../../shared/errors.js';
import { parseIsoDate } from '../../shared/dates.js';
import { cents, formatDollars } from '../../shared/money.js';
import {
  addMeter,
  addRateVersion,
  billExceptions,
  billIdsOfRun,
  exchangeMeter,
  installMeter,
  listRateSchedules,
  startService,
  stopService,
  transferService,
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
import { parsePositiveInteger } from '../parsers.js';
import { progressReporter } from '../progress.js';

function parseNonNegativeInteger(text: string): number {
  if (!/^[0-9]{1,12}$/.test(text)) throw new AppError('invalid_input', `${text} is not a whole, non-negative number`);
  return Number(text);
}

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

  const utility = program.command('utility').description('utility accounts: start, stop and transfer service, meters, rates, an account');
  utility
    .command('start')
    .description('start service (move-in): opens the utility account with its services; a deposit when the class or the payment history calls for one')
    .requiredOption('--customer <id>', 'customer id', parsePositiveInteger)
    .requiredOption('--location <id>', 'service location id', parsePositiveInteger)
    .requiredOption('--class <code>', 'customer class (single_family, multi_family, commercial, irrigation...)')
    .requiredOption('--cycle <code>', 'billing cycle')
    .option('--route <code>', 'meter route of the cycle')
    .option('--units <n>', 'dwelling units (multi-family)', parsePositiveInteger)
    .requiredOption('--on <YYYY-MM-DD>', 'first day of service')
    .option('--water <rate>', 'water rate schedule (with --meter)')
    .option('--sewer <rate>', 'sewer rate schedule')
    .option('--irrigation <rate>', 'irrigation rate schedule (with --meter)')
    .option('--meter <serial>', 'the meter installed at the location')
    .option('--reading <n>', 'the meter\'s reading at move-in', parseNonNegativeInteger)
    .option('--waive-deposit <reason>', 'ask no deposit (the reason is audited)')
    .option('--paperless', 'e-bills only')
    .action(async (options: { customer: number; location: number; class: string; cycle: string; route?: string; units?: number; on: string; water?: string;
      sewer?: string; irrigation?: string; meter?: string; reading?: number; waiveDeposit?: string; paperless?: boolean }) => {
      await withDatabase(context, 'utility.service', async (database, actor) => {
        const agreements = [
          ...(options.water ? [{ serviceType: 'water' as const, rateCode: options.water.toUpperCase(), meterSerial: options.meter ?? null }] : []),
          ...(options.irrigation ? [{ serviceType: 'irrigation' as const, rateCode: options.irrigation.toUpperCase(), meterSerial: options.meter ?? null }] : []),
          ...(options.sewer ? [{ serviceType: 'sewer' as const, rateCode: options.sewer.toUpperCase() }] : []),
        ];
        const account = await startService(database, { actor, input: {
          customerId: options.customer, serviceLocationId: options.location, classCode: options.class, cycleCode: options.cycle.toUpperCase(),
          routeCode: options.route?.toUpperCase() ?? null, dwellingUnits: options.units ?? 1, startedOn: options.on, agreements,
          readings: options.meter && options.reading !== undefined ? { [options.meter.toUpperCase()]: options.reading } : {},
          paperless: options.paperless === true, waiveDepositReason: options.waiveDeposit ?? null,
        } });
        writeLine(context.stdout, `Started ${account.accountNumber} for ${account.customerName} at ${account.serviceAddress} from ${account.startedOn}` +
          `${account.deposits.length > 0 ? `; deposit ${formatDollars(account.deposits[0]?.amountCents ?? cents(0))} billed` : ''}`);
      });
    });
  utility
    .command('stop <account>')
    .description('stop service (move-out): the final read; the next bill run bills it as the final bill and returns the deposit')
    .requiredOption('--on <YYYY-MM-DD>', 'last day of service')
    .option('--meter <serial>', 'the meter read at move-out')
    .option('--reading <n>', 'its final reading', parseNonNegativeInteger)
    .action(async (accountKey: string, options: { on: string; meter?: string; reading?: number }) => {
      await withDatabase(context, 'utility.service', async (database, actor) => {
        const account = await stopService(database, { actor, input: { account: accountKey, stoppedOn: options.on,
          readings: options.meter && options.reading !== undefined ? { [options.meter.toUpperCase()]: options.reading } : {} } });
        writeLine(context.stdout, `${account.accountNumber} stops on ${account.stoppedOn}; its final bill comes with cycle ${account.cycleCode}'s next run`);
      });
    });
  utility
    .command('transfer <account>')
    .description('transfer service to another customer: stops on the date, the new account starts the next day with the same services and meters')
    .requiredOption('--to <customerId>', 'the new customer', parsePositiveInteger)
    .requiredOption('--on <YYYY-MM-DD>', 'last day of the old customer')
    .option('--meter <serial>', 'the meter read at the transfer')
    .option('--reading <n>', 'its reading', parseNonNegativeInteger)
    .action(async (accountKey: string, options: { to: number; on: string; meter?: string; reading?: number }) => {
      await withDatabase(context, 'utility.service', async (database, actor) => {
        const { stopped, started } = await transferService(database, { actor, input: { account: accountKey, toCustomerId: options.to, on: options.on,
          readings: options.meter && options.reading !== undefined ? { [options.meter.toUpperCase()]: options.reading } : {} } });
        writeLine(context.stdout, `${stopped.accountNumber} (${stopped.customerName}) stops on ${stopped.stoppedOn}; ${started.accountNumber} (${started.customerName}) starts on ${started.startedOn}`);
      });
    });
  const meter = utility.command('meter').description('meters: add to stock, install, remove, exchange');
  meter
    .command('add <serial>')
    .requiredOption('--size <inches>', 'meter size: 5/8, 3/4, 1, 1-1/2, 2, 3, 4, 6, 8')
    .option('--dials <n>', 'dials (the register rolls over after 10^n - 1)', '6')
    .option('--multiplier <n>', 'reading multiplier', '1')
    .option('--unit <unit>', 'HCF or GAL', 'HCF')
    .option('--manufacturer <name>')
    .action(async (serial: string, options: { size: string; dials: string; multiplier: string; unit: string; manufacturer?: string }) => {
      await withDatabase(context, 'utility.service', async (database, actor) => {
        const added = await addMeter(database, { actor, input: { serial, size: options.size, dials: Number(options.dials), multiplier: options.multiplier,
          unit: options.unit.toUpperCase(), manufacturer: options.manufacturer ?? null } });
        writeLine(context.stdout, `Meter ${added.serial} (${added.size}", ${added.dials} dials, ${added.unit}) added to stock`);
      });
    });
  meter
    .command('install <serial>')
    .requiredOption('--location <id>', 'service location id', parsePositiveInteger)
    .requiredOption('--on <YYYY-MM-DD>')
    .requiredOption('--reading <n>', 'the reading it starts at', parseNonNegativeInteger)
    .action(async (serial: string, options: { location: number; on: string; reading: number }) => {
      await withDatabase(context, 'utility.service', async (database, actor) => {
        const installed = await installMeter(database, { actor, input: { serial, serviceLocationId: options.location, installedOn: options.on, reading: options.reading } });
        writeLine(context.stdout, `Meter ${installed.serial} installed at ${installed.locationNumber} on ${installed.installedOn}, reading ${options.reading}`);
      });
    });
  meter
    .command('exchange <oldSerial> <newSerial>')
    .description('the old meter\'s final read and the new meter\'s first; its services read the new meter')
    .requiredOption('--on <YYYY-MM-DD>')
    .requiredOption('--old-reading <n>', 'the old meter\'s final reading', parseNonNegativeInteger)
    .requiredOption('--new-reading <n>', 'the new meter\'s first reading', parseNonNegativeInteger)
    .action(async (oldSerial: string, newSerial: string, options: { on: string; oldReading: number; newReading: number }) => {
      await withDatabase(context, 'utility.service', async (database, actor) => {
        const result = await exchangeMeter(database, { oldSerial, newSerial, on: options.on, oldReading: options.oldReading, newReading: options.newReading, actor });
        writeLine(context.stdout, `Meter ${result.removed.serial} replaced by ${result.installed.serial} on ${options.on}; ${result.agreementsMoved} service(s) moved`);
      });
    });
  const rates = utility.command('rates').description('rate schedules and their effective-dated versions');
  rates
    .command('list')
    .option('--json', 'print JSON (the definitions)')
    .action(async (options: { json?: boolean }) => {
      await withDatabase(context, 'utility.read', async (database) => {
        const schedules = await listRateSchedules(database.kysely);
        if (options.json) return writeJson(context.stdout, schedules);
        context.stdout.write(formatTable([{ header: 'code' }, { header: 'service' }, { header: 'name', maxWidth: 50 }, { header: 'versions' }],
          schedules.map((schedule) => [schedule.code, schedule.serviceType, schedule.name,
            schedule.versions.map((version) => `${version.effectiveFrom}..${version.effectiveTo ?? ''}`).join(', ')])));
      });
    });
  rates
    .command('add-version <code> <file>')
    .description('add a version from a JSON file { "effectiveFrom", "effectiveTo"?, "definition" }: the open version before it ends the day before; gaps, overlaps and bad tiers are refused, named')
    .action(async (code: string, file: string) => {
      const input = JSON.parse(await readFile(file, 'utf8')) as unknown;
      await withDatabase(context, 'utility.rates', async (database, actor) => {
        const result = await addRateVersion(database, { rateCode: code.toUpperCase(), input, actor });
        writeLine(context.stdout, `${code.toUpperCase()}: version from ${result.version.effectiveFrom} added${result.closed ? `; the version from ${result.closed.effectiveFrom} now ends ${result.closed.effectiveTo}` : ''}`);
      });
    });
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
