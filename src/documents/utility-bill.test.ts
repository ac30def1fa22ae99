import { describe, expect, it } from 'vitest';
import { cents } from '../shared/money.js';
import { createBillPdfPool } from './bill-pdf-pool.js';
import { decodeCode128Elements } from './code128.js';
import { contentSources, extractPdfText } from './pdf-text.js';
import { textWidth } from './pdf-writer.js';
import { fitText, wrapText } from './text-fit.js';
import { descriptionWidth } from './utility-bill-layout.js';
import { sampleUtilityBill } from './utility-bill-sample.js';
import { renderUtilityBill, renderUtilityBills, type UtilityBillDocument } from './utility-bill.js';

function bill(overrides: Partial<UtilityBillDocument> = {}): UtilityBillDocument {
  return sampleUtilityBill(0, { language: 'en', ...overrides });
}

const textOf = (document: UtilityBillDocument) => extractPdfText(renderUtilityBill(document));
const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

/** The barcode's bar and space widths, read from the rectangles the page drew. */
function barcodeElements(pdf: Buffer): number[] {
  const page = contentSources(pdf).find((source) => source.includes('%barcode'));
  if (!page) throw new Error('no barcode in the PDF');
  const section = page.slice(page.indexOf('%barcode'), page.indexOf('%end barcode'));
  const bars = [...section.matchAll(/([\d.]+) [\d.]+ ([\d.]+) [\d.]+ re/g)].map((match) => ({ x: Number(match[1]), width: Number(match[2]) }));
  bars.sort((a, b) => a.x - b.x);
  const elements: number[] = [];
  bars.forEach((bar, index) => {
    if (index > 0) elements.push(bar.x - (bars[index - 1]!.x + bars[index - 1]!.width));
    elements.push(bar.width);
  });
  return elements;
}

