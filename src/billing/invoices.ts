/**
 * Reading invoices. What is paid and owed is never stored on the invoice: it comes from the
 * receivable items its journal entry posted and what has been applied to them. Status: reversed
 * (a reversal entry exists), paid (nothing left open), else open.
 * Billing reads the receivables tables here (read-only, set-based); every write to them goes
 * through the receivables module's door.
 */
import { sql } from 'kysely';
import type { IsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';
import { notFound } from '../shared/errors.js';
import { cents, type Cents } from '../shared/money.js';

export const invoiceStatuses = ['open', 'paid', 'reversed'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export interface InvoiceLine {
  lineNumber: number;
  itemCode: string;
  description: string;
  /** Decimal text, e.g. "2.5000". */
  quantity: string;
  unit: string;
  unitPriceCents: Cents;
  amountCents: Cents;
  revenueAccountCode: string;
  receivableItemId: number;
}

export interface InvoiceSummary {
  id: number;
  invoiceNumber: string;
  customerId: number;
  customerNumber: string;
  customerName: string;
  receivableAccountId: number;
  accountNumber: string;
  fundCode: string;
  invoiceDate: IsoDate;
  dueDate: IsoDate;
  status: InvoiceStatus;
  totalCents: Cents;
  /** Paid by payments and credits (not by the invoice's own reversal). */
  paidCents: Cents;
  amountDueCents: Cents;
  notes: string | null;
  journalEntryId: number;
  reversalEntryId: number | null;
  reversalReason: string | null;
  recurringInvoiceId: number | null;
  recurringRunDate: IsoDate | null;
  createdBy: string;
}

export interface Invoice extends InvoiceSummary {
  lines: InvoiceLine[];
}

interface SummaryRow extends Omit<InvoiceSummary, 'status'> {
  isReversed: boolean;
}

const summarySelect = sql`
  select v.id, v.invoice_number as "invoiceNumber", v.customer_id as "customerId", c.customer_number as "customerNumber",
    c.legal_name as "customerName", v.receivable_account_id as "receivableAccountId", r.account_number as "accountNumber",
    v.fund_code as "fundCode", v.invoice_date as "invoiceDate", v.due_date as "dueDate", v.total_cents as "totalCents",
    m.paid::bigint as "paidCents", case when v.reversal_entry_id is null then m.open else 0 end::bigint as "amountDueCents",
    v.notes, v.journal_entry_id as "journalEntryId", v.reversal_entry_id as "reversalEntryId",
    v.reversal_reason as "reversalReason", v.recurring_invoice_id as "recurringInvoiceId",
    v.recurring_run_date as "recurringRunDate", v.created_by as "createdBy", v.reversal_entry_id is not null as "isReversed"
  from invoice v
  join customer c on c.id = v.customer_id
  join receivable_account r on r.id = v.receivable_account_id
  cross join lateral (
    select coalesce(sum(i.amount_cents - coalesce(a.applied, 0)), 0) as open, coalesce(sum(a.paid), 0) as paid
    from receivable_item i
    left join lateral (
      select sum(x.amount_cents) as applied,
        coalesce(sum(x.amount_cents) filter (where cr.reverses_item_id is distinct from i.id), 0) as paid
      from receivable_application x join receivable_item cr on cr.id = x.credit_item_id
      where x.debit_item_id = i.id
    ) a on true
    where i.journal_entry_id = v.journal_entry_id and i.amount_cents > 0
  ) m`;

function toSummary(row: SummaryRow): InvoiceSummary {
  const { isReversed, ...rest } = row;
  return { ...rest, status: isReversed ? 'reversed' : row.amountDueCents > 0 ? 'open' : 'paid', paidCents: cents(row.paidCents) };
}

export async function listInvoices(
  db: Executor,
  options: { customerId?: number | undefined; status?: InvoiceStatus | undefined; limit?: number | undefined; beforeId?: number | undefined } = {},
): Promise<InvoiceSummary[]> {
  const status = options.status ?? null;
  const result = await sql<SummaryRow>`select * from (${summarySelect}
      where (${options.customerId ?? null}::bigint is null or v.customer_id = ${options.customerId ?? null})
        and (${options.beforeId ?? null}::bigint is null or v.id < ${options.beforeId ?? null})
        and (${status}::text is null or (${status} = 'reversed') = (v.reversal_entry_id is not null))
    ) s
    where ${status}::text is null or ${status} = 'reversed' or (${status} = 'open') = ("amountDueCents" > 0)
    order by id desc limit ${Math.min(options.limit ?? 100, 500)}`.execute(db);
  return result.rows.map(toSummary);
}

/** An invoice by id or by its number (INV-2026-000042), with its lines. */
export async function getInvoice(db: Executor, key: number | string): Promise<Invoice> {
  const byNumber = typeof key === 'string' && !/^\d+$/.test(key);
  const result = byNumber
    ? await sql<SummaryRow>`${summarySelect} where v.invoice_number = ${key.trim().toUpperCase()}`.execute(db)
    : await sql<SummaryRow>`${summarySelect} where v.id = ${Number(key)}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('invoice', key);
  const lines = await sql<InvoiceLine>`select l.line_number as "lineNumber", b.code as "itemCode", l.description,
      l.quantity::text as quantity, l.unit, l.unit_price_cents as "unitPriceCents", l.amount_cents as "amountCents",
      a.code as "revenueAccountCode", l.receivable_item_id as "receivableItemId"
    from invoice_line l join billing_item b on b.id = l.billing_item_id join account a on a.id = l.revenue_account_id
    where l.invoice_id = ${row.id} order by l.line_number`.execute(db);
  return { ...toSummary(row), lines: lines.rows };
}

export async function findInvoiceIdByKey(db: Executor, idempotencyKey: string): Promise<number | null> {
  const result = await sql<{ id: number }>`select id from invoice where idempotency_key = ${idempotencyKey}`.execute(db);
  return result.rows[0]?.id ?? null;
}
