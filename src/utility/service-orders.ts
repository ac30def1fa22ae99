/**
 * Service orders: the back office creates them (for an account or a service location, with the
 * meter when the work is about one), assigns them to a field worker (reassigned freely until
 * completed), and the field worker completes them with notes and, by type, a reading (recorded as
 * an accepted field read; a re-read supersedes the live read of that meter and day), a meter
 * exchange (the old meter's final read and the new meter's first, agreements moved), or, for a
 * turn-off, the stop of the account's service. Cancelled with a reason. Each write is one
 * transaction with its audit row.
 *
 * Who may do what is checked here too, not only by the route: a clerk (`utility.orders`) sees and
 * completes every order; a field worker (`utility.field` alone) sees and completes only the orders
 * assigned to them, and another's order is `not_found` to them (it does not say it exists).
 * The assignee must be an active user holding `utility.field` (read from the access tables).
 *
 * Errors: invalid_input (field named), not_found, conflict, forbidden.
 */
import { sql } from 'kysely';
import { hasPermission, type Actor, type Principal } from '../shared/actor.js';
import { recordAudit, recordRefusal } from '../shared/audit.js';
import type { Clock, IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, invalidInput, notFound } from '../shared/errors.js';
import { exchangeMeter, getMeter, recordFieldRead } from './meters.js';
import { getUtilityAccount, stopService } from './service.js';
import {
  meterOrderTypes,
  parseCompletion,
  parseNewServiceOrder,
  readingFitsDials,
  serviceOrderPriorities,
  type ServiceOrderCompletion,
  type ServiceOrderPriority,
  type ServiceOrderStatus,
  type ServiceOrderType,
} from './service-order-input.js';

export interface ServiceOrder {
  id: number;
  orderNumber: string;
  orderType: ServiceOrderType;
  status: ServiceOrderStatus;
  priority: ServiceOrderPriority;
  description: string;
  dueOn: IsoDate | null;
  serviceLocationId: number;
  locationNumber: string;
  serviceAddress: string;
  utilityAccountId: number | null;
  accountNumber: string | null;
  customerName: string | null;
  meterId: number | null;
  meterSerial: string | null;
  /** The meter's last live read, so the field worker can tell a plausible reading. */
  lastRead: { readDate: IsoDate; reading: number } | null;
  assignedTo: string | null;
  assignedAt: string | null;
  completionNotes: string | null;
  /** What was entered at completion (reading, exchange, stop), with the ids it produced. */
  completion: Record<string, unknown> | null;
  completedAt: string | null;
  completedBy: string | null;
  cancelReason: string | null;
  createdAt: string;
  createdBy: string;
}

type OrderRow = Omit<ServiceOrder, 'assignedAt' | 'completedAt' | 'createdAt' | 'lastRead'> & {
  assignedAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  lastReadDate: IsoDate | null;
  lastReading: number | null;
};

const orderSelect = sql`select o.id, o.order_number as "orderNumber", o.order_type as "orderType", o.status, o.priority, o.description,
    o.due_on::text as "dueOn", o.service_location_id as "serviceLocationId", l.location_number as "locationNumber",
    l.address_line1 || coalesce(' ' || l.unit, '') as "serviceAddress", o.utility_account_id as "utilityAccountId",
    r.account_number as "accountNumber", c.legal_name as "customerName", o.meter_id as "meterId", m.serial as "meterSerial",
    lr.read_date::text as "lastReadDate", lr.reading as "lastReading",
    o.assigned_to as "assignedTo", o.assigned_at as "assignedAt", o.completion_notes as "completionNotes", o.completion,
    o.completed_at as "completedAt", o.completed_by as "completedBy", o.cancel_reason as "cancelReason",
    o.created_at as "createdAt", o.created_by as "createdBy"
  from service_order o
  join service_location l on l.id = o.service_location_id
  left join receivable_account r on r.id = o.utility_account_id
  left join customer c on c.id = r.customer_id
  left join meter m on m.id = o.meter_id
  left join lateral (select read_date, reading from meter_read where meter_id = o.meter_id and status in ('accepted', 'overridden')
    order by read_date desc, id desc limit 1) lr on true`;

const priorityRank = sql`array_position(${[...serviceOrderPriorities]}::text[], o.priority)`;

