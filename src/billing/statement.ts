/**
 * The data of a customer statement for a period (rendered by src/documents/statement.ts): each
 * receivable account with its balance before the period, the items in the period with a running
 * balance, and its balance at the end; the aging and what is due as of the last day. Balances and
 * aging come through the receivables door; the items of the period are read set-based here.
 * Also the data of an invoice document.
 * Errors: invalid_input (dates), not_found (customer, invoice).
 */
import { sql } from 'kysely';
import { addDays, parseIsoDate, type IsoDate } from '../shared/dates.js';
import type { Executor } from '../shared/db.js';
import { invalidInput, notFound } from '../shared/errors.js';
import { cents, sumCents, type Cents } from '../shared/money.js';
import { getCustomerReceivables } from '../receivables/index.js';
import type { InvoiceDocumentData, StatementAccount, StatementData } from '../documents/index.js';
import { getInvoice } from './invoices.js';
import { findMailingInfo } from './mailing.js';

interface ItemRow {
  accountId: number;
  itemDate: IsoDate;
  description: string;
  amountCents: Cents;
}

export async function getCustomerStatement(
  db: Executor,
  options: { customerId: number; from: string; to: string; statementDate: IsoDate },
): Promise<StatementData> {
  const from = parseIsoDate(options.from, 'from');
  const to = parseIsoDate(options.to, 'to');
  if (to < from) throw invalidInput('to', 'cannot be before from');
  const info = (await findMailingInfo(db, [options.customerId])).get(options.customerId);
  if (!info) throw notFound('customer', options.customerId);
  const opening = await getCustomerReceivables(db, options.customerId, addDays(from, -1));
  const closing = await getCustomerReceivables(db, options.customerId, to);
  const openingById = new Map(opening.accounts.map((account) => [account.id, account.balanceCents]));
  const items = await sql<ItemRow>`select i.receivable_account_id as "accountId", i.item_date as "itemDate", i.description,
      i.amount_cents as "amountCents"
    from receivable_item i join receivable_account r on r.id = i.receivable_account_id
    where r.customer_id = ${options.customerId} and i.item_date between ${from}::date and ${to}::date
    order by i.item_date, i.id`.execute(db);
  const accounts: StatementAccount[] = closing.accounts
    .filter((account) => account.balanceCents !== 0 || (openingById.get(account.id) ?? 0) !== 0 || items.rows.some((item) => item.accountId === account.id))
    .map((account) => {
      let balance: number = openingById.get(account.id) ?? 0;
      const rows = items.rows.filter((item) => item.accountId === account.id).map((item) => {
        balance += item.amountCents;
        return {
          date: item.itemDate,
          description: item.description,
          chargeCents: item.amountCents > 0 ? item.amountCents : null,
          creditCents: item.amountCents < 0 ? cents(-item.amountCents) : null,
          balanceCents: cents(balance),
        };
      });
      return { accountNumber: account.accountNumber, kindName: account.kindName, openingBalanceCents: openingById.get(account.id) ?? cents(0),
        items: rows, closingBalanceCents: account.balanceCents };
    });
  const totalClosing = sumCents(accounts.map((account) => account.closingBalanceCents));
  return {
    statementDate: options.statementDate,
    from,
    to,
    language: info.language,
    customerNumber: info.customerNumber,
    address: info.address,
    accounts,
    aging: closing.totals.aging,
    amountDueCents: totalClosing > 0 ? totalClosing : cents(0),
    totalClosingCents: totalClosing,
  };
}

export async function getInvoiceDocument(db: Executor, key: number | string): Promise<InvoiceDocumentData> {
  const invoice = await getInvoice(db, key);
  const info = (await findMailingInfo(db, [invoice.customerId])).get(invoice.customerId);
  return {
    invoiceNumber: invoice.invoiceNumber,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    status: invoice.status,
    language: info?.language ?? 'en',
    customerNumber: invoice.customerNumber,
    accountNumber: invoice.accountNumber,
    address: info?.address ?? { name: invoice.customerName, lines: [] },
    lines: invoice.lines.map((line) => ({
      description: line.description,
      quantity: trimQuantity(line.quantity),
      unit: line.unit,
      unitPriceCents: line.unitPriceCents,
      amountCents: line.amountCents,
    })),
    totalCents: invoice.totalCents,
    paidCents: invoice.paidCents,
    amountDueCents: invoice.amountDueCents,
    notes: invoice.notes,
  };
}

/** "2.5000" -> "2.5", "37.0000" -> "37". */
function trimQuantity(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
