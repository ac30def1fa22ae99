/**
 * The returned-payment notice: a Letter-size letter telling the customer that their bank returned
 * a payment unpaid, that the payment has been reversed, that the service charge California Civil
 * Code section 1719 allows was added, what is due now and how to pay it (cash, money order or
 * cashier's check) and, for a customer now limited to certified funds, that from now on the city
 * accepts only those. English or Spanish, with a remit stub.
 */
import type { Cents } from '../shared/money.js';
import { documentLanguage, labelsFor, type DocumentLanguage, type Labels } from './labels.js';
import {
  CITY_LETTERHEAD,
  drawAddress,
  drawLetterhead,
  drawParagraph,
  drawRemitStub,
  drawTable,
  drawTotalLine,
  longDate,
  money,
  PAGE,
  renderPdf,
  type CityLetterhead,
  type MailingAddress,
  type RenderOptions,
} from './pdf.js';

/** The bank's reasons a payment comes back (the codes of returned_item.return_reason). */
export type ReturnedPaymentReason =
  | 'nsf'
  | 'account_closed'
  | 'stop_payment'
  | 'no_account'
  | 'unable_to_locate'
  | 'ach_return'
  | 'other';

export interface ReturnedPaymentNoticeDocument {
  noticeDate: string;
  /** The customer's preferred language (en, es, ...): English unless Spanish. */
  language: string;
  customerNumber: string;
  address: MailingAddress;
  /** The account the stub pays (where the service charge was posted). */
  accountNumber: string;
  receiptNumber: string;
  paymentDate: string;
  tenderType: 'check' | 'ach' | 'money_order' | 'card' | 'cash';
  /** The check's number, when the returned payment was a check. */
  checkNumber: string | null;
  paymentAmountCents: Cents;
  returnedOn: string;
  returnReason: ReturnedPaymentReason;
  /** The bank's own code, e.g. "R01" for an ACH return; printed beside the reason. */
  returnCode: string | null;
  serviceChargeCents: Cents;
  /** Everything the customer owes now, the reversed payment and the service charge included. */
  amountDueCents: Cents;
  dueDate: string | null;
  /** True when from now on the customer may pay only cash, money orders or cashier's checks. */
  cashOnly: boolean;
  scanLine?: string | null;
}

export function renderReturnedPaymentNotice(
  notice: ReturnedPaymentNoticeDocument,
  options: RenderOptions = {},
): Promise<Buffer> {
  const letterhead = options.letterhead ?? CITY_LETTERHEAD;
  const language = documentLanguage(notice.language);
  const labels = labelsFor(language);
  return renderPdf(`Returned payment ${notice.receiptNumber}`, options, (doc) => {
    let y = drawLetterhead(doc, letterhead);
    const date = longDate(notice.noticeDate, language);
    doc.font('Helvetica').fontSize(10).text(date, PAGE.margin, y, { lineBreak: false });
    y = drawAddress(doc, notice.address, y + 24);
    y = drawParagraph(doc, labels.returnedTitle, y + 4, { size: 14, bold: true });
    const numbers = [
      `${labels.customerNumber}: ${notice.customerNumber}`,
      `${labels.account}: ${notice.accountNumber}`,
    ];
    y = drawParagraph(doc, numbers.join('    '), y);
    y = drawParagraph(doc, labels.returnedIntro, y + 4);
    y = drawTable(doc, paymentColumns(labels), [notice], y + 2);
    y = drawParagraph(doc, `${labels.returnReason}: ${reasonText(labels, notice)}`, y + 2);
    y = drawParagraph(doc, labels.reversedParagraph, y + 2);
    const fee = money(notice.serviceChargeCents);
    y = drawParagraph(doc, labels.feeParagraph.replace('{fee}', fee), y);
    y = drawTotalLine(doc, labels.paymentReversed, money(notice.paymentAmountCents), y + 4);
    y = drawTotalLine(doc, labels.serviceCharge, fee, y);
    y = drawTotalLine(doc, labels.amountNowDue, money(notice.amountDueCents), y, { bold: true });
    y = drawParagraph(doc, labels.howToPay, y + 8, { bold: true });
    y = drawParagraph(doc, howToPay(labels, notice, letterhead, language), y);
    if (notice.cashOnly) {
      y = drawParagraph(doc, labels.cashOnlyHeading, y + 6, { bold: true });
      y = drawParagraph(doc, labels.cashOnlyParagraph, y);
    }
    const phone = letterhead.phone;
    y = drawParagraph(doc, labels.questions.replace('{phone}', phone), y + 4, { size: 9 });
    y = drawParagraph(doc, labels.otherLanguage.replace('{phone}', phone), y, { size: 9 });
    drawRemitStub(doc, {
      customerNumber: notice.customerNumber,
      customerName: notice.address.name,
      reference: `${notice.accountNumber} / ${notice.receiptNumber}`,
      amountDueCents: notice.amountDueCents,
      dueDate: notice.dueDate,
      scanLine: notice.scanLine ?? null,
      labels,
    }, y, letterhead);
  });
}

function reasonText(labels: Labels, notice: ReturnedPaymentNoticeDocument): string {
  const reason = labels[`reason_${notice.returnReason}`];
  return notice.returnCode ? `${reason} (${notice.returnCode})` : reason;
}

function howToPay(
  labels: Labels,
  notice: ReturnedPaymentNoticeDocument,
  letterhead: CityLetterhead,
  language: DocumentLanguage,
): string {
  const template = notice.dueDate ? labels.howToPayParagraph : labels.howToPayParagraphNoDate;
  return template
    .replace('{amount}', money(notice.amountDueCents))
    .replace('{dueDate}', notice.dueDate ? longDate(notice.dueDate, language) : '')
    .replace('{address}', letterhead.addressLines.join(', '));
}

function paymentColumns(labels: Labels) {
  type Row = ReturnedPaymentNoticeDocument;
  return [
    { header: labels.receipt, width: 96, value: (row: Row) => row.receiptNumber },
    { header: labels.paymentDate, width: 78, value: (row: Row) => row.paymentDate },
    {
      header: labels.paymentMethod,
      width: 120,
      value: (row: Row) => labels[`tender_${row.tenderType}`],
    },
    { header: labels.checkNumber, width: 90, value: (row: Row) => row.checkNumber ?? '' },
    { header: labels.returnedOn, width: 62, value: (row: Row) => row.returnedOn },
    {
      header: labels.amount,
      width: 58,
      align: 'right' as const,
      value: (row: Row) => money(row.paymentAmountCents),
    },
  ];
}
