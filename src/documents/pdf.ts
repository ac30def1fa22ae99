/**
 * The PDF machinery every document shares: a Letter-size page with the city's letterhead, text
 * at positions, simple tables that break onto new pages, and the remit-to stub. pdfkit with its
 * built-in Helvetica (no font files to ship). Amounts are formatted by src/shared/money.ts only.
 */
import PDFDocument from 'pdfkit';
import type { IsoDate } from '../shared/dates.js';
import { formatDollars, type Cents } from '../shared/money.js';

export type Pdf = PDFKit.PDFDocument;

/** The city on every letterhead and stub (the demo city; a deployment sets its own). */
export interface CityLetterhead {
  name: string;
  department: string;
  addressLines: string[];
  phone: string;
  website: string;
}

export const CITY_LETTERHEAD: CityLetterhead = {
  name: 'City of Alder Creek',
  department: 'Finance Department',
  addressLines: ['100 Main Street', 'Alder Creek, CA 95999'],
  phone: '(530) 555-0100',
  website: 'www.aldercreek.example.gov',
};

/** A mailing address block: the addressee's name, then the lines as printed. */
export interface MailingAddress {
  name: string;
  lines: string[];
}

export interface RenderOptions {
  /** Uncompressed streams let tests read the text; production compresses. Default true. */
  compress?: boolean;
  letterhead?: CityLetterhead;
}