function toOrder(row: OrderRow): ServiceOrder {
  const { lastReadDate, lastReading, ...rest } = row;
  return {
    ...rest,
    lastRead: lastReadDate === null || lastReading === null ? null : { readDate: lastReadDate, reading: Number(lastReading) },
    assignedAt: row.assignedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** True when the viewer sees every order (clerks and readers); false: only their own. */
function seesEveryOrder(viewer: Principal): boolean {
  return hasPermission(viewer, 'utility.orders') || hasPermission(viewer, 'utility.read');
}

/**
 * One order by number (SO-100001) or id. With a viewer who may only see their own orders, an
 * order assigned to someone else is not found.
 */
export async function getServiceOrder(db: Executor, key: string | number, viewer?: Principal): Promise<ServiceOrder> {
  const text = String(key).trim().toUpperCase();
  const byNumber = text.startsWith('SO-');
  if (!byNumber && !/^[0-9]{1,15}$/.test(text)) throw notFound('service order', String(key));
  const result = await sql<OrderRow>`${orderSelect} where ${byNumber ? sql`o.order_number = ${text}` : sql`o.id = ${Number(text)}`}`.execute(db);
  const row = result.rows[0];
  if (!row || (viewer && !seesEveryOrder(viewer) && row.assignedTo !== viewer.username)) throw notFound('service order', String(key));
  return toOrder(row);
}

export interface ServiceOrderFilter {
  status?: ServiceOrderStatus | readonly ServiceOrderStatus[] | null;
  assignee?: string | null;
  orderType?: ServiceOrderType | null;
  serviceLocationId?: number | null;
  account?: string | number | null;
  /** Only orders completed on this city date. */
  completedOn?: IsoDate | null;
  limit?: number;
}

/** Orders by the filters, most urgent first, then by due date and number. */
export async function listServiceOrders(db: Executor, filter: ServiceOrderFilter = {}): Promise<ServiceOrder[]> {
  const statuses = filter.status === undefined || filter.status === null ? null : typeof filter.status === 'string' ? [filter.status] : [...filter.status];
  const account = filter.account === undefined || filter.account === null || filter.account === '' ? null : String(filter.account);
  const limit = Math.min(Math.max(filter.limit ?? 200, 1), 1000);
  const result = await sql<OrderRow>`${orderSelect}
    where (${statuses}::text[] is null or o.status = any(${statuses}::text[]))
      and (${filter.assignee ?? null}::text is null or o.assigned_to = ${filter.assignee ?? null}::text)
      and (${filter.orderType ?? null}::text is null or o.order_type = ${filter.orderType ?? null}::text)
      and (${filter.serviceLocationId ?? null}::bigint is null or o.service_location_id = ${filter.serviceLocationId ?? null}::bigint)
      and (${account}::text is null or r.account_number = ${account}::text or o.utility_account_id::text = ${account}::text)
      and (${filter.completedOn ?? null}::date is null
        or (o.completed_at at time zone 'America/Los_Angeles')::date = ${filter.completedOn ?? null}::date)
    order by ${priorityRank}, o.due_on nulls last, o.order_number
    limit ${limit}`.execute(db);
  return result.rows.map(toOrder);
}

export interface ServiceOrderBoard {
  open: ServiceOrder[];
  assigned: ServiceOrder[];
  completedToday: ServiceOrder[];
}

/** The clerk's board: open, assigned, and completed today (city date). */
export async function getServiceOrderBoard(db: Executor, options: { today: IsoDate; assignee?: string | null }): Promise<ServiceOrderBoard> {
  const assignee = options.assignee ?? null;
  const [open, assigned, completedToday] = await Promise.all([
    listServiceOrders(db, { status: 'open' }),
    listServiceOrders(db, { status: 'assigned', assignee }),
    listServiceOrders(db, { status: 'completed', completedOn: options.today, assignee }),
  ]);
  return { open, assigned, completedToday };
}

/** A field worker's list: what is assigned to them, and what they completed today. */
export async function listMyServiceOrders(db: Executor, options: { principal: Principal; today: IsoDate }): Promise<{ assigned: ServiceOrder[]; completedToday: ServiceOrder[] }> {
  const assignee = options.principal.username;
  const [assigned, completedToday] = await Promise.all([
    listServiceOrders(db, { status: 'assigned', assignee }),
    listServiceOrders(db, { status: 'completed', assignee, completedOn: options.today }),
  ]);
  return { assigned, completedToday };
}

export interface FieldWorker {
  username: string;
  displayName: string;
}

/** Active users who hold `utility.field` through a role: whom orders can be assigned to. */
export async function listFieldWorkers(db: Executor): Promise<FieldWorker[]> {
  const result = await sql<FieldWorker>`select distinct u.username, u.display_name as "displayName"
    from app_user u join user_role ur on ur.user_id = u.id join role_permission rp on rp.role_code = ur.role_code
    where rp.permission = 'utility.field' and not u.is_disabled order by u.username`.execute(db);
  return result.rows;
}

async function requireFieldWorker(db: Executor, username: string, field: string): Promise<void> {
  const result = await sql<{ ok: boolean }>`select exists (select 1 from app_user u join user_role ur on ur.user_id = u.id
      join role_permission rp on rp.role_code = ur.role_code
    where u.username = ${username} and not u.is_disabled and rp.permission = 'utility.field') as ok`.execute(db);
  if (!result.rows[0]?.ok) throw invalidInput(field, `${username} is not an active user who works service orders (utility.field)`);
}

/** The order row, locked for the rest of the transaction. */
async function lockOrder(tx: Tx, key: string | number, viewer?: Principal): Promise<ServiceOrder> {
  const order = await getServiceOrder(tx, key, viewer);
  await sql`select id from service_order where id = ${order.id} for update`.execute(tx);
  return getServiceOrder(tx, order.id);
}

function requireNotClosed(order: ServiceOrder, verb: string): void {
  if (order.status === 'completed' || order.status === 'cancelled') {
    throw new AppError('conflict', `Service order ${order.orderNumber} is ${order.status}; it cannot be ${verb}`, { field: 'order', status: order.status });
  }
}

/** Where the order is, for whom, and which meter: the account's location, a meter installed there. */
async function resolveTarget(tx: Tx, input: ReturnType<typeof parseNewServiceOrder>) {
  let serviceLocationId = input.serviceLocationId;
  let accountId: number | null = null;
  if (input.account !== null) {
    const account = await getUtilityAccount(tx, input.account).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') throw invalidInput('account', `no utility account ${input.account}`);
      throw error;
    });
    if (serviceLocationId !== null && serviceLocationId !== account.serviceLocationId) {
      throw invalidInput('serviceLocationId', `account ${account.accountNumber} is at location ${account.locationNumber}, not ${serviceLocationId}`);
    }
    serviceLocationId = account.serviceLocationId;
    accountId = account.id;
  } else {
    const location = await sql<{ id: number }>`select id from service_location where id = ${serviceLocationId}`.execute(tx);
    if (!location.rows[0]) throw invalidInput('serviceLocationId', `no service location ${serviceLocationId}`);
  }
  let meterId: number | null = null;
  if (input.meterSerial !== null) {
    const meter = await getMeter(tx, input.meterSerial).catch(() => null);
    if (!meter) throw invalidInput('meterSerial', `no meter ${input.meterSerial}`);
    if (meter.serviceLocationId !== serviceLocationId) throw invalidInput('meterSerial', `meter ${meter.serial} is not installed at this location`);
    meterId = meter.id;
  } else {
    const installed = await sql<{ id: number }>`select meter_id as id from meter_installation
      where service_location_id = ${serviceLocationId} and removed_on is null`.execute(tx);
    if (installed.rows.length === 1) meterId = installed.rows[0]?.id ?? null;
    else if (meterOrderTypes.includes(input.orderType)) {
      throw invalidInput('meterSerial', installed.rows.length === 0 ? 'no meter is installed at this location' : 'the location has several meters: name one');
    }
  }
  return { serviceLocationId: serviceLocationId as number, accountId, meterId };
}

