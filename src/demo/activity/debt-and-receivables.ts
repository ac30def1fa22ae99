/**
 * Debt service, miscellaneous receivables and developer deposits.
 * - The General Fund's 2019 lease revenue bonds (police facility) and the Water fund's 2021
 *   revenue bonds are paid through their trustee: cash goes to the fiscal agent first, and the
 *   fiscal agent pays the bondholders on the due date.
 * - The Sewer fund repays its State Revolving Fund loan directly. In an enterprise fund the
 *   principal reduces the loan payable (full accrual); only interest is an expense.
 * - Developer deposits held by the General Fund are drawn down as staff time is charged to
 *   projects.
 */
import type { IsoDate } from '../../shared/dates.js';
import { DEMO_MONTHS, monthKey, monthName, nthBusinessDay } from '../calendar.js';
import { account } from '../city.js';
import { objects } from '../chart.js';
import { dollars, type DemoJournal, type DemoLine, type OpeningBalances } from '../journal.js';
import { createRandom } from '../random.js';
import { addReceipt } from './receipts.js';

interface EntryParts {
  key: string;
  date: string;
  description: string;
  reference: string;
  lines: ReadonlyArray<readonly [string, number]>;
}

const at = (fund: string, department: string, object: string) => account(fund, department, object);

const debtEntries: readonly EntryParts[] = [
  {
    key: 'debt:lrb-2019:fund-trustee',
    date: '2026-07-24',
    reference: 'LRB2019 2026-08-01',
    description: 'Transfer to trustee for 2019 Lease Revenue Bonds debt service due August 1',
    lines: [
      [at('100', '0000', objects.fiscalAgentCash), 595_400],
      [at('100', '0000', objects.pooledCash), -595_400],
    ],
  },
  {
    key: 'debt:lrb-2019:payment',
    date: '2026-08-03',
    reference: 'LRB2019 2026-08-01',
    description: 'Trustee paid 2019 Lease Revenue Bonds principal and interest due August 1',
    lines: [
      [at('100', '0000', objects.debtPrincipal), 385_000],
      [at('100', '0000', objects.debtInterest), 210_400],
      [at('100', '0000', objects.fiscalAgentCash), -595_400],
    ],
  },
  {
    key: 'debt:wrb-2021:fund-trustee',
    date: '2026-09-24',
    reference: 'WRB2021 2026-10-01',
    description: 'Transfer to trustee for 2021 Water Revenue Bonds interest due October 1',
    lines: [
      [at('510', '0000', objects.fiscalAgentCash), 412_500],
      [at('510', '0000', objects.pooledCash), -412_500],
    ],
  },
  {
    key: 'debt:wrb-2021:payment',
    date: '2026-10-01',
    reference: 'WRB2021 2026-10-01',
    description: 'Trustee paid 2021 Water Revenue Bonds interest due October 1',
    lines: [
      [at('510', '7100', objects.debtInterest), 412_500],
      [at('510', '0000', objects.fiscalAgentCash), -412_500],
    ],
  },
  {
    key: 'debt:srf-loan:payment',
    date: '2026-09-30',
    reference: 'SRF C-06-8123',
    description: 'State Water Board SRF loan C-06-8123 semiannual payment (principal and interest)',
    lines: [
      [at('520', '0000', objects.loansPayable), 298_000],
      [at('520', '7200', objects.debtInterest), 53_640],
      [at('520', '0000', objects.pooledCash), -351_640],
    ],
  },
  {
    key: 'ar:sro-invoice',
    date: '2026-08-18',
    reference: 'AR-2027-0014',
    description:
      'Invoice Alder Creek Unified School District: school resource officers, July-September 2026',
    lines: [
      [at('100', '0000', objects.miscReceivable), 142_380],
      [at('100', '2100', objects.policeServices), -142_380],
    ],
  },
];

export function generateDebtAndReceivables(journal: DemoJournal, opening: OpeningBalances): void {
  for (const entry of debtEntries) {
    journal.add({
      key: entry.key,
      date: entry.date as IsoDate,
      description: entry.description,
      module: 'gl',
      reference: entry.reference,
      lines: entry.lines.map(([accountCode, amount]): DemoLine => ({
        account: accountCode,
        amountCents: dollars(amount),
      })),
    });
  }
  const miscReceivable = at('100', '0000', objects.miscReceivable);
  opening.add(miscReceivable, dollars(185_300));
  const collections: ReadonlyArray<readonly [string, string, number]> = [
    [
      '2026-07-21',
      'Collected: County of Valle, booking fee reimbursement FY 2025-26 (AR-2026-0188)',
      112_400,
    ],
    [
      '2026-09-10',
      'Collected: Valley Transit Authority, bus shelter maintenance (AR-2026-0201)',
      38_650,
    ],
    [
      '2026-10-22',
      'Collected: Alder Creek Unified School District, school resource officers (AR-2027-0014)',
      142_380,
    ],
  ];
  for (const [date, description, amount] of collections) {
    addReceipt(journal, {
      key: `ar-collection:${date}`,
      date: date as IsoDate,
      description,
      module: 'receivables',
      credits: [[miscReceivable, dollars(amount)]],
    });
  }
  generateDeveloperDepositDrawdowns(journal, opening);
}

function generateDeveloperDepositDrawdowns(journal: DemoJournal, opening: OpeningBalances): void {
  const deposits = at('100', '0000', objects.depositsHeld);
  opening.add(deposits, -dollars(1_240_000));
  const random = createRandom('developer-deposits');
  for (const { year, month } of DEMO_MONTHS) {
    const planning = random.vary(dollars(14_800), 0.3);
    const engineering = random.vary(dollars(9_200), 0.3);
    journal.add({
      key: `developer-deposits:${monthKey(year, month)}`,
      date: nthBusinessDay(year, month, -1),
      description: `Staff time charged to developer deposit accounts, ${monthName(month)} ${year}`,
      module: 'gl',
      reference: `DEPDRAW ${monthKey(year, month)}`,
      lines: [
        { account: deposits, amountCents: planning + engineering },
        {
          account: at('100', '4100', objects.planningFees),
          amountCents: -(planning + engineering),
        },
      ],
    });
  }
}
