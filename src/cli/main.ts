/**
 * The `civic` command line. `bin/civic.js` calls `main(process.argv)`; tests call `runCli` with
 * their own context (captured output, a test database) and get the exit code back.
 *
 * Exit codes: 0 success; 1 a refused or failed command (`error [code]: ...`), a broken invariant
 * in `verify`, or an unbalanced trial balance; 2 a usage error (unknown command, bad option).
 */
import { Command } from 'commander';
import { registerAccountCommands } from './commands/accounts.js';
import { registerBillingCommands } from './commands/billing.js';
import { registerCashieringCommands } from './commands/cashiering.js';
import { registerCollectionsSb998 } from './commands/collections-sb998.js';
import { registerCollectionCommands } from './commands/collections.js';
import { registerCollectionsPenalties } from './commands/collections-penalties.js';
import { registerCollectionsLetters } from './commands/collections-letters.js';
import { registerCollectionsArrangements } from './commands/collections-arrangements.js';
import { registerCustomerCommands } from './commands/customers.js';
import { registerDemo } from './commands/demo.js';
import { registerImportCommands } from './commands/import.js';
import { registerMailCommands } from './commands/mail.js';
import { registerLedgerActivity } from './commands/ledger-activity.js';
import { registerLedgerExport } from './commands/ledger-export.js';
import { registerLedgerFundBalances } from './commands/ledger-fund-balances.js';
import { registerLedgerList } from './commands/ledger-list.js';
import { registerLedgerPost } from './commands/ledger-post.js';
import { registerLedgerReverse } from './commands/ledger-reverse.js';
import { registerLedgerShow } from './commands/ledger-show.js';
import { registerLedgerTrialBalance } from './commands/ledger-trial-balance.js';
import { registerMigrate } from './commands/migrate.js';
import { registerOrderCommands } from './commands/orders.js';
import { registerCollectionsLiens } from './commands/collections-liens.js';
import { registerPeriodCommands } from './commands/period.js';
import { registerServe } from './commands/serve.js';
import { registerVerify } from './commands/verify.js';
import { registerReadCommands } from './commands/reads.js';
import { registerReceivablesCommands } from './commands/receivables.js';
import { registerUtilityCommands } from './commands/utility.js';
import { processContext, type CliContext } from './context.js';
import { reportError } from './report-error.js';

export async function main(argv: string[]): Promise<void> {
  process.exitCode = await runCli(argv, processContext());
}

export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  context.exitCode = 0;
  const program = buildProgram(context);
  try {
    await program.parseAsync([...argv], { from: 'node' });
    return context.exitCode;
  } catch (error) {
    return reportError(error, context.stderr, context.env);
  }
}

const environmentHelp = `
Environment:
  DATABASE_URL    PostgreSQL connection string (production); when unset, the embedded
                  PGlite database is used
  CIVIC_DATA_DIR  the embedded database's directory (default ./data)
  PORT            the HTTP port for \`civic serve\` (default 3000)
  CIVIC_DEBUG=1   print the stack of unexpected errors

Every command brings the database schema up to date first.
Exit codes: 0 done, 1 refused or failed (error [code]: ...), 2 usage error.`;

export function buildProgram(context: CliContext): Command {
  const program = new Command('civic')
    .description('Civic Ledger: the books of a California city on a fund-accounting general ledger')
    .addHelpText('after', environmentHelp)
    .option(
      '--as <username>',
      'act as this staff user: their permissions apply and the audit trail names them',
      'system',
    )
    // Settings set here before any subcommand exists are inherited by every subcommand.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    })
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError(true)
    .hook('preAction', (_program, actionCommand) => {
      const options = actionCommand.optsWithGlobals<{ as?: string }>();
      context.asUsername = options.as ?? 'system';
      const names: string[] = [];
      for (let command: Command | null = actionCommand; command?.parent; command = command.parent) {
        names.unshift(command.name());
      }
      context.commandName = names.join(' ');
    });
  registerServe(program, context);
  registerMigrate(program, context);
  registerDemo(program, context);
  const ledger = program
    .command('ledger')
    .description('journal entries, reversals, reports and exports');
  registerLedgerPost(ledger, context);
  registerLedgerReverse(ledger, context);
  registerLedgerShow(ledger, context);
  registerLedgerList(ledger, context);
  registerLedgerTrialBalance(ledger, context);
  registerLedgerActivity(ledger, context);
  registerLedgerFundBalances(ledger, context);
  registerLedgerExport(ledger, context);
  registerPeriodCommands(program, context);
  registerAccountCommands(program, context);
  registerReceivablesCommands(program, context);
  registerUtilityCommands(program, context);
  registerOrderCommands(program, context);
  registerCollectionsLiens(program, context);
  registerCustomerCommands(program, context);
  registerBillingCommands(program, context);
  registerCashieringCommands(program, context);
  registerImportCommands(program, context);
  registerMailCommands(program, context);
  registerReadCommands(program, context);
  registerCollectionsSb998(program, context);
  registerCollectionCommands(program, context);
  registerCollectionsPenalties(program, context);
  registerCollectionsLetters(program, context);
  registerCollectionsArrangements(program, context);
  registerVerify(program, context);
  return program;
}

