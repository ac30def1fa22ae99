/**
 * Utility bill PDFs. Target (issue 6): >= 1,000 bills per second per core.
 *
 *   npx tsx bench/bill-pdf.ts [--bills 5000] [--workers 2] [--runs 3] [--pdfkit-bills 1000]
 *     [--only single,pdfkit,pool]
 *
 * Renders generated bills (src/documents/utility-bill-sample.ts: four services, one meter,
 * 13 months of history, two messages, a quarter in Spanish) and prints bills per second and bytes
 * per bill for:
 * - one thread, one file per bill: deflated at zlib levels 6 and 1 (the default), and not deflated;
 * - one thread, print files of 500 bills (the shared template written once per file);
 * - the same layout drawn through pdfkit (the road not taken), one file per bill;
 * - the worker pool (bill-pdf-pool.ts), one file per bill and print files of 500.
 * Each figure is the best of --runs runs after a warm-up (the machine is shared; the best run is
 * the least disturbed), in bills per second of wall time and per second of CPU time used by the
 * process (all threads, so pool figures include the main thread's share), with the load average
 * of the minute. Benchmarks print figures; they never assert on time.
 */
import { loadavg } from 'node:os';
import PDFDocument from 'pdfkit';
import { createBillPdfPool } from '../src/documents/bill-pdf-pool.js';
import { labelsFor } from '../src/documents/labels.js';
import { FONT_ASCENDER, type StandardFont } from '../src/documents/pdf-writer.js';
import { drawBillPage, drawBillTemplate, type BillCanvas } from '../src/documents/utility-bill-layout.js';
import { sampleUtilityBill } from '../src/documents/utility-bill-sample.js';
import { renderUtilityBill, renderUtilityBills, type UtilityBillDocument, type UtilityBillRenderOptions } from '../src/documents/utility-bill.js';
import { flag, machineDetails, nowMs } from './support.js';

const billCount = Number(flag('bills', '5000'));
const workerCount = Number(flag('workers', '2'));
const runs = Number(flag('runs', '3'));
const pdfkitBillCount = Number(flag('pdfkit-bills', '1000'));
const parts = new Set(flag('only', 'single,pdfkit,pool').split(','));

interface Figure {
  billsPerSecond: number;
  /** Bills per second of CPU time used by the whole process (all threads): per core, whatever the load. */
  billsPerCpuSecond: number;
  bytesPerBill: number;
}

/** The best of `runs` runs by wall time, with the CPU time that run took. */
async function best(measure: () => Promise<{ ms: number; bills: number; bytes: number }>): Promise<Figure> {
  let top: Figure = { billsPerSecond: 0, billsPerCpuSecond: 0, bytesPerBill: 0 };
  for (let run = 0; run < runs; run += 1) {
    const cpuBefore = process.cpuUsage();
    const { ms, bills, bytes } = await measure();
    const cpu = process.cpuUsage(cpuBefore);
    const billsPerSecond = (bills / ms) * 1000;
    const billsPerCpuSecond = (bills / (cpu.user + cpu.system)) * 1e6;
    if (billsPerSecond > top.billsPerSecond) top = { billsPerSecond, billsPerCpuSecond, bytesPerBill: bytes / bills };
  }
  return top;
}

function perBillFiles(bills: readonly UtilityBillDocument[], options: UtilityBillRenderOptions) {
  return async () => {
    const started = nowMs();
    let bytes = 0;
    for (const bill of bills) bytes += renderUtilityBill(bill, options).length;
    return { ms: nowMs() - started, bills: bills.length, bytes };
  };
}

function printFiles(bills: readonly UtilityBillDocument[], perFile: number) {
  return async () => {
    const started = nowMs();
    let bytes = 0;
    for (let start = 0; start < bills.length; start += perFile) bytes += renderUtilityBills(bills.slice(start, start + perFile)).length;
    return { ms: nowMs() - started, bills: bills.length, bytes };
  };
}

/** The same layout through pdfkit: what the writer replaces. */
class PdfkitCanvas implements BillCanvas {
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  private color(gray: number): string {
    const channel = Math.round(gray * 255).toString(16).padStart(2, '0');
    return `#${channel}${channel}${channel}`;
  }

  text(x: number, y: number, text: string, font: StandardFont, size: number, gray = 0): void {
    this.doc.font(font).fontSize(size).fillColor(this.color(gray));
    this.doc.text(text, x, y - (FONT_ASCENDER[font] * size) / 1000, { lineBreak: false });
  }

