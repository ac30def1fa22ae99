import { describe, expect, it } from 'vitest';
import { cents } from '../shared/money.js';
import { extractPdfText, formatPrintedAt, renderReceiptPdf, type ReceiptDocument } from './index.js';

function receipt(overrides: Partial<ReceiptDocument> = {}): ReceiptDocument {
  return {
    receiptNumber: 'R-2026-000123',
    businessDate: '2026-12-06',
    printedAt: '2026-12-06T19:51:39Z',
    cashier: 'mlopez',
    drawerCode: 'D-01',
    batchNumber: 'B-2026-000042',
    customer: { customerNumber: 'C-100001', name: 'Rosa Alvarez' },
    payerName: 'Dale Whitaker',
    lines: [
      { description: 'Water, sewer and refuse', accountNumber: 'UB-100001', amountCents: cents(12_345), balanceAfterCents: cents(0) },
      { description: 'Business license renewal', accountNumber: 'BL-2026-0042', amountCents: cents(5_000), balanceAfterCents: cents(-500) },
      { description: 'Public records copies', accountNumber: null, amountCents: cents(370), balanceAfterCents: null },
    ],
    tenders: [
      { type: 'check', amountCents: cents(10_000), detail: 'Check 1043' },
      { type: 'card', amountCents: cents(5_000), detail: 'VISA ****4242 auth 123456' },
      { type: 'cash', amountCents: cents(3_000), detail: null },
    ],
    totalCents: cents(17_715),
    tenderedCents: cents(18_000),
    changeCents: cents(285),
    status: 'posted',
    isCopy: false,
    ...overrides,
  };
}

async function textOf(document: ReceiptDocument): Promise<string> {
  return extractPdfText(await renderReceiptPdf(document, { compress: false }));
}

/** The MediaBox of the one page: [0 0 width height]. */
function pageSize(pdf: Buffer): { width: number; height: number } {
  const match = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
  return { width: Number(match?.[1]), height: Number(match?.[2]) };
}

describe('receipts', () => {
  it('prints the receipt number, lines, total, tenders with their details, tendered and change', async () => {
    const text = await textOf(receipt());
    for (const expected of [
      'City of Alder Creek', '(530) 555-0100', 'R-2026-000123', '2026-12-06', 'mlopez', 'D-01', 'B-2026-000042',
      'C-100001  Rosa Alvarez', 'Dale Whitaker', 'Water, sewer and refuse', 'Account UB-100001', '$123.45', 'Balance after payment: $0.00',
      'Credit balance: $5.00', '$3.70', 'TOTAL', '$177.15', 'Check', 'Check 1043', 'VISA ****4242 auth 123456', 'Cash', '$30.00',
      'Amount tendered', '$180.00', 'Change', '$2.85', 'Thank you for your payment!',
    ]) expect(text).toContain(expected);
    expect(text).not.toContain('COPY');
    expect(text).not.toContain('VOID');
  });

  it('prints on an 80 mm wide page as long as the content', async () => {
    const short = pageSize(await renderReceiptPdf(receipt({ lines: [receipt().lines[2]!], tenders: [receipt().tenders[2]!] })));
    const long = pageSize(await renderReceiptPdf(receipt({ lines: Array.from({ length: 30 }, () => receipt().lines[0]!) })));
    expect(short.width).toBeCloseTo(226.77, 2);
    expect(long.width).toBeCloseTo(226.77, 2);
    expect(short.height).toBeGreaterThan(200);
    expect(long.height).toBeGreaterThan(short.height + 29 * 30);
  });

  it('marks a reprint COPY at the top and at the bottom, with its number', async () => {
    const text = await textOf(receipt({ isCopy: true, copyNumber: 2 }));
    expect(text.match(/^COPY$/gm)?.length).toBe(2);
    expect(text).toContain('Reprint 2 of receipt R-2026-000123');
    const lines = text.split('\n');
    expect(lines[0]).toBe('COPY');
    expect(lines.lastIndexOf('COPY')).toBeGreaterThan(lines.indexOf('Change'));
  });

  it('marks a voided payment VOID and a returned one RETURNED', async () => {
    expect((await textOf(receipt({ status: 'voided' }))).match(/^VOID$/gm)?.length).toBe(2);
    expect(await textOf(receipt({ status: 'returned' }))).toContain('RETURNED');
  });

  it('prints in Spanish when asked', async () => {
    const text = await textOf(receipt({ language: 'es', isCopy: true }));
    for (const expected of ['RECIBO', 'COPIA', 'Efectivo', 'Cheque', 'Cambio', '¡Gracias por su pago!', '$177.15']) expect(text).toContain(expected);
  });

  it('prints the time of printing on the city wall clock', () => {
    expect(formatPrintedAt('2026-12-06T19:51:39Z')).toBe('2026-12-06 11:51 AM PST');
    expect(formatPrintedAt('2026-07-01T07:05:00Z')).toBe('2026-07-01 12:05 AM PDT');
  });
});
