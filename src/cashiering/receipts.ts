/**
 * Receipts: what a transaction paid and how, as the receipt shows it. The first print is the
 * original; every later print is marked COPY (the count is kept). A receipt can be emailed: the
 * message and its PDF are queued in the outbox for the mail relay.
 * Errors: not_found, invalid_input.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import type { IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Executor } from '../shared/db.js';
import { invalidInput, notFound } from '../shared/errors.js';
import { cents, formatDollars, type Cents } from '../shared/money.js';
import type { TenderType } from './tenders.js';

export interface ReceiptLine {
  lineNumber: number;
  kind: 'account' | 'item';
  accountNumber: string | null;
  itemCode: string | null;
  description: string;
  quantity: number;
  amountCents: Cents;
  balanceBeforeCents: Cents | null;
  /** What the account owed right after this payment (negative: a credit). */
  balanceAfterCents: Cents | null;
  fundCode: string;
}

export interface ReceiptTender {
  lineNumber: number;
  type: TenderType;
  amountCents: Cents;
  checkNumber: string | null;
  bankName: string | null;
  accountLast4: string | null;
  cardLast4: string | null;
  cardBrand: string | null;
  authorizationCode: string | null;
  status: 'accepted' | 'returned';
}

export interface Receipt {
  transactionId: number;
  receiptNumber: string;
  batchId: number;
  batchNumber: string;
  batchKind: 'counter' | 'mail' | 'lockbox';
  batchStatus: 'open' | 'closed';
  drawerCode: string | null;
  businessDate: IsoDate;
  cashier: string;
  customer: { id: number; customerNumber: string; name: string } | null;
  payerName: string | null;
  lines: ReceiptLine[];
  tenders: ReceiptTender[];
  totalCents: Cents;
  tenderedCents: Cents;
  changeCents: Cents;
  status: 'posted' | 'voided' | 'returned';
  voidReason: string | null;
  voidedBy: string | null;
  voidedAt: string | null;
  voidEntryId: number | null;
  journalEntryId: number;
  printCount: number;
  emailTo: string | null;
  emailedAt: string | null;
  createdAt: string;
}

interface ReceiptDbRow extends Omit<Receipt, 'lines' | 'tenders' | 'customer' | 'createdAt' | 'voidedAt' | 'emailedAt'> {
  customerId: number | null;
  customerNumber: string | null;
  customerName: string | null;
  createdAt: Date;
  voidedAt: Date | null;
  emailedAt: Date | null;
}

export async function getReceipt(db: Executor, key: string | number): Promise<Receipt> {
  const byNumber = typeof key === 'string' && !/^\d+$/.test(key);
  const where = byNumber ? sql`x.receipt_number = ${String(key).toUpperCase()}` : sql`x.id = ${Number(key)}`;
  const result = await sql<ReceiptDbRow>`select x.id as "transactionId", x.receipt_number as "receiptNumber", x.batch_id as "batchId",
      b.batch_number as "batchNumber", b.kind as "batchKind", b.status as "batchStatus", d.code as "drawerCode",
      x.business_date as "businessDate", x.created_by as cashier, x.customer_id as "customerId", c.customer_number as "customerNumber",
      c.legal_name as "customerName", x.payer_name as "payerName", x.total_cents as "totalCents", x.tendered_cents as "tenderedCents",
      x.change_cents as "changeCents", x.status, x.void_reason as "voidReason", x.voided_by as "voidedBy", x.voided_at as "voidedAt",
      x.void_entry_id as "voidEntryId", x.journal_entry_id as "journalEntryId", x.print_count as "printCount",
      x.email_to as "emailTo", x.emailed_at as "emailedAt", x.created_at as "createdAt"
    from cash_transaction x join payment_batch b on b.id = x.batch_id
    left join drawer_session s on s.batch_id = b.id left join cash_drawer d on d.id = s.drawer_id
    left join customer c on c.id = x.customer_id
    where ${where}`.execute(db);
  const row = result.rows[0];
  if (!row) throw notFound('receipt', key);
  const lines = await sql<Omit<ReceiptLine, 'balanceAfterCents'>>`select l.line_number as "lineNumber", l.line_kind as kind,
      r.account_number as "accountNumber", i.code as "itemCode", l.description, l.quantity, l.amount_cents as "amountCents",
      l.balance_before_cents as "balanceBeforeCents", l.fund_code as "fundCode"
    from cash_transaction_line l left join receivable_account r on r.id = l.receivable_account_id
    left join counter_item i on i.id = l.counter_item_id
    where l.transaction_id = ${row.transactionId} order by l.line_number`.execute(db);
  const tenders = await sql<ReceiptTender>`select line_number as "lineNumber", tender_type as type, amount_cents as "amountCents",
      check_number as "checkNumber", bank_name as "bankName", account_last4 as "accountLast4", card_last4 as "cardLast4",
      card_brand as "cardBrand", authorization_code as "authorizationCode", status
    from cash_tender where transaction_id = ${row.transactionId} order by line_number`.execute(db);
  const { customerId, customerNumber, customerName, createdAt, voidedAt, emailedAt, ...rest } = row;
  return {
    ...rest,
    customer: customerId !== null ? { id: customerId, customerNumber: customerNumber as string, name: customerName as string } : null,
    lines: lines.rows.map((line) => ({
      ...line,
      balanceAfterCents: line.balanceBeforeCents === null ? null : cents(line.balanceBeforeCents - line.amountCents),
    })),
    tenders: tenders.rows,
    createdAt: createdAt.toISOString(),
    voidedAt: voidedAt ? voidedAt.toISOString() : null,
    emailedAt: emailedAt ? emailedAt.toISOString() : null,
  };
}

