/**
 * The cashiering receipt on 80 mm thermal paper (226.77 pt wide; as long as its content): a
 * small letterhead, the receipt number large, what was paid on which account and the balance
 * after, the total, how it was paid, the change, and a thank-you with the city's phone. A reprint
 * says COPY at the top and the bottom; a voided or returned payment says so just as plainly.
 * Pure rendering from plain data; amounts are formatted by src/shared/money.ts only.
 */
import PDFDocument from 'pdfkit';
import { CITY_TIME_ZONE } from '../shared/dates.js';
import { negateCents, type Cents } from '../shared/money.js';
import { labelsFor, type DocumentLanguage, type Labels } from './labels.js';
import {
  CITY_LETTERHEAD,
  money,
  renderPdf,
  type CityLetterhead,
  type PageLayout,
  type Pdf,
  type RenderOptions,
} from './pdf.js';

export type ReceiptTenderType = 'cash' | 'check' | 'money_order' | 'card' | 'ach';

export interface ReceiptDocumentLine {
  description: string;
  accountNumber: string | null;
  amountCents: Cents;
  /** What the account owes right after this payment (negative: a credit); null for items. */
  balanceAfterCents: Cents | null;
}

export interface ReceiptDocumentTender {
  type: ReceiptTenderType;
  amountCents: Cents;
  /** What identifies the tender, e.g. "Check 1043" or "VISA ****4242 auth 123456". */
  detail: string | null;
}

export interface ReceiptDocument {
  receiptNumber: string;
  businessDate: string;
  /** When this print was made (ISO 8601 instant); printed in the city's time zone. */
  printedAt: string;
  cashier: string;
  drawerCode: string | null;
  batchNumber: string;
  customer: { customerNumber: string; name: string } | null;
  payerName: string | null;
  lines: ReceiptDocumentLine[];
  tenders: ReceiptDocumentTender[];
  totalCents: Cents;
  tenderedCents: Cents;
  changeCents: Cents;
  status: 'posted' | 'voided' | 'returned';
  /** Every print after the first is a copy. */
  isCopy: boolean;
  /** Which copy (1 for the first reprint). */
  copyNumber?: number;
  language?: DocumentLanguage;
}

/** 80 mm roll paper. Thermal printers print about 72 mm of it, hence the margin. */
export const RECEIPT_PAGE = { width: 226.77, margin: 12 } as const;
const CONTENT = RECEIPT_PAGE.width - 2 * RECEIPT_PAGE.margin;
const LEFT = RECEIPT_PAGE.margin;
/** PDF's largest page (200 inches): room enough to measure any receipt before printing it. */
const MEASURING_HEIGHT = 14_400;

export function renderReceiptPdf(
  receipt: ReceiptDocument,
  options: RenderOptions = {},
): Promise<Buffer> {
  const letterhead = options.letterhead ?? CITY_LETTERHEAD;
  // pdfkit cannot resize a page once drawn, so the receipt is laid out once on a page long
  // enough for anything to learn its length, then drawn for real on a page of that length.
  const measuring = new PDFDocument({
    size: [RECEIPT_PAGE.width, MEASURING_HEIGHT],
    margin: RECEIPT_PAGE.margin,
    compress: false,
  });
  const height = Math.ceil(drawReceipt(measuring, receipt, letterhead) + RECEIPT_PAGE.margin);
  const layout: PageLayout = { size: [RECEIPT_PAGE.width, height], margin: RECEIPT_PAGE.margin };
  const draw = (doc: Pdf) => drawReceipt(doc, receipt, letterhead);
  return renderPdf(`Receipt ${receipt.receiptNumber}`, options, draw, layout);
}

