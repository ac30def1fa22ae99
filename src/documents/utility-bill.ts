/**
 * The utility bill: Letter paper, one page (a continuation page only when the charges, meters and
 * messages do not fit), with the account summary, charges by service, meter readings, a 13-month
 * usage chart, messages, and a tear-off stub with the Code 128 barcode and the scan line.
 *
 * Rendered by the small PDF writer in pdf-writer.ts, not pdfkit: bills go out by the ten
 * thousand and pdfkit spends most of a bill re-reading font metrics and building operators
 * (BENCHMARKS.md). The parts every bill of a city in one language shares are drawn once per file
 * as a template. Synchronous; `bill-pdf-pool.ts` spreads a bill run over worker threads.
 */
import { assert } from '../shared/errors.js';
import type { Cents } from '../shared/money.js';
import { labelsFor, type DocumentLanguage } from './labels.js';
import { ContentStream, PdfWriter, type PdfTemplate } from './pdf-writer.js';
import { BILL_PAGE, drawBillPage, drawBillTemplate } from './utility-bill-layout.js';

export interface UtilityBillCity {
  name: string;
  addressLines: string[];
  phone: string;
  website: string;
}

export interface UtilityBillLine {
  description: string;
  /** As printed, e.g. "12 HCF" or "12 HCF × $4.1500"; absent prints nothing. */
  quantity?: string;
  amountCents: Cents;
}

export interface UtilityBillService {
  /**
   * The service type (utility's `ServiceType`: 'water', 'sewer', 'refuse', 'fire_line',
   * 'irrigation', 'stormwater'; also 'recycling', 'other') prints in the bill's language; any
   * other text prints as given.
   */
  service: string;
  lines: UtilityBillLine[];
}

export interface UtilityBillMeterRead {
  meterSerial: string;
  fromDate: string;
  fromReading: number;
  toDate: string;
  toReading: number;
  /** As printed (the bill run formats it: "12", "12.5"). */
  consumption: string;
  unit: string;
  estimated: boolean;
}

export interface UtilityBillUsageMonth {
  /** 'YYYY-MM'. */
  month: string;
  consumption: number;
}

export interface UtilityBillDocument {
  city: UtilityBillCity;
  billNumber: string;
  accountNumber: string;
  customerName: string;
  mailingAddressLines: string[];
  serviceAddress: string;
  /** 'YYYY-MM-DD', as every date here. */
  billDate: string;
  dueDate: string;
  periodFrom: string;
  periodTo: string;
  previousBalanceCents: Cents;
  /** Payments received since the last bill, as a positive amount (printed as a credit). */
  paymentsCents: Cents;
  /** Adjustments since the last bill, signed (a credit is negative). */
  adjustmentsCents: Cents;
  currentChargesCents: Cents;
  /** previous − payments + adjustments + current charges, as the bill run computed it. */
  amountDueCents: Cents;
  services: UtilityBillService[];
  meterReads: UtilityBillMeterRead[];
  /** Up to 13 months (older ones are left out); empty for a new account. */
  history: UtilityBillUsageMonth[];
  /** The unit of the history (default: the first meter read's unit). */
  historyUnit?: string;
  messages: string[];
  /** The stub's scan line as cashiering formats it (`UB 000100234 0000012345 7`). */
  scanLine: string;
  language: DocumentLanguage;
  isCopy: boolean;
}

export interface UtilityBillRenderOptions {
  /** Deflate the page contents (default true; about a fifth of the size for little time). */
  compress?: boolean;
  /** zlib level when compressing (default 1, DEFAULT_DEFLATE_LEVEL). */
  deflateLevel?: number;
}

const templateCache = new Map<string, PdfTemplate>();
const TEMPLATE_CACHE_LIMIT = 32;

/** The shared part of the page for this city and language, drawn once per process. */
function templateFor(bill: UtilityBillDocument): { key: string; template: PdfTemplate } {
  const key = JSON.stringify([bill.language, bill.city.name, bill.city.addressLines, bill.city.phone, bill.city.website]);
  let template = templateCache.get(key);
  if (template === undefined) {
    const stream = new ContentStream(BILL_PAGE.height);
    drawBillTemplate(stream, bill.city, labelsFor(bill.language));
    template = { content: stream.toString() };
    if (templateCache.size >= TEMPLATE_CACHE_LIMIT) templateCache.clear();
    templateCache.set(key, template);
  }
  return { key, template };
}

/** One PDF with every bill (its page, and a continuation page when one is needed), in order. */
export function renderUtilityBills(bills: readonly UtilityBillDocument[], options: UtilityBillRenderOptions = {}): Buffer {
  // A PDF without pages is not a document viewers open; callers skip empty runs.
  assert(bills.length > 0, 'renderUtilityBills needs at least one bill');
  const writer = new PdfWriter({
    ...BILL_PAGE,
    compress: options.compress ?? true,
    ...(options.deflateLevel === undefined ? {} : { deflateLevel: options.deflateLevel }),
  });
  const templateNames = new Map<string, string>();
  for (const bill of bills) {
    const template = templateFor(bill);
    let name = templateNames.get(template.key);
    if (name === undefined) {
      name = `T${templateNames.size}`;
      templateNames.set(template.key, name);
      writer.addTemplate(name, template.template);
    }
    // The template is painted first, while the graphics state is the initial one it assumes.
    const first = new ContentStream(BILL_PAGE.height);
    first.paintTemplate(name);
    const extra: ContentStream[] = [];
    drawBillPage(first, bill, () => {
      const page = new ContentStream(BILL_PAGE.height);
      extra.push(page);
      return page;
    });
    writer.addPage(first.toString());
    for (const page of extra) writer.addPage(page.toString());
  }
  const first = bills[0]!;
  const title = bills.length === 1 ? `Utility bill ${first.billNumber}` : `Utility bills (${bills.length})`;
  return writer.finish({ title, author: first.city.name });
}

export function renderUtilityBill(bill: UtilityBillDocument, options: UtilityBillRenderOptions = {}): Buffer {
  return renderUtilityBills([bill], options);
}
