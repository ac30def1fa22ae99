/**
 * `civic receivables ...`: an account's balance, aging and activity; charges and payments from
 * the command line (scripts and integrations); the aging report; set-up of control accounts.
 */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import {
  getAgingReport,
  getReceivableAccount,
  listAccountActivity,
  listReceivableControls,
  postCharges,
  postPayment,
  reverseReceivableEntry,
  setReceivableControl,
} from '../../receivables/index.js';
import { parseIsoDate } from '../../shared/dates.js';
import { formatCents } from '../../shared/money.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, writeJson } from '../output.js';
import { parseEntryId } from '../parsers.js';

const money = (cents: number) => formatCents(cents as never);

export function registerReceivablesCommands(program: Command, context: CliContext): void {
  const receivables = program.command('receivables').description('receivable accounts: balances, aging, charges, payments');

  receivables
    .command('show <account>')
    .description('an account (number like MB-100234, or id) with its balance, aging and latest items')
    .option('--as-of <YYYY-MM-DD>', 'balance and aging as of this date (default: today)')
    .option('--json', 'print JSON (amounts in cents)')
    .action(async (key: string, options: { asOf?: string; json?: boolean }) => {
      await withDatabase(context, 'customers.read', async (database) => {
        const asOf = options.asOf ? parseIsoDate(options.asOf, '--as-of') : context.clock.today();
        const account = await getReceivableAccount(database.kysely, key, asOf);
        const { items } = await listAccountActivity(database.kysely, account.id, { limit: 25 });
        if (options.json) return writeJson(context.stdout, { account, items });
        writeLine(context.stdout, `${account.accountNumber}  ${account.kindName}  ${account.customerName} (${account.customerNumber})  fund ${account.fundCode}  ${account.status}`);
        writeLine(context.stdout, `Balance as of ${asOf}: ${money(account.balanceCents)}${account.unappliedCreditCents > 0 ? `  (credit ${money(account.unappliedCreditCents)})` : ''}`);
        writeLine(context.stdout, `Aging: current ${money(account.aging.current)}  30 ${money(account.aging.days30)}  60 ${money(account.aging.days60)}  90 ${money(account.aging.days90)}  120+ ${money(account.aging.days120)}`);
        writeLine(context.stdout);
        context.stdout.write(formatTable(
          [{ header: 'date' }, { header: 'type' }, { header: 'description', maxWidth: 40 }, { header: 'due' },
            { header: 'amount', align: 'right' }, { header: 'applied', align: 'right' }, { header: 'balance', align: 'right' }, { header: 'JE', align: 'right' }],
          items.map((item) => [item.itemDate, item.chargeClass && item.chargeClass !== 'charge' ? item.chargeClass : item.itemType,
            item.description, item.dueDate ?? '', money(item.amountCents), money(item.appliedCents), money(item.balanceAfterCents), String(item.journalEntryId)]),
        ));
      });
    });

  receivables
    .command('charge <account>')
    .description('post a charge to an account')
    .requiredOption('--revenue <account>', 'revenue account, e.g. 100-2100-42100')
    .requiredOption('--amount <dollars>', 'amount in dollars, e.g. 150.00')
    .requiredOption('--description <text>', 'what the charge is for')
    .option('--date <YYYY-MM-DD>', 'charge date (default: today)')
    .option('--due <YYYY-MM-DD>', 'due date (default: 30 days after the charge date)')
    .option('--class <class>', 'charge, penalty or interest', 'charge')
    .option('--key <idempotency-key>', 'posting the same key again posts nothing new')
    .action(async (key: string, options: { revenue: string; amount: string; description: string; date?: string; due?: string; class: string; key?: string }) => {
      await withDatabase(context, 'receivables.charge', async (database, actor) => {
        const chargeDate = options.date ?? context.clock.today();
        const due = options.due ?? new Date(Date.parse(`${chargeDate}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
        const result = await postCharges(database, {
          input: { account: key, chargeDate, dueDate: due, idempotencyKey: options.key ?? randomUUID(),
            lines: [{ revenueAccount: options.revenue, amount: options.amount, description: options.description, chargeClass: options.class }] },
          actor,
        });
        writeLine(context.stdout, `${result.isReplay ? 'Already posted' : 'Posted'}: journal entry ${result.entry.id}, ${money(result.entry.totalDebitCents)} to ${result.account.accountNumber}`);
      });
    });

  receivables
    .command('pay <account>')
    .description('apply a payment to an account by its allocation order')
    .requiredOption('--amount <dollars>', 'amount in dollars')
    .requiredOption('--cash <account>', 'the account debited, e.g. 100-0000-10100')
    .option('--date <YYYY-MM-DD>', 'payment date (default: today)')
    .option('--reference <text>', 'check number, receipt number')
    .option('--key <idempotency-key>', 'posting the same key again posts nothing new')
    .action(async (key: string, options: { amount: string; cash: string; date?: string; reference?: string; key?: string }) => {
      await withDatabase(context, 'receivables.payment', async (database, actor) => {
        const result = await postPayment(database, {
          input: { account: key, paymentDate: options.date ?? context.clock.today(), amount: options.amount, cashAccount: options.cash,
            reference: options.reference ?? null, idempotencyKey: options.key ?? randomUUID() },
          actor,
        });
        writeLine(context.stdout, `${result.isReplay ? 'Already posted' : 'Posted'}: journal entry ${result.entry.id}; applied ${money(result.appliedCents)}, credit left ${money(result.creditLeftCents)}`);
      });
    });

  receivables
    .command('reverse <entry>')
    .description('reverse a receivable charge, payment or adjustment (its journal entry) with a reason')
    .requiredOption('--reason <text>', 'why (required)')
    .option('--date <YYYY-MM-DD>', 'reversal date (default: today)')
    .action(async (entry: string, options: { reason: string; date?: string }) => {
      await withDatabase(context, 'receivables.adjust', async (database, actor) => {
        const result = await reverseReceivableEntry(database, { journalEntryId: parseEntryId(entry), reason: options.reason,
          reversalDate: options.date ?? null, actor, clock: context.clock });
        writeLine(context.stdout, `Reversed by journal entry ${result.entry.id} (${result.items.length} item${result.items.length === 1 ? '' : 's'})`);
      });
    });

  receivables
    .command('aging')
    .description('the aging report: every account with something open, oldest first')
    .option('--as-of <YYYY-MM-DD>', 'as of this date (default: today)')
    .option('--kind <kind>', 'one kind of account, e.g. utility, misc_billing')
    .option('--fund <code>', 'one fund')
    .option('--json', 'print JSON (amounts in cents)')
    .action(async (options: { asOf?: string; kind?: string; fund?: string; json?: boolean }) => {
      await withDatabase(context, 'customers.read', async (database) => {
        const asOf = options.asOf ? parseIsoDate(options.asOf, '--as-of') : context.clock.today();
        const report = await getAgingReport(database.kysely, { asOf, kind: options.kind, fundCode: options.fund });
        if (options.json) return writeJson(context.stdout, report);
        writeLine(context.stdout, `Aging as of ${asOf}: ${report.accountCount} account${report.accountCount === 1 ? '' : 's'} with something open`);
        const columns = [{ header: 'account' }, { header: 'customer', maxWidth: 30 }, { header: 'current', align: 'right' as const },
          { header: '30-59', align: 'right' as const }, { header: '60-89', align: 'right' as const }, { header: '90-119', align: 'right' as const },
          { header: '120+', align: 'right' as const }, { header: 'total', align: 'right' as const }, { header: 'credit', align: 'right' as const }];
        const t = report.totals;
        context.stdout.write(formatTable(columns, [
          ...report.rows.map((row) => [row.accountNumber, row.customerName, money(row.aging.current), money(row.aging.days30), money(row.aging.days60),
            money(row.aging.days90), money(row.aging.days120), money(row.totalCents), money(row.unappliedCreditCents)]),
          'rule',
          ['Total', '', money(t.current), money(t.days30), money(t.days60), money(t.days90), money(t.days120), money(t.totalCents), money(t.unappliedCreditCents)],
        ]));
      });
    });

  receivables
    .command('controls')
    .description('the receivable control accounts per kind and fund')
    .action(async () => {
      await withDatabase(context, 'customers.read', async (database) => {
        const controls = await listReceivableControls(database.kysely);
        context.stdout.write(formatTable([{ header: 'kind' }, { header: 'fund' }, { header: 'control' }, { header: 'write-offs' }, { header: 'refunds' }],
          controls.map((row) => [row.kind, row.fundCode, row.controlAccountCode, row.writeOffAccountCode ?? '', row.refundAccountCode ?? ''])));
      });
    });

  receivables
    .command('set-control <kind> <fund> <account>')
    .description('make an account the receivable control account of a kind in a fund')
    .option('--write-off <account>', 'where write-offs post (allowance or bad-debt expense)')
    .option('--refund <account>', 'where refunds of credit balances post (refunds payable)')
    .action(async (kind: string, fund: string, account: string, options: { writeOff?: string; refund?: string }) => {
      await withDatabase(context, 'receivables.setup', async (database, actor) => {
        const control = await setReceivableControl(database, { kind, fundCode: fund, controlAccountCode: account,
          writeOffAccountCode: options.writeOff ?? null, refundAccountCode: options.refund ?? null, actor });
        writeLine(context.stdout, `${control.kind} in fund ${control.fundCode}: control ${control.controlAccountCode}`);
      });
    });
}
