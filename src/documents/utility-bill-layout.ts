/**
 * Where everything on a utility bill goes (Letter paper, points from the top-left corner, text by
 * its baseline). Two parts: the template, the same on every bill of a city in one language
 * (letterhead, the summary box's frame and labels, the stub's frame, labels and pay-to address),
 * drawn once per file; and the page, what is this bill's own. Drawing goes through `BillCanvas`,
 * which the PDF writer implements (and pdfkit, in the benchmark that compares the two).
 */
import { sumCents } from '../shared/money.js';
import { code128Bars } from './code128.js';
import { labelsFor, type Labels } from './labels.js';
import { longDate, money } from './pdf.js';
import { textWidth, type StandardFont } from './pdf-writer.js';
import { fitText, wrapText } from './text-fit.js';
import type {
  UtilityBillCity, UtilityBillDocument, UtilityBillMeterRead, UtilityBillService,
} from './utility-bill.js';

export interface BillCanvas {
  text(x: number, y: number, text: string, font: StandardFont, size: number, gray?: number): void;
  rotatedText(
    x: number, y: number, degrees: number, text: string, font: StandardFont, size: number, gray?: number,
  ): void;
  fillRect(x: number, y: number, width: number, height: number, gray?: number): void;
  strokeRect(x: number, y: number, width: number, height: number, lineWidth: number): void;
  line(x1: number, y1: number, x2: number, y2: number, lineWidth: number, dash?: number): void;
  bars(
    bars: ReadonlyArray<readonly [x: number, width: number]>, y: number, height: number, name: string,
  ): void;
}

export const BILL_PAGE = { width: 612, height: 792 } as const;
const LEFT = 36;
const RIGHT = 576;
const BOX = { x: 330, y: 36, width: 246, height: 166 } as const;
const BOX_LABEL_X = BOX.x + 7;
const BOX_VALUE_X = BOX.x + BOX.width - 7;
const BOX_ROWS = [64, 76, 88, 100, 118, 130, 142, 154] as const;
const BODY_TOP = 236;
const COLUMN_RIGHT = 330;
const CHART = { x: 354, width: 222, top: 262, axis: 338, barWidth: 11 } as const;
/** Where the stub begins (its dashed tear line) and so where page one's body must end. */
const STUB_TOP = 600;
const BODY_BOTTOM = STUB_TOP - 10;
const CONTINUATION = { top: 96, bottom: 756 } as const;
export const BARCODE = { x: 63, y: 708, height: 30, moduleWidth: 0.96 } as const;

/** Text ending at `right`, cut with an ellipsis to `width` when longer. */
function rightText(
  canvas: BillCanvas, right: number, y: number, text: string, font: StandardFont, size: number,
  width = Number.POSITIVE_INFINITY,
): void {
  const fitted = fitText(text, font, size, width);
  canvas.text(right - textWidth(font, size, fitted), y, fitted, font, size);
}

/** Text from `x`, cut with an ellipsis to `width` when longer. */
function textIn(
  canvas: BillCanvas, x: number, y: number, text: string, font: StandardFont, size: number, width: number,
): void {
  canvas.text(x, y, fitText(text, font, size, width), font, size);
}

/** The part every bill of this city in this language shares. */
export function drawBillTemplate(canvas: BillCanvas, city: UtilityBillCity, labels: Labels): void {
  canvas.text(LEFT, 54, city.name, 'Helvetica-Bold', 16);
  const contact = [...city.addressLines, `${city.phone}  \u00b7  ${city.website}`];
  contact.forEach((line, index) => {
    textIn(canvas, LEFT, 67 + index * 10.5, line, 'Helvetica', 8.5, BOX.x - LEFT - 12);
  });
  canvas.text(LEFT, 67 + contact.length * 10.5 + 14, labels.utilityBillTitle, 'Helvetica-Bold', 13);
  // The account summary box: a shaded heading, labels on the left, values (on the page) right.
  canvas.fillRect(BOX.x, BOX.y, BOX.width, 17, 0.88);
  canvas.text(BOX_LABEL_X, BOX.y + 12, labels.accountSummary, 'Helvetica-Bold', 9.5);
  canvas.strokeRect(BOX.x, BOX.y, BOX.width, BOX.height, 0.75);
  const boxLabels = [
    labels.accountNumber, labels.billNumber, labels.billDate, labels.servicePeriod,
    labels.previousBalance, labels.paymentsReceived, labels.adjustments, labels.currentCharges,
  ];
  boxLabels.forEach((label, index) => canvas.text(BOX_LABEL_X, BOX_ROWS[index]!, label, 'Helvetica', 8.5));
  canvas.line(BOX.x + 6, 106, BOX.x + BOX.width - 6, 106, 0.4);
  canvas.line(BOX.x + 6, 161, BOX.x + BOX.width - 6, 161, 0.75);
  canvas.text(BOX_LABEL_X, 177, labels.amountDue, 'Helvetica-Bold', 11);
  const questions = labels.questionsShort.replace('{phone}', city.phone);
  rightText(canvas, BOX.x + BOX.width, BOX.y + BOX.height + 11, questions, 'Helvetica', 8, BOX.width);
  canvas.text(LEFT, 222, `${labels.serviceAddress}:`, 'Helvetica-Bold', 8.5);
  canvas.text(LEFT, BODY_TOP + 10, labels.chargesByService, 'Helvetica-Bold', 10);
  canvas.line(LEFT, BODY_TOP + 14, COLUMN_RIGHT, BODY_TOP + 14, 0.5);
  drawStubTemplate(canvas, city, labels);
}

