/**
 * Set-up of the SB 998 part of collections (permission collections.setup): the office closures
 * (days the office is closed besides weekends and state holidays; a closure is never deleted —
 * a day closed by mistake is reopened with a reason, and may be closed again), and the
 * reconnection fee schedule, effective-dated, with the revenue account its fees are charged to.
 * Each write audited.
 *
 * Errors: invalid_input (field named), not_found, conflict.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { AppError, invalidInput, notFound } from '../shared/errors.js';
import { asRecord, Problems, requiredDate, text } from '../shared/input.js';
import { parseCents } from '../shared/money.js';
import { californiaStateHolidays, stateHolidayOn, weekdayOf, type StateHoliday } from './calendar.js';

export interface OfficeClosureRow {
  closedOn: IsoDate;
  reason: string;
  createdBy: string;
  reopenedBy: string | null;
  reopenReason: string | null;
  isClosed: boolean;
}

const closureSelect = sql`select closed_on::text as "closedOn", reason, created_by as "createdBy", reopened_by as "reopenedBy",
  reopen_reason as "reopenReason", reopened_at is null as "isClosed" from office_closure`;

/** A year's office calendar: the state holidays and the closures (reopened ones included, marked). */
export async function listOfficeCalendar(db: Executor, year: number): Promise<{ year: number; holidays: StateHoliday[]; closures: OfficeClosureRow[] }> {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw invalidInput('year', 'a year from 2000 to 2100');
  const result = await sql<OfficeClosureRow>`${closureSelect}
    where closed_on between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date order by closed_on`.execute(db);
  return { year, holidays: californiaStateHolidays(year), closures: result.rows };
}

function parseReason(value: unknown, field: string): string {
  const reason = typeof value === 'string' ? value.trim() : '';
  if (reason === '') throw invalidInput(field, 'say why');
  if (reason.length > 200) throw invalidInput(field, 'must be at most 200 characters');
  return reason;
}

async function getClosure(db: Executor, closedOn: IsoDate): Promise<OfficeClosureRow | null> {
  const result = await sql<OfficeClosureRow>`${closureSelect} where closed_on = ${closedOn}::date`.execute(db);
  return result.rows[0] ?? null;
}

/** Closes the office on a day (a weekday that is not already a state holiday). */
export async function closeOffice(database: Database, options: { input: unknown; actor: Actor }): Promise<OfficeClosureRow> {
  const raw = asRecord(options.input, 'closure');
  const problems = new Problems();
  const closedOn = requiredDate(raw.closedOn, 'closedOn', problems);
  const reason = problems.attempt(() => parseReason(raw.reason, 'reason'));
  if (closedOn && (weekdayOf(closedOn) === 0 || weekdayOf(closedOn) === 6)) problems.add('closedOn', `${closedOn} is a weekend day: the office is closed anyway`);
  const holiday = closedOn ? stateHolidayOn(closedOn) : null;
  if (holiday) problems.add('closedOn', `${closedOn} is ${holiday.name}, a state holiday: the office is closed anyway`);
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const before = await getClosure(tx, closedOn as IsoDate);
    if (before?.isClosed) throw new AppError('conflict', `The office is already closed on ${closedOn} (${before.reason})`, { field: 'closedOn' });
    if (before) {
      await sql`update office_closure set reason = ${reason as string}, created_by = ${options.actor.username}, created_at = now(),
        reopened_at = null, reopened_by = null, reopen_reason = null where closed_on = ${closedOn}::date`.execute(tx);
    } else {
      await sql`insert into office_closure (closed_on, reason, created_by) values (${closedOn}::date, ${reason as string}, ${options.actor.username})`.execute(tx);
    }
    const after = (await getClosure(tx, closedOn as IsoDate)) as OfficeClosureRow;
    await recordAudit(tx, { actor: options.actor, action: 'collections.close_office', entityType: 'office_closure', entityId: closedOn, before, after });
    return after;
  });
}