/** Only collections creates these, under the SB 998 rules (a released shutoff order, a reconnection). */
export const collectionsOrderTypes: readonly ServiceOrderType[] = ['shutoff', 'reconnect'];

/**
 * Creates an order. Shutoff and reconnect orders are refused here: collections creates them
 * (`createServiceOrderInTransaction`) after checking the SB 998 rules.
 */
export async function createServiceOrder(database: Database, options: { input: unknown; actor: Actor }): Promise<ServiceOrder> {
  const input = parseNewServiceOrder(options.input);
  if (collectionsOrderTypes.includes(input.orderType)) {
    throw invalidInput('orderType', `a ${input.orderType} order is created by collections (releasing a shutoff order or ordering a reconnection), which checks the SB 998 rules`);
  }
  return inTransaction(database, (tx) => insertServiceOrder(tx, input, options.actor));
}

/** Creates an order of any type inside the caller's transaction (collections' shutoff and reconnect orders). */
export async function createServiceOrderInTransaction(tx: Tx, options: { input: unknown; actor: Actor }): Promise<ServiceOrder> {
  return insertServiceOrder(tx, parseNewServiceOrder(options.input), options.actor);
}

async function insertServiceOrder(tx: Tx, input: ReturnType<typeof parseNewServiceOrder>, actor: Actor): Promise<ServiceOrder> {
  const target = await resolveTarget(tx, input);
  if (input.assignTo !== null) await requireFieldWorker(tx, input.assignTo, 'assignTo');
  const inserted = await sql<{ id: number }>`insert into service_order (order_number, order_type, service_location_id, utility_account_id,
      meter_id, status, priority, description, due_on, assigned_to, assigned_at, created_by)
    values ('SO-' || lpad(nextval('service_order_number_seq')::text, 6, '0'), ${input.orderType}, ${target.serviceLocationId},
      ${target.accountId}, ${target.meterId}, ${input.assignTo === null ? 'open' : 'assigned'}, ${input.priority}, ${input.description},
      ${input.dueOn}::date, ${input.assignTo}, ${input.assignTo === null ? null : sql`now()`}, ${actor.username})
    returning id`.execute(tx);
  const order = await getServiceOrder(tx, inserted.rows[0]?.id as number);
  await recordAudit(tx, { actor, action: 'utility.create_service_order', entityType: 'service_order', entityId: order.orderNumber, after: order });
  return order;
}

