/**
 * Shutoff orders for nonpayment, from pending to reconnected:
 *   pending   — written by the chain's shutoff step (`insertShutoffOrders`) or a clerk;
 *   released  — `releaseShutoffOrder`, only if every rule allows a shutoff that day: the utility
 *               service order of type shutoff is created in the same transaction; otherwise
 *               refused with every failed rule named, the refusal audited and kept on the order;
 *   completed — the field completes the service order through `shutoffCompletionGuard`, which
 *               checks the rules again on the day of the work (disconnected_on);
 *   reconnected — `orderReconnection` creates the reconnect order and charges the fee (capped for a
 *               documented low-income household, never above actual cost); completing it sets
 *               reconnected_on.
 *   cancelled — with a reason, while pending or released (its field order is cancelled too).
 *
 * Errors: invalid_input (field named), not_found, conflict (a refused release or completion:
 * details.rules lists { code, reason }).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit, recordRefusal } from '../shared/audit.js';
import type { IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor, type Tx } from '../shared/db.js';
import { AppError, invalidInput, notFound } from '../shared/errors.js';
import { cents, formatDollars, type Cents } from '../shared/money.js';
import { postCharges } from '../receivables/index.js';
import { cancelServiceOrderInTransaction, createServiceOrderInTransaction, type ServiceOrder, type ShutoffGuard } from '../utility/index.js';
import { evaluateShutoffEligibility } from './eligibility.js';
import { recordEvents } from './notices.js';
import { hasLowIncomeOn } from './protections.js';
import type { Eligibility, RuleResult } from './sb998.js';
import type { ShutoffStatus } from './types.js';

export interface ShutoffOrder {
  id: number;
  caseId: number;
  utilityAccountId: number;
  accountNumber: string;
  customerName: string;
  serviceAddress: string;
  status: ShutoffStatus;
  eligibleOn: IsoDate | null;
  serviceOrderNumber: string | null;
  releasedOn: IsoDate | null;
  releasedBy: string | null;
  refusedRules: string[];
  refusal: { code: string; reason: string }[] | null;
  refusedOn: IsoDate | null;
  disconnectedOn: IsoDate | null;
  reconnectOrderNumber: string | null;
  reconnectOrderedOn: IsoDate | null;
  reconnectedOn: IsoDate | null;
  reconnectionAfterHours: boolean | null;
  reconnectionFeeCents: Cents | null;
  lowIncome: boolean | null;
  cancelledOn: IsoDate | null;
  cancelReason: string | null;
  createdBy: string;
}

const shutoffSelect = sql`select s.id, s.case_id as "caseId", s.utility_account_id as "utilityAccountId", ra.account_number as "accountNumber",
    c.legal_name as "customerName", l.address_line1 || coalesce(' ' || l.unit, '') as "serviceAddress", s.status,
    s.eligible_on::text as "eligibleOn", so.order_number as "serviceOrderNumber", s.released_on::text as "releasedOn", s.released_by as "releasedBy",
    s.refused_rules as "refusedRules", s.refusal, s.refused_on::text as "refusedOn", s.disconnected_on::text as "disconnectedOn",
    ro.order_number as "reconnectOrderNumber", s.reconnect_ordered_on::text as "reconnectOrderedOn", s.reconnected_on::text as "reconnectedOn",
    s.reconnection_after_hours as "reconnectionAfterHours", s.reconnection_fee_cents as "reconnectionFeeCents", s.low_income as "lowIncome",
    s.cancelled_on::text as "cancelledOn", s.cancel_reason as "cancelReason", s.created_by as "createdBy"
  from shutoff_order s
  join receivable_account ra on ra.id = s.utility_account_id
  join customer c on c.id = ra.customer_id
  join utility_account ua on ua.id = s.utility_account_id
  join service_location l on l.id = ua.service_location_id
  left join service_order so on so.id = s.service_order_id
  left join service_order ro on ro.id = s.reconnect_order_id`;

export async function getShutoffOrder(db: Executor, shutoffId: number): Promise<ShutoffOrder> {
  if (!Number.isSafeInteger(shutoffId) || shutoffId <= 0) throw notFound('shutoff order', String(shutoffId));
  const result = await sql<ShutoffOrder>`${shutoffSelect} where s.id = ${shutoffId}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('shutoff order', shutoffId);
  return row;
}

export async function listShutoffOrders(
  db: Executor,
  filter: { status?: ShutoffStatus | null; accountId?: number | null; limit?: number } = {},
): Promise<ShutoffOrder[]> {
  const limit = Math.min(Math.max(filter.limit ?? 200, 1), 1000);
  const result = await sql<ShutoffOrder>`${shutoffSelect}
    where (${filter.status ?? null}::text is null or s.status = ${filter.status ?? null}::text)
      and (${filter.accountId ?? null}::bigint is null or s.utility_account_id = ${filter.accountId ?? null}::bigint)
    order by s.status = 'pending' desc, s.id desc limit ${limit}`.execute(db);
  return result.rows;
}

export interface NewShutoffOrder {
  caseId: number;
  utilityAccountId: number;
  eligibleOn: IsoDate | null;
}

/**
 * Writes pending shutoff orders in one statement (the chain's shutoff step). An account with an
 * order already pending, released or completed is skipped; returns the ids written.
 */