describe('utility bill', () => {
  it('prints the account, amounts, dates, charges, reads and scan line', () => {
    const document = bill();
    const text = textOf(document);
    for (const expected of [
      'City of Alder Creek', 'Utility bill', 'UB-100000', 'UB-2026-0400000', 'Rosa Alvarez', '100 Oak St',
      'December 7, 2026', 'Oct 28, 2026 \u2013 Nov 27, 2026', 'Please pay by January 6, 2027', 'January 6, 2027',
      '$142.50', '-$122.50', '$0.00', '$164.10', '$184.10',
      'Water', 'Water use, tier 2 (over 8 HCF)', '2 HCF \u00d7 $4.2000', '$8.40', 'Water total', '$58.10', 'Sewer', '$58.75',
      'Total current charges', 'AC7000000', '48213', '48223', '10 HCF', 'Actual',
      'Winter water-saving tip:', document.scanLine, 'Amount enclosed', 'Questions? Call (530) 555-0100',
    ]) {
      expect(text).toContain(expected);
    }
    expect(document.scanLine).toBe('UB 000100000 0000018410 0');
  });

  it('prints Spanish headings, months and dates for a Spanish-speaking customer', () => {
    const text = textOf(bill({ language: 'es', meterReads: [{ ...bill().meterReads[0]!, estimated: true }] }));
    for (const expected of [
      'Factura de servicios públicos', 'Resumen de la cuenta', 'Número de cuenta', 'Saldo anterior', 'Pagos recibidos',
      'Cargos actuales por servicio', 'Agua', 'Alcantarillado', 'Total de Agua', 'Lecturas del medidor', 'Estimada',
      'Su consumo, últimos 13 meses (HCF)', 'Cantidad adeudada', '7 de diciembre de 2026', 'Pague a más tardar el 6 de enero de 2027',
      '28 oct 2026 \u2013 27 nov 2026', 'Desprenda y devuelva', 'Pagar a',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Account summary');
  });

  it('draws a barcode whose bars decode back to the scan line without spaces', () => {
    const document = bill();
    expect(decodeCode128Elements(barcodeElements(renderUtilityBill(document)))).toBe('UB00010000000000184100');
    const other = sampleUtilityBill(7);
    expect(decodeCode128Elements(barcodeElements(renderUtilityBill(other, { compress: false })))).toBe(other.scanLine.replaceAll(' ', ''));
  });

  it('charts 13 months, the latest last; more are cut to the last 13, none says so', () => {
    const months = Array.from({ length: 20 }, (_, index) => ({ month: `20${25 + Math.floor((index + 4) / 12)}-${String(((index + 4) % 12) + 1).padStart(2, '0')}`, consumption: 100 + index }));
    const text = textOf(bill({ history: [...months].reverse() }));
    for (let index = 7; index < 20; index += 1) expect(text).toContain(String(100 + index));
    for (let index = 0; index < 7; index += 1) expect(text.split('\n')).not.toContain(String(100 + index));
    expect(text).toContain('Dec 2025 \u2013 Dec 2026');
    const empty = textOf(bill({ history: [] }));
    expect(empty).toContain('No usage history yet.');
    expect(empty).not.toContain('Dec 2025');
  });

  it('wraps a long service description within its column and cuts it after three lines', () => {
    const description = `Water use surcharge for drought stage 2 under resolution 2026-41 ${'of the city council '.repeat(12)}end`;
    const document = bill({ services: [{ service: 'water', lines: [{ description, quantity: '12 HCF', amountCents: cents(1_234) }] }] });
    const lines = textOf(document).split('\n');
    const printed = lines.filter((line) => description.includes(line.replace(/\u2026$/, '').trim()) && line.length > 10);
    expect(printed).toHaveLength(3);
    // Every line ends before the quantity begins (right-aligned at 268, 8 points apart).
    const room = 268 - textWidth('Helvetica', 8.5, '12 HCF') - 8 - 44;
    expect(descriptionWidth('12 HCF')).toBeCloseTo(room);
    for (const line of printed) expect(textWidth('Helvetica', 8.5, line)).toBeLessThanOrEqual(room);
    expect(descriptionWidth(undefined)).toBeGreaterThan(room);
    expect(printed[2]).toMatch(/\u2026$/);
    expect(lines).toContain('$12.34');
  });

  it('fits and wraps text by measured width', () => {
    expect(fitText('Short', 'Helvetica', 10, 100)).toBe('Short');
    const cut = fitText('A name far too long for the little box it has to fit in', 'Helvetica', 10, 80);
    expect(cut.endsWith('\u2026')).toBe(true);
    expect(textWidth('Helvetica', 10, cut)).toBeLessThanOrEqual(80);
    const wrapped = wrapText('Supercalifragilisticexpialidocious-and-then-some words', 'Helvetica', 10, 60);
    for (const line of wrapped) expect(textWidth('Helvetica', 10, line)).toBeLessThanOrEqual(60);
    expect(wrapped.join('').replaceAll(' ', '')).toBe('Supercalifragilisticexpialidocious-and-then-somewords');
  });

  it('marks a copy as a copy, and only a copy', () => {
    const copy = textOf(bill({ isCopy: true }));
    expect(copy).toContain('COPY');
    expect(copy).toContain('This is a copy of bill UB-2026-0400000. If you already paid it, do not pay again.');
    expect(textOf(bill({ isCopy: true, language: 'es' }))).toContain('COPIA');
    expect(textOf(bill())).not.toContain('COPY');
  });

  it('prints what the standard fonts cannot as one question mark per character', () => {
    const text = textOf(bill({ customerName: 'Nguy\u1ec5n Th\u1ecb Mai \u{1f600}' }));
    expect(text).toContain('Nguy?n Th? Mai ?');
  });

  it('says a credit balance needs no payment', () => {
    const text = textOf(bill({ amountDueCents: cents(-1_250) }));
    expect(text).toContain('-$12.50');
    expect(text).toContain('Credit balance: no payment needed');
  });

  it('puts many bills in one file, one page each, sharing one template per language', () => {
    const bills = [sampleUtilityBill(0), sampleUtilityBill(1), sampleUtilityBill(2), sampleUtilityBill(5)];
    const pdf = renderUtilityBills(bills);
    expect(pageCount(pdf)).toBe(4);
    expect((pdf.toString('latin1').match(/\/Subtype \/Form/g) ?? []).length).toBe(2);
    const text = extractPdfText(pdf);
    for (const document of bills) expect(text).toContain(document.scanLine);
  });

  it('continues on a second page when the charges do not fit, the stub staying on the first', () => {
    const lines = Array.from({ length: 40 }, (_, index) => ({ description: `Fire line standby charge ${index + 1}`, amountCents: cents(100 + index) }));
    const pdf = renderUtilityBill(bill({ services: [{ service: 'water', lines }] }));
    expect(pageCount(pdf)).toBe(2);
    const [, , ...pages] = contentSources(pdf);
    const stubPages = pages.filter((page) => page.includes('%barcode'));
    expect(stubPages).toHaveLength(1);
    const text = extractPdfText(pdf);
    expect(text).toContain('Fire line standby charge 40');
    expect(text).toContain('Utility bill (continued)');
  });

  it('writes a cross-reference table that points at every object', () => {
    for (const compress of [true, false]) {
      const pdf = renderUtilityBills([sampleUtilityBill(3), sampleUtilityBill(4)], { compress });
      const source = pdf.toString('latin1');
      const xrefAt = Number(/startxref\n(\d+)/.exec(source)?.[1]);
      expect(source.slice(xrefAt, xrefAt + 4)).toBe('xref');
      const entries = [...source.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
      expect(entries.length).toBeGreaterThan(10);
      entries.forEach((offset, index) => expect(source.slice(offset, offset + 10)).toMatch(new RegExp(`^${index + 1} 0 obj`)));
    }
  });
});

describe('bill PDF pool', () => {
  it('renders across workers, in order, with progress', async () => {
    const bills = Array.from({ length: 230 }, (_, index) => sampleUtilityBill(index));
    const pool = createBillPdfPool({ workers: 2 });
    try {
      const progress: number[] = [];
      const files = await pool.render(bills, { billsPerTask: 50, onProgress: (done, total) => { expect(total).toBe(230); progress.push(done); } });
      expect(files).toHaveLength(230);
      files.forEach((file, index) => expect(extractPdfText(file)).toContain(bills[index]!.scanLine));
      expect(progress.at(-1)).toBe(230);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
      const printFiles = await pool.render(bills, { billsPerFile: 100 });
      expect(printFiles.map(pageCount)).toEqual([100, 100, 30]);
      expect(printFiles[0]!.equals(renderUtilityBills(bills.slice(0, 100)))).toBe(true);
      // A bill that cannot be rendered fails the render, and the pool goes on working.
      const bad = sampleUtilityBill(1, { scanLine: 'UB 0001 ÑÑ' });
      await expect(pool.render([...bills.slice(0, 120), bad], { billsPerTask: 20 })).rejects.toThrow(/cannot encode/);
      expect(await pool.render(bills.slice(0, 3))).toHaveLength(3);
    } finally {
      await pool.close();
    }
  });
});
