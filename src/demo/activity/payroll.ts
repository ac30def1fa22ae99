/**
 * Biweekly payroll. Each pay date posts one entry per fund: gross pay (regular, overtime,
 * part-time), the employer's health benefits and CalPERS contributions as expenditures, net pay
 * out of pooled cash, and withholdings plus employer contributions owed to CalPERS, the tax
 * agencies and the benefit carriers; those are remitted two business days later.
 */
import type { IsoDate } from '../../shared/dates.js';
import { addDays } from '../../shared/dates.js';
import { onOrAfterBusinessDay } from '../calendar.js';
import { account, fundName } from '../city.js';
import { objects } from '../chart.js';
import { dollars, type DemoJournal, type DemoLine } from '../journal.js';
import { createRandom, type Random } from '../random.js';

/** Fridays every two weeks; the last is moved before the Thanksgiving holidays. */
export const payDates: readonly IsoDate[] = [
  '2026-07-10',
  '2026-07-24',
  '2026-08-07',
  '2026-08-21',
  '2026-09-04',
  '2026-09-18',
  '2026-10-02',
  '2026-10-16',
  '2026-10-30',
  '2026-11-13',
  '2026-11-25',
] as IsoDate[];

interface Staffing {
  fund: string;
  department: string;
  /** Regular salaries per pay period, in dollars. */
  regular: number;
  /** Overtime as a share of regular pay (public safety and field crews work it). */
  overtimeShare: number;
  /** Part-time and seasonal pay per period in summer and in the rest of the year. */
  partTime?: readonly [summer: number, rest: number];
  /** Sworn police and fire are CalPERS safety members, with much higher employer rates. */
  isSafety: boolean;
}

const staffing: readonly Staffing[] = [
  { fund: '100', department: '1100', regular: 4_600, overtimeShare: 0, isSafety: false },
  { fund: '100', department: '1200', regular: 41_200, overtimeShare: 0, isSafety: false },
  { fund: '100', department: '1300', regular: 15_400, overtimeShare: 0, isSafety: false },
  { fund: '100', department: '1400', regular: 12_900, overtimeShare: 0, isSafety: false },
  { fund: '100', department: '1510', regular: 58_300, overtimeShare: 0, isSafety: false },
  { fund: '100', department: '1520', regular: 21_600, overtimeShare: 0, isSafety: false },
  { fund: '100', department: '2100', regular: 362_500, overtimeShare: 0.09, isSafety: true },
  { fund: '100', department: '2200', regular: 271_800, overtimeShare: 0.14, isSafety: true },
  { fund: '100', department: '3200', regular: 44_100, overtimeShare: 0, isSafety: false },
  { fund: '100', department: '4100', regular: 32_800, overtimeShare: 0, isSafety: false },
  { fund: '100', department: '4200', regular: 29_300, overtimeShare: 0, isSafety: false },
  {
    fund: '100',
    department: '5100',
    regular: 70_900,
    overtimeShare: 0.02,
    partTime: [26_400, 11_800],
    isSafety: false,
  },
  { fund: '220', department: '3100', regular: 38_200, overtimeShare: 0.04, isSafety: false },
  { fund: '510', department: '7100', regular: 96_400, overtimeShare: 0.06, isSafety: false },
  { fund: '520', department: '7200', regular: 61_300, overtimeShare: 0.05, isSafety: false },
  { fund: '610', department: '6100', regular: 27_100, overtimeShare: 0.03, isSafety: false },
];

const HEALTH_RATE = 0.165;
const PERS_RATE = { miscellaneous: 0.276, safety: 0.518 };
/** Federal and state tax, the employee's CalPERS share, deferred compensation. */
const WITHHOLDING_RATE = 0.268;

export function generatePayroll(journal: DemoJournal): void {
  const random = createRandom('payroll');
  for (const payDate of payDates) {
    const isSummer = payDate < '2026-09-01';
    for (const fund of [...new Set(staffing.map((row) => row.fund))]) {
      const lines: DemoLine[] = [];
      let gross = 0;
      let owed = 0;
      for (const row of staffing.filter((candidate) => candidate.fund === fund)) {
        const pay = departmentPay(row, isSummer, random);
        gross += pay.regular + pay.overtime + pay.partTime;
        owed += pay.health + pay.pers;
        const at = (object: string) => account(fund, row.department, object);
        lines.push(
          { account: at(objects.salaries), amountCents: pay.regular },
          { account: at(objects.overtime), amountCents: pay.overtime },
          { account: at(objects.partTime), amountCents: pay.partTime },
          { account: at(objects.benefits), amountCents: pay.health },
          { account: at(objects.pers), amountCents: pay.pers },
        );
      }
      const withheld = Math.round(gross * WITHHOLDING_RATE);
      const liabilities = account(fund, '0000', objects.payrollLiabilities);
      const cash = account(fund, '0000', objects.pooledCash);
      lines.push(
        {
          account: cash,
          amountCents: -(gross - withheld),
          memo: 'net pay (direct deposit and checks)',
        },
        {
          account: liabilities,
          amountCents: -(withheld + owed),
          memo: 'withholdings and employer contributions',
        },
      );
      journal.add({
        key: `payroll:${payDate}:${fund}`,
        date: payDate,
        description: `Payroll, pay date ${payDate}: ${fundName(fund)}`,
        module: 'payroll',
        reference: `PR ${payDate}`,
        lines,
      });
      const remitDate = onOrAfterBusinessDay(addDays(payDate, 3));
      journal.add({
        key: `payroll-remittance:${payDate}:${fund}`,
        date: remitDate,
        description: `Payroll remittances for pay date ${payDate} (CalPERS, IRS, EDD, carriers): ${fundName(fund)}`,
        module: 'payroll',
        reference: `PR ${payDate}`,
        lines: [
          { account: liabilities, amountCents: withheld + owed },
          { account: cash, amountCents: -(withheld + owed) },
        ],
      });
    }
  }
}

function departmentPay(row: Staffing, isSummer: boolean, random: Random) {
  const regular = random.vary(dollars(row.regular), 0.015);
  const overtime =
    row.overtimeShare > 0 ? random.vary(Math.round(regular * row.overtimeShare), 0.35) : 0;
  const partTime = row.partTime
    ? random.vary(dollars(isSummer ? row.partTime[0] : row.partTime[1]), 0.1)
    : 0;
  // Seasonal part-time staff are not CalPERS members, so only regular pay is pensionable.
  const pensionable = regular;
  return {
    regular,
    overtime,
    partTime,
    health: Math.round(regular * HEALTH_RATE),
    pers: Math.round(pensionable * (row.isSafety ? PERS_RATE.safety : PERS_RATE.miscellaneous)),
  };
}
