/**
 * Invoicing catalog items to a customer: the lines are priced (invoice-lines.ts), the customer's
 * receivable account of the items' kind and fund is found (or opened), and the invoice posts as
 * one receivables charge entry (documentRef = the invoice number) in the same transaction as the
 * invoice's header, lines and audit row.
 * Idempotent: the same key returns the invoice it made (200 replay); the key with other content
 * is idempotency_conflict. Without a key the invoice number keys the posting.
 * Errors: invalid_input (naming the field or line), not_found (customer), conflict (a merged
 * customer), period_closed, idempotency_conflict.
 */
import { sql } from 'kysely';
import type { Actor } from '../shared/actor.js';
import { recordAudit } from '../shared/audit.js';
import { addDays, type IsoDate } from '../shared/dates.js';
import { inTransaction, type Database, type Tx } from '../shared/db.js';
import { AppError } from '../shared/errors.js';
import { sumCents, type Cents } from '../shared/money.js';
import { resolveCustomerId } from '../customers/index.js';
import { getCustomerReceivables, openReceivableAccount, postCharges } from '../receivables/index.js';
import { getSettings } from '../settings/index.js';
import { asRecord, Problems, readDate, readText } from './input.js';
import { formatInvoiceNumber, parseLineRequests, resolveLines, type ResolvedLine } from './invoice-lines.js';
import { findInvoiceIdByKey, getInvoice, type Invoice } from './invoices.js';

export interface InvoiceInput {
  /** Customer id or number (C-100001). */
  customer: number | string;
  invoiceDate: string;
  /** Default: the invoice date plus the terms setting (billing.invoice_terms_days). */
  dueDate?: string | null;
  notes?: string | null;
  lines: Array<{ item: string; quantity?: string | number; unitPriceCents?: number; unitPrice?: string; description?: string }>;
}

export interface CreateInvoiceOptions {
  input: unknown;
  actor: Actor;
  idempotencyKey?: string | null;
  inTx?: Tx;
  /** Set by recurring runs: the template and the scheduled date this invoice is for. */
  recurring?: { templateId: number; runDate: IsoDate } | undefined;
}

