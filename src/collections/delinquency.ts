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
  const accountFilter = options.accountIds ? sql`and i.receivable_account_id = any(${[...options.accountIds]}::bigint[])` : sql``;
  const result = await sql<Row>`
    with item as (
      select i.receivable_account_id as account_id, i.id, i.amount_cents, coalesce(i.due_date, i.item_date) as due
      from receivable_item i
      join utility_account ua on ua.id = i.receivable_account_id
      where i.item_date <= ${asOf}::date ${accountFilter}
    ), applied as (
      select a.debit_item_id, sum(a.amount_cents) as cents
      from receivable_application a
      where a.debit_item_id in (select id from item where amount_cents > 0 and due < ${asOf}::date)
        and a.applied_on <= ${asOf}::date
      group by a.debit_item_id
    ), per_item as (
      select item.account_id, item.amount_cents, item.due,
        case when item.amount_cents > 0 and item.due < ${asOf}::date then item.amount_cents - coalesce(applied.cents, 0) else 0 end as past_due
      from item left join applied on applied.debit_item_id = item.id
    )
    select account_id as "utilityAccountId", sum(amount_cents)::bigint as "balanceCents",
      greatest(0, least(sum(amount_cents), sum(past_due)))::bigint as "pastDueCents",
      min(due) filter (where past_due > 0)::text as "oldestUnpaidDueDate"
    from per_item
    group by account_id
    having sum(amount_cents) <> 0 or sum(past_due) > 0
    order by account_id`.execute(tx);
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