function drawStubTemplate(canvas: BillCanvas, city: UtilityBillCity, labels: Labels): void {
  canvas.line(LEFT, STUB_TOP, RIGHT, STUB_TOP, 0.5, 3);
  textIn(canvas, LEFT, STUB_TOP + 10, labels.stubDetach, 'Helvetica-Oblique', 7, RIGHT - LEFT - 60);
  canvas.text(BARCODE.x, 632, labels.payTo, 'Helvetica-Bold', 8);
  textIn(canvas, BARCODE.x, 646, city.name, 'Helvetica-Bold', 10, 250);
  city.addressLines.forEach((line, index) => {
    textIn(canvas, BARCODE.x, 658 + index * 11.5, line, 'Helvetica', 9.5, 250);
  });
  const rows = [labels.accountNumber, labels.customer, labels.dueDate];
  rows.forEach((label, index) => canvas.text(BOX.x, 632 + index * 14, label, 'Helvetica', 8.5));
  canvas.text(BOX.x, 676, labels.amountDue, 'Helvetica-Bold', 10);
  canvas.text(BOX.x, 697, labels.enclosed, 'Helvetica', 8.5);
  canvas.strokeRect(RIGHT - 100, 684, 100, 18, 0.75);
  canvas.text(RIGHT - 96, 697, '$', 'Helvetica', 10);
}

/** Dates as a resident reads them: "Oct 1, 2026" or "1 oct 2026". */
export function shortDate(date: string, labels: Labels, language: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const name = labels.monthsShort.split(' ')[month - 1] ?? String(month);
  return language === 'es' ? `${day} ${name} ${year}` : `${name} ${day}, ${year}`;
}

/** A service's heading: the known services in the bill's language, others as named. */
export function serviceName(labels: Labels, service: string): string {
  const key = `service_${service}` as keyof Labels;
  return key in labels ? labels[key] : service;
}

/**
 * Tracks where the next row goes; a row that does not fit starts a continuation page (rare:
 * a bill with many charges, meters or messages). The first page keeps the stub.
 */
class Flow {
  y = BODY_TOP + 26;
  private bottom: number = BODY_BOTTOM;
  private readonly newPage: () => BillCanvas;
  private readonly header: (canvas: BillCanvas) => void;
  private readonly overleafNote: string;
  canvas: BillCanvas;
  isFirstPage = true;
  /** Repeats the heading of the section being drawn at the top of a new page. */
  continueSection: ((canvas: BillCanvas) => void) | null = null;

  constructor(
    canvas: BillCanvas, newPage: () => BillCanvas, header: (canvas: BillCanvas) => void, overleafNote: string,
  ) {
    this.canvas = canvas;
    this.newPage = newPage;
    this.header = header;
    this.overleafNote = overleafNote;
  }

  /** Makes room for `height` points, on a new page if need be; returns the canvas to draw on. */
  room(height: number): BillCanvas {
    if (this.y + height <= this.bottom) return this.canvas;
    rightText(this.canvas, RIGHT, this.bottom + 4, this.overleafNote, 'Helvetica-Oblique', 8);
    this.canvas = this.newPage();
    this.isFirstPage = false;
    this.header(this.canvas);
    this.y = CONTINUATION.top;
    this.bottom = CONTINUATION.bottom;
    this.continueSection?.(this.canvas);
    return this.canvas;
  }
}

