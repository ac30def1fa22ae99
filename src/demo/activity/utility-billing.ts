/**
 * Water and sewer billing: four billing cycles a month (water consumption and meter charges to
 * the Water fund, sewer service charges to the Sewer fund, on one bill), late penalties, and the
 * payments that come back about a month later, most electronically (lockbox, online, autopay)
 * and the rest at the counter. Collections run at about 96.5% of the prior month's billing.
 */
import type { IsoDate } from '../../shared/dates.js';
import {
  allBusinessDays,
  businessDaysOf,
  DEMO_MONTHS,
  monthKey,
  monthName,
  nthBusinessDay,
} from '../calendar.js';
import { account } from '../city.js';
import { objects } from '../chart.js';
import { dollars, type DemoJournal, type OpeningBalances } from '../journal.js';
import { createRandom, type Random } from '../random.js';
import { addReceipt } from './receipts.js';

/** What customers paid at the counter on a day, for the day's cashier batch. */
export interface CounterUtilityPayments {
  waterCents: number;
  sewerCents: number;
  newServiceDepositsCents: number;
}

const waterConsumptionByMonth = [1_452_000, 1_548_000, 1_351_000, 1_046_000, 763_000] as const;
const METER_CHARGES_MONTHLY = 494_000;
const SEWER_CHARGES_MONTHLY = 931_000;
/** June 2026 billing, which July's collections pay. */
const JUNE_BILLED = { water: 1_834_000, sewer: 926_000 };
const COLLECTION_RATE = 0.965;
const COUNTER_SHARE = 0.13;
const CYCLE_BUSINESS_DAYS = [2, 7, 12, 17] as const;

const water = (object: string) => account('510', object < '40000' ? '0000' : '7100', object);
const sewer = (object: string) => account('520', object < '40000' ? '0000' : '7200', object);

export function generateUtilityBilling(
  journal: DemoJournal,
  opening: OpeningBalances,
): Map<IsoDate, CounterUtilityPayments> {
  opening.add(water(objects.utilityReceivable), dollars(2_412_000));
  opening.add(sewer(objects.utilityReceivable), dollars(1_108_000));
  opening.add(water(objects.depositsHeld), -dollars(486_350));
  const random = createRandom('utility-billing');
  const billed = new Map<string, { water: number; sewer: number }>([
    ['2026-06', { water: dollars(JUNE_BILLED.water), sewer: dollars(JUNE_BILLED.sewer) }],
  ]);
  DEMO_MONTHS.forEach(({ year, month }, index) => {
    billed.set(monthKey(year, month), postBillRuns(journal, random, year, month, index));
    postPenaltiesAndDeposits(journal, random, year, month);
  });
  const counter = new Map<IsoDate, CounterUtilityPayments>();
  for (const date of allBusinessDays()) {
    const month = Number(date.slice(5, 7));
    const previous = billed.get(monthKey(2026, month - 1));
    if (!previous) continue;
    const days = businessDaysOf(2026, month).length;
    const waterPaid = random.vary(Math.round((previous.water * COLLECTION_RATE) / days), 0.18);
    const sewerPaid = random.vary(Math.round((previous.sewer * COLLECTION_RATE) / days), 0.18);
    const waterAtCounter = Math.round(waterPaid * COUNTER_SHARE);
    const sewerAtCounter = Math.round(sewerPaid * COUNTER_SHARE);
    addReceipt(journal, {
      key: utilityPaymentsKey(date),
      date,
      description: `Utility payments ${date}: lockbox, online and autopay (file LBX${date.replaceAll('-', '')}.txt)`,
      module: 'utility_billing',
      reference: `LBX${date.replaceAll('-', '')}`,
      credits: [
        [water(objects.utilityReceivable), waterPaid - waterAtCounter],
        [sewer(objects.utilityReceivable), sewerPaid - sewerAtCounter],
      ],
    });
    counter.set(date, {
      waterCents: waterAtCounter,
      sewerCents: sewerAtCounter,
      newServiceDepositsCents: dollars(150) * random.integer(0, 4),
    });
  }
  postCapacityFees(journal);
  return counter;
}