export async function insertShutoffOrders(tx: Executor, orders: readonly NewShutoffOrder[], createdBy: string): Promise<number[]> {
  if (orders.length === 0) return [];
  const result = await sql<{ id: number }>`insert into shutoff_order (case_id, utility_account_id, eligible_on, created_by)
    select o.case_id, o.account_id, o.eligible_on, ${createdBy}
    from unnest(${orders.map((o) => o.caseId)}::bigint[], ${orders.map((o) => o.utilityAccountId)}::bigint[], ${orders.map((o) => o.eligibleOn)}::date[])
      as o (case_id, account_id, eligible_on)
    on conflict (utility_account_id) where status in ('pending', 'released', 'completed') do nothing
    returning id`.execute(tx);
  return result.rows.map((row) => row.id);
}

function failedRules(eligibility: Eligibility): RuleResult[] {
  return eligibility.rules.filter((rule) => rule.applies && !rule.passed);
}

/** The refusal of a release or completion: every failed rule by code and reason. */
export function shutoffRefusal(what: string, day: IsoDate, eligibility: Eligibility): AppError {
  const failed = failedRules(eligibility);
  const list = failed.map((rule) => `${rule.code}: ${rule.reason}`).join(' ');
  return new AppError('conflict', `${what} refused on ${day}. ${list}`, {
    field: 'shutoffId',
    rules: failed.map((rule) => ({ code: rule.code, reason: rule.reason })),
    earliestDate: eligibility.earliestDate,
  });
}

async function lockShutoff(tx: Tx, shutoffId: number): Promise<ShutoffOrder> {
  const before = await getShutoffOrder(tx, shutoffId);
  await sql`select id from shutoff_order where id = ${before.id} for update`.execute(tx);
  return getShutoffOrder(tx, before.id);
}

/** Eligibility of the order's account, the order itself not counting as one already in the field. */
async function eligibilityOf(tx: Executor, order: { id: number; utilityAccountId: number }, day: IsoDate): Promise<Eligibility> {
  const result = (await evaluateShutoffEligibility(tx, { accountIds: [order.utilityAccountId], asOf: day })).get(order.utilityAccountId);
  if (!result) throw notFound('utility account', order.utilityAccountId);
  const rules = result.rules.map((rule) => (rule.code === 'local.shutoff_order_open' && !rule.passed ? { ...rule, passed: true, reason: 'This is the account\'s shutoff order.' } : rule));
  const stillFailed = rules.some((rule) => rule.applies && !rule.passed);
  return { ...result, rules, eligible: !stillFailed, earliestDate: stillFailed ? result.earliestDate : day };
}

/**
 * Releases a pending order to the field if every rule allows a shutoff on `asOf`: creates the
 * utility service order of type shutoff in the same transaction. Otherwise refused (conflict)
 * with every failed rule; the refusal is audited and stored on the order (refused_rules).
 */