export const PAGE = { width: 612, height: 792, margin: 54 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
/** Below this line a table starts a new page. */
export const PAGE_BOTTOM = PAGE.height - PAGE.margin - 20;

/** A page other than Letter: a size in points (e.g. an 80 mm thermal roll) and its margin. */
export interface PageLayout {
  size: [width: number, height: number];
  margin: number;
}

/**
 * Runs `draw` on a new document (Letter-size unless `layout` says otherwise) and returns the
 * finished PDF bytes.
 */
export function renderPdf(title: string, options: RenderOptions, draw: (doc: Pdf) => void, layout?: PageLayout): Promise<Buffer> {
  const doc = new PDFDocument({
    size: layout?.size ?? 'LETTER',
    margin: layout?.margin ?? PAGE.margin,
    compress: options.compress ?? true,
    info: { Title: title, Author: (options.letterhead ?? CITY_LETTERHEAD).name },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return finished;
}

export const money = (amount: Cents): string => formatDollars(amount);

/** US-style date for letters: 2026-11-23 -> November 23, 2026 (or in Spanish). */
export function longDate(date: IsoDate | string, language = 'en'): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const names = language === 'es' ? monthsEs : monthsEn;
  const name = names[month - 1] ?? String(month);
  return language === 'es' ? `${day} de ${name} de ${year}` : `${name} ${day}, ${year}`;
}

const monthsEn = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthsEs = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

/** The letterhead at the top of a page; returns the y below it. */
export function drawLetterhead(doc: Pdf, letterhead: CityLetterhead = CITY_LETTERHEAD): number {
  const top = PAGE.margin;
  doc.font('Helvetica-Bold').fontSize(16).fillColor('black').text(letterhead.name, PAGE.margin, top, { lineBreak: false });
  doc.font('Helvetica').fontSize(9);
  const lines = [letterhead.department, ...letterhead.addressLines, `${letterhead.phone}  ·  ${letterhead.website}`];
  lines.forEach((line, index) => doc.text(line, PAGE.margin, top + 20 + index * 11, { lineBreak: false }));
  const bottom = top + 20 + lines.length * 11 + 6;
  doc.moveTo(PAGE.margin, bottom).lineTo(PAGE.width - PAGE.margin, bottom).lineWidth(0.75).stroke();
  return bottom + 14;
}

/** The addressee block (placed where a #10 window envelope shows it); returns the y below it. */
export function drawAddress(doc: Pdf, address: MailingAddress, y: number): number {
  doc.font('Helvetica').fontSize(10);
  const lines = [address.name, ...address.lines];
  lines.forEach((line, index) => doc.text(line, PAGE.margin + 18, y + index * 13, { lineBreak: false }));
  return y + lines.length * 13 + 12;
}

/** A paragraph that wraps within the content width; returns the y below it. */
export function drawParagraph(doc: Pdf, text: string, y: number, options: { size?: number; bold?: boolean } = {}): number {
  doc.font(options.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(options.size ?? 10);
  doc.text(text, PAGE.margin, y, { width: CONTENT_WIDTH });
  return doc.y + 6;
}

export interface Column<Row> {
  header: string;
  width: number;
  align?: 'left' | 'right';
  value: (row: Row) => string;
}

/**
 * A table: a bold header row, then one line per row; starts a new page (repeating the header)
 * when the page is full. Returns the y below the table.
 */
export function drawTable<Row>(doc: Pdf, columns: Column<Row>[], rows: readonly Row[], startY: number): number {
  const rowHeight = 14;
  let y = startY;
  const header = () => {
    doc.font('Helvetica-Bold').fontSize(9);
    drawCells(doc, columns.map((column) => ({ column, text: column.header })), y);
    y += rowHeight;
    doc.moveTo(PAGE.margin, y - 3).lineTo(PAGE.margin + columnsWidth(columns), y - 3).lineWidth(0.5).stroke();
  };
  header();
  for (const row of rows) {
    if (y + rowHeight > PAGE_BOTTOM) {
      doc.addPage();
      y = PAGE.margin;
      header();
    }
    doc.font('Helvetica').fontSize(9);
    drawCells(doc, columns.map((column) => ({ column, text: column.value(row) })), y);
    y += rowHeight;
  }
  return y + 4;
}

function columnsWidth<Row>(columns: Column<Row>[]): number {
  return columns.reduce((sum, column) => sum + column.width, 0);
}

function drawCells<Row>(doc: Pdf, cells: Array<{ column: Column<Row>; text: string }>, y: number): void {
  let x = PAGE.margin;
  for (const { column, text } of cells) {
    doc.text(text, x, y, { width: column.width - 4, align: column.align ?? 'left', lineBreak: false, ellipsis: true, height: 12 });
    x += column.width;
  }
}

/** A label and a value on one line, the value right-aligned at the content's right edge. */
export function drawTotalLine(doc: Pdf, label: string, value: string, y: number, options: { bold?: boolean } = {}): number {
  doc.font(options.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
  doc.text(label, PAGE.margin + CONTENT_WIDTH - 300, y, { width: 190, align: 'right', lineBreak: false });
  doc.text(value, PAGE.margin + CONTENT_WIDTH - 100, y, { width: 100, align: 'right', lineBreak: false });
  return y + 15;
}

export interface RemitStub {
  customerNumber: string;
  customerName: string;
  reference: string;
  amountDueCents: Cents;
  dueDate: string | null;
  /**
   * The line a remittance scanner reads (account number, amount due, check digit), printed in
   * a monospaced font along the bottom of the stub; absent or null prints nothing.
   */
  scanLine?: string | null;
  labels: { detach: string; customer: string; reference: string; amountDue: string; dueBy: string; enclosed: string; payTo: string };
}

/** The tear-off remit-to stub at the foot of the page (a new page when there is no room). */
export function drawRemitStub(doc: Pdf, stub: RemitStub, y: number, letterhead: CityLetterhead = CITY_LETTERHEAD): void {
  const height = 120;
  let top = Math.max(y + 10, PAGE.height - PAGE.margin - height);
  if (top + height > PAGE.height - PAGE.margin + 1) {
    doc.addPage();
    top = PAGE.height - PAGE.margin - height;
  }
  doc.moveTo(PAGE.margin, top).lineTo(PAGE.width - PAGE.margin, top).dash(4, { space: 3 }).lineWidth(0.5).stroke().undash();
  doc.font('Helvetica').fontSize(8).text(stub.labels.detach, PAGE.margin, top + 4, { lineBreak: false });
  const left = PAGE.margin;
  const right = PAGE.margin + CONTENT_WIDTH / 2 + 20;
  let lineY = top + 22;
  doc.font('Helvetica').fontSize(10);
  const rows: Array<[string, string]> = [
    [stub.labels.customer, `${stub.customerNumber}  ${stub.customerName}`],
    [stub.labels.reference, stub.reference],
    [stub.labels.amountDue, money(stub.amountDueCents)],
    ...(stub.dueDate ? ([[stub.labels.dueBy, stub.dueDate]] as Array<[string, string]>) : []),
    [stub.labels.enclosed, '$ ______________'],
  ];
  for (const [label, value] of rows) {
    doc.font('Helvetica-Bold').text(label, left, lineY, { width: 110, lineBreak: false });
    doc.font('Helvetica').text(value, left + 112, lineY, { width: CONTENT_WIDTH / 2 - 100, lineBreak: false, ellipsis: true, height: 12 });
    lineY += 15;
  }
  doc.font('Helvetica-Bold').text(stub.labels.payTo, right, top + 22, { lineBreak: false });
  doc.font('Helvetica');
  [letterhead.name, letterhead.department, ...letterhead.addressLines].forEach((line, index) =>
    doc.text(line, right, top + 37 + index * 13, { lineBreak: false }),
  );
  if (stub.scanLine) drawScanLine(doc, stub.scanLine, top + height - 14);
}

/** The scan line, right-aligned at the content's right edge (where scanners look for it). */
function drawScanLine(doc: Pdf, scanLine: string, y: number): void {
  doc.font('Courier').fontSize(10);
  const x = Math.max(PAGE.margin, PAGE.margin + CONTENT_WIDTH - doc.widthOfString(scanLine));
  doc.text(scanLine, x, y, { lineBreak: false });
  doc.font('Helvetica');
}