export function utilityPaymentsKey(date: IsoDate): string {
  return `utility-payments:${date}`;
}

function postBillRuns(
  journal: DemoJournal,
  random: Random,
  year: number,
  month: number,
  index: number,
) {
  let waterTotal = 0;
  let sewerTotal = 0;
  CYCLE_BUSINESS_DAYS.forEach((businessDay, cycle) => {
    const consumption = random.vary(
      Math.round(dollars(waterConsumptionByMonth[index] ?? 0) / 4),
      0.05,
    );
    const meter = random.vary(Math.round(dollars(METER_CHARGES_MONTHLY) / 4), 0.01);
    const sewerCharges = random.vary(Math.round(dollars(SEWER_CHARGES_MONTHLY) / 4), 0.015);
    waterTotal += consumption + meter;
    sewerTotal += sewerCharges;
    journal.add({
      key: `bill-run:${monthKey(year, month)}:cycle-${cycle + 1}`,
      date: nthBusinessDay(year, month, businessDay),
      description: `Utility bill run, ${monthName(month)} ${year}, billing cycle ${cycle + 1}`,
      module: 'utility_billing',
      reference: `BR ${monthKey(year, month)}-C${cycle + 1}`,
      lines: [
        { account: water(objects.utilityReceivable), amountCents: consumption + meter },
        { account: water(objects.waterSales), amountCents: -consumption },
        { account: water(objects.waterServiceCharges), amountCents: -meter },
        { account: sewer(objects.utilityReceivable), amountCents: sewerCharges },
        { account: sewer(objects.sewerServiceCharges), amountCents: -sewerCharges },
      ],
    });
  });
  return { water: waterTotal, sewer: sewerTotal };
}

function postPenaltiesAndDeposits(
  journal: DemoJournal,
  random: Random,
  year: number,
  month: number,
): void {
  const waterPenalty = random.vary(dollars(8_900), 0.12);
  const sewerPenalty = random.vary(dollars(4_600), 0.12);
  journal.add({
    key: `late-penalties:${monthKey(year, month)}`,
    date: nthBusinessDay(year, month, 15),
    description: `Late payment penalties on past-due utility accounts, ${monthName(month)} ${year}`,
    module: 'utility_billing',
    reference: `PEN ${monthKey(year, month)}`,
    lines: [
      { account: water(objects.utilityReceivable), amountCents: waterPenalty },
      { account: water(objects.latePenalties), amountCents: -waterPenalty },
      { account: sewer(objects.utilityReceivable), amountCents: sewerPenalty },
      { account: sewer(objects.latePenalties), amountCents: -sewerPenalty },
    ],
  });
  const applied = dollars(150) * random.integer(22, 41);
  journal.add({
    key: `deposits-applied:${monthKey(year, month)}`,
    date: nthBusinessDay(year, month, -1),
    description: `Customer deposits applied to final bills on closed accounts, ${monthName(month)} ${year}`,
    module: 'utility_billing',
    reference: `DEP ${monthKey(year, month)}`,
    lines: [
      { account: water(objects.depositsHeld), amountCents: applied },
      { account: water(objects.utilityReceivable), amountCents: -applied },
    ],
  });
}

function postCapacityFees(journal: DemoJournal): void {
  for (const [date, tract, lots] of [
    ['2026-08-19', 'Tract 8123 (Willow Glen)', 24],
    ['2026-10-14', 'Tract 8140 (Quarry Ridge)', 17],
  ] as const) {
    addReceipt(journal, {
      key: `capacity-fees:${date}`,
      date: date as IsoDate,
      description: `Water and sewer capacity fees, ${tract}, ${lots} lots`,
      module: 'permits',
      reference: `CAP ${tract.split(' ')[1] ?? ''}`,
      credits: [
        [water(objects.connectionFees), dollars(8_400) * lots],
        [sewer(objects.connectionFees), dollars(6_200) * lots],
      ],
    });
  }
}
