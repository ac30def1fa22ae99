/** `civic verify`: checks every invariant against the database; exits 1 naming what is wrong. */
import type { Command } from 'commander';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { writeJson } from '../output.js';
import { EXIT_FAILURE } from '../report-error.js';
import { runInvariantChecks, type CheckOutcome } from '../verify.js';

export function registerVerify(program: Command, context: CliContext): void {
  program
    .command('verify')
    .description(
      'check every invariant of the books against the database (exit 1 if any is broken)',
    )
    .option('--json', 'print the results as JSON')
    .action(async (options: { json?: boolean }) => {
      await withDatabase(context, 'audit.read', async (database, actor) => {
        writeLine(context.stderr, `Verifying ${database.description}`);
        const outcomes = await runInvariantChecks(database.kysely, undefined, (outcome) => {
          if (!options.json) printOutcome(context, outcome);
        });
        const broken = outcomes.filter((outcome) => outcome.violations.length > 0);
        if (options.json)
          writeJson(context.stdout, { isClean: broken.length === 0, checks: outcomes });
        else {
          writeLine(
            context.stdout,
            broken.length === 0
              ? `All ${outcomes.length} checks passed.`
              : `${broken.length} of ${outcomes.length} checks FAILED.`,
          );
        }
        if (broken.length > 0) context.exitCode = EXIT_FAILURE;
      });
    });
}

function printOutcome(context: CliContext, outcome: CheckOutcome): void {
  const name = `${outcome.module}.${outcome.invariant}`;
  if (outcome.violations.length === 0) {
    writeLine(context.stdout, `ok      ${name}  ${outcome.description}`);
    return;
  }
  writeLine(context.stdout, `FAILED  ${name}  ${outcome.description}`);
  for (const violation of outcome.violations)
    writeLine(context.stdout, `          - ${violation.message}`);
}