/** Assigns (or reassigns) an order that is not completed or cancelled to a field worker. */
export async function assignServiceOrder(database: Database, options: { orderKey: string | number; assignTo: string; actor: Actor }): Promise<ServiceOrder> {
  const assignTo = typeof options.assignTo === 'string' ? options.assignTo.trim().toLowerCase() : '';
  if (assignTo === '') throw invalidInput('assignTo', 'name the field worker');
  return inTransaction(database, async (tx) => {
    const before = await lockOrder(tx, options.orderKey);
    requireNotClosed(before, 'assigned');
    await requireFieldWorker(tx, assignTo, 'assignTo');
    if (before.assignedTo === assignTo) return before;
    await sql`update service_order set status = 'assigned', assigned_to = ${assignTo}, assigned_at = now() where id = ${before.id}`.execute(tx);
    const after = await getServiceOrder(tx, before.id);
    await recordAudit(tx, { actor: options.actor, action: 'utility.assign_service_order', entityType: 'service_order', entityId: after.orderNumber,
      before: { status: before.status, assignedTo: before.assignedTo }, after: { status: after.status, assignedTo: after.assignedTo } });
    return after;
  });
}

export async function cancelServiceOrder(database: Database, options: { orderKey: string | number; reason: string; actor: Actor }): Promise<ServiceOrder> {
  const reason = typeof options.reason === 'string' ? options.reason.trim() : '';
  if (reason === '') throw invalidInput('reason', 'say why the order is cancelled');
  if (reason.length > 500) throw invalidInput('reason', 'must be at most 500 characters');
  return inTransaction(database, (tx) => cancelServiceOrderInTransaction(tx, { ...options, reason }));
}

/** Cancels an order inside the caller's transaction (collections cancels its shutoff orders' field orders). */
export async function cancelServiceOrderInTransaction(tx: Tx, options: { orderKey: string | number; reason: string; actor: Actor }): Promise<ServiceOrder> {
  const before = await lockOrder(tx, options.orderKey);
  requireNotClosed(before, 'cancelled');
  await sql`update service_order set status = 'cancelled', cancel_reason = ${options.reason} where id = ${before.id}`.execute(tx);
  const after = await getServiceOrder(tx, before.id);
  await recordAudit(tx, { actor: options.actor, action: 'utility.cancel_service_order', entityType: 'service_order', entityId: after.orderNumber,
    before: { status: before.status }, after: { status: after.status, cancelReason: options.reason } });
  return after;
}

