/**
 * The customer statement: for a period, every receivable account with its opening balance, the
 * items in the period (charges, payments and credits) with a running balance, the closing
 * balance; then the aging, the amount due and a remit-to stub. Letter paper.
 */
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
  PAGE_BOTTOM,
  renderPdf,
  type MailingAddress,
  type RenderOptions,
} from './pdf.js';

export interface StatementItem {
  date: string;
  description: string;
  /** What increased the balance (charges, penalties, interest, debit memos), else null. */
  chargeCents: Cents | null;
  /** What decreased it (payments, credits), as a positive amount, else null. */
  creditCents: Cents | null;
  balanceCents: Cents;
}

export interface StatementAccount {
  accountNumber: string;
  kindName: string;
  openingBalanceCents: Cents;
  items: StatementItem[];
  closingBalanceCents: Cents;
}

export interface StatementData {
  statementDate: string;
  from: string;
  to: string;
  language: string;
  customerNumber: string;
  address: MailingAddress;
  accounts: StatementAccount[];
  aging: { current: Cents; days30: Cents; days60: Cents; days90: Cents; days120: Cents };
  /** What the customer owes as of `to` (never negative; a credit shows as the closing balance). */
  amountDueCents: Cents;
  totalClosingCents: Cents;
  /**
   * The remit stub's scan line (account number, amount, check digit) as the module that owns
   * the format made it; absent or null prints none.
   */
  scanLine?: string | null;
}

export function renderStatement(statement: StatementData, options: RenderOptions = {}): Promise<Buffer> {
  const letterhead = options.letterhead ?? CITY_LETTERHEAD;
  const language = documentLanguage(statement.language);
  const labels = labelsFor(language);
  return renderPdf(`Statement ${statement.customerNumber} ${statement.to}`, options, (doc) => {
    let y = drawLetterhead(doc, letterhead);
    doc.font('Helvetica').fontSize(10).text(longDate(statement.statementDate, language), PAGE.margin, y, { lineBreak: false });
    y = drawAddress(doc, statement.address, y + 24);
    y = drawParagraph(doc, labels.statementTitle, y + 4, { size: 14, bold: true });
    y = drawParagraph(doc, `${labels.customerNumber}: ${statement.customerNumber}    ${labels.period}: ${statement.from} – ${statement.to}`, y);
    for (const account of statement.accounts) {
      if (y + 80 > PAGE_BOTTOM) {
        doc.addPage();
        y = PAGE.margin;
      }
      y = drawParagraph(doc, `${labels.account} ${account.accountNumber} — ${account.kindName}`, y + 8, { bold: true });
      y = drawTotalLine(doc, labels.openingBalance, money(account.openingBalanceCents), y);
      if (account.items.length === 0) y = drawParagraph(doc, labels.noActivity, y, { size: 9 });
      else y = drawTable(doc, itemColumns(labels), account.items, y + 2);
      y = drawTotalLine(doc, labels.closingBalance, money(account.closingBalanceCents), y, { bold: true });
    }
    if (y + 60 > PAGE_BOTTOM) {
      doc.addPage();
      y = PAGE.margin;
    }
    y = drawParagraph(doc, labels.aging, y + 10, { bold: true });
    y = drawTable(doc, agingColumns(labels), [statement.aging], y);
    y = drawTotalLine(doc, labels.amountDue, money(statement.amountDueCents), y + 4, { bold: true });
    drawRemitStub(doc, {
      customerNumber: statement.customerNumber,
      customerName: statement.address.name,
      reference: `${labels.statementTitle} ${statement.to}`,
      amountDueCents: statement.amountDueCents,
      dueDate: null,
      scanLine: statement.scanLine ?? null,
      labels,
    }, y, letterhead);
  });
}

function itemColumns(labels: Labels) {
  return [
    { header: labels.date, width: 70, value: (row: StatementItem) => row.date },
    { header: labels.description, width: 200, value: (row: StatementItem) => row.description },
    { header: labels.charges, width: 80, align: 'right' as const, value: (row: StatementItem) => (row.chargeCents === null ? '' : money(row.chargeCents)) },
    { header: labels.credits, width: 80, align: 'right' as const, value: (row: StatementItem) => (row.creditCents === null ? '' : money(row.creditCents)) },
    { header: labels.balance, width: 74, align: 'right' as const, value: (row: StatementItem) => money(row.balanceCents) },
  ];
}

type AgingRow = StatementData['aging'];

function agingColumns(labels: Labels) {
  const bucket = (key: keyof AgingRow) => ({ header: labels[key], width: 100, align: 'right' as const, value: (row: AgingRow) => money(row[key]) });
  return [bucket('current'), bucket('days30'), bucket('days60'), bucket('days90'), bucket('days120')];
}