/** This bill's own part of page one, and any continuation pages. */
export function drawBillPage(
  first: BillCanvas, bill: UtilityBillDocument, newPage: () => BillCanvas,
): void {
  const labels = labelsFor(bill.language);
  drawSummaryValues(first, bill, labels);
  drawAddressBlock(first, bill);
  drawUsageChart(first, bill, labels);
  drawStubValues(first, bill, labels);
  if (bill.isCopy) drawCopyMarks(first, bill, labels);
  const header = (canvas: BillCanvas) => drawContinuationHeader(canvas, bill, labels);
  const flow = new Flow(first, newPage, header, labels.continuedOverleaf);
  // Messages go beside the charges, under the chart, as far as they fit whole; the rest follow
  // the meter readings below both columns.
  const sideBottom = drawSideMessages(first, bill.messages, labels);
  drawCharges(flow, bill, labels);
  if (flow.isFirstPage) flow.y = Math.max(flow.y, sideBottom.y);
  drawReads(flow, bill.meterReads, labels, bill.language);
  drawMessages(flow, bill.messages.slice(sideBottom.placed), labels, sideBottom.placed > 0);
}

function drawSummaryValues(canvas: BillCanvas, bill: UtilityBillDocument, labels: Labels): void {
  const language = bill.language;
  const from = shortDate(bill.periodFrom, labels, language);
  const period = `${from} \u2013 ${shortDate(bill.periodTo, labels, language)}`;
  const values = [
    bill.accountNumber,
    bill.billNumber,
    longDate(bill.billDate, language),
    period,
    money(bill.previousBalanceCents),
    bill.paymentsCents === 0 ? money(bill.paymentsCents) : `-${money(bill.paymentsCents)}`,
    money(bill.adjustmentsCents),
    money(bill.currentChargesCents),
  ];
  // Values get what the longest label (Spanish "Periodo de servicio") leaves of the box.
  values.forEach((value, index) => {
    rightText(canvas, BOX_VALUE_X, BOX_ROWS[index]!, value, 'Helvetica', 8.5, BOX.width - 100);
  });
  rightText(canvas, BOX_VALUE_X, 178, money(bill.amountDueCents), 'Helvetica-Bold', 14);
  const dueLine = bill.amountDueCents < 0
    ? labels.creditNoPayment
    : `${labels.pleasePayBy} ${longDate(bill.dueDate, language)}`;
  rightText(canvas, BOX_VALUE_X, 193, dueLine, 'Helvetica-Bold', 9, BOX.width - 14);
}

/** The mailing address where a #10 window envelope shows it, and the service address. */
function drawAddressBlock(canvas: BillCanvas, bill: UtilityBillDocument): void {
  const lines = [bill.customerName, ...bill.mailingAddressLines].slice(0, 6);
  lines.forEach((line, index) => textIn(canvas, 63, 150 + index * 12, line, 'Helvetica', 10, 250));
  const labelWidth = textWidth('Helvetica-Bold', 8.5, `${labelsFor(bill.language).serviceAddress}:`);
  const x = LEFT + labelWidth + 4;
  textIn(canvas, x, 222, bill.serviceAddress, 'Helvetica', 8.5, COLUMN_RIGHT - x);
}

const DESCRIPTION_X = LEFT + 8;
const QUANTITY = { right: 268, width: 80 } as const;
const AMOUNT_WIDTH = 60;

/** A description wraps in what the quantity (or, without one, the amount) leaves of the line. */
export function descriptionWidth(quantity: string | undefined): number {
  if (!quantity) return COLUMN_RIGHT - AMOUNT_WIDTH - 4 - DESCRIPTION_X;
  const quantityWidth = textWidth('Helvetica', 8.5, fitText(quantity, 'Helvetica', 8.5, QUANTITY.width));
  return QUANTITY.right - quantityWidth - 8 - DESCRIPTION_X;
}

function drawCharges(flow: Flow, bill: UtilityBillDocument, labels: Labels): void {
  for (const service of bill.services) drawService(flow, service, labels);
  const canvas = flow.room(16);
  canvas.line(LEFT, flow.y - 7, COLUMN_RIGHT, flow.y - 7, 0.75);
  canvas.text(LEFT, flow.y + 4, labels.totalCurrentCharges, 'Helvetica-Bold', 9.5);
  rightText(canvas, COLUMN_RIGHT, flow.y + 4, money(bill.currentChargesCents), 'Helvetica-Bold', 9.5);
  flow.y += 30;
}

