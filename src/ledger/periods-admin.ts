/**
 * Opening and closing fiscal periods. A closed period refuses postings; reopening one is a
 * finance manager's decision and is recorded. Opening a period of a fiscal year that is not set up
 * yet sets up all 13 of its periods (the others start open too).
 * Errors: invalid_input, not_found, conflict (already in that state).
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { AppError, invalidInput, notFound } from '../shared/errors.js';
import { fiscalYearPeriods, periodFromKey } from './periods.js';
import { findPeriod, insertPeriods, listPeriodRows, setPeriodStatus, type PeriodRow } from './store.js';

export type FiscalPeriod = Omit<PeriodRow, 'statusChangedAt'> & { statusChangedAt: string | null };

function toFiscalPeriod(row: PeriodRow): FiscalPeriod {
  return { ...row, statusChangedAt: row.statusChangedAt ? row.statusChangedAt.toISOString() : null };
}

export async function setUpFiscalYear(
  database: Database,
  options: { fiscalYear: number; actor: Actor },
): Promise<FiscalPeriod[]> {
  if (!Number.isSafeInteger(options.fiscalYear) || options.fiscalYear < 1901 || options.fiscalYear > 2999) {
    throw invalidInput('fiscalYear', `${options.fiscalYear} is not a fiscal year`);
  }
  return inTransaction(database, async (tx) => {
    const created = await insertPeriods(tx, fiscalYearPeriods(options.fiscalYear), options.actor.username);
    if (created.length > 0) {
      await recordAudit(tx, { actor: options.actor, action: 'ledger.set_up_fiscal_year', entityType: 'fiscal_year', entityId: options.fiscalYear, after: { periods: created } });
    }
    return (await listPeriodRows(tx, options.fiscalYear)).map(toFiscalPeriod);
  });
}

export async function closePeriod(
  database: Database,
  options: { periodKey: string; actor: Actor; reason?: string | null },
): Promise<FiscalPeriod> {
  const definition = periodFromKey(options.periodKey, 'periodKey');
  return inTransaction(database, async (tx) => {
    // Postings hold their period FOR SHARE; a row lock alone would let new postings keep
    // overtaking a waiting close. The table lock queues them behind the close, which then
    // refuses them. Closing is rare and quick, so the brief pause is cheap.
    await sql`lock table fiscal_period in exclusive mode`.execute(tx);
    const period = await findPeriod(tx, definition.key, true);
    if (!period) throw notFound('fiscal period', definition.key);
    if (period.status === 'closed') {
      throw new AppError('conflict', `Fiscal period ${definition.key} is already closed`, { periodKey: definition.key });
    }
    await setPeriodStatus(tx, definition.key, 'closed', options.actor.username, options.reason ?? null);
    await recordAudit(tx, { actor: options.actor, action: 'ledger.close_period', entityType: 'fiscal_period', entityId: definition.key, before: { status: 'open' }, after: { status: 'closed' }, details: { reason: options.reason ?? null } });
    return toFiscalPeriod((await findPeriod(tx, definition.key)) as PeriodRow);
  });
}

export async function openPeriod(
  database: Database,
  options: { periodKey: string; actor: Actor; reason?: string | null },
): Promise<FiscalPeriod> {
  const definition = periodFromKey(options.periodKey, 'periodKey');
  return inTransaction(database, async (tx) => {
    const created = await insertPeriods(tx, fiscalYearPeriods(definition.fiscalYear), options.actor.username);
    const period = await findPeriod(tx, definition.key, true);
    if (!period) throw notFound('fiscal period', definition.key);
    if (period.status === 'open') {
      if (created.includes(definition.key)) return toFiscalPeriod(period);
      throw new AppError('conflict', `Fiscal period ${definition.key} is already open`, { periodKey: definition.key });
    }
    await setPeriodStatus(tx, definition.key, 'open', options.actor.username, options.reason ?? null);
    await recordAudit(tx, { actor: options.actor, action: 'ledger.open_period', entityType: 'fiscal_period', entityId: definition.key, before: { status: 'closed' }, after: { status: 'open' }, details: { reason: options.reason ?? null } });
    return toFiscalPeriod((await findPeriod(tx, definition.key)) as PeriodRow);
  });
}

export async function listPeriods(db: Executor, options: { fiscalYear?: number } = {}): Promise<FiscalPeriod[]> {
  return (await listPeriodRows(db, options.fiscalYear)).map(toFiscalPeriod);
}