export async function createInvoice(database: Database, options: CreateInvoiceOptions): Promise<{ invoice: Invoice; isReplay: boolean }> {
  const raw = asRecord(options.input, 'invoice');
  const problems = new Problems();
  const customerKey = typeof raw.customer === 'number' || typeof raw.customer === 'string' ? raw.customer : null;
  if (customerKey === null || customerKey === '') problems.add('customer', 'a customer id or number (C-100001) is required');
  const invoiceDate = readDate(raw.invoiceDate, 'invoiceDate', problems, { required: true });
  const givenDueDate = readDate(raw.dueDate, 'dueDate', problems, { required: false });
  const notes = readText(raw.notes, 'notes', problems, { required: false, max: 1000 });
  const key = options.idempotencyKey?.trim() || null;
  if (key && key.length > 200) problems.add('idempotencyKey', 'must be at most 200 characters');
  const requests = parseLineRequests(raw.lines, problems);
  if (givenDueDate && invoiceDate && givenDueDate < invoiceDate) problems.add('dueDate', 'cannot be before the invoice date');
  problems.throwIfAny();
  const work = async (tx: Tx) => {
    const customerId = await resolveCustomerId(tx, customerKey as string | number);
    const lines = await resolveLines(tx, requests, problems);
    problems.throwIfAny();
    const totalCents = sumCents(lines.map((line) => line.amountCents));
    if (key) {
      const existing = await findInvoiceIdByKey(tx, key);
      if (existing !== null) return replay(tx, existing, { customerId, invoiceDate: invoiceDate as IsoDate, totalCents, key });
    }
    const customer = await sql<{ status: string; customerNumber: string }>`select status, customer_number as "customerNumber"
      from customer where id = ${customerId}`.execute(tx);
    if (!customer.rows[0]) throw new AppError('not_found', `customer ${customerId} was not found`, { field: 'customer' });
    if (customer.rows[0].status === 'merged') {
      throw new AppError('conflict', `Customer ${customer.rows[0].customerNumber} was merged into another; invoice the survivor`, { field: 'customer' });
    }
    const terms = (await getSettings(tx))['billing.invoice_terms_days'];
    const dueDate = givenDueDate ?? addDays(invoiceDate as IsoDate, terms);
    const first = lines[0] as ResolvedLine;
    const accountId = await receivableAccountFor(database, tx, options.actor, customerId, first, invoiceDate as IsoDate);
    const sequence = await sql<{ value: number }>`select nextval('invoice_number_seq')::bigint as value`.execute(tx);
    const invoiceNumber = formatInvoiceNumber(invoiceDate as string, sequence.rows[0]?.value as number);
    const posted = await postCharges(database, {
      input: {
        account: accountId,
        chargeDate: invoiceDate,
        dueDate,
        description: `Invoice ${invoiceNumber}`,
        documentRef: invoiceNumber,
        idempotencyKey: `invoice:${key ?? invoiceNumber}`,
        lines: lines.map((line) => ({
          revenueAccount: line.item.revenueAccountCode,
          amountCents: line.amountCents,
          description: `${invoiceNumber} ${line.description}`.slice(0, 200),
          penaltyEligible: line.item.isPenaltyEligible,
        })),
      },
      actor: options.actor,
      inTx: tx,
    });
    const inserted = await sql<{ id: number }>`insert into invoice (invoice_number, customer_id, receivable_account_id, fund_code,
        invoice_date, due_date, total_cents, notes, idempotency_key, journal_entry_id, recurring_invoice_id, recurring_run_date, created_by)
      values (${invoiceNumber}, ${customerId}, ${accountId}, ${first.item.fundCode}, ${invoiceDate}, ${dueDate}, ${totalCents},
        ${notes}, ${key ?? invoiceNumber}, ${posted.entry.id}, ${options.recurring?.templateId ?? null}, ${options.recurring?.runDate ?? null},
        ${options.actor.username})
      returning id`.execute(tx);
    const invoiceId = inserted.rows[0]?.id as number;
    await sql`insert into invoice_line (invoice_id, line_number, billing_item_id, description, quantity, unit, unit_price_cents,
        amount_cents, revenue_account_id, receivable_item_id)
      select ${invoiceId}::bigint, t.n, t.item, t.description, t.quantity::numeric, t.unit, t.price, t.amount, a.id, t.receivable_item
      from unnest(${lines.map((_, index) => index + 1)}::int[], ${lines.map((line) => line.item.id)}::bigint[],
        ${lines.map((line) => line.description)}::text[], ${lines.map((line) => line.quantity.toString())}::text[],
        ${lines.map((line) => line.item.unit)}::text[], ${lines.map((line) => line.unitPriceCents)}::bigint[],
        ${lines.map((line) => line.amountCents)}::bigint[], ${lines.map((line) => line.item.revenueAccountCode)}::text[],
        ${posted.items.map((item) => item.id)}::bigint[]) as t(n, item, description, quantity, unit, price, amount, revenue, receivable_item)
      join account a on a.code = t.revenue`.execute(tx);
    const invoice = await getInvoice(tx, invoiceId);
    await recordAudit(tx, { actor: options.actor, action: 'billing.create_invoice', entityType: 'invoice', entityId: invoiceNumber,
      after: { ...invoice, idempotencyKey: key } });
    return { invoice, isReplay: false };
  };
  return options.inTx ? work(options.inTx) : inTransaction(database, work);
}

async function replay(tx: Tx, invoiceId: number, request: { customerId: number; invoiceDate: IsoDate; totalCents: Cents; key: string }) {
  const invoice = await getInvoice(tx, invoiceId);
  if (invoice.customerId !== request.customerId || invoice.invoiceDate !== request.invoiceDate || invoice.totalCents !== request.totalCents) {
    throw new AppError('idempotency_conflict', `Idempotency key ${request.key} already made invoice ${invoice.invoiceNumber} with other content`, {
      field: 'idempotencyKey', invoiceNumber: invoice.invoiceNumber,
    });
  }
  return { invoice, isReplay: true };
}

/** The customer's open account of the item's kind and fund, or a new one opened on the invoice date. */
async function receivableAccountFor(database: Database, tx: Tx, actor: Actor, customerId: number, line: ResolvedLine, invoiceDate: IsoDate): Promise<number> {
  const { accounts } = await getCustomerReceivables(tx, customerId, invoiceDate);
  const existing = accounts.find((account) => account.kind === line.item.receivableKind && account.fundCode === line.item.fundCode && account.status === 'active');
  if (existing) return existing.id;
  const opened = await openReceivableAccount(database, {
    input: { customerId, kind: line.item.receivableKind, fundCode: line.item.fundCode, openedOn: invoiceDate, description: 'General billing' },
    actor,
    inTx: tx,
  });
  return opened.id;
}
