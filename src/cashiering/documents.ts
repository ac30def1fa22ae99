/**
 * What cashiering's documents show, from what is stored: the receipt (80 mm) and the notice of a
 * returned payment. The documents module renders them.
 */
import type { Executor } from '../shared/db.js';
import { cents } from '../shared/money.js';
import { findMailingInfo } from '../billing/index.js';
import type { ReceiptDocument, ReturnedPaymentNoticeDocument } from '../documents/index.js';
import { getReceivableAccount } from '../receivables/index.js';
import type { Receipt, ReceiptTender } from './receipts.js';
import type { ReturnedItem } from './returns.js';
import { formatScanLine } from './scan-line.js';

function tenderDetail(tender: ReceiptTender): string | null {
  switch (tender.type) {
    case 'check':
      return [`Check ${tender.checkNumber ?? ''}`.trim(), tender.bankName].filter(Boolean).join(', ');
    case 'card':
      return `${tender.cardBrand ?? 'Card'} ****${tender.cardLast4 ?? ''} auth ${tender.authorizationCode ?? ''}`.trim();
    case 'money_order':
      return tender.checkNumber ? `No. ${tender.checkNumber}` : null;
    case 'ach':
      return tender.accountLast4 ? `Account ****${tender.accountLast4}` : null;
    default:
      return null;
  }
}

export function receiptDocument(receipt: Receipt, print: { isCopy: boolean; copyNumber: number; printedAt: Date }): ReceiptDocument {
  return {
    receiptNumber: receipt.receiptNumber,
    businessDate: receipt.businessDate,
    printedAt: print.printedAt.toISOString(),
    cashier: receipt.cashier,
    drawerCode: receipt.drawerCode,
    batchNumber: receipt.batchNumber,
    customer: receipt.customer ? { customerNumber: receipt.customer.customerNumber, name: receipt.customer.name } : null,
    payerName: receipt.payerName,
    lines: receipt.lines.map((line) => ({
      description: line.description,
      accountNumber: line.accountNumber,
      amountCents: line.amountCents,
      balanceAfterCents: line.balanceAfterCents,
    })),
    tenders: receipt.tenders.map((tender) => ({ type: tender.type, amountCents: tender.amountCents, detail: tenderDetail(tender) })),
    totalCents: receipt.totalCents,
    tenderedCents: receipt.tenderedCents,
    changeCents: receipt.changeCents,
    status: receipt.status,
    isCopy: print.isCopy,
    ...(print.isCopy ? { copyNumber: print.copyNumber } : {}),
  };
}

export async function returnedNoticeDocument(db: Executor, item: ReturnedItem, noticeDate: string): Promise<ReturnedPaymentNoticeDocument | null> {
  if (item.customerId === null) return null;
  const mailing = (await findMailingInfo(db, [item.customerId])).get(item.customerId);
  if (!mailing) return null;
  const accountNumber = item.feeAccountNumber;
  const account = accountNumber ? await getReceivableAccount(db, accountNumber, noticeDate as never) : null;
  const amountDue = account ? cents(Math.max(0, account.balanceCents)) : cents(item.amountCents + item.feeCents);
  return {
    noticeDate,
    language: mailing.language,
    customerNumber: mailing.customerNumber,
    address: mailing.address,
    accountNumber: accountNumber ?? '',
    receiptNumber: item.receiptNumber,
    paymentDate: item.paymentDate,
    tenderType: item.tenderType as ReturnedPaymentNoticeDocument['tenderType'],
    checkNumber: item.checkNumber,
    paymentAmountCents: item.amountCents,
    returnedOn: item.returnedOn,
    returnReason: item.reason,
    returnCode: item.returnCode,
    serviceChargeCents: item.feeCents,
    amountDueCents: amountDue,
    dueDate: null,
    cashOnly: item.flaggedCashOnly,
    scanLine: accountNumber ? formatScanLine({ accountNumber, amountDueCents: amountDue }) : null,
  };
}