export async function releaseShutoffOrder(database: Database, options: { shutoffId: number; actor: Actor; asOf: IsoDate }): Promise<ShutoffOrder> {
  const { actor, asOf } = options;
  let refused: { error: AppError; order: ShutoffOrder; eligibility: Eligibility } | null = null;
  try {
    return await inTransaction(database, async (tx) => {
      const before = await lockShutoff(tx, options.shutoffId);
      if (before.status !== 'pending') throw new AppError('conflict', `Shutoff order ${before.id} is ${before.status}; only a pending order is released`, { field: 'shutoffId', status: before.status });
      const eligibility = await eligibilityOf(tx, before, asOf);
      if (!eligibility.eligible) {
        const error = shutoffRefusal(`Releasing shutoff order ${before.id} (account ${before.accountNumber})`, asOf, eligibility);
        refused = { error, order: before, eligibility };
        throw error;
      }
      const serviceOrder = await createServiceOrderInTransaction(tx, { actor, input: {
        orderType: 'shutoff', account: before.utilityAccountId, priority: 'normal', dueOn: asOf,
        description: `Shut off for nonpayment (shutoff order ${before.id}); SB 998 rules checked on ${asOf}. The field checks them again when completing.`,
      } });
      await sql`update shutoff_order set status = 'released', service_order_id = ${serviceOrder.id}, released_on = ${asOf}::date,
        released_by = ${actor.username}, refused_rules = '{}' where id = ${before.id}`.execute(tx);
      await recordEvents(tx, [{ utilityAccountId: before.utilityAccountId, caseId: before.caseId, eventType: 'shutoff_released', eventDate: asOf,
        summary: `Shutoff order released to the field as ${serviceOrder.orderNumber}`, details: { shutoffId: before.id, serviceOrder: serviceOrder.orderNumber } }], actor.username);
      const after = await getShutoffOrder(tx, before.id);
      await recordAudit(tx, { actor, action: 'collections.release_shutoff', entityType: 'shutoff_order', entityId: before.id,
        before: { status: before.status }, after: { status: after.status, serviceOrder: serviceOrder.orderNumber, rules: eligibility.rules.map((r) => r.code) } });
      return after;
    });
  } catch (error) {
    const refusal = refused as { error: AppError; order: ShutoffOrder; eligibility: Eligibility } | null;
    if (refusal && refusal.error === error) await recordShutoffRefusal(database, refusal.order, asOf, refusal.eligibility, actor, 'collections.release_shutoff');
    throw error;
  }
}

/** Keeps the refused rules on the order and audits the refusal (after the attempt rolled back). */
async function recordShutoffRefusal(database: Database, order: { id: number }, day: IsoDate, eligibility: Eligibility, actor: Actor, action: string): Promise<void> {
  const failed = failedRules(eligibility).map((rule) => ({ code: rule.code, reason: rule.reason }));
  await inTransaction(database, async (tx) => {
    await sql`update shutoff_order set refused_rules = ${failed.map((rule) => rule.code)}::text[], refusal = ${JSON.stringify(failed)}::jsonb,
      refused_on = ${day}::date where id = ${order.id}`.execute(tx);
  });
  await recordRefusal(database, { actor, action, entityType: 'shutoff_order', entityId: order.id, details: { day, rules: failed, earliestDate: eligibility.earliestDate } });
}

/** Cancels a pending or released order with a reason; a released order's field order is cancelled too. */
export async function cancelShutoffOrder(database: Database, options: { shutoffId: number; reason: string; actor: Actor; asOf: IsoDate }): Promise<ShutoffOrder> {
  const reason = typeof options.reason === 'string' ? options.reason.trim() : '';
  if (reason === '') throw invalidInput('reason', 'say why the shutoff order is cancelled');
  if (reason.length > 500) throw invalidInput('reason', 'must be at most 500 characters');
  return inTransaction(database, async (tx) => {
    const before = await lockShutoff(tx, options.shutoffId);
    if (before.status !== 'pending' && before.status !== 'released') {
      throw new AppError('conflict', `Shutoff order ${before.id} is ${before.status}; only a pending or released order can be cancelled`, { field: 'shutoffId', status: before.status });
    }
    if (before.serviceOrderNumber) {
      await cancelServiceOrderInTransaction(tx, { orderKey: before.serviceOrderNumber, reason: `Shutoff order ${before.id} cancelled: ${reason}`.slice(0, 500), actor: options.actor });
    }
    await sql`update shutoff_order set status = 'cancelled', cancelled_on = ${options.asOf}::date, cancel_reason = ${reason},
      cancelled_by = ${options.actor.username} where id = ${before.id}`.execute(tx);
    await recordEvents(tx, [{ utilityAccountId: before.utilityAccountId, caseId: before.caseId, eventType: 'shutoff_cancelled', eventDate: options.asOf,
      summary: `Shutoff order cancelled: ${reason}`.slice(0, 500), details: { shutoffId: before.id } }], options.actor.username);
    const after = await getShutoffOrder(tx, before.id);
    await recordAudit(tx, { actor: options.actor, action: 'collections.cancel_shutoff', entityType: 'shutoff_order', entityId: before.id,
      before: { status: before.status }, after: { status: after.status, cancelReason: reason } });
    return after;
  });
}