function drawService(flow: Flow, service: UtilityBillService, labels: Labels): void {
  const name = serviceName(labels, service.service);
  textIn(flow.room(13 + 11), LEFT, flow.y, name, 'Helvetica-Bold', 9, COLUMN_RIGHT - LEFT);
  flow.y += 12;
  flow.continueSection = (canvas) => {
    textIn(canvas, LEFT, flow.y, `${name} (${labels.continued})`, 'Helvetica-Bold', 9, COLUMN_RIGHT - LEFT);
    flow.y += 12;
  };
  for (const line of service.lines) {
    const width = descriptionWidth(line.quantity);
    const descriptionLines = wrapText(line.description, 'Helvetica', 8.5, width, 3);
    const canvas = flow.room(descriptionLines.length * 10 + 1);
    descriptionLines.forEach((text, index) => {
      canvas.text(DESCRIPTION_X, flow.y + index * 10, text, 'Helvetica', 8.5);
    });
    if (line.quantity) rightText(canvas, QUANTITY.right, flow.y, line.quantity, 'Helvetica', 8.5, QUANTITY.width);
    rightText(canvas, COLUMN_RIGHT, flow.y, money(line.amountCents), 'Helvetica', 8.5);
    flow.y += descriptionLines.length * 10 + 1;
  }
  const total = sumCents(service.lines.map((line) => line.amountCents));
  const canvas = flow.room(14);
  canvas.line(COLUMN_RIGHT - 60, flow.y - 7, COLUMN_RIGHT, flow.y - 7, 0.4);
  const label = labels.serviceTotal.replace('{service}', name);
  textIn(canvas, DESCRIPTION_X, flow.y + 2, label, 'Helvetica-Bold', 8.5, 200);
  rightText(canvas, COLUMN_RIGHT, flow.y + 2, money(total), 'Helvetica-Bold', 8.5);
  flow.y += 18;
  flow.continueSection = null;
}

/** The last 13 months as bars (vector rectangles), this period's darker. */
function drawUsageChart(canvas: BillCanvas, bill: UtilityBillDocument, labels: Labels): void {
  const unit = bill.historyUnit ?? bill.meterReads[0]?.unit ?? '';
  const heading = unit === '' ? labels.usageHistory : `${labels.usageHistory} (${unit})`;
  textIn(canvas, CHART.x, BODY_TOP + 10, heading, 'Helvetica-Bold', 10, CHART.width);
  canvas.line(CHART.x, BODY_TOP + 14, RIGHT, BODY_TOP + 14, 0.5);
  const months = [...bill.history].sort((a, b) => a.month.localeCompare(b.month)).slice(-13);
  if (months.length === 0) {
    canvas.text(CHART.x, CHART.top + 20, labels.noHistory, 'Helvetica-Oblique', 8.5);
    return;
  }
  const largest = Math.max(...months.map((month) => month.consumption), 0);
  const slot = CHART.width / 13;
  const maxHeight = CHART.axis - CHART.top - 12;
  const names = labels.monthsShort.split(' ');
  months.forEach((month, index) => {
    const x = CHART.x + index * slot + (slot - CHART.barWidth) / 2;
    const height = largest > 0 ? (Math.max(month.consumption, 0) / largest) * maxHeight : 0;
    const isCurrent = index === months.length - 1;
    if (height > 0) canvas.fillRect(x, CHART.axis - height, CHART.barWidth, height, isCurrent ? 0.2 : 0.62);
    const value = formatUsage(month.consumption);
    const valueX = x + (CHART.barWidth - textWidth('Helvetica', 5.5, value)) / 2;
    canvas.text(valueX, CHART.axis - height - 2, value, 'Helvetica', 5.5);
    const name = names[Number(month.month.slice(5, 7)) - 1] ?? month.month;
    const font = isCurrent ? 'Helvetica-Bold' : 'Helvetica';
    canvas.text(x + (CHART.barWidth - textWidth(font, 6, name)) / 2, CHART.axis + 8, name, font, 6);
  });
  canvas.line(CHART.x, CHART.axis, RIGHT, CHART.axis, 0.5);
  const first = months[0]!.month;
  const last = months.at(-1)!.month;
  const span = `${monthYear(first, names)} \u2013 ${monthYear(last, names)}`;
  canvas.text(CHART.x, CHART.axis + 18, span, 'Helvetica', 6.5, 0.35);
}

