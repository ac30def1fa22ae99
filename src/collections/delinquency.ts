/**
 * What a utility account owes and since when, read from its receivable items (the ledger's
 * subledger detail): the balance (every item, signed), the past-due amount (what is still open on
 * debits due before the day) and the due date of the oldest of them. Credits pay debits oldest due
 * first (receivables allocation.ts), so an open debit and an unapplied credit never stand side by
 * side for long; the past-due amount is never more than the balance.
 *
 * One statement for any number of accounts: the daily job reads every utility account this way.
 */
import { sql } from 'kysely';
import type { IsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';
import { cents, type Cents } from '../shared/money.js';

export interface Delinquency {
  utilityAccountId: number;
  balanceCents: Cents;
  /** Open on debits due before `asOf`, at most the balance (0 when nothing is past due). */
  pastDueCents: Cents;
  /** The due date of the oldest debit still open and due before `asOf`; null when none. */
  oldestUnpaidDueDate: IsoDate | null;
}

interface Row {
  utilityAccountId: number;
  balanceCents: number;
  pastDueCents: number;
  oldestUnpaidDueDate: IsoDate | null;
}

/**
 * Every utility account with a nonzero balance or something past due (or the accounts named),
 * as of a day. An item counts from its item date; a debit is past due the day after its due date.
 */
export async function loadDelinquency(
  tx: Executor,
  options: { asOf: IsoDate; accountIds?: readonly number[] },
): Promise<Delinquency[]> {
  const asOf = options.asOf;
  const accountIds = options.accountIds ? [...options.accountIds] : null;
  const accountFilter = accountIds ? sql`and i.receivable_account_id = any(${accountIds}::bigint[])` : sql``;
  // A few accounts (a desk's view) read only their own applications; every account, all of them.
  const applicationFilter = accountIds ? sql`and a.debit_item_id in (select d.id from receivable_item d where d.receivable_account_id = any(${accountIds}::bigint[]))` : sql``;
  // One pass over the items, each debit joined to what was applied to it by the day: no CTE read
  // twice (a materialized CTE hides its size from the planner and keeps the scan serial).
  const pastDue = sql`case when i.amount_cents > 0 and coalesce(i.due_date, i.item_date) < ${asOf}::date
    then i.amount_cents - coalesce(ap.cents, 0) else 0 end`;
  const result = await sql<Row>`
    select i.receivable_account_id as "utilityAccountId", sum(i.amount_cents)::bigint as "balanceCents",
      greatest(0, least(sum(i.amount_cents), sum(${pastDue})))::bigint as "pastDueCents",
      min(coalesce(i.due_date, i.item_date)) filter (where ${pastDue} > 0)::text as "oldestUnpaidDueDate"
    from receivable_item i
    join utility_account ua on ua.id = i.receivable_account_id
    left join (select a.debit_item_id, sum(a.amount_cents) as cents from receivable_application a
      where a.applied_on <= ${asOf}::date ${applicationFilter} group by a.debit_item_id) ap on ap.debit_item_id = i.id
    where i.item_date <= ${asOf}::date ${accountFilter}
    group by i.receivable_account_id
    having sum(i.amount_cents) <> 0 or sum(${pastDue}) > 0
    order by i.receivable_account_id`.execute(tx);
  return result.rows.map((row) => ({
    utilityAccountId: row.utilityAccountId,
    balanceCents: cents(row.balanceCents),
    pastDueCents: cents(row.pastDueCents),
    oldestUnpaidDueDate: row.pastDueCents > 0 ? row.oldestUnpaidDueDate : null,
  }));
}

/** Days from a due date to a day (0 on the due date itself). */
export function daysPastDue(dueDate: IsoDate, asOf: IsoDate): number {
  return Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000);
}
