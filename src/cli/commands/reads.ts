/**
 * `civic reads ...`: meter read files from handhelds and AMI (all or nothing, or the good rows),
 * manual reads and re-reads, estimates, and the review queue (accept with a reason, reject).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  acceptRead,
  countReadExceptions,
  enterRead,
  estimateReads,
  importReads,
  listReadExceptions,
  listReadLayouts,
  readExceptionCodes,
  rejectRead,
  type MeterReadRow,
  type ReadExceptionCode,
} from '../../utility/index.js';
import { invalidInput } from '../../shared/errors.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, writeJson } from '../output.js';
import { progressReporter } from '../progress.js';

function readsTable(rows: readonly MeterReadRow[]): string {
  return formatTable([{ header: 'id', align: 'right' }, { header: 'meter' }, { header: 'account' }, { header: 'date' },
    { header: 'reading', align: 'right' }, { header: 'previous', align: 'right' }, { header: 'use', align: 'right' }, { header: 'unit' },
    { header: 'held for' }, { header: 'file, row' }],
  rows.map((row) => [String(row.id), row.meterSerial, row.accountNumber ?? '', row.readDate, String(row.reading),
    row.previousReading === null ? '' : String(row.previousReading), row.consumption ?? '', row.unit, row.exceptionCodes.join(', '),
    row.fileName ? `${row.fileName}, ${row.rowNumber}` : row.source]));
}

export function registerReadCommands(program: Command, context: CliContext): void {
  const reads = program.command('reads').description('meter reads: import files, manual reads, estimates, the review queue');

  reads
    .command('import <file>')
    .description('import a file of meter reads; the same file twice is refused, a file with any bad row stores nothing')
    .option('--layout <code>', 'the file\'s layout (see `civic reads layouts`)', 'handheld-csv')
    .option('--accept-good-rows', 'store the good rows and list the others, instead of refusing the file')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { layout: string; acceptGoodRows?: boolean; json?: boolean }) => {
      const content = await readFile(file, 'utf8');
      await withDatabase(context, 'utility.reads', async (database, actor) => {
        const progress = progressReporter(context.stderr, 'Reads');
        const result = await importReads(database, {
          fileName: basename(file), content, layoutCode: options.layout, acceptGoodRows: options.acceptGoodRows === true, actor,
          clock: context.clock, onProgress: progress.onProgress,
        }).finally(() => progress.stop());
        if (options.json) return writeJson(context.stdout, result);
        const codes = Object.entries(result.exceptionsByCode).map(([code, count]) => `${code} ${count}`).join(', ');
        writeLine(context.stdout, `Imported ${result.fileName} (import ${result.importId}): ${result.rowCount} rows, ${result.acceptedCount} accepted, ` +
          `${result.exceptionCount} held for review${codes ? ` (${codes})` : ''}, ${result.rejectedCount} rows left out` +
          `${result.supersededCount ? `, ${result.supersededCount} re-reads replaced a read` : ''}`);
        if (result.problems.length > 0) {
          context.stdout.write(formatTable([{ header: 'row', align: 'right' }, { header: 'field' }, { header: 'problem', maxWidth: 80 }],
            result.problems.map((problem) => [String(problem.row), problem.field, problem.message])));
        }
      });
    });

  reads
    .command('layouts')
    .description('the read file layouts')
    .action(async () => {
      await withDatabase(context, 'utility.reads', async (database) => {
        const layouts = await listReadLayouts(database.kysely);
        context.stdout.write(formatTable([{ header: 'code' }, { header: 'name' }, { header: 'dates' }, { header: 'active' }],
          layouts.map((layout) => [layout.code, layout.name, layout.spec.dateFormat, layout.isActive ? 'yes' : 'no'])));
      });
    });

  reads
    .command('exceptions')
    .description('the review queue: reads held by the checks, oldest first')
    .option('--code <code>', `only reads held for this (${readExceptionCodes.join(', ')})`)
    .option('--import <id>', 'only reads of this import')
    .option('--cycle <code>', 'only meters of this billing cycle')
    .option('--limit <n>', 'at most this many', '200')
    .option('--json', 'print JSON')
    .action(async (options: { code?: string; import?: string; cycle?: string; limit: string; json?: boolean }) => {
      if (options.code && !(readExceptionCodes as readonly string[]).includes(options.code)) {
        throw invalidInput('--code', `must be one of ${readExceptionCodes.join(', ')}`);
      }
      await withDatabase(context, 'utility.reads', async (database) => {
        const rows = await listReadExceptions(database.kysely, {
          ...(options.code ? { code: options.code as ReadExceptionCode } : {}),
          ...(options.import ? { importId: Number(options.import) } : {}),
          ...(options.cycle ? { cycleCode: options.cycle } : {}),
          limit: Number(options.limit),
        });
        if (options.json) return writeJson(context.stdout, rows);
        const counts = await countReadExceptions(database.kysely);
        writeLine(context.stdout, `${counts.total} reads wait for review` +
          (counts.total > 0 ? `: ${Object.entries(counts.byCode).map(([code, count]) => `${code} ${count}`).join(', ')}` : ''));
        if (rows.length > 0) context.stdout.write(readsTable(rows));
      });
    });

  reads
    .command('enter <meter> <date> <reading>')
    .description('a read typed by hand (or a field worker\'s, --field); --reread replaces the read of that date')
    .option('--reread', 'a re-read: replaces the live read of the meter and date')
    .option('--type <type>', 'first or final (a move-in or move-out read)')
    .option('--field', 'a field worker\'s read (source field)')
    .option('--reader <id>', 'who read it')
    .option('--notes <text>', 'a note')
    .action(async (meter: string, date: string, reading: string,
      options: { reread?: boolean; type?: string; field?: boolean; reader?: string; notes?: string }) => {
      await withDatabase(context, 'utility.reads', async (database, actor) => {
        const read = await enterRead(database, { input: { meter, readDate: date, reading, readType: options.reread ? 'reread' : options.type ?? 'actual',
          source: options.field ? 'field' : 'manual', readerId: options.reader, notes: options.notes }, actor, clock: context.clock });
        writeLine(context.stdout, `Read ${read.id}: ${read.meterSerial} ${read.readDate} ${read.reading}, use ${read.consumption ?? 'unknown'} ${read.unit}, ` +
          `${read.status === 'exception' ? `held for review (${read.exceptionCodes.join(', ')})` : read.status}`);
      });
    });

  reads
    .command('estimate')
    .description('estimated reads for meters in service with no read in the window, from their 12-month average')
    .requiredOption('--date <YYYY-MM-DD>', 'the estimates\' read date')
    .option('--from <YYYY-MM-DD>', 'the window\'s first day (default: --date)')
    .option('--cycle <code>', 'only meters of this billing cycle')
    .option('--route <code>', 'only meters of this route')
    .action(async (options: { date: string; from?: string; cycle?: string; route?: string }) => {
      await withDatabase(context, 'utility.reads', async (database, actor) => {
        const result = await estimateReads(database, { input: { readDate: options.date, from: options.from, cycleCode: options.cycle,
          routeCode: options.route }, actor, clock: context.clock });
        writeLine(context.stdout, `${result.estimatedCount} reads estimated (${result.exceptionCount} held for review); ` +
          `${result.notEstimated.length} meters could not be estimated`);
        if (result.notEstimated.length > 0) {
          context.stdout.write(formatTable([{ header: 'meter' }, { header: 'why not' }], result.notEstimated.map((row) => [row.meter, row.reason])));
        }
      });
    });

  for (const [name, decide, verb] of [['accept', acceptRead, 'accepted'], ['reject', rejectRead, 'rejected']] as const) {
    reads
      .command(`${name} <readId>`)
      .description(name === 'accept' ? 'accept a held read as it is (an override: your name and the reason are recorded)' : 'reject a held read')
      .requiredOption('--reason <text>', 'why (at least 10 characters; audited)')
      .action(async (readId: string, options: { reason: string }) => {
        await withDatabase(context, 'utility.reads.review', async (database, actor) => {
          const read = await decide(database, { readId: Number(readId), reason: options.reason, actor, clock: context.clock });
          writeLine(context.stdout, `Read ${read.id} (${read.meterSerial} ${read.readDate}) ${verb} by ${read.reviewedBy}: ${read.reviewReason}`);
        });
      });
  }
}
