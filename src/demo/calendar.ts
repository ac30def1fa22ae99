/**
 * The city's business calendar for the demo months: weekdays less the holidays City Hall closes
 * for. Counter batches, deposits and payment files only happen on business days.
 */
import { addDays, daysInMonth, isoDate, type IsoDate } from '../shared/dates.js';
import { assert } from '../shared/errors.js';

/** The fiscal year the demo runs in (FY 2026-27) and the months it has activity for. */
export const DEMO_MONTHS: ReadonlyArray<{ year: number; month: number }> = [
  { year: 2026, month: 7 },
  { year: 2026, month: 8 },
  { year: 2026, month: 9 },
  { year: 2026, month: 10 },
  { year: 2026, month: 11 },
];

export const DEMO_FIRST_DAY = '2026-07-01' as IsoDate;
export const DEMO_LAST_DAY = '2026-11-30' as IsoDate;

const cityHolidays = new Set<string>([
  '2026-07-03', // Independence Day (observed; July 4 is a Saturday)
  '2026-09-07', // Labor Day
  '2026-11-11', // Veterans Day
  '2026-11-26', // Thanksgiving
  '2026-11-27', // Day after Thanksgiving
]);

export function isBusinessDay(date: IsoDate): boolean {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !cityHolidays.has(date);
}

export function businessDaysOf(year: number, month: number): IsoDate[] {
  const days: IsoDate[] = [];
  for (let day = 1; day <= daysInMonth(year, month); day += 1) {
    const date = isoDate(year, month, day);
    if (isBusinessDay(date)) days.push(date);
  }
  return days;
}

export function allBusinessDays(): IsoDate[] {
  return DEMO_MONTHS.flatMap(({ year, month }) => businessDaysOf(year, month));
}

/** The n-th business day of a month (1-based); negative n counts from the end (-1 = last). */
export function nthBusinessDay(year: number, month: number, n: number): IsoDate {
  const days = businessDaysOf(year, month);
  const day = n > 0 ? days[n - 1] : days[days.length + n];
  assert(day !== undefined, `no business day ${n} in ${year}-${month}`);
  return day;
}

/** The same day if it is a business day, else the next one. */
export function onOrAfterBusinessDay(date: IsoDate): IsoDate {
  let day = date;
  while (!isBusinessDay(day)) day = addDays(day, 1);
  return day;
}

/** The same day if it is a business day, else the one before. */
export function onOrBeforeBusinessDay(date: IsoDate): IsoDate {
  let day = date;
  while (!isBusinessDay(day)) day = addDays(day, -1);
  return day;
}

export function monthKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function monthName(month: number): string {
  return new Date(Date.UTC(2026, month - 1, 1)).toLocaleString('en-US', {
    month: 'long',
    timeZone: 'UTC',
  });
}