/**
 * What completing a shutoff or reconnect order needs from collections, handed in by the HTTP and
 * CLI layers (utility does not import collections). `complete` runs inside the completion's
 * transaction before the order is marked done and throws to refuse (a shutoff re-checks the SB 998
 * rules on the day of the work); `refused` is told after the transaction rolled back, to record
 * the refusal. Without a guard, completing these orders is refused (deny by default).
 */
export interface ShutoffGuard {
  complete(tx: Tx, order: ServiceOrder, on: IsoDate, actor: Actor): Promise<Record<string, unknown>>;
  refused(order: ServiceOrder, on: IsoDate, error: unknown, actor: Actor): Promise<void>;
}

/**
 * Completes an order: by its assignee (`utility.field`) or by a clerk (`utility.orders`), who may
 * also complete an open order (work done at the counter or by phone). Notes are required; the
 * order's type decides what else it carries (see the module comment).
 */
export async function completeServiceOrder(
  database: Database,
  options: { orderKey: string | number; input: unknown; principal: Principal; clock: Clock; shutoffGuard?: ShutoffGuard },
): Promise<ServiceOrder> {
  const { principal } = options;
  let refusedByGuard: { error: unknown; order: ServiceOrder; on: IsoDate } | null = null;
  const isClerk = hasPermission(principal, 'utility.orders');
  if (!isClerk && !hasPermission(principal, 'utility.field')) {
    throw new AppError('forbidden', 'Completing service orders needs the permission utility.field or utility.orders', { permission: 'utility.field' });
  }
  if (!isClerk) await refuseUnlessAssigned(database, options.orderKey, principal);
  try {
    return await completeInTransaction();
  } catch (error) {
    const refusal = refusedByGuard as { error: unknown; order: ServiceOrder; on: IsoDate } | null;
    if (refusal && refusal.error === error && options.shutoffGuard) await options.shutoffGuard.refused(refusal.order, refusal.on, error, principal);
    throw error;
  }

  function completeInTransaction(): Promise<ServiceOrder> {
  return inTransaction(database, async (tx) => {
    // A field worker is shown only their own orders: another's is not found (checked again
    // under the lock, in case it was reassigned meanwhile).
    const before = await lockOrder(tx, options.orderKey, isClerk ? undefined : principal);
    requireNotClosed(before, 'completed');
    if (!isClerk && before.status !== 'assigned') throw notFound('service order', String(options.orderKey));
    const completion = parseCompletion(options.input, before.orderType);
    const on = completion.on ?? options.clock.today();
    if (on > options.clock.today()) throw invalidInput('on', `the work cannot be done after today (${options.clock.today()})`);
    const effects = await applyCompletion(database, tx, before, completion, on, principal);
    const guarded = collectionsOrderTypes.includes(before.orderType)
      ? await guardCompletion(tx, before, on, principal, options.shutoffGuard).catch((error: unknown) => {
        refusedByGuard = { error, order: before, on };
        throw error;
      })
      : {};
    const recorded = { on, ...effects, ...guarded };
    await sql`update service_order set status = 'completed', completion_notes = ${completion.notes}, completion = ${JSON.stringify(recorded)}::jsonb,
      completed_at = ${options.clock.now().toISOString()}::timestamptz, completed_by = ${principal.username} where id = ${before.id}`.execute(tx);
    const after = await getServiceOrder(tx, before.id);
    await recordAudit(tx, { actor: principal, action: 'utility.complete_service_order', entityType: 'service_order', entityId: after.orderNumber,
      before: { status: before.status, assignedTo: before.assignedTo }, after: { status: after.status, notes: completion.notes, completion: recorded } });
    return after;
  });
  }
}

/** A shutoff or reconnect order completes only through collections' guard (see ShutoffGuard). */
async function guardCompletion(tx: Tx, order: ServiceOrder, on: IsoDate, actor: Actor, guard: ShutoffGuard | undefined): Promise<Record<string, unknown>> {
  if (!guard) {
    throw new AppError('conflict', `Service order ${order.orderNumber} is a ${order.orderType} order: it is completed through collections, which checks the SB 998 rules on the day`, { field: 'order', orderType: order.orderType });
  }
  return guard.complete(tx, order, on, actor);
}

