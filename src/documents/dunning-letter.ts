/**
 * Dunning letters: one past-due notice per customer and run, with the city's letterhead, the
 * customer's mailing address, the invoices and what is due on each, what happens next, and a
 * remit stub; in English or Spanish. A run's letters also print as one file, a letter per page.
 */
import type { Cents } from '../shared/money.js';
import { documentLanguage, labelsFor, stageHeading, type Labels } from './labels.js';
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
  renderPdf,
  type MailingAddress,
  type Pdf,
  type RenderOptions,
} from './pdf.js';

export interface DunningLetterInvoice {
  invoiceNumber: string;
  invoiceDate: string;
  dueDate: string;
  daysPastDue: number;
  amountDueCents: Cents;
}

export interface DunningLetterData {
  letterDate: string;
  /** The customer's preferred language (en, es, ...): English unless Spanish. */
  language: string;
  stageCode: string;
  stageName: string;
  nextStep: string;
  customerNumber: string;
  address: MailingAddress;
  invoices: DunningLetterInvoice[];
  totalDueCents: Cents;
  /**
   * The remit stub's scan line (account number, amount, check digit) as the module that owns
   * the format made it; absent or null prints none.
   */
  scanLine?: string | null;
}

export function renderDunningLetter(letter: DunningLetterData, options: RenderOptions = {}): Promise<Buffer> {
  return renderPdf(`Notice ${letter.customerNumber} ${letter.letterDate}`, options, (doc) => drawDunningLetter(doc, letter, options));
}

/** Every letter of a run in one file for printing, each starting on a new page. */
export function renderDunningBatch(letters: readonly DunningLetterData[], options: RenderOptions = {}): Promise<Buffer> {
  return renderPdf(`Past due notices (${letters.length})`, options, (doc) => {
    letters.forEach((letter, index) => {
      if (index > 0) doc.addPage();
      drawDunningLetter(doc, letter, options);
    });
    if (letters.length === 0) drawParagraph(doc, 'No notices in this run.', 72);
  });
}

function drawDunningLetter(doc: Pdf, letter: DunningLetterData, options: RenderOptions): void {
  const letterhead = options.letterhead ?? CITY_LETTERHEAD;
  const language = documentLanguage(letter.language);
  const labels = labelsFor(language);
  let y = drawLetterhead(doc, letterhead);
  doc.font('Helvetica').fontSize(10).text(longDate(letter.letterDate, language), 54, y, { lineBreak: false });
  y = drawAddress(doc, letter.address, y + 24);
  y = drawParagraph(doc, `${stageHeading(labels, letter.stageCode, letter.stageName).toUpperCase()}: ${labels.noticeTitle}`, y + 8, { size: 14, bold: true });
  y = drawParagraph(doc, `${labels.customerNumber}: ${letter.customerNumber}`, y);
  y = drawParagraph(doc, labels.greeting, y + 4);
  y = drawTable(doc, invoiceColumns(labels), letter.invoices, y + 2);
  y = drawTotalLine(doc, labels.totalDue, money(letter.totalDueCents), y, { bold: true });
  y = drawParagraph(doc, labels.whatHappensNext, y + 8, { bold: true });
  y = drawParagraph(doc, letter.nextStep, y);
  y = drawParagraph(doc, labels.questions.replace('{phone}', letterhead.phone), y + 4, { size: 9 });
  y = drawParagraph(doc, labels.otherLanguage.replace('{phone}', letterhead.phone), y, { size: 9 });
  drawRemitStub(doc, {
    customerNumber: letter.customerNumber,
    customerName: letter.address.name,
    reference: letter.invoices.map((invoice) => invoice.invoiceNumber).join(', '),
    amountDueCents: letter.totalDueCents,
    dueDate: null,
    scanLine: letter.scanLine ?? null,
    labels,
  }, y, letterhead);
}

function invoiceColumns(labels: Labels) {
  return [
    { header: labels.invoice, width: 130, value: (row: DunningLetterInvoice) => row.invoiceNumber },
    { header: labels.invoiceDate, width: 95, value: (row: DunningLetterInvoice) => row.invoiceDate },
    { header: labels.dueDate, width: 110, value: (row: DunningLetterInvoice) => row.dueDate },
    { header: labels.daysPastDue, width: 79, align: 'right' as const, value: (row: DunningLetterInvoice) => String(row.daysPastDue) },
    { header: labels.amountDue, width: 90, align: 'right' as const, value: (row: DunningLetterInvoice) => money(row.amountDueCents) },
  ];
}
