/**
 * Franchise fees, quarterly investment earnings for every fund, and the State's gas tax
 * apportionments to the Gas Tax Fund (HUTA and SB 1 RMRA, restricted to streets and roads).
 */
import type { IsoDate } from '../../shared/dates.js';
import { DEMO_MONTHS, monthKey, monthName, nthBusinessDay } from '../calendar.js';
import { account } from '../city.js';
import { objects } from '../chart.js';
import { dollars, type DemoJournal, type OpeningBalances } from '../journal.js';
import { createRandom } from '../random.js';
import { addReceipt } from './receipts.js';

export function generateFranchiseFees(journal: DemoJournal): void {
  const random = createRandom('franchise-fees');
  const franchise = account('100', '0000', objects.franchiseFees);
  for (const { year, month } of DEMO_MONTHS) {
    addReceipt(journal, {
      key: `franchise:refuse:${monthKey(year, month)}`,
      date: nthBusinessDay(year, month, 14),
      description: `Valley Disposal & Recycling franchise fee, ${monthName(month - 1)} collections`,
      reference: `FRAN-VDR ${monthKey(year, month)}`,
      credits: [[franchise, random.vary(dollars(118_000), 0.05)]],
    });
  }
  for (const [date, quarter, amount] of [
    ['2026-08-14', 'April-June 2026', 146_800],
    ['2026-11-13', 'July-September 2026', 141_300],
  ] as const) {
    addReceipt(journal, {
      key: `franchise:video:${date}`,
      date: date as IsoDate,
      description: `Summit Broadband state video franchise fee, ${quarter}`,
      reference: `FRAN-SB ${date}`,
      credits: [[franchise, dollars(amount)]],
    });
  }
}

/** Earnings on the pooled investment portfolio, apportioned to funds by average cash balance. */
const interestByFund: ReadonlyArray<
  readonly [fund: string, aprilToJune: number, julyToSeptember: number]
> = [
  ['100', 228_000, 241_300],
  ['220', 12_400, 13_600],
  ['510', 66_200, 71_800],
  ['520', 43_900, 47_200],
  ['610', 17_800, 18_900],
];

export function generateInvestmentEarnings(journal: DemoJournal, opening: OpeningBalances): void {
  for (const [fund, accrued] of interestByFund) {
    opening.add(account(fund, '0000', objects.interestReceivable), dollars(accrued));
  }
  addReceipt(journal, {
    key: 'interest:2026-q4-fy2026',
    date: '2026-07-15' as IsoDate,
    description: 'Investment earnings apportionment, April-June 2026 (accrued in FY 2025-26)',
    reference: 'INT 2026-06',
    credits: interestByFund.map(([fund, accrued]) => [
      account(fund, '0000', objects.interestReceivable),
      dollars(accrued),
    ]),
  });
  addReceipt(journal, {
    key: 'interest:2026-q1-fy2027',
    date: '2026-09-30' as IsoDate,
    description: 'Investment earnings apportionment, July-September 2026',
    reference: 'INT 2026-09',
    credits: interestByFund.map(([fund, , earned]) => [
      account(fund, '0000', objects.investmentEarnings),
      dollars(earned),
    ]),
  });
}

const HUTA_MONTHLY = 73_900;
const RMRA_MONTHLY = 97_600;

export function generateGasTax(journal: DemoJournal, opening: OpeningBalances): void {
  const random = createRandom('gas-tax');
  const receivable = account('220', '0000', objects.dueFromGovernments);
  const huta = account('220', '3100', objects.gasTaxHuta);
  const rmra = account('220', '3100', objects.gasTaxRmra);
  for (const { year, month } of DEMO_MONTHS) {
    const hutaAmount = random.vary(dollars(HUTA_MONTHLY), 0.04);
    const rmraAmount = random.vary(dollars(RMRA_MONTHLY), 0.04);
    const isAccrued = month === 7;
    if (isAccrued) opening.add(receivable, hutaAmount + rmraAmount);
    addReceipt(journal, {
      key: `gas-tax:${monthKey(year, month)}`,
      date: nthBusinessDay(year, month, 18),
      description:
        `State Controller gas tax apportionment for ${monthName(month - 1)} (HUTA and RMRA)` +
        (isAccrued ? ' (accrued in FY 2025-26)' : ''),
      reference: `SCO-HUTA ${monthKey(year, month - 1)}`,
      credits: isAccrued
        ? [[receivable, hutaAmount + rmraAmount]]
        : [
            [huta, hutaAmount],
            [rmra, rmraAmount],
          ],
    });
  }
  const novemberHuta = random.vary(dollars(HUTA_MONTHLY), 0.04);
  const novemberRmra = random.vary(dollars(RMRA_MONTHLY), 0.04);
  journal.add({
    key: 'gas-tax:accrual:2026-11',
    date: '2026-11-30' as IsoDate,
    description: 'Accrue November 2026 gas tax apportionment (received in December)',
    module: 'gl',
    reference: 'SCO-HUTA 2026-11',
    lines: [
      { account: receivable, amountCents: novemberHuta + novemberRmra },
      { account: huta, amountCents: -novemberHuta },
      { account: rmra, amountCents: -novemberRmra },
    ],
  });
}