/** Draws the whole receipt from the top of the page; returns the y below its last line. */
function drawReceipt(doc: Pdf, receipt: ReceiptDocument, letterhead: CityLetterhead): number {
  const labels = labelsFor(receipt.language ?? 'en');
  let y: number = RECEIPT_PAGE.margin;
  y = drawStatusBanners(doc, receipt, labels, y);
  y = drawSmallLetterhead(doc, letterhead, y);
  y = drawText(doc, labels.receiptTitle.toUpperCase(), y, { size: 8, bold: true });
  y = drawText(doc, receipt.receiptNumber, y, { size: 17, bold: true }) + 2;
  y = drawRule(doc, y);
  y = drawParticulars(doc, receipt, labels, y);
  y = drawRule(doc, y);
  for (const line of receipt.lines) y = drawLine(doc, line, labels, y);
  y = drawRule(doc, y, { heavy: true });
  const total = money(receipt.totalCents);
  y = drawAmountRow(doc, labels.total.toUpperCase(), total, y, { size: 12, bold: true }) + 4;
  y = drawText(doc, labels.paidWith, y, { size: 8, bold: true, align: 'left' });
  for (const tender of receipt.tenders) y = drawTender(doc, tender, labels, y);
  y = drawAmountRow(doc, labels.tendered, money(receipt.tenderedCents), y + 2, { size: 9 });
  y = drawAmountRow(doc, labels.change, money(receipt.changeCents), y, { size: 10, bold: true });
  y = drawRule(doc, y + 2);
  y = drawStatusBanners(doc, receipt, labels, y);
  y = drawText(doc, labels.thankYou, y + 2, { size: 10, bold: true });
  y = drawText(doc, labels.keepReceipt, y, { size: 7.5 });
  y = drawText(doc, labels.questionsShort.replace('{phone}', letterhead.phone), y, { size: 7.5 });
  return drawText(doc, letterhead.website, y, { size: 7.5 });
}

/** COPY on a reprint, VOID when voided, RETURNED when returned: at the top and the bottom. */
function drawStatusBanners(
  doc: Pdf,
  receipt: ReceiptDocument,
  labels: Labels,
  startY: number,
): number {
  let y = startY;
  if (receipt.isCopy) {
    y = drawBanner(doc, labels.copy, y, { inverted: true });
    const note = labels.copyNote
      .replace('{n}', String(receipt.copyNumber ?? 1))
      .replace('{receipt}', receipt.receiptNumber);
    y = drawText(doc, note, y, { size: 7.5 }) + 4;
  }
  if (receipt.status === 'voided') {
    y = drawBanner(doc, labels.void, y, { inverted: false });
    y = drawText(doc, labels.voidNote, y, { size: 7.5, bold: true }) + 4;
  }
  if (receipt.status === 'returned') {
    y = drawBanner(doc, labels.returned, y, { inverted: false });
    y = drawText(doc, labels.returnedNote, y, { size: 7.5, bold: true }) + 4;
  }
  return y;
}

/** A word across the whole width: white on black (COPY) or in a heavy box (VOID). */
function drawBanner(doc: Pdf, word: string, y: number, options: { inverted: boolean }): number {
  const height = 30;
  if (options.inverted) doc.rect(LEFT, y, CONTENT, height).fill('black');
  else doc.rect(LEFT + 1.5, y + 1.5, CONTENT - 3, height - 3).lineWidth(3).stroke('black');
  doc.font('Helvetica-Bold').fontSize(22).fillColor(options.inverted ? 'white' : 'black');
  doc.text(word, LEFT, y + 7, {
    width: CONTENT,
    align: 'center',
    lineBreak: false,
    characterSpacing: 4,
  });
  doc.fillColor('black');
  return y + height + 3;
}

function drawSmallLetterhead(doc: Pdf, letterhead: CityLetterhead, y: number): number {
  let next = drawText(doc, letterhead.name, y, { size: 10, bold: true });
  next = drawText(doc, letterhead.department, next, { size: 7.5 });
  next = drawText(doc, letterhead.addressLines.join(', '), next, { size: 7.5 });
  next = drawText(doc, letterhead.phone, next, { size: 7.5 });
  return drawRule(doc, next + 2);
}

function drawParticulars(
  doc: Pdf,
  receipt: ReceiptDocument,
  labels: Labels,
  startY: number,
): number {
  const drawer: Array<[string, string]> = receipt.drawerCode
    ? [[labels.drawer, receipt.drawerCode]]
    : [];
  const rows: Array<[string, string]> = [
    [labels.businessDate, receipt.businessDate],
    [labels.printed, formatPrintedAt(receipt.printedAt)],
    [labels.cashier, receipt.cashier],
    ...drawer,
    [labels.batch, receipt.batchNumber],
  ];
  let y = startY;
  for (const [label, value] of rows) y = drawAmountRow(doc, label, value, y, { size: 8 });
  if (receipt.customer) {
    const { customerNumber, name } = receipt.customer;
    const customer = `${labels.customer}: ${customerNumber}  ${name}`;
    y = drawWrapped(doc, customer, y + 2, { size: 8.5, bold: true });
  }
  if (receipt.payerName) {
    y = drawWrapped(doc, `${labels.paidBy}: ${receipt.payerName}`, y, { size: 8 });
  }
  return y;
}

