/**
 * The city's recurring vendor bills, its construction pay applications and June's unpaid
 * invoices. Monthly amounts are typical for a city of about 40,000; purchased water follows the
 * summer demand curve.
 */
import type { IsoDate } from '../../shared/dates.js';
import { businessDaysOf, DEMO_MONTHS, monthKey, monthName } from '../calendar.js';
import { account } from '../city.js';
import { objects } from '../chart.js';
import { dollars, type OpeningBalances } from '../journal.js';
import { createRandom } from '../random.js';
import type { Payables } from './payables.js';

interface RecurringBill {
  account: string;
  vendor: string;
  what: string;
  /** Dollars per month, July through November. */
  monthly: readonly [number, number, number, number, number];
  invoicesPerMonth: number;
}

const flat = (amount: number): RecurringBill['monthly'] => [amount, amount, amount, amount, amount];

const recurringBills: readonly RecurringBill[] = [
  {
    account: account('100', '1200', objects.contractServices),
    vendor: 'Meridian IT Services',
    what: 'managed IT services',
    monthly: flat(21_400),
    invoicesPerMonth: 1,
  },
  {
    account: account('100', '1300', objects.contractServices),
    vendor: 'Golden Coast Records Management',
    what: 'records storage and imaging',
    monthly: flat(3_150),
    invoicesPerMonth: 1,
  },
  {
    account: account('100', '1400', objects.contractServices),
    vendor: 'Whitlow & Marsh LLP',
    what: 'legal services',
    monthly: flat(38_500),
    invoicesPerMonth: 1,
  },
  {
    account: account('100', '1510', objects.supplies),
    vendor: 'Redwood Office Supply',
    what: 'office supplies',
    monthly: flat(2_400),
    invoicesPerMonth: 2,
  },
  {
    account: account('100', '1510', objects.contractServices),
    vendor: 'Ledgerline Banking Services',
    what: 'banking and merchant card fees',
    monthly: flat(3_900),
    invoicesPerMonth: 1,
  },
  {
    account: account('100', '2100', objects.supplies),
    vendor: 'Pacific Public Safety Supply',
    what: 'ammunition, uniforms and equipment',
    monthly: flat(14_200),
    invoicesPerMonth: 3,
  },
  {
    account: account('100', '2100', objects.contractServices),
    vendor: 'Valle County Sheriff',
    what: 'dispatch and jail booking services',
    monthly: flat(61_800),
    invoicesPerMonth: 1,
  },
  {
    account: account('100', '2100', objects.contractServices),
    vendor: 'Tri-Valley Animal Services',
    what: 'animal control and sheltering',
    monthly: flat(18_300),
    invoicesPerMonth: 1,
  },
  {
    account: account('100', '2100', objects.utilities),
    vendor: 'Golden State Power & Light',
    what: 'police facility electricity and gas',
    monthly: [11_800, 12_400, 11_100, 8_900, 8_200],
    invoicesPerMonth: 1,
  },
  {
    account: account('100', '2200', objects.supplies),
    vendor: 'Cascade Fire Equipment',
    what: 'turnouts, hose and medical supplies',
    monthly: flat(15_600),
    invoicesPerMonth: 2,
  },
  {
    account: account('100', '2200', objects.contractServices),
    vendor: 'Valle County Fire Dispatch Authority',
    what: 'fire and EMS dispatch',
    monthly: flat(24_100),
    invoicesPerMonth: 1,
  },
  {
    account: account('100', '2200', objects.utilities),
    vendor: 'Golden State Power & Light',
    what: 'fire stations electricity and gas',
    monthly: [6_900, 7_300, 6_500, 5_400, 5_900],
    invoicesPerMonth: 1,
  },
  {
    account: account('100', '3200', objects.contractServices),
    vendor: 'Summit Engineering Group',
    what: 'plan check and design services',
    monthly: flat(22_500),
    invoicesPerMonth: 1,
  },
  {
    account: account('100', '4100', objects.contractServices),
    vendor: 'Placemaker Planning Associates',
    what: 'general plan housing element update',
    monthly: flat(15_200),
    invoicesPerMonth: 1,
  },
  {
    account: account('100', '4200', objects.contractServices),
    vendor: 'Westbay Inspection Services',
    what: 'contract building inspection',
    monthly: flat(18_700),
    invoicesPerMonth: 1,
  },
  {
    account: account('100', '5100', objects.supplies),
    vendor: 'Alder Creek Hardware',
    what: 'park maintenance supplies',
    monthly: [9_800, 9_200, 7_400, 6_100, 4_800],
    invoicesPerMonth: 3,
  },
  {
    account: account('100', '5100', objects.contractServices),
    vendor: 'Greenline Landscape Maintenance',
    what: 'park and median landscape maintenance',
    monthly: flat(64_300),
    invoicesPerMonth: 1,
  },
  {
    account: account('100', '5100', objects.utilities),
    vendor: 'Golden State Power & Light',
    what: 'park lighting and buildings',
    monthly: [7_600, 7_900, 6_800, 6_200, 6_400],
    invoicesPerMonth: 1,
  },
  {
    account: account('220', '3100', objects.supplies),
    vendor: 'Sierra Asphalt Co.',
    what: 'asphalt and patching material',
    monthly: [19_200, 21_400, 18_800, 14_600, 9_300],
    invoicesPerMonth: 2,
  },
  {
    account: account('220', '3100', objects.contractServices),
    vendor: 'Lineworks Striping Inc.',
    what: 'street striping and legends',
    monthly: [12_800, 14_100, 11_900, 6_200, 3_100],
    invoicesPerMonth: 1,
  },
  {
    account: account('220', '3100', objects.utilities),
    vendor: 'Golden State Power & Light',
    what: 'street lights and traffic signals',
    monthly: [28_400, 29_100, 30_600, 32_800, 34_900],
    invoicesPerMonth: 1,
  },
  {
    account: account('510', '7100', objects.purchasedWater),
    vendor: 'Coastal Range Water Authority',
    what: 'wholesale treated water',
    monthly: [724_000, 761_500, 688_200, 559_800, 431_600],
    invoicesPerMonth: 1,
  },
  {
    account: account('510', '7100', objects.utilities),
    vendor: 'Golden State Power & Light',
    what: 'well and booster pumping power',
    monthly: [61_200, 63_900, 55_400, 44_800, 36_100],
    invoicesPerMonth: 1,
  },
  {
    account: account('510', '7100', objects.supplies),
    vendor: 'Delta Chemical Supply',
    what: 'sodium hypochlorite and treatment chemicals',
    monthly: flat(14_100),
    invoicesPerMonth: 2,
  },
  {
    account: account('510', '7100', objects.supplies),
    vendor: 'Westflow Meter Supply',
    what: 'replacement meters and registers',
    monthly: flat(20_800),
    invoicesPerMonth: 1,
  },
  {
    account: account('510', '7100', objects.contractServices),
    vendor: 'Clearwater Analytical Labs',
    what: 'water quality sampling and analysis',
    monthly: flat(6_450),
    invoicesPerMonth: 1,
  },
  {
    account: account('520', '7200', objects.contractServices),
    vendor: 'Roto-Valley Pipeline Services',
    what: 'sewer main CCTV inspection and cleaning',
    monthly: flat(24_200),
    invoicesPerMonth: 1,
  },
  {
    account: account('520', '7200', objects.utilities),
    vendor: 'Golden State Power & Light',
    what: 'lift station power',
    monthly: flat(11_300),
    invoicesPerMonth: 1,
  },
  {
    account: account('520', '7200', objects.supplies),
    vendor: 'Alder Creek Hardware',
    what: 'lift station parts and supplies',
    monthly: flat(5_200),
    invoicesPerMonth: 1,
  },
  {
    account: account('610', '6100', objects.fuel),
    vendor: 'Tri-County Fuel',
    what: 'gasoline and diesel',
    monthly: [63_800, 65_100, 61_900, 58_400, 55_700],
    invoicesPerMonth: 2,
  },
  {
    account: account('610', '6100', objects.supplies),
    vendor: 'Valley Auto Parts',
    what: 'vehicle parts',
    monthly: flat(18_900),
    invoicesPerMonth: 2,
  },
  {
    account: account('610', '6100', objects.contractServices),
    vendor: 'Mission Tire & Service',
    what: 'tires and outside repairs',
    monthly: flat(8_400),
    invoicesPerMonth: 1,
  },
];

