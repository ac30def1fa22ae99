/**
 * `civic collections liens ...` (the annual lien roll for the county tax roll: prepare, list,
 * notice, remove, record, payoff, release, submit, export) and `civic collections closed ...`
 * (closed accounts with balances: list, notice, transfer, write-off, refer). Reading needs
 * collections.read, writing collections.liens.
 */
import type { Command } from 'commander';
import { buildApprovalHandlers } from '../../app/index.js';
import {
  exportLienRoll,
  getLienPayoff,
  lienStatuses,
  listClosedAccountBalances,
  listLiens,
  payOffLien,
  prepareLienRoll,
  recordLien,
  referClosedAccounts,
  releaseLien,
  removeLien,
  requestClosedAccountWriteOff,
  sendClosedAccountNotices,
  sendLienNotices,
  submitLienRoll,
  transferClosedBalance,
  type Lien,
  type LienStatus,
} from '../../collections/index.js';
import { parseIsoDate } from '../../shared/dates.js';
import { AppError } from '../../shared/errors.js';
import { formatCents } from '../../shared/money.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, moneyCell, writeJson, writeOutput } from '../output.js';
import { parseFiscalYear } from '../parsers.js';
import { collectionsCommand } from './collections.js';

const read = 'collections.read';
const write = 'collections.liens';


function lienTable(liens: readonly Lien[]): string {
  return formatTable(
    [{ header: 'lien', align: 'right' }, { header: 'FY' }, { header: 'APN' }, { header: 'account' }, { header: 'owner', maxWidth: 28 },
      { header: 'amount', align: 'right' }, { header: 'payoff', align: 'right' }, { header: 'status' }, { header: 'recording' }],
    liens.map((lien) => [String(lien.id), String(lien.fiscalYear), lien.apn, lien.accountNumber, lien.ownerName, formatCents(lien.amountCents),
      moneyCell(lien.payoffCents, { showZero: true }), lien.status, lien.recordingNumber ?? '']),
  );
}

function dateOption(value: string | undefined, field: string, context: CliContext) {
  return value ? parseIsoDate(value, field) : context.clock.today();
}