/** Reopens a day closed by mistake (or no longer closed), with a reason; the row stays. */
export async function reopenOffice(database: Database, options: { closedOn: unknown; reason: unknown; actor: Actor }): Promise<OfficeClosureRow> {
  const problems = new Problems();
  const closedOn = requiredDate(options.closedOn, 'closedOn', problems);
  const reason = problems.attempt(() => parseReason(options.reason, 'reason'));
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const before = await getClosure(tx, closedOn as IsoDate);
    if (!before) throw notFound('office closure', closedOn as string);
    if (!before.isClosed) throw new AppError('conflict', `The office is not closed on ${closedOn}`, { field: 'closedOn' });
    await sql`update office_closure set reopened_at = now(), reopened_by = ${options.actor.username}, reopen_reason = ${reason as string}
      where closed_on = ${closedOn}::date`.execute(tx);
    const after = (await getClosure(tx, closedOn as IsoDate)) as OfficeClosureRow;
    await recordAudit(tx, { actor: options.actor, action: 'collections.reopen_office', entityType: 'office_closure', entityId: closedOn, before, after });
    return after;
  });
}

/**
 * A new version of the reconnection fee schedule from a date: fees, the low-income caps
 * (H&S 116914: $50 and $150, CPI-adjusted from 2021), the actual costs (the fee never exceeds
 * them) and the revenue account, with the authority (resolution, ordinance) that set it.
 */
export async function addReconnectionFeeSchedule(database: Database, options: { input: unknown; actor: Actor }): Promise<{ effectiveFrom: IsoDate }> {
  const raw = asRecord(options.input, 'schedule');
  const problems = new Problems();
  const effectiveFrom = requiredDate(raw.effectiveFrom, 'effectiveFrom', problems);
  const amountFields = ['businessHoursCents', 'afterHoursCents', 'lowIncomeBusinessHoursCapCents', 'lowIncomeAfterHoursCapCents',
    'actualCostBusinessHoursCents', 'actualCostAfterHoursCents'] as const;
  const amounts = Object.fromEntries(amountFields.map((field) => [field, problems.attempt(() => {
    const value = parseCents(raw[field], field);
    if (value < 0) throw invalidInput(field, 'cannot be negative');
    return value;
  })]));
  const revenueAccountCode = text(raw.revenueAccountCode, 'revenueAccountCode', problems, { required: true, max: 20 });
  const authority = text(raw.authority, 'authority', problems, { required: true, max: 500 });
  problems.throwIfAny();
  return inTransaction(database, async (tx) => {
    const account = await sql<{ type: string }>`select account_type as type from account where code = ${revenueAccountCode as string}`.execute(tx);
    if (!account.rows[0]) throw invalidInput('revenueAccountCode', `account ${revenueAccountCode} does not exist`);
    if (account.rows[0].type !== 'revenue') throw invalidInput('revenueAccountCode', `account ${revenueAccountCode} is not a revenue account`);
    const taken = await sql<{ n: number }>`select count(*)::int as n from reconnection_fee_schedule where effective_from = ${effectiveFrom}::date`.execute(tx);
    if ((taken.rows[0]?.n ?? 0) > 0) throw new AppError('conflict', `A fee schedule from ${effectiveFrom} exists; add one from another day`, { field: 'effectiveFrom' });
    await sql`insert into reconnection_fee_schedule (effective_from, business_hours_cents, after_hours_cents, low_income_business_hours_cap_cents,
        low_income_after_hours_cap_cents, actual_cost_business_hours_cents, actual_cost_after_hours_cents, revenue_account_code, authority, created_by)
      values (${effectiveFrom}::date, ${amounts.businessHoursCents}, ${amounts.afterHoursCents}, ${amounts.lowIncomeBusinessHoursCapCents},
        ${amounts.lowIncomeAfterHoursCapCents}, ${amounts.actualCostBusinessHoursCents}, ${amounts.actualCostAfterHoursCents},
        ${revenueAccountCode as string}, ${authority as string}, ${options.actor.username})`.execute(tx);
    await recordAudit(tx, { actor: options.actor, action: 'collections.add_reconnection_fee_schedule', entityType: 'reconnection_fee_schedule',
      entityId: effectiveFrom, after: { ...amounts, revenueAccountCode, authority } });
    return { effectiveFrom: effectiveFrom as IsoDate };
  });
}