  rotatedText(x: number, y: number, degrees: number, text: string, font: StandardFont, size: number, gray = 0): void {
    this.doc.save().rotate(-degrees, { origin: [x, y] });
    this.text(x, y, text, font, size, gray);
    this.doc.restore();
  }

  fillRect(x: number, y: number, width: number, height: number, gray = 0): void {
    this.doc.rect(x, y, width, height).fill(this.color(gray));
  }

  strokeRect(x: number, y: number, width: number, height: number, lineWidth: number): void {
    this.doc.lineWidth(lineWidth).rect(x, y, width, height).stroke('#000000');
  }

  line(x1: number, y1: number, x2: number, y2: number, lineWidth: number, dash?: number): void {
    this.doc.lineWidth(lineWidth).moveTo(x1, y1).lineTo(x2, y2);
    if (dash !== undefined) this.doc.dash(dash, { space: dash });
    this.doc.stroke('#000000');
    if (dash !== undefined) this.doc.undash();
  }

  bars(bars: ReadonlyArray<readonly [x: number, width: number]>, y: number, height: number): void {
    for (const [x, width] of bars) this.doc.rect(x, y, width, height);
    this.doc.fill('#000000');
  }
}

function renderWithPdfkit(bill: UtilityBillDocument): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER', margin: 0, compress: true });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const canvas = new PdfkitCanvas(doc);
  drawBillTemplate(canvas, bill.city, labelsFor(bill.language));
  drawBillPage(canvas, bill, () => {
    doc.addPage();
    return canvas;
  });
  doc.end();
  return finished;
}

function pdfkitFiles(bills: readonly UtilityBillDocument[]) {
  return async () => {
    const started = nowMs();
    let bytes = 0;
    for (const bill of bills) bytes += (await renderWithPdfkit(bill)).length;
    return { ms: nowMs() - started, bills: bills.length, bytes };
  };
}

function report(name: string, figure: Figure): void {
  const rate = figure.billsPerSecond.toFixed(0).padStart(6);
  const perCpu = figure.billsPerCpuSecond.toFixed(0).padStart(6);
  const size = figure.bytesPerBill.toFixed(0).padStart(6);
  // The load average says whether others shared the cores during the measurement.
  const load = loadavg()[0]!.toFixed(1);
  console.log(`${name.padEnd(48)} ${rate} bills/s ${perCpu} bills/cpu-s ${size} bytes/bill  (load ${load})`);
}

async function main(): Promise<void> {
  console.log(JSON.stringify(await machineDetails()));
  console.log(`bills: ${billCount}, runs: ${runs} (best shown), pool workers: ${workerCount}`);
  const bills = Array.from({ length: billCount }, (_, index) => sampleUtilityBill(index));
  await perBillFiles(bills.slice(0, 500), {})();
  if (parts.has('single')) {
    report('one thread, file per bill, deflate 6', await best(perBillFiles(bills, { deflateLevel: 6 })));
    report('one thread, file per bill, deflate 1', await best(perBillFiles(bills, { deflateLevel: 1 })));
    report('one thread, file per bill, not compressed', await best(perBillFiles(bills, { compress: false })));
    report('one thread, files of 500 bills, deflate 1', await best(printFiles(bills, 500)));
  }
  if (parts.has('pdfkit')) {
    const pdfkitBills = bills.slice(0, pdfkitBillCount);
    await pdfkitFiles(pdfkitBills.slice(0, 100))();
    report('pdfkit, same layout, file per bill', await best(pdfkitFiles(pdfkitBills)));
  }
  if (!parts.has('pool')) return;
  const pool = createBillPdfPool({ workers: workerCount });
  try {
    await pool.render(bills.slice(0, 1000));
    const pooled = (perFile: number) => async () => {
      const started = nowMs();
      const files = await pool.render(bills, { billsPerFile: perFile });
      return { ms: nowMs() - started, bills: bills.length, bytes: files.reduce((sum, file) => sum + file.length, 0) };
    };
    report(`pool of ${workerCount} workers, file per bill, deflate 1`, await best(pooled(1)));
    report(`pool of ${workerCount} workers, files of 500 bills, deflate 1`, await best(pooled(500)));
  } finally {
    await pool.close();
  }
}

await main();
