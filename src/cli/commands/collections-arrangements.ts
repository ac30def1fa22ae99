/**
 * `civic collections arrangements ...` and `civic collections holds ...`: payment arrangements
 * (propose = preview, create, list, show, cancel) and collection holds (place, release, list).
 * Reading needs collections.read; writing collections.work. The day is the CLI clock's city date.
 */
import type { Command } from 'commander';
import {
  arrangementStanding,
  arrangementStatuses,
  arrangementTypes,
  cancelArrangement,
  createArrangement,
  getArrangement,
  listArrangements,
  listHolds,
  parseArrangementRequest,
  placeHold,
  proposeArrangement,
  releaseHold,
  type Arrangement,
  type ArrangementStatus,
  type Hold,
  type Installment,
} from '../../collections/index.js';
import { parseIsoDate } from '../../shared/dates.js';
import { AppError } from '../../shared/errors.js';
import { formatDollars } from '../../shared/money.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, moneyCell, writeJson } from '../output.js';
import { collectionsCommand } from './collections.js';


function installmentTable(installments: readonly Installment[]): string {
  return formatTable([{ header: '#' }, { header: 'due' }, { header: 'amount', align: 'right' }],
    installments.map((row) => [String(row.installmentNumber), row.dueOn, moneyCell(row.amountCents, { showZero: true })]));
}

function arrangementTable(arrangements: readonly Arrangement[]): string {
  return formatTable(
    [{ header: 'arrangement' }, { header: 'account' }, { header: 'customer', maxWidth: 28 }, { header: 'type' }, { header: 'status' },
      { header: 'principal', align: 'right' }, { header: 'starts' }, { header: 'in default since' }, { header: 'installments', align: 'right' }],
    arrangements.map((row) => [row.arrangementNumber, row.accountNumber, row.customerName, row.arrangementType, row.status,
      moneyCell(row.principalCents, { showZero: true }), row.startsOn, row.defaultSince ?? '', String(row.installments.length)]),
  );
}

function holdTable(holds: readonly Hold[]): string {
  return formatTable(
    [{ header: 'hold' }, { header: 'account' }, { header: 'customer', maxWidth: 28 }, { header: 'from' }, { header: 'through' },
      { header: 'released' }, { header: 'reason', maxWidth: 40 }],
    holds.map((hold) => [String(hold.id), hold.accountNumber, hold.customerName, hold.startsOn, hold.endsOn,
      hold.releasedOn ? `${hold.releasedOn} (${hold.releaseReason ?? ''})` : '', hold.reason]),
  );
}

interface ArrangementOptions {
  months: string;
  type: string;
  withBills?: boolean;
  firstDue?: string;
  dates?: string;
  reducedPrincipalCents?: string;
  writeOffRequest?: string;
  json?: boolean;
}

function requestOf(account: string, options: ArrangementOptions, asOf: string): unknown {
  return {
    accountId: account, months: Number(options.months), type: options.type, dueWithBills: options.withBills === true,
    firstDueOn: options.firstDue ?? null, dueDates: options.dates ? options.dates.split(',').map((date) => date.trim()) : null,
    reducedPrincipalCents: options.reducedPrincipalCents ?? null, writeOffRequestId: options.writeOffRequest ?? null, asOf,
  };
}

function withArrangementOptions(command: Command): Command {
  return command
    .requiredOption('--months <n>', 'number of monthly installments (at most the setting collections.arrangement_max_months)')
    .option('--type <type>', arrangementTypes.join(', '), 'amortization')
    .option('--with-bills', 'installments due with the next bills (on their due dates)')
    .option('--first-due <YYYY-MM-DD>', 'own dates: the first due date, monthly after; with bills: the earliest (a deferral)')
    .option('--dates <list>', 'own dates given one by one, comma-separated')
    .option('--reduced-principal-cents <cents>', 'reduced: what the installments pay')
    .option('--write-off-request <id>', 'reduced: the write-off approval request for the difference')
    .option('--json', 'print JSON');
}

