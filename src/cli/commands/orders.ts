/**
 * `civic orders ...`: service orders to field workers. The office lists, creates, assigns and
 * cancels them (utility.orders); a field worker (`--as` a user with utility.field) lists their own
 * (`civic orders mine`) and completes them with notes and a reading or a meter exchange.
 */
import type { Command } from 'commander';
import {
  assignServiceOrder,
  cancelServiceOrder,
  completeServiceOrder,
  createServiceOrder,
  getServiceOrder,
  listMyServiceOrders,
  listServiceOrders,
  serviceOrderStatuses,
  serviceOrderTypes,
  type ServiceOrder,
  type ServiceOrderStatus,
  type ServiceOrderType,
} from '../../utility/index.js';
import { shutoffCompletionGuard } from '../../collections/index.js';
import { AppError } from '../../shared/errors.js';
import { withDatabase, writeLine, type CliContext } from '../context.js';
import { formatTable, writeJson } from '../output.js';

function orderTable(orders: readonly ServiceOrder[]): string {
  return formatTable(
    [{ header: 'order' }, { header: 'type' }, { header: 'priority' }, { header: 'status' }, { header: 'assigned to' }, { header: 'due' },
      { header: 'address', maxWidth: 28 }, { header: 'account' }, { header: 'meter' }, { header: 'description', maxWidth: 40 }],
    orders.map((order) => [order.orderNumber, order.orderType, order.priority, order.status, order.assignedTo ?? '', order.dueOn ?? '',
      order.serviceAddress, order.accountNumber ?? '', order.meterSerial ?? '', order.description]),
  );
}

function orderLines(order: ServiceOrder): string[] {
  const lines = [
    `${order.orderNumber}  ${order.orderType}  ${order.priority}  ${order.status.toUpperCase()}${order.assignedTo ? ` (${order.assignedTo})` : ''}`,
    `${order.serviceAddress} (${order.locationNumber})${order.accountNumber ? `  account ${order.accountNumber} ${order.customerName ?? ''}` : ''}`,
    `Meter ${order.meterSerial ?? '-'}${order.lastRead ? `, last read ${order.lastRead.reading} on ${order.lastRead.readDate}` : ''}${order.dueOn ? `; due ${order.dueOn}` : ''}`,
    order.description,
  ];
  if (order.completionNotes) lines.push(`Completed by ${order.completedBy}: ${order.completionNotes}  ${JSON.stringify(order.completion)}`);
  if (order.cancelReason) lines.push(`Cancelled: ${order.cancelReason}`);
  return lines;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string): T | null {
  if (value === undefined) return null;
  if (!allowed.includes(value as T)) throw new AppError('invalid_input', `${option}: one of ${allowed.join(', ')}`, { field: option });
  return value as T;
}