export interface ReceiptSearch {
  batch?: number | null;
  customerId?: number | null;
  businessDate?: IsoDate | null;
  cashier?: string | null;
  limit?: number;
}

export interface ReceiptSummary {
  receiptNumber: string;
  batchNumber: string;
  businessDate: IsoDate;
  cashier: string;
  customerName: string | null;
  payerName: string | null;
  totalCents: Cents;
  status: 'posted' | 'voided' | 'returned';
  tenderTypes: TenderType[];
  createdAt: string;
}

export async function listReceipts(db: Executor, search: ReceiptSearch): Promise<ReceiptSummary[]> {
  const result = await sql<Omit<ReceiptSummary, 'createdAt'> & { createdAt: Date }>`select x.receipt_number as "receiptNumber",
      b.batch_number as "batchNumber", x.business_date as "businessDate", x.created_by as cashier, c.legal_name as "customerName",
      x.payer_name as "payerName", x.total_cents as "totalCents", x.status,
      array(select t.tender_type from cash_tender t where t.transaction_id = x.id order by t.line_number) as "tenderTypes",
      x.created_at as "createdAt"
    from cash_transaction x join payment_batch b on b.id = x.batch_id left join customer c on c.id = x.customer_id
    where (${search.batch ?? null}::bigint is null or x.batch_id = ${search.batch ?? null})
      and (${search.customerId ?? null}::bigint is null or x.customer_id = ${search.customerId ?? null})
      and (${search.businessDate ?? null}::date is null or x.business_date = ${search.businessDate ?? null})
      and (${search.cashier ?? null}::text is null or x.created_by = ${search.cashier ?? null})
    order by x.id desc limit ${Math.min(search.limit ?? 100, 1000)}`.execute(db);
  return result.rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

/** Counts a print; the first is the original, every later one a COPY. */
export async function recordReceiptPrint(database: Database, options: { receiptNumber: string; actor: Actor }): Promise<{ receipt: Receipt; isCopy: boolean; copyNumber: number }> {
  return inTransaction(database, async (tx) => {
    const updated = await sql<{ printCount: number }>`update cash_transaction set print_count = print_count + 1
      where receipt_number = ${options.receiptNumber.toUpperCase()} returning print_count as "printCount"`.execute(tx);
    const count = updated.rows[0]?.printCount;
    if (count === undefined) throw notFound('receipt', options.receiptNumber);
    const receipt = await getReceipt(tx, options.receiptNumber);
    if (count > 1) {
      await recordAudit(tx, { actor: options.actor, action: 'cashiering.reprint_receipt', entityType: 'cash_transaction', entityId: receipt.receiptNumber,
        after: { copyNumber: count - 1 } });
    }
    return { receipt, isCopy: count > 1, copyNumber: count - 1 };
  });
}

/** Queues the receipt (text and PDF) in the outbox for the mail relay. */
export async function emailReceipt(
  database: Database,
  options: { receiptNumber: string; to: string; pdf: Uint8Array; actor: Actor; cityName: string },
): Promise<{ outboxId: number }> {
  const to = options.to.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to)) throw invalidInput('to', 'is not an email address');
  return inTransaction(database, async (tx) => {
    const receipt = await getReceipt(tx, options.receiptNumber);
    const body = [
      `Thank you for your payment to the ${options.cityName}.`,
      '',
      `Receipt ${receipt.receiptNumber}, ${receipt.businessDate}`,
      ...receipt.lines.map((line) => `  ${line.description}  ${formatDollars(line.amountCents)}`),
      `  Total  ${formatDollars(receipt.totalCents)}`,
      '',
      'Your receipt is attached as a PDF.',
    ].join('\n');
    const inserted = await sql<{ id: number }>`insert into outbound_email (to_address, subject, body_text, attachment_name, attachment,
        related_type, related_id, created_by)
      values (${to}, ${`Receipt ${receipt.receiptNumber} from the ${options.cityName}`}, ${body}, ${`${receipt.receiptNumber}.pdf`},
        ${Buffer.from(options.pdf)}, 'cash_transaction', ${receipt.receiptNumber}, ${options.actor.username}) returning id`.execute(tx);
    await sql`update cash_transaction set email_to = ${to}, emailed_at = now() where id = ${receipt.transactionId}`.execute(tx);
    await recordAudit(tx, { actor: options.actor, action: 'cashiering.email_receipt', entityType: 'cash_transaction', entityId: receipt.receiptNumber,
      after: { to } });
    return { outboxId: inserted.rows[0]?.id as number };
  });
}
