/** Utility billing's invariants, checked by `civic verify` with the ledger's and receivables'. */
import { sql } from 'kysely';
import { rowsCheck, type InvariantCheck } from '../ledger/index.js';

const LIMIT = 20;

export const utilityChecks: InvariantCheck[] = [
  rowsCheck(
    'bill_totals_equal_lines',
    "Each bill's current charges are the sum of its lines",
    async (db) => (await sql<{ billNumber: string; total: string; lines: string }>`
      select b.bill_number as "billNumber", b.current_charges_cents::text as total, coalesce(l.cents, 0)::text as lines
      from bill b left join (select bill_id, sum(amount_cents) as cents from bill_line group by bill_id) l on l.bill_id = b.id
      where b.current_charges_cents <> coalesce(l.cents, 0) order by b.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `bill ${row.billNumber}: current charges ${row.total} cents but its lines sum to ${row.lines}`,
  ),
  rowsCheck(
    'final_bills_posted_once',
    'Each final bill with charges has exactly one charge item of its amount on its account, in its journal entry; cancelled bills are reversed',
    async (db) => (await sql<{ billNumber: string; status: string; items: number; cents: string | null }>`
      select b.bill_number as "billNumber", b.status, count(i.id)::int as items, sum(i.amount_cents)::text as cents
      from bill b left join receivable_item i on i.document_ref = b.bill_number and i.item_type = 'charge'
        and i.receivable_account_id = b.utility_account_id and i.journal_entry_id = b.journal_entry_id
      where b.status in ('final', 'cancelled') and b.current_charges_cents > 0
      group by b.id, b.bill_number, b.status, b.current_charges_cents, b.cancelled_entry_id
      having count(i.id) <> 1 or sum(i.amount_cents) <> b.current_charges_cents
        or (b.status = 'cancelled' and b.cancelled_entry_id is null)
      order by b.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `${row.status} bill ${row.billNumber}: ${row.items} charge items (${row.cents ?? 0} cents) where one of its amount was expected`,
  ),
  rowsCheck(
    'bill_periods_do_not_overlap',
    "An account's bills that stand (tentative, held, final) cover each day at most once",
    async (db) => (await sql<{ first: string; second: string }>`
      select a.bill_number as first, b.bill_number as second from bill a join bill b
        on b.utility_account_id = a.utility_account_id and b.id > a.id
        and b.period_from <= a.period_to and a.period_from <= b.period_to
      where a.status <> 'cancelled' and b.status <> 'cancelled' order by a.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `bills ${row.first} and ${row.second} bill the same days of one account`,
  ),
];