export function registerOrderCommands(program: Command, context: CliContext): void {
  const orders = program.command('orders').description('service orders to field workers: list, create, assign, complete, cancel');

  orders
    .command('list')
    .description('service orders, most urgent first (open and assigned unless --status)')
    .option('--status <status>', `only this status (${serviceOrderStatuses.join(', ')})`)
    .option('--assignee <user>', 'only orders assigned to this user')
    .option('--type <type>', `only this type (${serviceOrderTypes.join(', ')})`)
    .option('--account <account>', 'only this utility account')
    .option('--json', 'print JSON')
    .action(async (options: { status?: string; assignee?: string; type?: string; account?: string; json?: boolean }) => {
      await withDatabase(context, ['utility.orders', 'utility.read'], async (database) => {
        const status = oneOf<ServiceOrderStatus>(options.status, serviceOrderStatuses, '--status');
        const found = await listServiceOrders(database.kysely, {
          status: status ?? ['open', 'assigned'], assignee: options.assignee?.toLowerCase() ?? null,
          orderType: oneOf<ServiceOrderType>(options.type, serviceOrderTypes, '--type'), account: options.account ?? null,
        });
        if (options.json) return writeJson(context.stdout, found);
        context.stdout.write(orderTable(found));
        writeLine(context.stdout, `${found.length} orders`);
      });
    });

  orders
    .command('mine')
    .description('the orders assigned to you (--as), and those you completed today')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withDatabase(context, 'utility.field', async (database, actor) => {
        const mine = await listMyServiceOrders(database.kysely, { principal: actor, today: context.clock.today() });
        if (options.json) return writeJson(context.stdout, mine);
        context.stdout.write(orderTable(mine.assigned));
        writeLine(context.stdout, `${mine.assigned.length} to do; ${mine.completedToday.length} completed today`);
      });
    });

  orders
    .command('show <order>')
    .description('one order: where, which meter (and its last read), what to do, how it was completed')
    .option('--json', 'print JSON')
    .action(async (orderKey: string, options: { json?: boolean }) => {
      await withDatabase(context, ['utility.orders', 'utility.read', 'utility.field'], async (database, actor) => {
        const order = await getServiceOrder(database.kysely, orderKey, actor);
        if (options.json) return writeJson(context.stdout, order);
        for (const line of orderLines(order)) writeLine(context.stdout, line);
      });
    });

  orders
    .command('create')
    .description('create a service order for an account (or a service location)')
    .requiredOption('--type <type>', serviceOrderTypes.join(', '))
    .option('--account <account>', 'utility account number or id')
    .option('--location <id>', 'service location id (when there is no account)')
    .option('--meter <serial>', 'the meter (default: the one installed at the location)')
    .option('--priority <priority>', 'emergency, high, normal or low', 'normal')
    .requiredOption('--description <text>', 'what to do and why')
    .option('--due <YYYY-MM-DD>', 'due date')
    .option('--assign <user>', 'assign at once to this field worker')
    .option('--json', 'print JSON')
    .action(async (options: { type: string; account?: string; location?: string; meter?: string; priority: string; description: string; due?: string; assign?: string; json?: boolean }) => {
      await withDatabase(context, 'utility.orders', async (database, actor) => {
        const order = await createServiceOrder(database, {
          input: { orderType: options.type, account: options.account ?? null, serviceLocationId: options.location ?? null, meterSerial: options.meter ?? null,
            priority: options.priority, description: options.description, dueOn: options.due ?? null, assignTo: options.assign ?? null },
          actor,
        });
        if (options.json) return writeJson(context.stdout, order);
        writeLine(context.stdout, `Created ${order.orderNumber} (${order.orderType}, ${order.status}${order.assignedTo ? ` to ${order.assignedTo}` : ''}) at ${order.serviceAddress}`);
      });
    });

  orders
    .command('assign <order>')
    .description('assign or reassign an order to a field worker')
    .requiredOption('--to <user>', 'a user holding utility.field')
    .action(async (orderKey: string, options: { to: string }) => {
      await withDatabase(context, 'utility.orders', async (database, actor) => {
        const order = await assignServiceOrder(database, { orderKey, assignTo: options.to, actor });
        writeLine(context.stdout, `${order.orderNumber} assigned to ${order.assignedTo}`);
      });
    });

  orders
    .command('complete <order>')
    .description('complete an order (yours, or any with utility.orders) with notes and, by type, a reading or a meter exchange')
    .requiredOption('--notes <text>', 'what was found and done')
    .option('--reading <n>', 'the meter\'s reading (re-read, leak check, high bill, turn on/off, shutoff, reconnect)')
    .option('--on <YYYY-MM-DD>', 'the day the work was done (default: today)')
    .option('--old-reading <n>', 'meter exchange: the old meter\'s final reading')
    .option('--new-meter <serial>', 'meter exchange: the new meter\'s serial')
    .option('--new-reading <n>', 'meter exchange: the new meter\'s first reading')
    .option('--stop-service', 'turn off: stop the account\'s service on that day')
    .option('--json', 'print JSON')
    .action(async (orderKey: string, options: { notes: string; reading?: string; on?: string; oldReading?: string; newMeter?: string; newReading?: string; stopService?: boolean; json?: boolean }) => {
      await withDatabase(context, ['utility.orders', 'utility.field'], async (database, principal) => {
        const order = await completeServiceOrder(database, {
          orderKey, principal, clock: context.clock, shutoffGuard: shutoffCompletionGuard(database),
          input: { notes: options.notes, reading: options.reading ?? null, on: options.on ?? null, oldReading: options.oldReading ?? null,
            newMeterSerial: options.newMeter ?? null, newReading: options.newReading ?? null, stopService: options.stopService === true },
        });
        if (options.json) return writeJson(context.stdout, order);
        writeLine(context.stdout, `${order.orderNumber} completed by ${order.completedBy}`);
        for (const line of orderLines(order).slice(1, 3)) writeLine(context.stdout, line);
      });
    });

  orders
    .command('cancel <order>')
    .description('cancel an order that is not completed')
    .requiredOption('--reason <text>', 'why')
    .action(async (orderKey: string, options: { reason: string }) => {
      await withDatabase(context, 'utility.orders', async (database, actor) => {
        const order = await cancelServiceOrder(database, { orderKey, reason: options.reason, actor });
        writeLine(context.stdout, `${order.orderNumber} cancelled: ${order.cancelReason}`);
      });
    });
}