export interface FeeSchedule {
  effectiveFrom: IsoDate;
  businessHoursCents: Cents;
  afterHoursCents: Cents;
  lowIncomeBusinessHoursCapCents: Cents;
  lowIncomeAfterHoursCapCents: Cents;
  actualCostBusinessHoursCents: Cents;
  actualCostAfterHoursCents: Cents;
  revenueAccountCode: string | null;
}

/**
 * The reconnection fee (H&S 116914): the schedule's fee, at most the actual cost, and for a
 * household with documented income below 200% of the poverty line at most the cap ($50 in
 * business hours, $150 after hours, CPI-adjusted from 2021, as the schedule says).
 */
export function reconnectionFee(schedule: FeeSchedule, options: { afterHours: boolean; lowIncome: boolean }): Cents {
  const fee = options.afterHours ? schedule.afterHoursCents : schedule.businessHoursCents;
  const actualCost = options.afterHours ? schedule.actualCostAfterHoursCents : schedule.actualCostBusinessHoursCents;
  const cap = options.afterHours ? schedule.lowIncomeAfterHoursCapCents : schedule.lowIncomeBusinessHoursCapCents;
  return cents(Math.min(fee, actualCost, options.lowIncome ? cap : Number.MAX_SAFE_INTEGER));
}

async function feeScheduleOn(db: Executor, day: IsoDate): Promise<FeeSchedule | null> {
  const result = await sql<FeeSchedule>`select effective_from::text as "effectiveFrom", business_hours_cents as "businessHoursCents",
      after_hours_cents as "afterHoursCents", low_income_business_hours_cap_cents as "lowIncomeBusinessHoursCapCents",
      low_income_after_hours_cap_cents as "lowIncomeAfterHoursCapCents", actual_cost_business_hours_cents as "actualCostBusinessHoursCents",
      actual_cost_after_hours_cents as "actualCostAfterHoursCents", revenue_account_code as "revenueAccountCode"
    from reconnection_fee_schedule where effective_from <= ${day}::date order by effective_from desc limit 1`.execute(db);
  return result.rows[0] ?? null;
}

/**
 * Orders the reconnection of a shut-off account: the reconnect service order, and the fee charged
 * through receivables to the schedule's revenue account (in the same transaction).
 */
export async function orderReconnection(
  database: Database,
  options: { shutoffId: number; afterHours: boolean; actor: Actor; asOf: IsoDate },
): Promise<ShutoffOrder> {
  const { actor, asOf } = options;
  if (typeof options.afterHours !== 'boolean') throw invalidInput('afterHours', 'true for a reconnection after normal business hours, else false');
  return inTransaction(database, async (tx) => {
    const before = await lockShutoff(tx, options.shutoffId);
    if (before.status !== 'completed') throw new AppError('conflict', `Shutoff order ${before.id} is ${before.status}; only a shut-off account is reconnected`, { field: 'shutoffId', status: before.status });
    if (before.reconnectOrderNumber) throw new AppError('conflict', `Reconnection is already ordered (${before.reconnectOrderNumber})`, { field: 'shutoffId' });
    const schedule = await feeScheduleOn(tx, asOf);
    if (!schedule) throw invalidInput('asOf', `no reconnection fee schedule is in effect on ${asOf}`);
    const lowIncome = await hasLowIncomeOn(tx, before.utilityAccountId, asOf);
    const fee = reconnectionFee(schedule, { afterHours: options.afterHours, lowIncome });
    if (fee > 0 && schedule.revenueAccountCode === null) {
      throw invalidInput('revenueAccount', `the reconnection fee schedule of ${schedule.effectiveFrom} names no revenue account: set one (civic collections setup reconnection-fees)`);
    }
    const serviceOrder = await createServiceOrderInTransaction(tx, { actor, input: {
      orderType: 'reconnect', account: before.utilityAccountId, priority: options.afterHours ? 'high' : 'normal', dueOn: asOf,
      description: `Reconnect after shutoff order ${before.id}${options.afterHours ? ' (after hours)' : ''}`,
    } });
    if (fee > 0) {
      await postCharges(database, { inTx: tx, actor, input: {
        account: before.utilityAccountId, chargeDate: asOf, dueDate: asOf, documentRef: serviceOrder.orderNumber,
        description: `Reconnection fee, ${serviceOrder.orderNumber}`, idempotencyKey: `collections:reconnection-fee:${before.id}`,
        lines: [{ revenueAccount: schedule.revenueAccountCode, amountCents: fee, chargeClass: 'charge',
          description: `Reconnection fee${options.afterHours ? ', after hours' : ''}${lowIncome ? ' (low-income cap)' : ''}` }],
      } });
    }
    await sql`update shutoff_order set reconnect_order_id = ${serviceOrder.id}, reconnect_ordered_on = ${asOf}::date, reconnect_ordered_by = ${actor.username},
      reconnection_after_hours = ${options.afterHours}, reconnection_fee_cents = ${fee}, low_income = ${lowIncome} where id = ${before.id}`.execute(tx);
    await recordEvents(tx, [{ utilityAccountId: before.utilityAccountId, caseId: before.caseId, eventType: 'reconnection_ordered', eventDate: asOf,
      summary: `Reconnection ordered (${serviceOrder.orderNumber}); fee ${formatDollars(fee)}${lowIncome ? ', capped for low income' : ''}`,
      details: { shutoffId: before.id, feeCents: fee, afterHours: options.afterHours, lowIncome } }], actor.username);
    const after = await getShutoffOrder(tx, before.id);
    await recordAudit(tx, { actor, action: 'collections.order_reconnection', entityType: 'shutoff_order', entityId: before.id,
      before: { status: before.status }, after: { reconnectOrder: serviceOrder.orderNumber, feeCents: fee, lowIncome, afterHours: options.afterHours } });
    return after;
  });
}

