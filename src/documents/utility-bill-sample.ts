/**
 * A realistic utility bill of the demo city, varied by `index` (for the benchmark, tests and a
 * sample to look at). Overrides replace whole fields.
 */
import { cents, type Cents } from '../shared/money.js';
import { CITY_LETTERHEAD } from './pdf.js';
import type { UtilityBillDocument, UtilityBillUsageMonth } from './utility-bill.js';

const streets = ['Oak St', 'Alder Creek Rd', 'Madrone Ave', 'Sierra Vista Dr', 'Valley Oak Ln', 'Mission Blvd'];
const names = ['Rosa Alvarez', 'Dale Whitaker', 'Nguyen Thi Mai', 'José Ramírez Ochoa', 'Harriet Oyelaran-Smith', 'Ken Takahashi'];

/** The scan line cashiering would print for this account and amount (Luhn check digit). */
export function sampleScanLine(accountNumber: string, amountDueCents: number): string {
  const [prefix = 'UB', digits = '0'] = accountNumber.split('-');
  const body = `${digits.padStart(9, '0')}${String(Math.max(0, amountDueCents)).padStart(10, '0')}`;
  let sum = 0;
  for (let index = 0; index < body.length; index += 1) {
    let digit = Number(body[body.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return `${prefix} ${body.slice(0, 9)} ${body.slice(9)} ${(10 - (sum % 10)) % 10}`;
}

function history(index: number, months: number): UtilityBillUsageMonth[] {
  return Array.from({ length: months }, (_, offset) => {
    const month = new Date(Date.UTC(2026, 10 + offset - (months - 1), 1));
    const season = Math.round(6 * Math.sin(((month.getUTCMonth() - 3) * Math.PI) / 6));
    return { month: month.toISOString().slice(0, 7), consumption: Math.max(2, 12 + season + ((index * 7 + offset * 3) % 5)) };
  });
}

export function sampleUtilityBill(index = 0, overrides: Partial<UtilityBillDocument> = {}): UtilityBillDocument {
  const usage = 10 + (index % 17);
  const water: Array<[string, string | undefined, number]> = [
    ['Water base charge, 3/4" meter', undefined, 2_450],
    ['Water use, tier 1 (0-8 HCF)', `8 HCF × $3.1500`, 2_520],
    ['Water use, tier 2 (over 8 HCF)', `${usage - 8} HCF × $4.2000`, (usage - 8) * 420],
  ];
  const lines = (rows: Array<[string, string | undefined, number]>) =>
    rows.map(([description, quantity, amount]) => ({ description, amountCents: cents(amount), ...(quantity ? { quantity } : {}) }));
  const services = [
    { service: 'water', lines: lines(water) },
    { service: 'sewer', lines: lines([['Sewer service, single-family residence', undefined, 5_875]]) },
    { service: 'refuse', lines: lines([['Refuse, 64-gallon cart', undefined, 3_210], ['Recycling and green waste', undefined, 1_190]]) },
    { service: 'stormwater', lines: lines([['Storm drain maintenance fee', undefined, 325]]) },
  ];
  const current = services.flatMap((service) => service.lines).reduce((sum, line) => sum + line.amountCents, 0);
  const previous = 14_250 + (index % 9) * 100;
  const paid = index % 5 === 0 ? previous - 2_000 : previous;
  const due = previous - paid + current;
  const accountNumber = `UB-${String(100_000 + index).padStart(6, '0')}`;
  const read = 48_213 + index * 3;
  const bill: UtilityBillDocument = {
    city: { name: CITY_LETTERHEAD.name, addressLines: CITY_LETTERHEAD.addressLines, phone: CITY_LETTERHEAD.phone, website: CITY_LETTERHEAD.website },
    billNumber: `UB-2026-${String(400_000 + index).padStart(7, '0')}`,
    accountNumber,
    customerName: names[index % names.length]!,
    mailingAddressLines: [`${100 + (index % 900)} ${streets[index % streets.length]}`, 'Alder Creek, CA 95999'],
    serviceAddress: `${100 + (index % 900)} ${streets[index % streets.length]}`,
    billDate: '2026-12-07',
    dueDate: '2027-01-06',
    periodFrom: '2026-10-28',
    periodTo: '2026-11-27',
    previousBalanceCents: cents(previous),
    paymentsCents: cents(paid),
    adjustmentsCents: cents(0),
    currentChargesCents: cents(current),
    amountDueCents: cents(due) as Cents,
    services,
    meterReads: [{ meterSerial: `AC${String(7_000_000 + index)}`, fromDate: '2026-10-28', fromReading: read, toDate: '2026-11-27', toReading: read + usage, consumption: String(usage), unit: 'HCF', estimated: index % 11 === 3 }],
    history: history(index, 13),
    historyUnit: 'HCF',
    messages: [
      'Winter water-saving tip: check your toilets for leaks with a few drops of food coloring in the tank. If color appears in the bowl within 15 minutes, you have a leak.',
      'Pay online at www.aldercreek.example.gov/pay, by phone at (530) 555-0100, or at the Finance counter at City Hall, Monday to Friday, 8 a.m. to 5 p.m.',
    ],
    scanLine: sampleScanLine(accountNumber, due),
    language: index % 4 === 1 ? 'es' : 'en',
    isCopy: false,
  };
  return { ...bill, ...overrides };
}
