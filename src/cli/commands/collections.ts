/**
 * `civic collections ...`: the daily job (`run`, with a progress bar on a terminal), today's work,
 * an account's collection and SB 998 eligibility, the chains; and the parts' own groups:
 * penalties, eligibility/protections/shutoffs, arrangements and holds, liens and closed accounts,
 * notices and letter templates.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  getCollectionAccount,
  getTodaysWork,
  listChains,
  runDailyCollections,
  saveChain,
} from '../../collections/index.js';
import { parseIsoDate, type IsoDate } from '../../shared/dates.js';
import { AppError } from '../../shared/errors.js';
import { formatDollars } from '../../shared/money.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, writeJson } from '../output.js';
import { progressReporter } from '../progress.js';

/** The `civic collections` command, made by whichever part of collections registers first. */
export function collectionsCommand(program: Command): Command {
  return program.commands.find((command) => command.name() === 'collections')
    ?? program.command('collections').description('collections of utility accounts: the daily job, today\'s work, chains, penalties, SB 998 shutoffs, arrangements, holds, liens, notices');
}

export function registerCollectionCommands(program: Command, context: CliContext): void {
  const collections = collectionsCommand(program);
  const day = (text: string | undefined, option: string): IsoDate => (text ? parseIsoDate(text, option) : context.clock.today());

  collections
    .command('run')
    .description('run the daily collection job for a day (penalties, arrangement defaults, holds, the chain); a second run the same day adds nothing')
    .option('--date <YYYY-MM-DD>', 'the day (default: today)')
    .option('--json', 'print JSON (amounts in cents)')
    .action(async (options: { date?: string; json?: boolean }) => {
      await withDatabase(context, 'collections.work', async (database, actor) => {
        const progress = progressReporter(context.stderr, 'Collections');
        try {
          const result = await runDailyCollections(database, { asOf: day(options.date, '--date'), actor, onProgress: (stage, done, total) => {
            if (stage === 'chain') progress.onProgress(done, total);
          } });
          progress.stop();
          if (options.json) return writeJson(context.stdout, result);
          const { penalties, arrangements, holds, chain } = result;
          writeLine(context.stdout, `Collections for ${result.asOf}: ${result.seconds.toFixed(1)} s (${Object.entries(result.stages).map(([stage, seconds]) => `${stage} ${seconds.toFixed(1)} s`).join(', ')})`);
          writeLine(context.stdout, `  Penalties: ${penalties.penaltiesPosted} posted (${formatDollars(penalties.totalCents)}), ${penalties.waived} waived, ${penalties.billsAssessed} bills decided`);
          writeLine(context.stdout, `  Arrangements: ${JSON.stringify(arrangements)}`);
          writeLine(context.stdout, `  Holds ended: ${holds.resumed}`);
          writeLine(context.stdout, `  Chain: ${chain.accountsOwing} accounts past due; ${chain.casesOpened} cases opened, ${chain.casesCured} cured; ${chain.stepsTaken} steps, ${chain.noticesWritten} notices; ${chain.shutoffOrdersPending} shutoff orders pending, ${chain.shutoffsBlocked} refused by the rules; ${chain.waitingOnHold} on hold, ${chain.waitingOnArrangement} on an arrangement`);
        } finally {
          progress.stop();
        }
      });
    });

  collections
    .command('today')
    .description('today\'s collection work: the run, notices, shutoffs waiting and refused, arrangements in default, holds ending, reconnections due')
    .option('--date <YYYY-MM-DD>', 'the day (default: today)')
    .option('--json', 'print JSON')
    .action(async (options: { date?: string; json?: boolean }) => {
      await withDatabase(context, 'collections.read', async (database) => {
        const work = await getTodaysWork(database.kysely, { asOf: day(options.date, '--date') });
        if (options.json) return writeJson(context.stdout, work);
        writeLine(context.stdout, `Collections on ${work.asOf}: ${work.run ? `job ${work.run.status}` : 'the job has not run'}`);
        for (const row of work.openCases) writeLine(context.stdout, `  open cases at ${row.stepName}: ${row.count}`);
        for (const row of work.noticesToday) writeLine(context.stdout, `  notices today: ${row.noticeType} (${row.delivery}) ${row.count}`);
        const lists = [
          ['Shutoff orders waiting for release', work.shutoffsPending],
          ['Shutoffs the rules refused today', work.shutoffsBlockedToday],
          ['Arrangements in default', work.arrangementsInDefault],
          ['Disconnected and paid: reconnect', work.reconnectDue],
          ['Holds ending this week', work.holdsEnding],
          ['Protections expiring in two weeks', work.protectionsExpiring],
        ] as const;
        for (const [title, list] of lists) {
          if (list.count === 0) continue;
          writeLine(context.stdout, `${title}: ${list.count}`);
          for (const row of list.rows.slice(0, 20)) writeLine(context.stdout, `  ${row.accountNumber}  ${row.customerName}  ${row.serviceAddress}`);
        }
      });
    });

  collections
    .command('account <account>')
    .description('an account\'s collection: owed and since when, the case and next step, the timeline, notices, holds, arrangements, protections, shutoff orders')
    .option('--date <YYYY-MM-DD>', 'as of this day (default: today)')
    .option('--json', 'print JSON')
    .action(async (account: string, options: { date?: string; json?: boolean }) => {
      await withDatabase(context, 'collections.read', async (database) => {
        const view = await getCollectionAccount(database.kysely, { accountKey: account, asOf: day(options.date, '--date') });
        if (options.json) return writeJson(context.stdout, view);
        const header = view.account;
        writeLine(context.stdout, `${header.accountNumber}  ${header.customerName}  ${header.serviceAddress}  (${header.className})`);
        writeLine(context.stdout, `Past due ${formatDollars(view.pastDueCents)} of a balance of ${formatDollars(view.balanceCents)}${view.oldestUnpaidDueDate ? `; oldest unpaid due ${view.oldestUnpaidDueDate} (${view.daysPastDue} days)` : ''}`);
        if (view.openCase) {
          writeLine(context.stdout, `Open case since ${view.openCase.openedOn}; last step ${view.openCase.stepName ?? 'none'}${view.openCase.nextStep ? `; next ${view.openCase.nextStep.name}${view.openCase.nextStep.notBefore ? ` not before ${view.openCase.nextStep.notBefore}` : ''}` : ''}`);
        }
        context.stdout.write(formatTable([{ header: 'date' }, { header: 'event' }, { header: 'summary', maxWidth: 80 }, { header: 'by' }],
          view.timeline.map((event) => [event.eventDate, event.eventType, event.summary, event.createdBy])));
      });
    });

  const chain = collections.command('chain').description('the delinquency chain of each utility class');
  chain
    .command('list')
    .description('every class\'s steps')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withDatabase(context, 'collections.read', async (database) => {
        const chains = await listChains(database.kysely);
        if (options.json) return writeJson(context.stdout, chains);
        for (const row of chains) {
          writeLine(context.stdout, `${row.classCode} (${row.className}${row.isResidential ? ', residential: SB 998' : ''})`);
          for (const step of row.steps.filter((candidate) => candidate.isActive)) {
            writeLine(context.stdout, `  ${step.stepOrder}. ${step.name} (${step.stepType}) at ${step.daysPastDue} days past due${step.waitBusinessDays ? `, ${step.waitBusinessDays} business days after the step before` : ''}`);
          }
        }
      });
    });
  chain
    .command('set <class> <file>')
    .description('save a class\'s chain from a JSON file: [{ "stepOrder": 1, "stepType": "late_notice", "name": "Late notice", "daysPastDue": 5, "waitBusinessDays": 0 }, ...]')
    .action(async (classCode: string, file: string) => {
      let steps: unknown;
      try {
        steps = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new AppError('invalid_input', `${file}: not a JSON list of steps (${(error as Error).message})`, { field: 'file' });
      }
      await withDatabase(context, 'collections.setup', async (database, actor) => {
        const saved = await saveChain(database, { classCode, steps, actor });
        writeLine(context.stdout, `Saved the chain of ${saved.classCode}: ${saved.steps.filter((step) => step.isActive).length} steps`);
      });
    });
}
