/** `civic demo`: loads the demo city into the configured database (does nothing if it is there). */
import type { Command } from 'commander';
import { loadDemoCity, type DemoCityReport } from '../../demo/index.js';
import { actorFromOptions, withDatabase, writeLine, type CliContext } from '../context.js';
import { startProgress, type Progress } from '../progress.js';

export function registerDemo(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description('load the demo city (a fictional California city with five months of books)')
    .action(async (_options: unknown, command: Command) => {
      const actor = actorFromOptions(command.optsWithGlobals());
      await withDatabase(context, async (database) => {
        writeLine(context.stdout, `Database: ${database.description}`);
        let progress: Progress | undefined;
        const onProgress = (done: number, total: number) => {
          progress ??= startProgress(context.stderr, total, 'Posting the demo journal');
          progress.update(done, total);
        };
        const report = await loadDemoCity(database, {
          clock: context.clock,
          actor,
          ...(context.stderr.isTTY ? { onProgress } : {}),
        }).finally(() => progress?.stop());
        printDemoReport(context, report);
      });
    });
}

export function printDemoReport(context: CliContext, report: DemoCityReport): void {
  if (report.wasAlreadyLoaded) {
    writeLine(context.stdout, `${report.cityName} is already loaded; nothing was posted.`);
    return;
  }
  writeLine(context.stdout, `Loaded ${report.cityName}:`);
  writeLine(
    context.stdout,
    `  ${report.fundCount} funds, ${report.departmentCount} departments, ${report.accountCount} accounts`,
  );
  writeLine(
    context.stdout,
    `  ${report.entriesPosted} journal entries posted (${report.entryCount} in the demo), July-November 2026`,
  );
  if (report.periodsClosed.length > 0) {
    writeLine(
      context.stdout,
      `  closed ${report.periodsClosed.length} periods: FY 2025-26 and July-September 2026`,
    );
  }
  // The next issue adds staff accounts; the demo users it creates (and their passwords) print here.
}