/** One-time bills: [date, account, vendor, what, dollars, retention dollars]. */
const oneTimeBills: ReadonlyArray<readonly [IsoDate, string, string, string, number, number]> = [
  [
    '2026-07-06' as IsoDate,
    account('100', '0000', objects.insurance),
    'Golden State Municipal Risk Authority',
    'FY 2026-27 liability and property program premium',
    1_124_600,
    0,
  ],
  [
    '2026-07-15' as IsoDate,
    account('520', '7200', objects.wastewaterTreatment),
    'Valley Regional Sanitation District',
    'treatment charges, July-September 2026',
    1_052_400,
    0,
  ],
  [
    '2026-08-25' as IsoDate,
    account('220', '3100', objects.capitalInfrastructure),
    'Granite Ridge Paving Inc.',
    'Pavement Rehabilitation Project 2026 (CIP 26-04), pay application 1',
    486_300,
    24_315,
  ],
  [
    '2026-09-15' as IsoDate,
    account('510', '7100', objects.capitalInfrastructure),
    'Pipeline Constructors of California',
    'Oak Street water main replacement (CIP 25-11), pay application 3',
    540_200,
    27_010,
  ],
  [
    '2026-09-22' as IsoDate,
    account('220', '3100', objects.capitalInfrastructure),
    'Granite Ridge Paving Inc.',
    'Pavement Rehabilitation Project 2026 (CIP 26-04), pay application 2',
    612_750,
    30_637,
  ],
  [
    '2026-10-05' as IsoDate,
    account('100', '1510', objects.contractServices),
    'Bergstrom Audit Partners',
    'FY 2025-26 financial audit, interim fieldwork',
    38_500,
    0,
  ],
  [
    '2026-10-15' as IsoDate,
    account('520', '7200', objects.wastewaterTreatment),
    'Valley Regional Sanitation District',
    'treatment charges, October-December 2026',
    1_052_400,
    0,
  ],
  [
    '2026-10-21' as IsoDate,
    account('610', '6100', objects.capitalEquipment),
    'Sierra Fleet Vehicles',
    'three patrol vehicles, upfitted',
    184_560,
    0,
  ],
  [
    '2026-11-12' as IsoDate,
    account('510', '7100', objects.capitalInfrastructure),
    'Pipeline Constructors of California',
    'Oak Street water main replacement (CIP 25-11), pay application 4',
    410_900,
    20_545,
  ],
  [
    '2026-11-18' as IsoDate,
    account('100', '1300', objects.contractServices),
    'Valle County Registrar of Voters',
    'November 3, 2026 general municipal election services',
    47_800,
    0,
  ],
];

