/** The receivables' invariants, checked by `civic verify` with the ledger's. */
import { sql } from 'kysely';
import { rowsCheck, type InvariantCheck } from '../ledger/index.js';

const LIMIT = 20;

export const receivableChecks: InvariantCheck[] = [
  rowsCheck(
    'receivable_items_match_ledger',
    "Each receivable account's items sum to its balance in the ledger (its subledger lines)",
    async (db) => (await sql<{ accountNumber: string; itemCents: number; ledgerCents: number }>`
      select r.account_number as "accountNumber",
        coalesce((select sum(i.amount_cents) from receivable_item i where i.receivable_account_id = r.id), 0)::bigint as "itemCents",
        coalesce((select sum(l.amount_cents) from journal_line l where l.subledger_account_id = r.id), 0)::bigint as "ledgerCents"
      from receivable_account r
      where coalesce((select sum(i.amount_cents) from receivable_item i where i.receivable_account_id = r.id), 0)
        <> coalesce((select sum(l.amount_cents) from journal_line l where l.subledger_account_id = r.id), 0)
      order by r.account_number limit ${LIMIT}`.execute(db)).rows,
    (row) => `receivable account ${row.accountNumber}: items sum to ${row.itemCents} cents but its ledger lines to ${row.ledgerCents}`,
  ),
  rowsCheck(
    'receivable_items_match_their_entries',
    'Each journal entry that posted receivable items has subledger lines for exactly those amounts, per account',
    async (db) => (await sql<{ entryId: number; accountId: number; itemCents: number | null; lineCents: number | null }>`
      with items as (
        select journal_entry_id as entry_id, receivable_account_id as account_id, sum(amount_cents) as cents
        from receivable_item group by 1, 2
      ), lines as (
        select l.entry_id, l.subledger_account_id as account_id, sum(l.amount_cents) as cents
        from journal_line l join receivable_account r on r.id = l.subledger_account_id group by 1, 2
      )
      select coalesce(i.entry_id, l.entry_id) as "entryId", coalesce(i.account_id, l.account_id) as "accountId",
        i.cents::bigint as "itemCents", l.cents::bigint as "lineCents"
      from items i full join lines l on l.entry_id = i.entry_id and l.account_id = i.account_id
      where i.cents is distinct from l.cents
      order by 1 limit ${LIMIT}`.execute(db)).rows,
    (row) => `journal entry ${row.entryId}, receivable account id ${row.accountId}: items ${row.itemCents ?? 0} cents, subledger lines ${row.lineCents ?? 0}`,
  ),
  rowsCheck(
    'receivable_applications_within_items',
    'No item is over-applied: a debit is paid at most its amount, a credit pays at most its amount; both sides are on one account',
    async (db) => (await sql<{ itemId: number; amountCents: number; appliedCents: number }>`
      select i.id as "itemId", i.amount_cents as "amountCents", coalesce(sum(a.amount_cents), 0)::bigint as "appliedCents"
      from receivable_item i
      left join receivable_application a on (i.amount_cents > 0 and a.debit_item_id = i.id) or (i.amount_cents < 0 and a.credit_item_id = i.id)
      group by i.id, i.amount_cents
      having coalesce(sum(a.amount_cents), 0) < 0 or coalesce(sum(a.amount_cents), 0) > abs(i.amount_cents)
      union all
      select a.credit_item_id, 0, a.amount_cents from receivable_application a
      join receivable_item c on c.id = a.credit_item_id join receivable_item d on d.id = a.debit_item_id
      where c.receivable_account_id <> d.receivable_account_id or c.amount_cents > 0 or d.amount_cents < 0
      limit ${LIMIT}`.execute(db)).rows,
    (row) => `receivable item ${row.itemId} of ${row.amountCents} cents has ${row.appliedCents} cents applied (or an application crosses accounts or sides)`,
  ),
  rowsCheck(
    'receivable_accounts_on_their_control',
    'Each receivable account is a subledger account of its own control account',
    async (db) => (await sql<{ accountNumber: string }>`
      select r.account_number as "accountNumber" from receivable_account r
      join subledger_account s on s.id = r.id
      where s.control_account_id <> r.control_account_id or s.subledger <> 'receivable' limit ${LIMIT}`.execute(db)).rows,
    (row) => `receivable account ${row.accountNumber} is not on its control account`,
  ),
];