async function shutoffOfServiceOrder(tx: Tx, order: ServiceOrder): Promise<ShutoffOrder> {
  const column = order.orderType === 'shutoff' ? sql`service_order_id` : sql`reconnect_order_id`;
  const found = await sql<{ id: number }>`select id from shutoff_order where ${column} = ${order.id} for update`.execute(tx);
  const id = found.rows[0]?.id;
  if (id === undefined) throw new AppError('conflict', `Service order ${order.orderNumber} belongs to no shutoff order of collections`, { field: 'order' });
  return getShutoffOrder(tx, id);
}

/**
 * What the HTTP and CLI layers hand to the utility's completeServiceOrder: completing a shutoff
 * order re-checks every rule on the day of the work (refused, audited and kept on the order when
 * one fails) and records the disconnection; completing a reconnect order records the reconnection.
 */
export function shutoffCompletionGuard(database: Database): ShutoffGuard {
  let lastRefusal: { shutoffId: number; eligibility: Eligibility } | null = null;
  return {
    async complete(tx, order, on, actor) {
      const shutoff = await shutoffOfServiceOrder(tx, order);
      if (order.orderType === 'reconnect') return completeReconnection(tx, shutoff, on, actor);
      if (shutoff.status !== 'released') throw new AppError('conflict', `Shutoff order ${shutoff.id} is ${shutoff.status}`, { field: 'order', status: shutoff.status });
      const eligibility = await eligibilityOf(tx, shutoff, on);
      if (!eligibility.eligible) {
        lastRefusal = { shutoffId: shutoff.id, eligibility };
        throw shutoffRefusal(`Completing shutoff order ${shutoff.id} (${order.orderNumber})`, on, eligibility);
      }
      await sql`update shutoff_order set status = 'completed', disconnected_on = ${on}::date where id = ${shutoff.id}`.execute(tx);
      await recordEvents(tx, [{ utilityAccountId: shutoff.utilityAccountId, caseId: shutoff.caseId, eventType: 'disconnected', eventDate: on,
        summary: `Water shut off for nonpayment (${order.orderNumber})`, details: { shutoffId: shutoff.id } }], actor.username);
      return { shutoffId: shutoff.id, disconnectedOn: on };
    },
    async refused(_order, on, _error, actor) {
      const refusal = lastRefusal;
      lastRefusal = null;
      if (refusal) await recordShutoffRefusal(database, { id: refusal.shutoffId }, on, refusal.eligibility, actor, 'collections.complete_shutoff');
    },
  };
}

async function completeReconnection(tx: Tx, shutoff: ShutoffOrder, on: IsoDate, actor: Actor): Promise<Record<string, unknown>> {
  if (shutoff.status !== 'completed') throw new AppError('conflict', `Shutoff order ${shutoff.id} is ${shutoff.status}`, { field: 'order', status: shutoff.status });
  await sql`update shutoff_order set status = 'reconnected', reconnected_on = ${on}::date where id = ${shutoff.id}`.execute(tx);
  await recordEvents(tx, [{ utilityAccountId: shutoff.utilityAccountId, caseId: shutoff.caseId, eventType: 'reconnected', eventDate: on,
    summary: `Water service reconnected (${shutoff.reconnectOrderNumber ?? 'reconnect order'})`, details: { shutoffId: shutoff.id } }], actor.username);
  return { shutoffId: shutoff.id, reconnectedOn: on };
}
