/**
 * Checks shared by the ledger's database tests: expected domain errors, and balances computed
 * independently of the ledger's own balance tables, straight from journal_line.
 */
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Executor } from '../../src/shared/db.js';
import { AppError } from '../../src/shared/errors.js';
import type { TrialBalance } from '../../src/ledger/index.js';

/** Awaits a promise that must fail with an AppError of `code`, and returns the error. */
export async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const outcome = await promise.then(
    () => new Error(`expected the error "${code}", but the call succeeded`),
    (caught: unknown) => caught,
  );
  if (!(outcome instanceof AppError)) throw outcome;
  expect(outcome.code, outcome.message).toBe(code);
  return outcome;
}

/** A trial balance as a map: account code (or "prior:FUND" for earlier years) -> net cents. */
export function trialBalanceNets(trial: TrialBalance): Map<string, number> {
  return new Map(trial.rows.map((row) => [row.accountCode ?? `prior:${row.fundCode}`, row.netCents]));
}

/**
 * The trial balance as of a date, summed from journal_line alone: balance-sheet accounts through
 * the date; revenues and expenditures from the start of the date's fiscal year (July 1) through
 * the date; earlier years' revenues less expenditures as one "prior:FUND" line per fund.
 */
export async function trialBalanceFromLines(
  db: Executor,
  asOf: string,
  fundCode: string | null = null,
): Promise<Map<string, number>> {
  const year = Number(asOf.slice(0, 4));
  const fiscalYearStart = Number(asOf.slice(5, 7)) >= 7 ? `${year}-07-01` : `${year - 1}-07-01`;
  const accounts = await sql<{ key: string; netCents: number }>`
    select a.code as key, sum(l.amount_cents)::bigint as "netCents"
    from journal_line l join account a on a.id = l.account_id
    where l.entry_date <= ${asOf}::date
      and (a.account_type in ('asset', 'liability', 'fund_balance') or l.entry_date >= ${fiscalYearStart}::date)
      and (${fundCode}::text is null or a.fund_code = ${fundCode}::text)
    group by a.code having sum(l.amount_cents) <> 0`.execute(db);
  const prior = await sql<{ key: string; netCents: number }>`
    select 'prior:' || a.fund_code as key, sum(l.amount_cents)::bigint as "netCents"
    from journal_line l join account a on a.id = l.account_id
    where l.entry_date < ${fiscalYearStart}::date and a.account_type in ('revenue', 'expenditure')
      and (${fundCode}::text is null or a.fund_code = ${fundCode}::text)
    group by a.fund_code having sum(l.amount_cents) <> 0`.execute(db);
  return new Map([...accounts.rows, ...prior.rows].map((row) => [row.key, row.netCents]));
}

/** Net cents (debits - credits) of every account over the whole journal, from journal_line. */
export async function accountNetsFromLines(db: Executor): Promise<Map<string, number>> {
  const result = await sql<{ code: string; netCents: number }>`
    select a.code, sum(l.amount_cents)::bigint as "netCents"
    from journal_line l join account a on a.id = l.account_id
    group by a.code having sum(l.amount_cents) <> 0`.execute(db);
  return new Map(result.rows.map((row) => [row.code, row.netCents]));
}

export async function countRows(db: Executor, table: 'journal_entry' | 'journal_line'): Promise<number> {
  const result = await sql<{ count: number }>`select count(*)::bigint as count from ${sql.table(table)}`.execute(db);
  return result.rows[0]?.count ?? 0;
}

/** Sorted entries of a map, so two maps compare equal regardless of insertion order. */
export function sortedEntries(map: ReadonlyMap<string, number>): Array<[string, number]> {
  return [...map].filter(([, value]) => value !== 0).sort(([a], [b]) => a.localeCompare(b));
}
