import { describe, expect, it } from 'vitest';
import { cents } from '../shared/money.js';
import { extractPdfText, renderReturnedPaymentNotice, type ReturnedPaymentNoticeDocument } from './index.js';

function notice(overrides: Partial<ReturnedPaymentNoticeDocument> = {}): ReturnedPaymentNoticeDocument {
  return {
    noticeDate: '2026-12-07',
    language: 'en',
    customerNumber: 'C-100001',
    address: { name: 'Rosa Alvarez', lines: ['12 Oak St', 'Alder Creek, CA 95999'] },
    accountNumber: 'UB-100001',
    receiptNumber: 'R-2026-000123',
    paymentDate: '2026-11-20',
    tenderType: 'check',
    checkNumber: '1043',
    paymentAmountCents: cents(12_345),
    returnedOn: '2026-12-03',
    returnReason: 'nsf',
    returnCode: null,
    serviceChargeCents: cents(2_500),
    amountDueCents: cents(14_845),
    dueDate: '2026-12-21',
    cashOnly: false,
    ...overrides,
  };
}

async function textOf(document: ReturnedPaymentNoticeDocument): Promise<string> {
  // Paragraphs wrap into one text run per line; with whitespace collapsed they read as written.
  return extractPdfText(await renderReturnedPaymentNotice(document, { compress: false })).replace(/\s+/g, ' ');
}

describe('returned-payment notices', () => {
  it('names the payment, the reason, the reversal, the Civil Code 1719 fee and the amount now due', async () => {
    const text = await textOf(notice());
    for (const expected of [
      'Notice of returned payment', 'December 7, 2026', 'Rosa Alvarez', 'R-2026-000123', '2026-11-20', '1043', '$123.45',
      'Insufficient funds', 'reversed this payment', 'California Civil Code section 1719', 'service charge of $25.00',
      'Amount now due', '$148.45', 'December 21, 2026', 'cash, by money order or by cashier\'s check', 'Amount enclosed',
    ]) expect(text).toContain(expected);
    expect(text).not.toContain('from now on');
  });

  it('tells a customer now limited to certified funds so', async () => {
    const text = await textOf(notice({ cashOnly: true }));
    expect(text).toContain('from now on the city will accept from you only cash, money orders or cashier\'s checks');
  });

  it('prints the bank\'s return code beside the reason', async () => {
    expect(await textOf(notice({ tenderType: 'ach', checkNumber: null, returnReason: 'ach_return', returnCode: 'R01' })))
      .toContain('Electronic payment returned (R01)');
  });

  it('is written in Spanish for a customer who prefers Spanish', async () => {
    const text = await textOf(notice({ language: 'es-MX', cashOnly: true }));
    for (const expected of [
      'Aviso de pago devuelto', '7 de diciembre de 2026', 'Fondos insuficientes', 'Hemos anulado este pago',
      'sección 1719 del Código Civil de California', 'cargo por servicio de pago devuelto de $25.00', 'Cantidad adeudada ahora',
      '$148.45', '21 de diciembre de 2026', 'solo aceptará de usted efectivo, giros postales o cheques de caja', 'Cantidad adjunta',
    ]) expect(text).toContain(expected);
    expect(text).not.toContain('Notice of returned payment');
  });

  it('prints the scan line in Courier on the remit stub when it has one', async () => {
    const pdf = await renderReturnedPaymentNotice(notice({ scanLine: '0000UB100001 000014845 7' }), { compress: false });
    expect(extractPdfText(pdf)).toContain('0000UB100001 000014845 7');
    expect(pdf.toString('latin1')).toContain('/BaseFont /Courier');
    const without = await renderReturnedPaymentNotice(notice(), { compress: false });
    expect(without.toString('latin1')).not.toContain('/BaseFont /Courier');
  });
});
