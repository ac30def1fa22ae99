/**
 * The daily cash receipts report: a business day's receipts by cashier (batch), by tender, by fund
 * and by the GL account credited (receivable control accounts and revenue accounts), with the
 * voids, returned payments and drawer over/short. Read-only; every figure comes from the receipts
 * of the day, and the GL accounts from the lines they posted.
 */
import { sql } from 'kysely';
import type { IsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';
import { cents, type Cents } from '../shared/money.js';

export interface DailyCashReport {
  date: IsoDate;
  byBatch: Array<{ batchNumber: string; kind: string; cashier: string | null; drawerCode: string | null; status: string; count: number; totalCents: Cents; overShortCents: Cents | null; depositNumber: string | null }>;
  byTender: Array<{ tenderType: string; count: number; amountCents: Cents }>;
  byFund: Array<{ fundCode: string; fundName: string; amountCents: Cents }>;
  byAccount: Array<{ accountCode: string; accountName: string; amountCents: Cents }>;
  voids: Array<{ receiptNumber: string; cashier: string; totalCents: Cents; reason: string | null; voidedBy: string | null }>;
  totals: { receiptCount: number; receiptsCents: Cents; changeCents: Cents; voidCount: number; voidedCents: Cents; overShortCents: Cents };
}

export async function getDailyCashReport(db: Executor, date: IsoDate): Promise<DailyCashReport> {
  const byBatch = await sql<DailyCashReport['byBatch'][number]>`select b.batch_number as "batchNumber", b.kind, coalesce(s.cashier, b.opened_by) as cashier,
      d.code as "drawerCode", b.status, count(x.id) filter (where x.status <> 'voided')::int as count,
      coalesce(sum(x.total_cents) filter (where x.status <> 'voided'), 0)::bigint as "totalCents", s.over_short_cents as "overShortCents",
      dp.deposit_number as "depositNumber"
    from payment_batch b left join drawer_session s on s.batch_id = b.id left join cash_drawer d on d.id = s.drawer_id
    left join cash_transaction x on x.batch_id = b.id left join deposit dp on dp.id = b.deposit_id
    where b.business_date = ${date}
    group by b.id, b.batch_number, b.kind, s.cashier, b.opened_by, d.code, b.status, s.over_short_cents, dp.deposit_number
    order by b.id`.execute(db);
  const byTender = await sql<DailyCashReport['byTender'][number]>`select t.tender_type as "tenderType", count(*)::int as count,
      sum(t.amount_cents)::bigint as "amountCents"
    from cash_tender t join cash_transaction x on x.id = t.transaction_id
    where x.business_date = ${date} and x.status <> 'voided' group by t.tender_type order by t.tender_type`.execute(db);
  const change = await sql<{ change: number; count: number; total: number }>`select coalesce(sum(change_cents), 0)::bigint as change,
      count(*)::int as count, coalesce(sum(total_cents), 0)::bigint as total
    from cash_transaction where business_date = ${date} and status <> 'voided'`.execute(db);
  const byFund = await sql<DailyCashReport['byFund'][number]>`select l.fund_code as "fundCode", f.name as "fundName", sum(l.amount_cents)::bigint as "amountCents"
    from cash_transaction_line l join cash_transaction x on x.id = l.transaction_id join fund f on f.code = l.fund_code
    where x.business_date = ${date} and x.status <> 'voided' group by l.fund_code, f.name order by l.fund_code`.execute(db);
  const byAccount = await sql<DailyCashReport['byAccount'][number]>`select a.code as "accountCode", a.name as "accountName", sum(l.amount_cents)::bigint as "amountCents"
    from cash_transaction_line l join cash_transaction x on x.id = l.transaction_id
    left join receivable_account r on r.id = l.receivable_account_id left join counter_item i on i.id = l.counter_item_id
    join account a on a.id = coalesce(r.control_account_id, i.revenue_account_id)
    where x.business_date = ${date} and x.status <> 'voided' group by a.code, a.name order by a.code`.execute(db);
  const voids = await sql<DailyCashReport['voids'][number]>`select receipt_number as "receiptNumber", created_by as cashier, total_cents as "totalCents",
      void_reason as reason, voided_by as "voidedBy" from cash_transaction where business_date = ${date} and status = 'voided' order by id`.execute(db);
  const overShort = byBatch.rows.reduce((total, row) => total + (row.overShortCents ?? 0), 0);
  return {
    date,
    byBatch: byBatch.rows,
    byTender: byTender.rows,
    byFund: byFund.rows,
    byAccount: byAccount.rows,
    voids: voids.rows,
    totals: {
      receiptCount: change.rows[0]?.count ?? 0,
      receiptsCents: cents(change.rows[0]?.total ?? 0),
      changeCents: cents(change.rows[0]?.change ?? 0),
      voidCount: voids.rows.length,
      voidedCents: cents(voids.rows.reduce((total, row) => total + row.totalCents, 0)),
      overShortCents: cents(overShort),
    },
  };
}
