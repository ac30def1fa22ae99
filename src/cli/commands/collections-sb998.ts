/**
 * `civic collections eligibility|shutoffs|protections|setup …`: SB 998 from the command line.
 * Registered under the `collections` command (created here when no other part made it first).
 */
import { Command } from 'commander';
import {
  addReconnectionFeeSchedule,
  cancelShutoffOrder,
  closeOffice,
  disconnectionReport,
  disconnectionReportCsv,
  evaluateShutoffEligibility,
  findUtilityAccount,
  listOfficeCalendar,
  listProtections,
  listShutoffOrders,
  orderReconnection,
  recordProtection,
  releaseShutoffOrder,
  reopenOffice,
  resolveProtection,
  shutoffStatuses,
  type ShutoffOrder,
  type ShutoffStatus,
} from '../../collections/index.js';
import { parseIsoDate } from '../../shared/dates.js';
import { AppError, notFound } from '../../shared/errors.js';
import { formatDollars, ZERO } from '../../shared/money.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, writeJson } from '../output.js';
import { collectionsCommand } from './collections.js';


function shutoffTable(orders: readonly ShutoffOrder[]): string {
  return formatTable(
    [{ header: 'id' }, { header: 'status' }, { header: 'account' }, { header: 'customer', maxWidth: 24 }, { header: 'address', maxWidth: 24 },
      { header: 'order' }, { header: 'off on' }, { header: 'refused by', maxWidth: 40 }],
    orders.map((o) => [String(o.id), o.status, o.accountNumber, o.customerName, o.serviceAddress, o.serviceOrderNumber ?? '', o.disconnectedOn ?? '',
      o.refusedRules.join(', ')]),
  );
}

function shutoffId(text: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('shutoff order', text);
  return id;
}

export function registerCollectionsSb998(program: Command, context: CliContext): void {
  const collections = collectionsCommand(program);

  collections
    .command('eligibility <account>')
    .description('whether an account may be shut off on a day, rule by rule (SB 998 and local rules)')
    .option('--as-of <YYYY-MM-DD>', 'the day (default today)')
    .option('--json', 'print JSON')
    .action(async (accountKey: string, options: { asOf?: string; json?: boolean }) => {
      await withDatabase(context, 'collections.read', async (database) => {
        const asOf = options.asOf ? parseIsoDate(options.asOf, '--as-of') : context.clock.today();
        const account = await findUtilityAccount(database.kysely, accountKey);
        const result = (await evaluateShutoffEligibility(database.kysely, { accountIds: [account.id], asOf })).get(account.id);
        if (!result) throw notFound('utility account', accountKey);
        if (options.json) return writeJson(context.stdout, { accountId: account.id, asOf, ...result });
        writeLine(context.stdout, `${account.accountNumber} on ${asOf}: ${result.eligible ? 'ELIGIBLE for shutoff' : 'NOT eligible'}` +
          `${result.earliestDate && !result.eligible ? `; earliest ${result.earliestDate}` : ''}`);
        for (const rule of result.rules) {
          const mark = !rule.applies ? 'n/a ' : rule.passed ? 'pass' : 'FAIL';
          writeLine(context.stdout, `  ${mark}  ${rule.code.padEnd(40)} ${rule.reason}`);
        }
      });
    });

  const shutoffs = collections.command('shutoffs').description('shutoff orders: list, release, cancel, reconnect, the annual report');
  shutoffs
    .command('list')
    .option('--status <status>', `only this status (${shutoffStatuses.join(', ')})`)
    .option('--account <account>', 'only this utility account')
    .option('--json', 'print JSON')
    .action(async (options: { status?: string; account?: string; json?: boolean }) => {
      await withDatabase(context, 'collections.read', async (database) => {
        if (options.status !== undefined && !shutoffStatuses.includes(options.status as ShutoffStatus)) {
          throw new AppError('invalid_input', `--status: one of ${shutoffStatuses.join(', ')}`, { field: '--status' });
        }
        const accountId = options.account ? (await findUtilityAccount(database.kysely, options.account, '--account')).id : null;
        const orders = await listShutoffOrders(database.kysely, { status: (options.status as ShutoffStatus | undefined) ?? null, accountId });
        if (options.json) return writeJson(context.stdout, orders);
        context.stdout.write(shutoffTable(orders));
        writeLine(context.stdout, `${orders.length} shutoff orders`);
      });
    });
  shutoffs
    .command('release <id>')
    .description('release a pending order to the field, if every rule allows a shutoff today (refused naming each failed rule)')
    .action(async (id: string) => {
      await withDatabase(context, 'collections.shutoff', async (database, actor) => {
        const order = await releaseShutoffOrder(database, { shutoffId: shutoffId(id), actor, asOf: context.clock.today() });
        writeLine(context.stdout, `Shutoff order ${order.id} released as ${order.serviceOrderNumber}`);
      });
    });
  shutoffs
    .command('cancel <id>')
    .requiredOption('--reason <text>', 'why')
    .action(async (id: string, options: { reason: string }) => {
      await withDatabase(context, 'collections.shutoff', async (database, actor) => {
        const order = await cancelShutoffOrder(database, { shutoffId: shutoffId(id), reason: options.reason, actor, asOf: context.clock.today() });
        writeLine(context.stdout, `Shutoff order ${order.id} cancelled: ${order.cancelReason}`);
      });
    });
  shutoffs
    .command('reconnect <id>')
    .description('order the reconnection and charge the fee (capped for documented low income)')
    .option('--after-hours', 'the reconnection is after normal business hours')
    .action(async (id: string, options: { afterHours?: boolean }) => {
      await withDatabase(context, 'collections.shutoff', async (database, actor) => {
        const order = await orderReconnection(database, { shutoffId: shutoffId(id), afterHours: options.afterHours === true, actor, asOf: context.clock.today() });
        writeLine(context.stdout, `Reconnection ordered as ${order.reconnectOrderNumber}; fee ${formatDollars(order.reconnectionFeeCents ?? ZERO)}${order.lowIncome ? ' (low-income cap)' : ''}`);
      });
    });
  shutoffs
    .command('report')
    .description('disconnections for nonpayment in a calendar year, by month (SB 998 annual report)')
    .requiredOption('--year <year>', 'the calendar year')
    .option('--format <format>', 'text, json or csv', 'text')
    .action(async (options: { year: string; format: string }) => {
      await withDatabase(context, 'collections.read', async (database) => {
        const report = await disconnectionReport(database.kysely, { year: Number(options.year) });
        if (options.format === 'json') return writeJson(context.stdout, report);
        if (options.format === 'csv') return void context.stdout.write(disconnectionReportCsv(report));
        context.stdout.write(formatTable(
          [{ header: 'month' }, { header: 'disconnections' }, { header: 'residential' }, { header: 'non-residential' }, { header: 'low income' }, { header: 'reconnected' }],
          [...report.months.map((m) => [`${report.year}-${String(m.month).padStart(2, '0')}`, ...[m.disconnections, m.residential, m.nonResidential, m.lowIncome, m.reconnected].map(String)]),
            'rule', ['total', ...[report.total.disconnections, report.total.residential, report.total.nonResidential, report.total.lowIncome, report.total.reconnected].map(String)]],
        ));
      });
    });

  registerProtectionCommands(collections, context);
  registerSetupCommands(collections, context);
}

