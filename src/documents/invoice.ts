/** The invoice as a document: header, lines with quantity x price, total, what is due, remit stub. */
import type { Cents } from '../shared/money.js';
import { documentLanguage, labelsFor, type Labels } from './labels.js';
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
  type MailingAddress,
  type RenderOptions,
} from './pdf.js';

export interface InvoiceDocumentLine {
  description: string;
  quantity: string;
  unit: string;
  unitPriceCents: Cents;
  amountCents: Cents;
}

export interface InvoiceDocumentData {
  invoiceNumber: string;
  invoiceDate: string;
  dueDate: string;
  status: string;
  language: string;
  customerNumber: string;
  accountNumber: string;
  address: MailingAddress;
  lines: InvoiceDocumentLine[];
  totalCents: Cents;
  paidCents: Cents;
  amountDueCents: Cents;
  notes: string | null;
  /**
   * The remit stub's scan line (account number, amount, check digit) as the module that owns
   * the format made it; absent or null prints none.
   */
  scanLine?: string | null;
}

export function renderInvoice(invoice: InvoiceDocumentData, options: RenderOptions = {}): Promise<Buffer> {
  const letterhead = options.letterhead ?? CITY_LETTERHEAD;
  const language = documentLanguage(invoice.language);
  const labels = labelsFor(language);
  return renderPdf(`Invoice ${invoice.invoiceNumber}`, options, (doc) => {
    let y = drawLetterhead(doc, letterhead);
    doc.font('Helvetica').fontSize(10).text(longDate(invoice.invoiceDate, language), PAGE.margin, y, { lineBreak: false });
    y = drawAddress(doc, invoice.address, y + 24);
    y = drawParagraph(doc, `${labels.invoiceTitle} ${invoice.invoiceNumber}`, y + 4, { size: 14, bold: true });
    y = drawParagraph(doc, [
      `${labels.customerNumber}: ${invoice.customerNumber}`,
      `${labels.account}: ${invoice.accountNumber}`,
      `${labels.invoiceDate}: ${invoice.invoiceDate}`,
      `${labels.dueDate}: ${invoice.dueDate}`,
      `${labels.status}: ${invoice.status}`,
    ].join('    '), y, { size: 9 });
    y = drawTable(doc, lineColumns(labels), invoice.lines, y + 4);
    y = drawTotalLine(doc, labels.total, money(invoice.totalCents), y);
    y = drawTotalLine(doc, labels.paid, money(invoice.paidCents), y);
    y = drawTotalLine(doc, labels.amountDue, money(invoice.amountDueCents), y, { bold: true });
    if (invoice.notes) y = drawParagraph(doc, `${labels.notes}: ${invoice.notes}`, y + 8, { size: 9 });
    drawRemitStub(doc, {
      customerNumber: invoice.customerNumber,
      customerName: invoice.address.name,
      reference: invoice.invoiceNumber,
      amountDueCents: invoice.amountDueCents,
      dueDate: invoice.dueDate,
      scanLine: invoice.scanLine ?? null,
      labels,
    }, y, letterhead);
  });
}

function lineColumns(labels: Labels) {
  return [
    { header: labels.description, width: 230, value: (row: InvoiceDocumentLine) => row.description },
    { header: labels.quantity, width: 60, align: 'right' as const, value: (row: InvoiceDocumentLine) => row.quantity },
    { header: labels.unit, width: 54, value: (row: InvoiceDocumentLine) => row.unit },
    { header: labels.unitPrice, width: 80, align: 'right' as const, value: (row: InvoiceDocumentLine) => money(row.unitPriceCents) },
    { header: labels.amount, width: 80, align: 'right' as const, value: (row: InvoiceDocumentLine) => money(row.amountCents) },
  ];
}