/** A paid line: its description (wrapping), the amount at the right, then account and balance. */
function drawLine(doc: Pdf, line: ReceiptDocumentLine, labels: Labels, y: number): number {
  let next = drawAmountRow(doc, line.description, money(line.amountCents), y, { size: 9 });
  if (line.accountNumber) {
    const account = `${labels.account} ${line.accountNumber}`;
    next = drawWrapped(doc, account, next, { size: 7.5, indent: 8 });
  }
  if (line.balanceAfterCents !== null) {
    const balance = line.balanceAfterCents < 0
      ? `${labels.creditBalance}: ${money(negateCents(line.balanceAfterCents))}`
      : `${labels.balanceAfter}: ${money(line.balanceAfterCents)}`;
    next = drawWrapped(doc, balance, next, { size: 7.5, indent: 8 });
  }
  return next + 3;
}

function drawTender(doc: Pdf, tender: ReceiptDocumentTender, labels: Labels, y: number): number {
  const label = labels[`tender_${tender.type}`];
  const next = drawAmountRow(doc, label, money(tender.amountCents), y, { size: 9 });
  return tender.detail ? drawWrapped(doc, tender.detail, next, { size: 7.5, indent: 8 }) : next;
}

interface TextStyle {
  size: number;
  bold?: boolean;
}

/**
 * A label at the left (wrapping if long) and a value at the right edge on its first line; the
 * value is never cut, the label gets what width is left. Returns the y below the taller side.
 */
function drawAmountRow(
  doc: Pdf,
  label: string,
  value: string,
  y: number,
  style: TextStyle,
): number {
  doc.font(style.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(style.size);
  const valueWidth = Math.min(doc.widthOfString(value), CONTENT * 0.6);
  doc.text(value, LEFT + CONTENT - valueWidth - 1, y, {
    width: valueWidth + 1,
    align: 'right',
    lineBreak: false,
    ellipsis: true,
    height: style.size * 1.4,
  });
  doc.text(label, LEFT, y, { width: CONTENT - valueWidth - 8 });
  return Math.max(doc.y, y + doc.currentLineHeight(true)) + 1;
}

function drawWrapped(
  doc: Pdf,
  text: string,
  y: number,
  style: TextStyle & { indent?: number },
): number {
  const indent = style.indent ?? 0;
  doc.font(style.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(style.size);
  doc.text(text, LEFT + indent, y, { width: CONTENT - indent });
  return doc.y + 1;
}

/** A line of text across the width, centered unless told otherwise; wraps if long. */
function drawText(
  doc: Pdf,
  text: string,
  y: number,
  style: TextStyle & { align?: 'left' | 'center' },
): number {
  doc.font(style.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(style.size);
  doc.text(text, LEFT, y, { width: CONTENT, align: style.align ?? 'center' });
  return doc.y + 1;
}

function drawRule(doc: Pdf, y: number, options: { heavy?: boolean } = {}): number {
  const lineY = y + 3;
  doc.moveTo(LEFT, lineY).lineTo(LEFT + CONTENT, lineY).lineWidth(options.heavy ? 1.2 : 0.5);
  if (options.heavy) doc.stroke();
  else doc.dash(2, { space: 2 }).stroke().undash();
  return lineY + 5;
}

/** "2026-12-06T19:51:39Z" -> "2026-12-06 11:51 AM PST" (the city's wall clock). */
export function formatPrintedAt(instant: string): string {
  const moment = new Date(instant);
  if (Number.isNaN(moment.getTime())) return instant;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: CITY_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
    timeZoneName: 'short',
  }).formatToParts(moment);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((entry) => entry.type === type)?.value ?? '';
  const date = `${part('year')}-${part('month')}-${part('day')}`;
  return `${date} ${part('hour')}:${part('minute')} ${part('dayPeriod')} ${part('timeZoneName')}`;
}