function registerProtectionCommands(collections: Command, context: CliContext): void {
  const protections = collections.command('protections').description('appeals, medical certifications, inability to pay, low income…');
  protections
    .command('list <account>')
    .option('--all', 'include resolved and withdrawn ones')
    .option('--json', 'print JSON')
    .action(async (account: string, options: { all?: boolean; json?: boolean }) => {
      await withDatabase(context, 'collections.read', async (database) => {
        const found = await listProtections(database.kysely, { account, includeEnded: options.all === true });
        if (options.json) return writeJson(context.stdout, found);
        context.stdout.write(formatTable(
          [{ header: 'id' }, { header: 'type' }, { header: 'status' }, { header: 'received' }, { header: 'valid until' }, { header: 'document', maxWidth: 50 }],
          found.map((p) => [String(p.id), p.protectionType, p.status, p.receivedOn, p.validUntil ?? '', p.documentRef]),
        ));
      });
    });
  protections
    .command('add <account> <type>')
    .description('record a protection: appeal, bill_investigation, medical_certification, inability_to_pay, willing_arrangement, low_income')
    .option('--received-on <YYYY-MM-DD>', 'the day it was received (default today)')
    .option('--valid-until <YYYY-MM-DD>', 'the last day it counts (a medical certification needs one)')
    .option('--document <text>', 'what was received or seen')
    .option('--provider <name>', 'medical certification: the primary care provider')
    .option('--license <number>', 'medical certification: the provider\'s license number')
    .option('--program <program>', 'inability to pay / low income: calworks, calfresh, general_assistance, medi_cal, ssi_ssp, wic')
    .option('--case-number <number>', 'the program\'s case number')
    .option('--household-size <n>', 'household size (with --income-cents)')
    .option('--income-cents <cents>', 'annual household income in cents')
    .option('--documented', 'the clerk saw documents otherwise (with --document)')
    .action(async (account: string, protectionType: string, options: Record<string, string | boolean | undefined>) => {
      await withDatabase(context, 'collections.work', async (database, actor) => {
        const result = await recordProtection(database, { account, actor, clock: context.clock, input: {
          protectionType, receivedOn: options.receivedOn ?? null, validUntil: options.validUntil ?? null, documentRef: options.document ?? null,
          providerName: options.provider ?? null, licenseNumber: options.license ?? null, program: options.program ?? null, caseNumber: options.caseNumber ?? null,
          ...(options.householdSize !== undefined ? { householdSize: Number(options.householdSize) } : {}),
          ...(options.incomeCents !== undefined ? { annualIncomeCents: options.incomeCents } : {}),
          documented: options.documented === true,
        } });
        writeLine(context.stdout, `Protection ${result.protection.id} recorded: ${result.protection.protectionType} (${result.protection.documentRef})`);
        if (result.mustOfferArrangement) writeLine(context.stdout, `All three medical conditions hold: offer a payment arrangement (notice ${result.offerNoticeNumber}).`);
      });
    });
  protections
    .command('resolve <id>')
    .option('--withdrawn', 'withdrawn rather than resolved')
    .requiredOption('--reason <text>', 'how it was resolved, or why withdrawn')
    .action(async (id: string, options: { withdrawn?: boolean; reason: string }) => {
      await withDatabase(context, 'collections.work', async (database, actor) => {
        const protection = await resolveProtection(database, { protectionId: Number(id), outcome: options.withdrawn ? 'withdrawn' : 'resolved', reason: options.reason, actor, clock: context.clock });
        writeLine(context.stdout, `Protection ${protection.id} ${protection.status}: ${protection.resolution}`);
      });
    });
}

