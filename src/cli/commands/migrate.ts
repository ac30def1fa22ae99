/** `civic migrate`: brings the database schema up to date (every other command does this too). */
import type { Command } from 'commander';
import { migrate } from '../../shared/migrations.js';
import { writeLine, type CliContext } from '../context.js';

export function registerMigrate(program: Command, context: CliContext): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const database = await context.databases.open();
      try {
        writeLine(context.stdout, `Database: ${database.description}`);
        const report = await migrate(database);
        for (const name of report.applied) writeLine(context.stdout, `Applied ${name}`);
        writeLine(
          context.stdout,
          report.applied.length === 0
            ? `Up to date (${report.alreadyApplied} migrations applied earlier).`
            : `Applied ${report.applied.length} migrations (${report.alreadyApplied} were applied earlier).`,
        );
      } finally {
        await context.databases.release(database);
      }
    });
}
