/**
 * The cashiers' counter at City Hall. Each business day's receipts (business license tax,
 * permits, planning fees, parking citations, recreation fees, developer deposits, utility payments
 * and new-service deposits) are posted to undeposited funds by the day's batch, and deposited to
 * the bank the next business day, so undeposited funds always hold one day of receipts.
 */
import type { IsoDate } from '../../shared/dates.js';
import { allBusinessDays } from '../calendar.js';
import { account } from '../city.js';
import { objects } from '../chart.js';
import { dollars, type DemoJournal, type DemoLine, type OpeningBalances } from '../journal.js';
import { createRandom, type Random } from '../random.js';
import type { CounterUtilityPayments } from './utility-billing.js';

/** Average daily business license tax at the counter by month: July is renewal season. */
const licenseTaxDaily: Readonly<Record<number, number>> = {
  7: 14_200,
  8: 6_100,
  9: 3_600,
  10: 3_100,
  11: 2_900,
};

/** June 30's batch, deposited on July 1: [fund, dollars]. */
const juneThirtyBatch: ReadonlyArray<readonly [string, number]> = [
  ['100', 18_642],
  ['510', 21_907],
  ['520', 9_844],
];

export function generateCounterActivity(
  journal: DemoJournal,
  opening: OpeningBalances,
  utilityAtCounter: ReadonlyMap<IsoDate, CounterUtilityPayments>,
): void {
  const random = createRandom('counter');
  let pending = new Map<string, number>();
  for (const [fund, amount] of juneThirtyBatch) {
    opening.add(account(fund, '0000', objects.undeposited), dollars(amount));
    pending.set(fund, dollars(amount));
  }
  for (const date of allBusinessDays()) {
    postDeposit(journal, date, pending);
    const credits = counterCredits(random, date, utilityAtCounter.get(date));
    pending = new Map();
    for (const [accountCode, amount] of credits) {
      const fund = accountCode.slice(0, 3);
      pending.set(fund, (pending.get(fund) ?? 0) + amount);
    }
    const lines: DemoLine[] = [
      ...[...pending].map(([fund, amount]) => ({
        account: account(fund, '0000', objects.undeposited),
        amountCents: amount,
      })),
      ...credits.map(([accountCode, amount]) => ({ account: accountCode, amountCents: -amount })),
    ];
    journal.add({
      key: `counter-batch:${date}`,
      date,
      description: `Cashier batch ${date}, City Hall counter (cash, checks and cards)`,
      module: 'cashiering',
      reference: `CB ${date.replaceAll('-', '')}`,
      lines,
    });
  }
}

function postDeposit(
  journal: DemoJournal,
  date: IsoDate,
  pending: ReadonlyMap<string, number>,
): void {
  const lines = [...pending].flatMap(([fund, amount]) => [
    { account: account(fund, '0000', objects.pooledCash), amountCents: amount },
    { account: account(fund, '0000', objects.undeposited), amountCents: -amount },
  ]);
  if (lines.length === 0) return;
  journal.add({
    key: `bank-deposit:${date}`,
    date,
    description: `Bank deposit of the previous business day's cashier batch`,
    module: 'cashiering',
    reference: `DEP ${date.replaceAll('-', '')}`,
    lines,
  });
}

function counterCredits(
  random: Random,
  date: IsoDate,
  utility: CounterUtilityPayments | undefined,
): Array<[string, number]> {
  const month = Number(date.slice(5, 7));
  const isSummer = month <= 8;
  const gf = (department: string, object: string) => account('100', department, object);
  const credits: Array<[string, number]> = [
    [
      gf('1510', objects.businessLicenseTax),
      random.vary(dollars(licenseTaxDaily[month] ?? 3_000), 0.45),
    ],
    [gf('4200', objects.buildingPermits), random.vary(dollars(4_400), 0.6)],
    [gf('4100', objects.planningFees), random.vary(dollars(1_150), 0.7)],
    [gf('2100', objects.parkingCitations), random.vary(dollars(1_750), 0.4)],
    [gf('2100', objects.vehicleCodeFines), random.vary(dollars(420), 0.5)],
    [gf('5100', objects.recreationFees), random.vary(dollars(isSummer ? 3_900 : 1_700), 0.5)],
  ];
  if (random.next() < 0.2) {
    credits.push([
      gf('0000', objects.depositsHeld),
      dollars(random.pick([5_000, 7_500, 10_000, 15_000, 25_000])),
    ]);
  }
  if (utility) {
    credits.push(
      [account('510', '0000', objects.utilityReceivable), utility.waterCents],
      [account('520', '0000', objects.utilityReceivable), utility.sewerCents],
      [account('510', '0000', objects.depositsHeld), utility.newServiceDepositsCents],
    );
  }
  return credits.filter(([, amount]) => amount > 0);
}
