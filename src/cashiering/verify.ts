/** Cashiering's invariants, checked by `civic verify` with the ledger's. */
import { sql } from 'kysely';
import { rowsCheck, type InvariantCheck } from '../ledger/index.js';

const LIMIT = 20;

export const cashieringChecks: InvariantCheck[] = [
  rowsCheck(
    'receipts_add_up',
    'Each receipt\'s lines add up to its total, and its tenders to the amount tendered',
    async (db) => (await sql<{ receiptNumber: string; totalCents: number; linesCents: number; tenderedCents: number; tendersCents: number }>`
      select x.receipt_number as "receiptNumber", x.total_cents as "totalCents",
        coalesce((select sum(l.amount_cents) from cash_transaction_line l where l.transaction_id = x.id), 0)::bigint as "linesCents",
        x.tendered_cents as "tenderedCents",
        coalesce((select sum(t.amount_cents) from cash_tender t where t.transaction_id = x.id), 0)::bigint as "tendersCents"
      from cash_transaction x
      where x.total_cents <> coalesce((select sum(l.amount_cents) from cash_transaction_line l where l.transaction_id = x.id), 0)
        or x.tendered_cents <> coalesce((select sum(t.amount_cents) from cash_tender t where t.transaction_id = x.id), 0)
      order by x.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `receipt ${row.receiptNumber}: total ${row.totalCents}, lines ${row.linesCents}; tendered ${row.tenderedCents}, tenders ${row.tendersCents} (cents)`,
  ),
  rowsCheck(
    'receipts_posted_their_amounts',
    'Each receipt\'s journal entry debits undeposited funds (or the bank) by the receipt\'s lines, per fund',
    async (db) => (await sql<{ receiptNumber: string; entryId: number; fundCode: string; lineCents: number; postedCents: number }>`
      with receipt_funds as (
        select x.id, x.receipt_number, x.journal_entry_id, l.fund_code, sum(l.amount_cents) as cents
        from cash_transaction x join cash_transaction_line l on l.transaction_id = x.id group by 1, 2, 3, 4
      ), entry_counts as (
        select journal_entry_id, count(*) as receipts from cash_transaction group by 1
      ), posted as (
        select l.entry_id, a.fund_code, sum(l.amount_cents) as cents
        from journal_line l join account a on a.id = l.account_id
        join cashiering_fund_account f on f.fund_code = a.fund_code and a.id in (f.undeposited_account_id, f.bank_account_id)
        where l.entry_id in (select journal_entry_id from cash_transaction) group by 1, 2
      )
      select r.receipt_number as "receiptNumber", r.journal_entry_id as "entryId", r.fund_code as "fundCode",
        r.cents::bigint as "lineCents", coalesce(p.cents, 0)::bigint as "postedCents"
      from receipt_funds r join entry_counts c on c.journal_entry_id = r.journal_entry_id
      left join posted p on p.entry_id = r.journal_entry_id and p.fund_code = r.fund_code
      where c.receipts = 1 and r.cents <> coalesce(p.cents, 0)
      order by r.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `receipt ${row.receiptNumber} (entry ${row.entryId}), fund ${row.fundCode}: lines ${row.lineCents} cents, cash posted ${row.postedCents}`,
  ),
  rowsCheck(
    'voids_are_reversals',
    'Each voided receipt has a reversing entry of its journal entry',
    async (db) => (await sql<{ receiptNumber: string; entryId: number; voidEntryId: number | null }>`
      select x.receipt_number as "receiptNumber", x.journal_entry_id as "entryId", x.void_entry_id as "voidEntryId"
      from cash_transaction x left join journal_entry v on v.id = x.void_entry_id
      where x.status = 'voided' and (v.id is null or v.reverses_entry_id is distinct from x.journal_entry_id)
      order by x.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `receipt ${row.receiptNumber} is voided but entry ${row.voidEntryId ?? 'none'} does not reverse its entry ${row.entryId}`,
  ),
  rowsCheck(
    'drawer_over_short_posted',
    'Each closed drawer\'s over/short is counted less expected, and is posted when not zero',
    async (db) => (await sql<{ sessionId: number; overShortCents: number; computedCents: number; entryId: number | null }>`
      select s.id as "sessionId", s.over_short_cents as "overShortCents",
        (s.counted_cash_cents + s.counted_checks_cents + s.counted_other_cents - s.expected_cash_cents - s.expected_checks_cents - s.expected_other_cents)::bigint as "computedCents",
        s.over_short_entry_id as "entryId"
      from drawer_session s
      where s.status = 'closed' and (s.over_short_cents <> s.counted_cash_cents + s.counted_checks_cents + s.counted_other_cents
          - s.expected_cash_cents - s.expected_checks_cents - s.expected_other_cents
        or (s.over_short_cents <> 0) <> (s.over_short_entry_id is not null)
        or (s.over_short_entry_id is not null and abs(s.over_short_cents) <> (select total_debit_cents from journal_entry where id = s.over_short_entry_id)))
      order by s.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `drawer session ${row.sessionId}: over/short ${row.overShortCents} cents, counted less expected ${row.computedCents}, entry ${row.entryId ?? 'none'}`,
  ),
  rowsCheck(
    'deposits_posted_their_totals',
    'Each verified deposit posted its total to the bank',
    async (db) => (await sql<{ depositNumber: string; totalCents: number; postedCents: number | null }>`
      select d.deposit_number as "depositNumber", d.total_cents as "totalCents",
        (select sum(l.amount_cents) from journal_line l join cashiering_fund_account f on f.bank_account_id = l.account_id
          where l.entry_id = d.journal_entry_id)::bigint as "postedCents"
      from deposit d
      where d.status = 'verified' and d.total_cents is distinct from (select sum(l.amount_cents) from journal_line l
        join cashiering_fund_account f on f.bank_account_id = l.account_id where l.entry_id = d.journal_entry_id)
      order by d.id limit ${LIMIT}`.execute(db)).rows,
    (row) => `deposit ${row.depositNumber}: total ${row.totalCents} cents, posted to the bank ${row.postedCents ?? 0}`,
  ),
];