export function registerCollectionsLiens(program: Command, context: CliContext): void {
  const liens = collectionsCommand(program).command('liens').description('the annual list of delinquent accounts by APN for the county tax roll');

  liens.command('prepare').description('prepare (or add to) the draft roll of a fiscal year as of a date, set-based')
    .requiredOption('--year <fy>', 'the fiscal year (named by the year it ends: 2027 is the 2026-27 tax roll)', parseFiscalYear)
    .requiredOption('--as-of <date>', 'delinquency is counted as of this date')
    .option('--json', 'print JSON')
    .action(async (options: { year: number; asOf: string; json?: boolean }) => {
      await withDatabase(context, write, async (database, actor) => {
        const result = await prepareLienRoll(database, { fiscalYear: options.year, asOf: options.asOf, actor, today: context.clock.today() });
        if (options.json) return writeJson(context.stdout, result);
        writeLine(context.stdout, `FY${options.year} roll (${result.roll.status}, as of ${result.roll.asOfDate}, due to the county auditor by ${result.roll.dueToCountyOn}):`);
        writeLine(context.stdout, `  listed now ${result.listed} for ${formatCents(result.listedCents)}; on the roll ${result.roll.lienCount} for ${formatCents(result.roll.totalCents)}`);
        if (result.feesCents > 0) writeLine(context.stdout, `  processing fees posted: ${formatCents(result.feesCents)}`);
        if (result.excluded.length > 0) writeLine(context.stdout, `Left out (${result.excluded.length}):`);
        for (const row of result.excluded) writeLine(context.stdout, `  ${row.message}`);
      });
    });

  liens.command('list').description('liens of a fiscal year, a status or an account')
    .option('--year <fy>', 'the fiscal year', parseFiscalYear)
    .option('--status <status>', `only this status (${lienStatuses.join(', ')})`)
    .option('--account <account>', 'only this utility account')
    .option('--json', 'print JSON')
    .action(async (options: { year?: number; status?: string; account?: string; json?: boolean }) => {
      if (options.status && !lienStatuses.includes(options.status as LienStatus)) {
        throw new AppError('invalid_input', `--status: one of ${lienStatuses.join(', ')}`, { field: '--status' });
      }
      await withDatabase(context, read, async (database) => {
        const found = await listLiens(database.kysely, { fiscalYear: options.year ?? null, status: (options.status as LienStatus | undefined) ?? null, account: options.account ?? null });
        if (options.json) return writeJson(context.stdout, found);
        context.stdout.write(lienTable(found));
        writeLine(context.stdout, `${found.length} liens`);
      });
    });

  liens.command('notice').description('mail lien notices to the owners of the listed accounts of a roll')
    .requiredOption('--year <fy>', 'the fiscal year', parseFiscalYear)
    .option('--date <date>', 'the notice date (default today)')
    .option('--hearing <date>', 'the council hearing date the notice announces')
    .action(async (options: { year: number; date?: string; hearing?: string }) => {
      await withDatabase(context, write, async (database, actor) => {
        const sent = await sendLienNotices(database, { fiscalYear: options.year, noticeDate: dateOption(options.date, '--date', context), hearingDate: options.hearing, actor });
        writeLine(context.stdout, `${sent.noticed} lien notices`);
      });
    });

  liens.command('remove').description('take an account off the draft roll, with a reason')
    .argument('<lien>', 'the lien id, or the account number')
    .requiredOption('--reason <text>', 'why (e.g. paid before submission)')
    .action(async (lien: string, options: { reason: string }) => {
      await withDatabase(context, write, async (database, actor) => {
        const removed = await removeLien(database, { lienKey: lien, reason: options.reason, on: context.clock.today(), actor });
        writeLine(context.stdout, `Lien ${removed.id} on ${removed.accountNumber} removed: ${removed.removedReason}`);
      });
    });

  liens.command('record').description('the county recorder\'s document number and date for a lien')
    .argument('<lien>', 'the lien id, or the account number')
    .requiredOption('--number <recording>', 'the recording (document) number')
    .requiredOption('--date <date>', 'the recording date')
    .action(async (lien: string, options: { number: string; date: string }) => {
      await withDatabase(context, write, async (database, actor) => {
        const recorded = await recordLien(database, { lienKey: lien, recordingNumber: options.number, recordedOn: options.date, actor, today: context.clock.today() });
        writeLine(context.stdout, `Lien ${recorded.id} on APN ${recorded.apn} recorded as ${recorded.recordingNumber} on ${recorded.recordedOn}; it lasts until ${recorded.expiresOn}`);
      });
    });

  liens.command('payoff').description('show what pays a lien off; with --mark, mark it paid off (refused while owed)')
    .argument('<lien>', 'the lien id, or the account number')
    .option('--mark', 'mark the lien paid off')
    .action(async (lien: string, options: { mark?: boolean }) => {
      await withDatabase(context, options.mark ? write : read, async (database, actor) => {
        if (options.mark) {
          const paid = await payOffLien(database, { lienKey: lien, on: context.clock.today(), actor });
          return writeLine(context.stdout, `Lien ${paid.id} on ${paid.accountNumber} paid off on ${paid.paidOffOn}`);
        }
        const payoff = await getLienPayoff(database.kysely, lien);
        writeLine(context.stdout, `Lien ${payoff.lien.id} on ${payoff.lien.accountNumber} (APN ${payoff.lien.apn}): listed ${formatCents(payoff.lien.amountCents)}, paid ${formatCents(payoff.paidCents)}, payoff ${formatCents(payoff.payoffCents)}`);
      });
    });

  liens.command('release').description('the recorded release of a paid-off lien')
    .argument('<lien>', 'the lien id, or the account number')
    .requiredOption('--number <recording>', 'the release\'s recording number')
    .requiredOption('--date <date>', 'the release\'s recording date')
    .action(async (lien: string, options: { number: string; date: string }) => {
      await withDatabase(context, write, async (database, actor) => {
        const released = await releaseLien(database, { lienKey: lien, releaseRecordingNumber: options.number, releasedOn: options.date, actor });
        writeLine(context.stdout, `Lien ${released.id} on APN ${released.apn} released (${released.releaseRecordingNumber}, ${released.releasedOn})`);
      });
    });

  liens.command('export').description('the roll for the county as CSV (APN, amount, account, owner); --submit marks it submitted')
    .requiredOption('--year <fy>', 'the fiscal year', parseFiscalYear)
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--submit', 'mark the roll submitted to the county auditor (it no longer changes)')
    .action(async (options: { year: number; out?: string; submit?: boolean }) => {
      await withDatabase(context, options.submit ? write : read, async (database, actor) => {
        if (options.submit) await submitLienRoll(database, { fiscalYear: options.year, on: context.clock.today(), actor });
        const exported = await exportLienRoll(database.kysely, { fiscalYear: options.year });
        await writeOutput(context.stdout, options.out, (chunk) => chunk(exported.csv));
        if (options.out) context.stderr.write(`${exported.rows} liens written to ${options.out}\n`);
      });
    });

  registerClosed(collectionsCommand(program), context);
}