/**
 * A field worker completing an order that exists but is not assigned to them: the attempt is
 * recorded as refused (like every refused write), and they are told only that it was not found.
 */
async function refuseUnlessAssigned(database: Database, orderKey: string | number, principal: Principal): Promise<void> {
  const order = await getServiceOrder(database.kysely, orderKey);
  // Their own order, whatever its state, is theirs to be told about (completed already: conflict).
  if (order.assignedTo === principal.username) return;
  await recordRefusal(database, { actor: principal, action: 'utility.complete_service_order', entityType: 'service_order', entityId: order.orderNumber,
    details: { reason: 'not assigned to this user' } });
  throw notFound('service order', String(orderKey));
}

/** What the completion does to the meter and the account, by the order's type. */
async function applyCompletion(
  database: Database,
  tx: Tx,
  order: ServiceOrder,
  completion: ServiceOrderCompletion,
  on: IsoDate,
  actor: Actor,
): Promise<Record<string, unknown>> {
  if (order.orderType === 'meter_exchange') {
    if (order.meterSerial === null) throw invalidInput('order', `service order ${order.orderNumber} names no meter to exchange`);
    const exchanged = await exchangeMeter(database, {
      oldSerial: order.meterSerial, newSerial: completion.newMeterSerial as string, on,
      oldReading: completion.oldReading as number, newReading: completion.newReading as number, actor, inTx: tx,
    }).catch((error: unknown) => {
      // The new meter is the field worker's entry: name that field when it does not exist.
      if (error instanceof AppError && error.code === 'not_found') throw invalidInput('newMeterSerial', `no meter ${completion.newMeterSerial} in stock`);
      throw error;
    });
    return { oldSerial: order.meterSerial, oldReading: completion.oldReading, newMeterSerial: exchanged.installed.serial, newReading: completion.newReading,
      agreementsMoved: exchanged.agreementsMoved };
  }
  if (completion.stopService) {
    if (order.utilityAccountId === null) throw invalidInput('stopService', 'the order names no account to stop');
    const readings = completion.reading !== null && order.meterSerial !== null ? { [order.meterSerial]: completion.reading } : {};
    if (completion.reading !== null && order.meterSerial === null) throw invalidInput('reading', 'the order names no meter to read');
    if (completion.reading !== null) await checkDials(tx, order.meterId as number, completion.reading);
    const stopped = await stopService(database, { input: { account: order.utilityAccountId, stoppedOn: on, readings }, actor, inTx: tx });
    return { reading: completion.reading, stoppedService: true, stoppedOn: stopped.stoppedOn };
  }
  if (completion.reading === null) return { reading: null };
  if (order.meterId === null) throw invalidInput('reading', 'the order names no meter to read');
  await checkDials(tx, order.meterId, completion.reading);
  const readId = await recordReplacingRead(tx, order, completion.reading, on, actor.username);
  return { reading: completion.reading, readId, meterSerial: order.meterSerial };
}

async function checkDials(tx: Tx, meterId: number, reading: number): Promise<void> {
  const meter = await sql<{ dials: number }>`select dials from meter where id = ${meterId}`.execute(tx);
  const dials = meter.rows[0]?.dials ?? 9;
  if (!readingFitsDials(reading, dials)) throw invalidInput('reading', `more digits than the meter's ${dials} dials`);
}

/**
 * A field read of the order's meter on `on`. A live read of that meter and day (one at most, by
 * the schema) is superseded first: what the field worker saw replaces it. A re-read order's read is
 * typed 'reread'; the others' 'actual'.
 */
async function recordReplacingRead(tx: Tx, order: ServiceOrder, reading: number, on: IsoDate, username: string): Promise<number> {
  await sql`update meter_read set status = 'superseded' where meter_id = ${order.meterId} and read_date = ${on}::date
    and status not in ('rejected', 'superseded')`.execute(tx);
  return recordFieldRead(tx, {
    meterId: order.meterId as number, readDate: on, reading, readType: order.orderType === 'reread' ? 'reread' : 'actual',
    source: 'field', createdBy: username,
  });
}
