/**
 * Charges between funds, always through due-to / due-from so each fund's entry balances on its
 * own: the Fleet fund's monthly charges to the departments that use its vehicles, the General
 * Fund's overhead cost allocation to the utilities and the fleet, and the Water fund's bills for
 * water the city's own parks and buildings use. Fleet charges settle in cash the following month;
 * overhead and water service settle quarterly, so October and November stay due at the end.
 */
import type { IsoDate } from '../../shared/dates.js';
import { DEMO_MONTHS, monthKey, monthName, nthBusinessDay } from '../calendar.js';
import { account, fundName } from '../city.js';
import { dueFrom, dueTo, objects } from '../chart.js';
import { dollars, type DemoJournal, type DemoLine } from '../journal.js';
import { createRandom, type Random } from '../random.js';

interface Charge {
  /** The fund and department paying, and the expenditure object it charges. */
  payer: readonly [fund: string, department: string, object: string];
  /** The fund earning it, and its revenue account. */
  payee: string;
  revenue: string;
  dollars: number;
}

const fleetRevenue = account('610', '6100', objects.fleetCharges);
const fleetUsers: ReadonlyArray<readonly [fund: string, department: string, dollars: number]> = [
  ['100', '2100', 91_800],
  ['100', '2200', 43_600],
  ['100', '3200', 2_450],
  ['100', '4200', 2_050],
  ['100', '5100', 12_300],
  ['220', '3100', 11_200],
  ['510', '7100', 20_900],
  ['520', '7200', 13_700],
];
const fleetCharges: readonly Charge[] = fleetUsers.map(([fund, department, amount]) => ({
  payer: [fund, department, objects.fleetChargesExpense],
  payee: '610',
  revenue: fleetRevenue,
  dollars: amount,
}));

const overheadRevenue = account('100', '0000', objects.costAllocation);
const quarterlyCharges: readonly Charge[] = [
  {
    payer: ['510', '7100', objects.costAllocationExpense],
    payee: '100',
    revenue: overheadRevenue,
    dollars: 145_200,
  },
  {
    payer: ['520', '7200', objects.costAllocationExpense],
    payee: '100',
    revenue: overheadRevenue,
    dollars: 98_400,
  },
  {
    payer: ['610', '6100', objects.costAllocationExpense],
    payee: '100',
    revenue: overheadRevenue,
    dollars: 17_900,
  },
  {
    payer: ['100', '5100', objects.utilities],
    payee: '510',
    revenue: account('510', '7100', objects.waterSales),
    dollars: 41_600,
  },
];

export function generateInterfundActivity(journal: DemoJournal): void {
  const random = createRandom('interfund');
  const fleetDue = new Map<string, number>();
  const quarterDue = new Map<string, number>();
  DEMO_MONTHS.forEach(({ year, month }) => {
    const month0 = monthKey(year, month);
    const lastDay = nthBusinessDay(year, month, -1);
    if (fleetDue.size > 0)
      settle(
        journal,
        `fleet:${month0}`,
        nthBusinessDay(year, month, 7),
        'Fleet charges of last month paid to the Fleet Services Fund',
        fleetDue,
      );
    fleetDue.clear();
    postCharges(
      journal,
      random,
      `fleet-charges:${month0}`,
      lastDay,
      `Fleet charges to departments, ${monthName(month)} ${year}`,
      fleetCharges,
      fleetDue,
    );
    postCharges(
      journal,
      random,
      `overhead-and-water:${month0}`,
      lastDay,
      `Cost allocation overhead and city facility water service, ${monthName(month)} ${year}`,
      quarterlyCharges,
      quarterDue,
    );
    if (month === 9) {
      settle(
        journal,
        'quarter:2026-q1',
        '2026-09-30' as IsoDate,
        'Settle July-September cost allocation and facility water service between funds',
        quarterDue,
      );
      quarterDue.clear();
    }
  });
}

/** Owed amounts are keyed "payer>payee". */
function postCharges(
  journal: DemoJournal,
  random: Random,
  key: string,
  date: IsoDate,
  description: string,
  charges: readonly Charge[],
  owed: Map<string, number>,
): void {
  const lines: DemoLine[] = [];
  for (const charge of charges) {
    const [fund, department, object] = charge.payer;
    const amount = random.vary(dollars(charge.dollars), 0.05);
    lines.push(
      {
        account: account(fund, department, object),
        amountCents: amount,
        memo: `charged by ${fundName(charge.payee)}`,
      },
      { account: account(fund, '0000', dueTo(charge.payee)), amountCents: -amount },
      { account: account(charge.payee, '0000', dueFrom(fund)), amountCents: amount },
      { account: charge.revenue, amountCents: -amount, memo: `from ${fundName(fund)}` },
    );
    owed.set(`${fund}>${charge.payee}`, (owed.get(`${fund}>${charge.payee}`) ?? 0) + amount);
  }
  journal.add({
    key,
    date,
    description,
    module: 'gl',
    reference: `IF ${key.split(':')[1] ?? ''}`,
    lines,
  });
}

/** Cash moves from each paying fund to the fund it owes; the due-to and due-from close out. */
function settle(
  journal: DemoJournal,
  key: string,
  date: IsoDate,
  description: string,
  owed: ReadonlyMap<string, number>,
): void {
  const lines: DemoLine[] = [];
  for (const [pair, amount] of owed) {
    const [payer = '', payee = ''] = pair.split('>');
    lines.push(
      { account: account(payer, '0000', dueTo(payee)), amountCents: amount },
      { account: account(payer, '0000', objects.pooledCash), amountCents: -amount },
      { account: account(payee, '0000', objects.pooledCash), amountCents: amount },
      { account: account(payee, '0000', dueFrom(payer)), amountCents: -amount },
    );
  }
  journal.add({
    key: `settlement:${key}`,
    date,
    description,
    module: 'gl',
    reference: `IF-SETTLE ${date}`,
    lines,
  });
}
