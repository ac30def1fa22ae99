/** `civic demo`: loads the demo city into the configured database (does nothing if it is there). */
import type { Command } from 'commander';
import { buildApprovalHandlers } from '../../app/index.js';
import {
  DEMO_PASSWORD,
  demoTotpCode,
  demoUsers,
  loadDemoCity,
  loadDemoUsers,
  type DemoCityReport,
} from '../../demo/index.js';
import type { Principal } from '../../shared/actor.js';
import type { Database } from '../../shared/db.js';
import { invalidInput } from '../../shared/errors.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { progressReporter } from '../progress.js';

export function registerDemo(program: Command, context: CliContext): void {
  const demo = program
    .command('demo')
    .description('load the demo city (a fictional California city with five months of books) and its staff')
    .action(async () => {
      await withDatabase(context, 'system.operate', async (database, actor) => {
        writeLine(context.stdout, `Database: ${database.description}`);
        await loadDemo(context, database, actor);
      });
    });
  demo
    .command('totp')
    .description("print the current second-factor code of a demo user (demo secrets are public)")
    .argument('<username>', 'maria.lopez or admin')
    .action((username: string) => {
      const code = demoTotpCode(username);
      if (!code) throw invalidInput('username', `${username} is not a demo user with a second factor`);
      writeLine(context.stdout, code);
    });
}

/** Loads the demo city and its staff, printing what was loaded and how to sign in. */
export async function loadDemo(context: CliContext, database: Database, actor: Principal): Promise<void> {
  const progress = progressReporter(context.stderr, 'Posting the demo journal');
  const report = await loadDemoCity(database, {
    clock: context.clock,
    actor,
    ...(context.stderr.isTTY ? { onProgress: progress.onProgress } : {}),
  }).finally(progress.stop);
  printDemoReport(context, report);
  await loadDemoUsers(database, { handlers: buildApprovalHandlers(context.clock), actor });
  printDemoUsers(context);
}

export function printDemoUsers(context: CliContext): void {
  writeLine(context.stdout, '');
  writeLine(context.stdout, `Demo staff (password for all: ${DEMO_PASSWORD}):`);
  for (const user of demoUsers) {
    const factor = user.totpSecret ? `  second factor: npx civic demo totp ${user.username} (secret ${user.totpSecret})` : '';
    writeLine(context.stdout, `  ${user.username.padEnd(14)} ${user.role.padEnd(16)} ${user.displayName}${factor}`);
  }
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
  if (report.customersCreated > 0) {
    writeLine(
      context.stdout,
      `  ${report.customersCreated} customers with ${report.receivableItemsPosted} bills, penalties and payments (converted July 1, 2026)`,
    );
  }
  if (report.periodsClosed.length > 0) {
    writeLine(
      context.stdout,
      `  closed ${report.periodsClosed.length} periods: FY 2025-26 and July-September 2026`,
    );
  }
}
