import { describe, expect, it } from 'vitest';
import { cents } from '../shared/money.js';
import { extractPdfText, renderDunningBatch, renderDunningLetter, renderInvoice, renderStatement, type DunningLetterData } from './index.js';

const address = { name: 'Rosa Alvarez', lines: ['12 Oak St', 'Alder Creek, CA 95999'] };

function letter(overrides: Partial<DunningLetterData> = {}): DunningLetterData {
  return {
    letterDate: '2026-11-23',
    language: 'en',
    stageCode: 'second_notice',
    stageName: 'Second notice',
    nextStep: 'Penalties continue to accrue.',
    customerNumber: 'C-100001',
    address,
    invoices: [
      { invoiceNumber: 'INV-2026-000001', invoiceDate: '2026-08-01', dueDate: '2026-08-31', daysPastDue: 84, amountDueCents: cents(123_456) },
      { invoiceNumber: 'INV-2026-000002', invoiceDate: '2026-09-01', dueDate: '2026-10-01', daysPastDue: 53, amountDueCents: cents(5) },
    ],
    totalDueCents: cents(123_461),
    ...overrides,
  };
}

describe('dunning letters', () => {
  it('renders a PDF with the letterhead, address, invoices and amounts', async () => {
    const pdf = await renderDunningLetter(letter(), { compress: false });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = extractPdfText(pdf);
    for (const expected of ['City of Alder Creek', 'Rosa Alvarez', '12 Oak St', 'SECOND NOTICE', 'INV-2026-000001', '$1,234.56', '$0.05', '$1,234.61', 'November 23, 2026', 'Penalties continue to accrue.']) {
      expect(text).toContain(expected);
    }
  });

  it('prints Spanish headings for a customer who prefers Spanish', async () => {
    const text = extractPdfText(await renderDunningLetter(letter({ language: 'es', stageCode: 'final_notice' }), { compress: false }));
    expect(text).toContain('AVISO FINAL');
    expect(text).toContain('Cantidad adeudada');
    expect(text).toContain('23 de noviembre de 2026');
  });

  it('prints a batch with one letter per page', async () => {
    const pdf = await renderDunningBatch([letter(), letter({ customerNumber: 'C-100002', address: { ...address, name: 'Dale Whitaker' } })], { compress: false });
    const pages = pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? [];
    expect(pages.length).toBe(2);
    expect(extractPdfText(pdf)).toContain('Dale Whitaker');
  });
});

describe('statements and invoices', () => {
  it('renders a statement with opening, items, closing, aging and the amount due', async () => {
    const pdf = await renderStatement({
      statementDate: '2026-11-23', from: '2026-10-01', to: '2026-10-31', language: 'en', customerNumber: 'C-100001', address,
      accounts: [{
        accountNumber: 'MB-100001', kindName: 'Miscellaneous billing', openingBalanceCents: cents(10_000), closingBalanceCents: cents(7_550),
        items: [
          { date: '2026-10-05', description: 'Payment', chargeCents: null, creditCents: cents(5_000), balanceCents: cents(5_000) },
          { date: '2026-10-10', description: 'False alarm', chargeCents: cents(2_550), creditCents: null, balanceCents: cents(7_550) },
        ],
      }],
      aging: { current: cents(2_550), days30: cents(5_000), days60: cents(0), days90: cents(0), days120: cents(0) },
      amountDueCents: cents(7_550), totalClosingCents: cents(7_550),
    }, { compress: false });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = extractPdfText(pdf);
    for (const expected of ['Statement of account', 'MB-100001', '$100.00', '$50.00', '$25.50', '$75.50', 'Amount enclosed']) expect(text).toContain(expected);
  });

  it('renders an invoice', async () => {
    const text = extractPdfText(await renderInvoice({
      invoiceNumber: 'INV-2026-000007', invoiceDate: '2026-09-01', dueDate: '2026-10-01', status: 'open', language: 'en',
      customerNumber: 'C-100001', accountNumber: 'MB-100001', address, notes: 'Thank you',
      lines: [{ description: 'Public records copies', quantity: '37', unit: 'page', unitPriceCents: cents(10), amountCents: cents(370) }],
      totalCents: cents(370), paidCents: cents(0), amountDueCents: cents(370),
    }, { compress: false }));
    expect(text).toContain('INV-2026-000007');
    expect(text).toContain('$3.70');
  });
});