function monthYear(month: string, names: string[]): string {
  return `${names[Number(month.slice(5, 7)) - 1] ?? ''} ${month.slice(0, 4)}`;
}

function formatUsage(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

const READ_COLUMNS = {
  meter: LEFT, fromDate: 140, fromReading: 250, toDate: 290, toReading: 400, usage: 490, type: 512,
} as const;

function drawReads(
  flow: Flow, reads: readonly UtilityBillMeterRead[], labels: Labels, language: string,
): void {
  let canvas = flow.room(15 + 22 + 11);
  canvas.text(LEFT, flow.y, labels.meterReadings, 'Helvetica-Bold', 10);
  canvas.line(LEFT, flow.y + 4, RIGHT, flow.y + 4, 0.5);
  flow.y += 15;
  if (reads.length === 0) {
    canvas.text(LEFT, flow.y, labels.noReads, 'Helvetica-Oblique', 8.5);
    flow.y += 16;
    return;
  }
  // Two header rows: the previous and the current read each have a date and a reading.
  const header = (target: BillCanvas) => {
    target.text(READ_COLUMNS.fromDate, flow.y, labels.previousRead, 'Helvetica-Bold', 8);
    target.text(READ_COLUMNS.toDate, flow.y, labels.currentRead, 'Helvetica-Bold', 8);
    target.line(READ_COLUMNS.fromDate, flow.y + 3, READ_COLUMNS.fromReading, flow.y + 3, 0.4);
    target.line(READ_COLUMNS.toDate, flow.y + 3, READ_COLUMNS.toReading, flow.y + 3, 0.4);
    flow.y += 11;
    target.text(READ_COLUMNS.meter, flow.y, labels.meter, 'Helvetica-Bold', 8);
    target.text(READ_COLUMNS.fromDate, flow.y, labels.readDate, 'Helvetica', 8);
    rightText(target, READ_COLUMNS.fromReading, flow.y, labels.reading, 'Helvetica', 8);
    target.text(READ_COLUMNS.toDate, flow.y, labels.readDate, 'Helvetica', 8);
    rightText(target, READ_COLUMNS.toReading, flow.y, labels.reading, 'Helvetica', 8);
    rightText(target, READ_COLUMNS.usage, flow.y, labels.usage, 'Helvetica-Bold', 8);
    target.text(READ_COLUMNS.type, flow.y, labels.readType, 'Helvetica-Bold', 8);
    flow.y += 11;
  };
  header(canvas);
  for (const read of reads) {
    const before = canvas;
    canvas = flow.room(11);
    if (canvas !== before) header(canvas);
    const meterWidth = READ_COLUMNS.fromDate - LEFT - 6;
    textIn(canvas, READ_COLUMNS.meter, flow.y, read.meterSerial, 'Helvetica', 8.5, meterWidth);
    canvas.text(READ_COLUMNS.fromDate, flow.y, shortDate(read.fromDate, labels, language), 'Helvetica', 8.5);
    rightText(canvas, READ_COLUMNS.fromReading, flow.y, String(read.fromReading), 'Helvetica', 8.5);
    canvas.text(READ_COLUMNS.toDate, flow.y, shortDate(read.toDate, labels, language), 'Helvetica', 8.5);
    rightText(canvas, READ_COLUMNS.toReading, flow.y, String(read.toReading), 'Helvetica', 8.5);
    rightText(canvas, READ_COLUMNS.usage, flow.y, `${read.consumption} ${read.unit}`, 'Helvetica', 8.5, 80);
    const type = read.estimated ? labels.estimated : labels.actual;
    canvas.text(READ_COLUMNS.type, flow.y, type, read.estimated ? 'Helvetica-Bold' : 'Helvetica', 8.5);
    flow.y += 11;
  }
  flow.y += 12;
}

const SIDE_MESSAGES = { top: CHART.axis + 40, width: RIGHT - CHART.x } as const;

/** Whole messages under the chart while they fit; returns how many, and the y below them. */
function drawSideMessages(
  canvas: BillCanvas, messages: readonly string[], labels: Labels,
): { placed: number; y: number } {
  let y = SIDE_MESSAGES.top;
  let placed = 0;
  for (const message of messages) {
    const lines = wrapText(message, 'Helvetica', 8.5, SIDE_MESSAGES.width);
    if (y + lines.length * 10.5 > BODY_BOTTOM) break;
    if (placed === 0) {
      canvas.text(CHART.x, y, labels.messages, 'Helvetica-Bold', 10);
      canvas.line(CHART.x, y + 4, RIGHT, y + 4, 0.5);
      y += 15;
    }
    lines.forEach((line, index) => canvas.text(CHART.x, y + index * 10.5, line, 'Helvetica', 8.5));
    y += lines.length * 10.5 + 5;
    placed += 1;
  }
  return { placed, y: placed === 0 ? CHART.axis + 26 : y + 6 };
}

function drawMessages(
  flow: Flow, messages: readonly string[], labels: Labels, isContinuing: boolean,
): void {
  if (messages.length === 0) return;
  const heading = isContinuing ? `${labels.messages} (${labels.continued})` : labels.messages;
  flow.room(14 + 10).text(LEFT, flow.y, heading, 'Helvetica-Bold', 10);
  flow.canvas.line(LEFT, flow.y + 4, RIGHT, flow.y + 4, 0.5);
  flow.y += 15;
  for (const message of messages) {
    for (const line of wrapText(message, 'Helvetica', 8.5, RIGHT - LEFT)) {
      flow.room(10.5).text(LEFT, flow.y, line, 'Helvetica', 8.5);
      flow.y += 10.5;
    }
    flow.y += 4;
  }
}

function drawStubValues(canvas: BillCanvas, bill: UtilityBillDocument, labels: Labels): void {
  rightText(canvas, RIGHT, 632, bill.accountNumber, 'Helvetica-Bold', 10);
  rightText(canvas, RIGHT, 646, bill.customerName, 'Helvetica', 9, RIGHT - BOX.x - 90);
  rightText(canvas, RIGHT, 660, longDate(bill.dueDate, bill.language), 'Helvetica', 9);
  rightText(canvas, RIGHT, 676, money(bill.amountDueCents), 'Helvetica-Bold', 11);
  const compact = bill.scanLine.replace(/\s+/g, '');
  const { bars } = code128Bars(compact);
  const module = BARCODE.moduleWidth;
  const scaled = bars.map(([x, width]) => [BARCODE.x + x * module, width * module] as const);
  canvas.bars(scaled, BARCODE.y, BARCODE.height, 'barcode');
  rightText(canvas, RIGHT, 750, bill.scanLine, 'Courier', 10);
  if (bill.isCopy) rightText(canvas, RIGHT, STUB_TOP + 10, labels.copy, 'Helvetica-Bold', 9);
}

/** A copy says so: beside the title, in a note, and across the page in light gray. */
function drawCopyMarks(canvas: BillCanvas, bill: UtilityBillDocument, labels: Labels): void {
  const titleY = 67 + (bill.city.addressLines.length + 1) * 10.5 + 14;
  const x = LEFT + textWidth('Helvetica-Bold', 13, labels.utilityBillTitle) + 10;
  const width = textWidth('Helvetica-Bold', 11, labels.copy) + 10;
  canvas.strokeRect(x, titleY - 12, width, 15, 1);
  canvas.text(x + 5, titleY, labels.copy, 'Helvetica-Bold', 11);
  const note = labels.copyBillNote.replace('{bill}', bill.billNumber);
  wrapText(note, 'Helvetica-Oblique', 7.5, BOX.x - LEFT - 12, 2).forEach((line, index) =>
    canvas.text(LEFT, titleY + 11 + index * 9, line, 'Helvetica-Oblique', 7.5));
  canvas.rotatedText(150, 560, 35, labels.copy, 'Helvetica-Bold', 110, 0.9);
}

function drawContinuationHeader(canvas: BillCanvas, bill: UtilityBillDocument, labels: Labels): void {
  canvas.text(LEFT, 54, bill.city.name, 'Helvetica-Bold', 12);
  const title = [
    `${labels.utilityBillTitle} (${labels.continued})`,
    `${labels.accountNumber} ${bill.accountNumber}`,
    `${labels.billNumber} ${bill.billNumber}`,
  ].join(' \u2014 ');
  textIn(canvas, LEFT, 70, title, 'Helvetica', 9, RIGHT - LEFT);
  canvas.line(LEFT, 78, RIGHT, 78, 0.5);
}

