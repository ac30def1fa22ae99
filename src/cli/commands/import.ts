/**
 * `civic import customers|parcels|locations|accounts|balances FILE`, `civic import all --customers
 * F ...`, `civic import offset FUND ACCOUNT` and `civic import xref`: conversion from a legacy
 * system (docs/conversion.md). Every problem is printed by file, row and column; with problems,
 * nothing is imported unless --accept-partial, and the problem report is written beside the file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  conversionKinds,
  exportConversionXref,
  importConversionFiles,
  problemReportCsv,
  setConversionOffsetAccount,
  type ConversionFileInput,
  type ConversionKind,
  type ConversionReport,
} from '../../conversion/index.js';
import { invalidInput } from '../../shared/errors.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, writeJson, writeOutput } from '../output.js';
import { parseFundCode } from '../parsers.js';
import { startProgress } from '../progress.js';

interface ImportFlags {
  dryRun?: boolean;
  acceptPartial?: boolean;
  report?: string;
  json?: boolean;
}

const PROBLEMS_SHOWN = 50;

async function readCsv(kind: ConversionKind, file: string): Promise<ConversionFileInput> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw invalidInput(kind, `cannot read ${file}: ${error.code ?? error.message}`);
  });
  return { kind, name: file, text };
}

function withImportOptions(command: Command): Command {
  return command
    .option('--dry-run', 'check every row and report what would be created, writing nothing')
    .option('--accept-partial', 'import the good rows even when some rows have problems')
    .option('--report <file>', 'write the problem report (CSV) here (default: beside the first file)')
    .option('--json', 'print the report as JSON');
}

export function registerImportCommands(program: Command, context: CliContext): void {
  const command = program
    .command('import')
    .description('convert customers, parcels, locations, accounts and opening balances from a legacy system (CSV)');
  for (const kind of conversionKinds) {
    withImportOptions(command.command(kind).description(`import a ${kind} CSV (layout in docs/conversion.md)`).argument('<file>', 'the CSV file'))
      .action(async (file: string, flags: ImportFlags) => runImport(context, [await readCsv(kind, file)], flags));
  }
  const all = command.command('all').description('import several files together, checked against each other first');
  for (const kind of conversionKinds) all.option(`--${kind} <file>`, `the ${kind} CSV`);
  withImportOptions(all).action(async (flags: ImportFlags & Partial<Record<ConversionKind, string>>) => {
    const files = await Promise.all(conversionKinds.flatMap((kind) => (flags[kind] ? [readCsv(kind, flags[kind])] : [])));
    if (files.length === 0) throw invalidInput('files', `give at least one of ${conversionKinds.map((k) => `--${k}`).join(', ')}`);
    await runImport(context, files, flags);
  });
  command
    .command('offset')
    .description('set the account that takes the other side of a fund\'s opening balances (a conversion clearing account)')
    .argument('<fund>', 'fund code, e.g. 100', parseFundCode)
    .argument('<account>', 'account code, e.g. 100-0000-29900')
    .action(async (fundCode: string, accountCode: string) => {
      await withDatabase(context, 'conversion.import', async (database, actor) => {
        const result = await setConversionOffsetAccount(database, { fundCode, accountCode, actor });
        writeLine(context.stdout, `Opening balances of fund ${result.fundCode} will be offset to ${result.accountCode}.`);
      });
    });
  command
    .command('xref')
    .description('export legacy id → new number for every import (or one) as CSV')
    .option('--import-id <id>', 'only this import', (value) => Number.parseInt(value, 10))
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (flags: { importId?: number; out?: string }) => {
      await withDatabase(context, 'conversion.import', async (database) => {
        const csv = await exportConversionXref(database.kysely, { importId: flags.importId ?? null });
        await writeOutput(context.stdout, flags.out, (write) => write(csv));
      });
    });
}

async function runImport(context: CliContext, files: ConversionFileInput[], flags: ImportFlags): Promise<void> {
  await withDatabase(context, 'conversion.import', async (database, actor) => {
    const rowEstimate = files.reduce((sum, file) => sum + file.text.split('\n').length, 0);
    const progress = startProgress(context.stderr, rowEstimate, 'Importing');
    let report: ConversionReport;
    try {
      report = await importConversionFiles(database, {
        files, actor, clock: context.clock, isDryRun: flags.dryRun ?? false, acceptPartial: flags.acceptPartial ?? false,
        onProgress: (done, total) => progress.update(done, total),
      });
    } finally {
      progress.stop();
    }
    if (report.problems.length > 0) {
      const reportFile = flags.report ?? `${files[0]?.name ?? 'import'}.problems.csv`;
      await writeFile(reportFile, problemReportCsv(report.problems), 'utf8');
      writeLine(context.stderr, `Wrote ${report.problems.length} problem(s) to ${reportFile}.`);
    }
    if (flags.json) writeJson(context.stdout, report);
    else context.stdout.write(formatReport(report));
    if (report.status === 'rejected') context.exitCode = 1;
  });
}

function formatReport(report: ConversionReport): string {
  const heading = {
    dry_run: 'Dry run: nothing was written.',
    rejected: 'Nothing was imported: fix the problems below, or run again with --accept-partial to import the good rows.',
    imported: `Imported (import ${report.importId}${report.isPartial ? ', good rows only' : ''}).`,
  }[report.status];
  const verb = report.status === 'imported' ? 'created' : 'would create';
  const table = formatTable(
    [{ header: 'file' }, { header: 'rows', align: 'right' }, { header: verb, align: 'right' },
      { header: 'already imported', align: 'right' }, { header: 'rows with problems', align: 'right' }],
    report.files.map((file) => {
      const counts = report.counts[file.kind];
      return [`${file.kind} (${file.name})`, String(counts?.rows ?? 0), String(counts?.created ?? 0),
        String(counts?.skipped ?? 0), String(counts?.rowsWithProblems ?? 0)];
    }),
  );
  const problems = report.problems.slice(0, PROBLEMS_SHOWN).map((p) =>
    `  ${p.file} row ${p.row}${p.column ? `, ${p.column}` : ''}: ${p.message}`);
  if (report.problems.length > PROBLEMS_SHOWN) problems.push(`  ... and ${report.problems.length - PROBLEMS_SHOWN} more (see the report file)`);
  return [heading, table.trimEnd(), ...(problems.length > 0 ? ['Problems:', ...problems] : []), ''].join('\n');
}
