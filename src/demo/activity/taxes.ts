/**
 * General Fund tax receipts. Under modified accrual, taxes received within 60 days after June 30
 * for earlier months were accrued as FY 2025-26 revenue, so July's and August's receipts of
 * sales tax, June's hotel stays and the final secured apportionment clear taxes receivable
 * instead of counting as this year's revenue; the opening balance carries that receivable.
 */
import type { IsoDate } from '../../shared/dates.js';
import { businessDaysOf, DEMO_MONTHS, monthKey, monthName, nthBusinessDay } from '../calendar.js';
import { account } from '../city.js';
import { objects } from '../chart.js';
import { dollars, type DemoJournal, type OpeningBalances } from '../journal.js';
import { createRandom } from '../random.js';
import { addReceipt } from './receipts.js';

const taxesReceivable = account('100', '0000', objects.taxesReceivable);
const gf = (object: string) => account('100', '0000', object);

/** Bradley-Burns 1% advances from CDTFA by month received, July-November (dollars). */
const salesTaxByMonth = [846_200, 872_900, 905_400, 861_300, 838_700] as const;
const MEASURE_A_RATIO = 0.61;

export function generateSalesTax(journal: DemoJournal, opening: OpeningBalances): void {
  const random = createRandom('sales-tax');
  DEMO_MONTHS.forEach(({ year, month }, index) => {
    const salesMonth = month - 2;
    const isAccrued = month === 7 || month === 8;
    const bradleyBurns = random.vary(dollars(salesTaxByMonth[index] ?? 0), 0.01);
    const measureA = random.vary(Math.round(bradleyBurns * MEASURE_A_RATIO), 0.02);
    if (isAccrued) opening.add(taxesReceivable, bradleyBurns + measureA);
    addReceipt(journal, {
      key: `sales-tax:${monthKey(year, month)}`,
      date: nthBusinessDay(year, month, 17),
      description:
        `CDTFA sales and use tax distribution for ${monthName(salesMonth)} sales` +
        (isAccrued ? ' (accrued in FY 2025-26)' : ''),
      reference: `CDTFA ${monthKey(year, month)}`,
      credits: isAccrued
        ? [[taxesReceivable, bradleyBurns + measureA]]
        : [
            [gf(objects.salesTax), bradleyBurns],
            [gf(objects.measureSalesTax), measureA],
          ],
    });
  });
}

const hotels: ReadonlyArray<readonly [name: string, share: number]> = [
  ['Alder Creek Inn & Suites', 0.34],
  ['Creekside Lodge', 0.21],
  ['Foothill Grand Hotel', 0.19],
  ['Vineyard View Motel', 0.12],
  ['Oak Hollow Bed & Breakfast', 0.08],
  ['Sierra Vista Motor Inn', 0.06],
];
/** TOT remitted each month for the previous month's stays, July-November (dollars). */
const totByMonth = [231_400, 262_100, 268_300, 224_600, 198_200] as const;

export function totReceiptKey(monthText: string, hotel: string): string {
  return `tot:${monthText}:${hotel}`;
}

export function generateTransientOccupancyTax(
  journal: DemoJournal,
  opening: OpeningBalances,
): void {
  const random = createRandom('tot');
  DEMO_MONTHS.forEach(({ year, month }, index) => {
    // The demo months run July-November, so the stays are always earlier in the same year.
    const stayMonth = month - 1;
    const lastDays = businessDaysOf(year, month).slice(-5);
    for (const [hotel, share] of hotels) {
      const amount = random.vary(Math.round(dollars(totByMonth[index] ?? 0) * share), 0.08);
      const isAccrued = month === 7;
      if (isAccrued) opening.add(taxesReceivable, amount);
      addReceipt(journal, {
        key: totReceiptKey(monthKey(year, month), hotel),
        date: random.pick(lastDays),
        description:
          `Transient occupancy tax return, ${hotel}, ${monthName(stayMonth)} stays` +
          (isAccrued ? ' (accrued in FY 2025-26)' : ''),
        module: 'tot',
        reference: `TOT ${hotel.split(' ')[0]?.toUpperCase() ?? ''} ${monthKey(year, stayMonth)}`,
        credits: [[isAccrued ? taxesReceivable : gf(objects.transientOccupancyTax), amount]],
      });
    }
  });
}

/** County apportionments: [date, description, object or 'receivable', dollars]. */
const propertyTaxApportionments: ReadonlyArray<readonly [IsoDate, string, string, number]> = [
  [
    '2026-07-16' as IsoDate,
    'Secured property tax, FY 2025-26 final apportionment (accrued in FY 2025-26)',
    'receivable',
    286_400,
  ],
  [
    '2026-08-27' as IsoDate,
    'Unsecured property tax apportionment',
    objects.propertyTaxUnsecured,
    418_700,
  ],
  [
    '2026-09-24' as IsoDate,
    'Supplemental property tax apportionment',
    objects.propertyTaxSecured,
    96_300,
  ],
  [
    '2026-10-29' as IsoDate,
    'Unsecured property tax apportionment (escapes and corrections)',
    objects.propertyTaxUnsecured,
    64_200,
  ],
  [
    '2026-11-19' as IsoDate,
    'Secured property tax advance (Teeter plan, 10% of levy)',
    objects.propertyTaxSecured,
    1_182_000,
  ],
];

export function generatePropertyTaxes(journal: DemoJournal, opening: OpeningBalances): void {
  for (const [date, description, object, amount] of propertyTaxApportionments) {
    const isAccrued = object === 'receivable';
    if (isAccrued) opening.add(taxesReceivable, dollars(amount));
    addReceipt(journal, {
      key: `property-tax:${date}`,
      date,
      description: `Valle County Auditor-Controller: ${description}`,
      reference: `VC-APPT ${date}`,
      credits: [[isAccrued ? taxesReceivable : gf(object), dollars(amount)]],
    });
  }
  const random = createRandom('property-transfer-tax');
  for (const { year, month } of DEMO_MONTHS) {
    addReceipt(journal, {
      key: `property-transfer-tax:${monthKey(year, month)}`,
      date: nthBusinessDay(year, month, 12),
      description: `Documentary transfer tax from the County Recorder, ${monthName(month)} ${year}`,
      reference: `VC-DTT ${monthKey(year, month)}`,
      credits: [[gf(objects.propertyTransferTax), random.vary(dollars(29_000), 0.2)]],
    });
  }
}