/** Invoices dated in June 2026 and paid in July: [fund, dollars]. */
const juneInvoices: ReadonlyArray<readonly [string, number]> = [
  ['100', 1_862_400],
  ['220', 74_300],
  ['510', 912_600],
  ['520', 96_800],
  ['610', 88_100],
];

export function generateVendorInvoices(payables: Payables, opening: OpeningBalances): void {
  for (const [fund, amount] of juneInvoices) {
    payables.openingPayable(opening, fund, '2026-06-26' as IsoDate, dollars(amount));
  }
  const random = createRandom('vendor-invoices');
  let invoiceNumber = 48_120;
  DEMO_MONTHS.forEach(({ year, month }, monthIndex) => {
    const days = businessDaysOf(year, month);
    for (const bill of recurringBills) {
      const total = random.vary(dollars(bill.monthly[monthIndex] ?? 0), 0.06);
      for (let part = 0; part < bill.invoicesPerMonth; part += 1) {
        const share =
          part === bill.invoicesPerMonth - 1
            ? total - Math.round(total / bill.invoicesPerMonth) * part
            : Math.round(total / bill.invoicesPerMonth);
        invoiceNumber += random.integer(1, 9);
        payables.invoice({
          key: `invoice:${monthKey(year, month)}:${bill.account}:${bill.vendor}:${part + 1}`,
          date: random.pick(days),
          vendor: bill.vendor,
          invoiceNumber: String(invoiceNumber),
          account: bill.account,
          amountCents: random.vary(share, 0.02),
          description: `${bill.what}, ${monthName(month)} ${year}`,
        });
      }
    }
  });
  for (const [date, accountCode, vendor, what, amount, retention] of oneTimeBills) {
    invoiceNumber += random.integer(1, 9);
    payables.invoice({
      key: `invoice:${date}:${accountCode}:${vendor}`,
      date,
      vendor,
      invoiceNumber: String(invoiceNumber),
      account: accountCode,
      amountCents: dollars(amount),
      description: what,
      retentionCents: dollars(retention),
    });
  }
}