function registerArrangements(collections: Command, context: CliContext): void {
  const arrangements = collections.command('arrangements').description('payment arrangements: propose, create, list, show, cancel');

  withArrangementOptions(arrangements.command('propose <account>').description('preview the installments of the account\'s past-due balance (writes nothing)'))
    .action(async (account: string, options: ArrangementOptions) => {
      await withDatabase(context, ['collections.read', 'collections.work'], async (database) => {
        const proposal = await proposeArrangement(database.kysely, parseArrangementRequest(requestOf(account, options, context.clock.today())));
        if (options.json) return writeJson(context.stdout, proposal);
        writeLine(context.stdout, `${proposal.accountNumber} ${proposal.customerName}: ${formatDollars(proposal.pastDueCents)} past due; `
          + `${proposal.arrangementType} of ${formatDollars(proposal.principalCents)} in ${proposal.months} installments from ${proposal.startsOn}`
          + `${proposal.reductionCents > 0 ? ` (reduction ${formatDollars(proposal.reductionCents)} needs an approved write-off)` : ''}`);
        context.stdout.write(installmentTable(proposal.installments));
      });
    });

  withArrangementOptions(arrangements.command('create <account>').description('make the arrangement (one active per account)'))
    .action(async (account: string, options: ArrangementOptions) => {
      await withDatabase(context, 'collections.work', async (database, actor) => {
        const arrangement = await createArrangement(database, { input: requestOf(account, options, context.clock.today()), actor });
        if (options.json) return writeJson(context.stdout, arrangement);
        writeLine(context.stdout, `Created ${arrangement.arrangementNumber} for ${arrangement.accountNumber}: `
          + `${formatDollars(arrangement.principalCents)} in ${arrangement.installments.length} installments`);
        context.stdout.write(installmentTable(arrangement.installments));
      });
    });

  arrangements.command('list').description('arrangements, newest first')
    .option('--status <status>', arrangementStatuses.join(', '))
    .option('--in-default', 'only those behind (in default)')
    .option('--account <account>', 'only this utility account')
    .option('--json', 'print JSON')
    .action(async (options: { status?: string; inDefault?: boolean; account?: string; json?: boolean }) => {
      if (options.status !== undefined && !arrangementStatuses.includes(options.status as ArrangementStatus)) {
        throw new AppError('invalid_input', `--status: one of ${arrangementStatuses.join(', ')}`, { field: '--status' });
      }
      await withDatabase(context, 'collections.read', async (database) => {
        const found = await listArrangements(database.kysely, {
          status: (options.status as ArrangementStatus | undefined) ?? null, inDefault: options.inDefault ? true : null, account: options.account ?? null,
        });
        if (options.json) return writeJson(context.stdout, found);
        context.stdout.write(arrangementTable(found));
        writeLine(context.stdout, `${found.length} arrangements`);
      });
    });

  arrangements.command('show <arrangement>').description('one arrangement: its installments and its standing today')
    .option('--json', 'print JSON')
    .action(async (key: string, options: { json?: boolean }) => {
      await withDatabase(context, 'collections.read', async (database) => {
        const arrangement = await getArrangement(database.kysely, key);
        const standing = (await arrangementStanding(database.kysely, { accountIds: [arrangement.accountId], asOf: context.clock.today() })).get(arrangement.accountId);
        const own = standing && standing.arrangementId === arrangement.id ? standing : null;
        if (options.json) return writeJson(context.stdout, { arrangement, standing: own });
        writeLine(context.stdout, `${arrangement.arrangementNumber}  ${arrangement.arrangementType}  ${arrangement.status.toUpperCase()}  `
          + `${arrangement.accountNumber} ${arrangement.customerName}`);
        writeLine(context.stdout, `${formatDollars(arrangement.principalCents)} from ${arrangement.startsOn}${arrangement.dueWithBills ? ', due with the bills' : ''}`
          + `${arrangement.reductionCents > 0 ? `; reduction ${formatDollars(arrangement.reductionCents)} (write-off request ${arrangement.writeOffRequestId})` : ''}`);
        if (own) {
          writeLine(context.stdout, own.isInGoodStanding ? 'In good standing'
            : `${own.status === 'active' ? 'Behind' : 'Defaulted'} since ${own.defaultSince} (${own.daysInDefault} days), ${formatDollars(own.behindCents)} behind`);
        }
        if (arrangement.endReason) writeLine(context.stdout, `Ended ${arrangement.endedOn}: ${arrangement.endReason}`);
        context.stdout.write(installmentTable(arrangement.installments));
      });
    });

  arrangements.command('cancel <arrangement>').description('cancel an active arrangement')
    .requiredOption('--reason <text>', 'why')
    .action(async (key: string, options: { reason: string }) => {
      await withDatabase(context, 'collections.work', async (database, actor) => {
        const cancelled = await cancelArrangement(database, { arrangementKey: key, reason: options.reason, actor, asOf: context.clock.today() });
        writeLine(context.stdout, `${cancelled.arrangementNumber} cancelled`);
      });
    });
}

function registerHolds(collections: Command, context: CliContext): void {
  const holds = collections.command('holds').description('collection holds: place, release, list');

  holds.command('place <account>').description('pause the account\'s collection through an end date (at most 180 days)')
    .requiredOption('--reason <text>', 'why')
    .requiredOption('--until <YYYY-MM-DD>', 'the last day of the hold')
    .option('--json', 'print JSON')
    .action(async (account: string, options: { reason: string; until: string; json?: boolean }) => {
      await withDatabase(context, 'collections.work', async (database, actor) => {
        const hold = await placeHold(database, { accountId: account, reason: options.reason, endsOn: options.until, actor, asOf: context.clock.today() });
        if (options.json) return writeJson(context.stdout, hold);
        writeLine(context.stdout, `Hold ${hold.id} on ${hold.accountNumber} through ${hold.endsOn}`);
      });
    });

  holds.command('release <hold>').description('end a hold early')
    .requiredOption('--reason <text>', 'why')
    .action(async (holdId: string, options: { reason: string }) => {
      await withDatabase(context, 'collections.work', async (database, actor) => {
        const hold = await releaseHold(database, { holdId, reason: options.reason, actor, asOf: context.clock.today() });
        writeLine(context.stdout, `Hold ${hold.id} on ${hold.accountNumber} released`);
      });
    });

  holds.command('list').description('holds, newest first')
    .option('--account <account>', 'only this utility account')
    .option('--in-force', 'only holds in force today')
    .option('--json', 'print JSON')
    .action(async (options: { account?: string; inForce?: boolean; json?: boolean }) => {
      await withDatabase(context, 'collections.read', async (database) => {
        const found = await listHolds(database.kysely, { account: options.account ?? null, inForceOn: options.inForce ? parseIsoDate(context.clock.today(), 'today') : null });
        if (options.json) return writeJson(context.stdout, found);
        context.stdout.write(holdTable(found));
        writeLine(context.stdout, `${found.length} holds`);
      });
    });
}

export function registerCollectionsArrangements(program: Command, context: CliContext): void {
  const collections = collectionsCommand(program);
  registerArrangements(collections, context);
  registerHolds(collections, context);
}