function registerClosed(collections: Command, context: CliContext): void {
  const closed = collections.command('closed').description('closed accounts with balances: final notices, transfers, write-offs, agency referrals');

  closed.command('list').description('final-billed and closed accounts with a balance owing, oldest debt first')
    .option('--as-of <date>', 'aging as of this date (default today)')
    .option('--json', 'print JSON')
    .action(async (options: { asOf?: string; json?: boolean }) => {
      await withDatabase(context, read, async (database) => {
        const found = await listClosedAccountBalances(database.kysely, { asOf: dateOption(options.asOf, '--as-of', context) });
        if (options.json) return writeJson(context.stdout, found);
        context.stdout.write(formatTable(
          [{ header: 'account' }, { header: 'customer', maxWidth: 28 }, { header: 'status' }, { header: 'balance', align: 'right' },
            { header: '90+ days', align: 'right' }, { header: 'oldest due' }, { header: 'active account' }, { header: 'noticed' }, { header: 'referred' }],
          found.map((row) => [row.accountNumber, row.customerName, row.status, formatCents(row.balanceCents),
            moneyCell(row.aging.days90 + row.aging.days120), row.oldestDueDate ?? '', row.activeAccountNumber ?? '', row.lastFinalNoticeOn ?? '',
            row.referredOn ? `${row.referredOn} ${row.agency}` : '']),
        ));
        writeLine(context.stdout, `${found.length} accounts`);
      });
    });

  closed.command('notice').description('final notices (the given accounts, or every one not noticed in 30 days)')
    .argument('[accounts...]', 'account numbers')
    .option('--date <date>', 'the notice date (default today)')
    .action(async (accounts: string[], options: { date?: string }) => {
      await withDatabase(context, write, async (database, actor) => {
        const sent = await sendClosedAccountNotices(database, { accounts, noticeDate: dateOption(options.date, '--date', context), actor });
        writeLine(context.stdout, `${sent.noticed} final notices${sent.noticeNumbers.length > 0 ? `: ${sent.noticeNumbers.join(', ')}` : ''}`);
      });
    });

  closed.command('transfer').description('move a closed account\'s balance to the same customer\'s active utility account')
    .argument('<account>', 'the closed account')
    .option('--to <account>', 'the account to move it to (default: the customer\'s newest active one)')
    .option('--date <date>', 'the transfer date (default today)')
    .action(async (account: string, options: { to?: string; date?: string }) => {
      await withDatabase(context, write, async (database, actor) => {
        const moved = await transferClosedBalance(database, { account, toAccount: options.to ?? null, transferDate: dateOption(options.date, '--date', context), actor });
        writeLine(context.stdout, `Moved ${formatCents(moved.amountCents)} from ${moved.fromAccountNumber} to ${moved.toAccountNumber} (journal entry ${moved.entry.id})`);
      });
    });

  closed.command('write-off').description('file a write-off of a closed account\'s balance for approval')
    .argument('<account>', 'the closed account')
    .requiredOption('--reason <code>', 'the reason code (UNCOLLECTIBLE, BANKRUPTCY, DECEASED, STATUTE)')
    .requiredOption('--description <text>', 'why')
    .option('--date <date>', 'the write-off date (default today)')
    .action(async (account: string, options: { reason: string; description: string; date?: string }) => {
      await withDatabase(context, write, async (database, principal) => {
        const request = await requestClosedAccountWriteOff(database, { account, writeOffDate: dateOption(options.date, '--date', context),
          reasonCode: options.reason, description: options.description, principal, handlers: buildApprovalHandlers(context.clock) });
        writeLine(context.stdout, `Write-off filed for approval: request ${request.id} (${request.summary})`);
      });
    });

  closed.command('refer').description('refer closed accounts to a collection agency (once each) and write the agency\'s CSV')
    .argument('[accounts...]', 'account numbers (default: every one given a final notice 30 days ago or more and not referred)')
    .requiredOption('--agency <name>', 'the collection agency')
    .option('--date <date>', 'the referral date (default today)')
    .option('--out <file>', 'write the CSV to this file instead of stdout')
    .action(async (accounts: string[], options: { agency: string; date?: string; out?: string }) => {
      await withDatabase(context, write, async (database, actor) => {
        const referral = await referClosedAccounts(database, { accounts, agency: options.agency, referredOn: dateOption(options.date, '--date', context), actor });
        await writeOutput(context.stdout, options.out, (chunk) => chunk(referral.csv));
        context.stderr.write(`${referral.referred} accounts referred to ${referral.agency} for ${formatCents(referral.totalCents)} (batch ${referral.batch})\n`);
      });
    });
}