function registerSetupCommands(collections: Command, context: CliContext): void {
  const setup = collections.commands.find((command) => command.name() === 'setup') ?? collections.command('setup').description('collections set-up');
  setup
    .command('calendar')
    .description('a year\'s state holidays and office closures')
    .requiredOption('--year <year>', 'the calendar year')
    .action(async (options: { year: string }) => {
      await withDatabase(context, 'collections.setup', async (database) => {
        const calendar = await listOfficeCalendar(database.kysely, Number(options.year));
        for (const holiday of calendar.holidays) writeLine(context.stdout, `${holiday.date}  ${holiday.name}`);
        for (const closure of calendar.closures) {
          writeLine(context.stdout, `${closure.closedOn}  ${closure.isClosed ? 'Office closed' : 'Reopened'}: ${closure.reason}${closure.reopenReason ? ` (reopened: ${closure.reopenReason})` : ''}`);
        }
      });
    });
  setup
    .command('close-office <date>')
    .requiredOption('--reason <text>', 'why the office is closed')
    .action(async (date: string, options: { reason: string }) => {
      await withDatabase(context, 'collections.setup', async (database, actor) => {
        const closure = await closeOffice(database, { input: { closedOn: date, reason: options.reason }, actor });
        writeLine(context.stdout, `Office closed on ${closure.closedOn}: ${closure.reason}`);
      });
    });
  setup
    .command('reopen-office <date>')
    .requiredOption('--reason <text>', 'why the day is open after all')
    .action(async (date: string, options: { reason: string }) => {
      await withDatabase(context, 'collections.setup', async (database, actor) => {
        const closure = await reopenOffice(database, { closedOn: date, reason: options.reason, actor });
        writeLine(context.stdout, `Office open again on ${closure.closedOn}`);
      });
    });
  setup
    .command('reconnection-fees')
    .description('a new version of the reconnection fee schedule (amounts in cents)')
    .requiredOption('--from <YYYY-MM-DD>', 'effective from')
    .requiredOption('--business-hours <cents>').requiredOption('--after-hours <cents>')
    .requiredOption('--low-income-cap <cents>', 'business hours cap (H&S 116914: $50, CPI-adjusted)')
    .requiredOption('--low-income-after-hours-cap <cents>', 'after hours cap ($150, CPI-adjusted)')
    .requiredOption('--actual-cost <cents>').requiredOption('--actual-cost-after-hours <cents>')
    .requiredOption('--revenue-account <code>', 'the revenue account fees are charged to')
    .requiredOption('--authority <text>', 'the resolution or ordinance')
    .action(async (o: Record<string, string>) => {
      await withDatabase(context, 'collections.setup', async (database, actor) => {
        const result = await addReconnectionFeeSchedule(database, { actor, input: {
          effectiveFrom: o.from, businessHoursCents: o.businessHours, afterHoursCents: o.afterHours, lowIncomeBusinessHoursCapCents: o.lowIncomeCap,
          lowIncomeAfterHoursCapCents: o.lowIncomeAfterHoursCap, actualCostBusinessHoursCents: o.actualCost, actualCostAfterHoursCents: o.actualCostAfterHours,
          revenueAccountCode: o.revenueAccount, authority: o.authority,
        } });
        writeLine(context.stdout, `Reconnection fee schedule from ${result.effectiveFrom} added`);
      });
    });
}
